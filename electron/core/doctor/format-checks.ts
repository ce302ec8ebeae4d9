import type { CheckResultDto, CheckStatus } from '../../contract/dto'

// The doctor's results as text for a terminal: grouped by editor, a symbol per status, the fix under each
// problem. The console renders the same DTOs itself.

export const STATUS_SYMBOL: Record<CheckStatus, string> = { pass: '✓', warn: '!', fail: '✗', skip: '-' }

export function summarise(checks: readonly CheckResultDto[]): string {
  const count = (status: CheckStatus) => checks.filter((check) => check.status === status).length
  return `${checks.length} checks: ${count('pass')} passed, ${count('warn')} warnings, ${count('fail')} failed, ${count('skip')} skipped`
}

export function formatChecks(checks: readonly CheckResultDto[], endpointNames: ReadonlyMap<string, string>): string[] {
  const lines: string[] = []
  const groups = new Map<string | null, CheckResultDto[]>()
  for (const check of checks) groups.set(check.endpointId, [...(groups.get(check.endpointId) ?? []), check])
  for (const [endpointId, group] of groups) {
    if (lines.length > 0) lines.push('')
    lines.push(endpointId === null ? 'This host' : `${endpointNames.get(endpointId) ?? endpointId} [${endpointId}]`)
    for (const check of group) {
      lines.push(`  ${STATUS_SYMBOL[check.status]} ${check.title}: ${check.detail}`)
      if (check.fix && (check.status === 'fail' || check.status === 'warn')) lines.push(`      fix: ${check.fix}`)
    }
  }
  lines.push('')
  lines.push(summarise(checks))
  return lines
}
