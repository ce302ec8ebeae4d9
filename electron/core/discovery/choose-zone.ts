/**
 * Picks the net-zone whose actions we use (spec 10.2). One zone: that one. Otherwise the zone matching the
 * scheme the discovery was reached with, internal before external, because WOPI Desk runs on a workstation
 * inside the editor's network (OO2019's external-https zone points at Microsoft 365, not at the local
 * server). The admin can override the choice.
 */
export function chooseZone(zones: readonly string[], scheme: 'http' | 'https'): string {
  if (zones.length === 0) throw new Error('a discovery without zones has no zone to choose')
  if (zones.length === 1) return zones[0]!
  const other = scheme === 'https' ? 'http' : 'https'
  const preference = [`internal-${scheme}`, `external-${scheme}`, `internal-${other}`, `external-${other}`]
  for (const name of preference) {
    const found = zones.find((zone) => zone.toLowerCase() === name)
    if (found) return found
  }
  return zones.find((zone) => zone.toLowerCase().endsWith(`-${scheme}`)) ?? zones[0]!
}
