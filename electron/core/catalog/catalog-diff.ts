import type { CatalogChange } from '../../contract/dto'
import { proofKeyFingerprint, type ModelProofKeys } from '../discovery/build-model'

// What a refresh changed, in the admin's terms. An editor upgrade rewrites every urlsrc (Collabora puts its
// build hash in the path), so per-app changes are summarised instead of listing a hundred identical lines.

export interface ComparableAction {
  zone: string
  name: string
  ext: string
  progid: string | null
  urlsrc: string
}

export interface ComparableCatalog {
  /** discovered app name -> its actions */
  apps: Map<string, ComparableAction[]>
  proofKeys: ModelProofKeys | null
  zone: string
  zones: string[]
}

const LIST_LIMIT = 5

export function diffCatalogs(before: ComparableCatalog, after: ComparableCatalog): CatalogChange[] {
  const changes: CatalogChange[] = []
  const multiZone = new Set([...before.apps.values(), ...after.apps.values()].flat().map((action) => action.zone)).size > 1

  for (const name of after.apps.keys()) {
    if (!before.apps.has(name)) {
      const count = after.apps.get(name)!.length
      changes.push({ kind: 'app-added', app: name, detail: `New app "${name}" with ${count} action${count === 1 ? '' : 's'}.` })
    }
  }
  for (const name of before.apps.keys()) {
    if (!after.apps.has(name)) {
      changes.push({
        kind: 'app-removed',
        app: name,
        detail: `App "${name}" is no longer in the discovery; its name, icon and settings are kept in case it returns.`,
      })
    }
  }

  for (const [name, afterActions] of after.apps) {
    const beforeActions = before.apps.get(name)
    if (!beforeActions) continue
    const oldByKey = new Map(beforeActions.map((action) => [keyOf(action), action]))
    const newByKey = new Map(afterActions.map((action) => [keyOf(action), action]))
    const added = afterActions.filter((action) => !oldByKey.has(keyOf(action)))
    const removed = beforeActions.filter((action) => !newByKey.has(keyOf(action)))
    const moved = afterActions.filter((action) => {
      const old = oldByKey.get(keyOf(action))
      return old !== undefined && old.urlsrc !== action.urlsrc
    })
    pushGrouped(changes, 'action-added', name, added, multiZone, 'added')
    pushGrouped(changes, 'action-removed', name, removed, multiZone, 'removed')
    if (moved.length === 1) {
      const action = moved[0]!
      changes.push({
        kind: 'urlsrc-changed',
        app: name,
        action: action.name,
        ext: action.ext,
        detail: `${label(action, multiZone)}: ${oldByKey.get(keyOf(action))!.urlsrc} -> ${action.urlsrc} (editor upgraded?)`,
      })
    } else if (moved.length > 1) {
      const sample = moved[0]!
      changes.push({
        kind: 'urlsrc-changed',
        app: name,
        detail: `urlsrc changed for ${moved.length} actions of "${name}", e.g. ${label(sample, multiZone)}: ${oldByKey.get(keyOf(sample))!.urlsrc} -> ${sample.urlsrc} (editor upgraded?)`,
      })
    }
  }

  changes.push(...diffProofKeys(before.proofKeys, after.proofKeys))
  if (before.zone !== after.zone) {
    const why = after.zones.includes(before.zone) ? '' : ` (${before.zone} is no longer in the discovery)`
    changes.push({ kind: 'zone-changed', detail: `Now using zone ${after.zone} instead of ${before.zone}${why}.` })
  }
  return changes
}

export function diffProofKeys(before: ModelProofKeys | null, after: ModelProofKeys | null): CatalogChange[] {
  const oldCurrent = proofKeyFingerprint(before?.current)
  const newCurrent = proofKeyFingerprint(after?.current)
  const oldPrevious = proofKeyFingerprint(before?.old)
  const newPrevious = proofKeyFingerprint(after?.old)
  if (!before && after)
    return [
      {
        kind: 'proof-key-added',
        detail: `The editor now publishes proof keys (current ${newCurrent ?? 'unreadable'}); its requests are now signature-checked.`,
      },
    ]
  if (before && !after)
    return [
      {
        kind: 'proof-key-removed',
        detail: `The editor no longer publishes proof keys (was ${oldCurrent ?? 'unreadable'}); its requests are no longer signature-checked.`,
      },
    ]
  if (!before || !after) return []
  if (oldCurrent !== newCurrent) {
    const kept = newPrevious && newPrevious === oldCurrent ? ' (the old key is now the previous key)' : ''
    return [
      {
        kind: 'proof-key-rotated',
        detail: `Proof key rotated: current ${oldCurrent ?? 'unreadable'} -> ${newCurrent ?? 'unreadable'}${kept}.`,
      },
    ]
  }
  if (oldPrevious !== newPrevious) {
    return [{ kind: 'proof-key-rotated', detail: `Previous proof key changed: ${oldPrevious ?? 'none'} -> ${newPrevious ?? 'none'}.` }]
  }
  return []
}

function pushGrouped(
  changes: CatalogChange[],
  kind: 'action-added' | 'action-removed',
  app: string,
  actions: ComparableAction[],
  multiZone: boolean,
  verb: string,
): void {
  if (actions.length === 0) return
  if (actions.length <= LIST_LIMIT) {
    for (const action of actions) {
      changes.push({ kind, app, action: action.name, ext: action.ext, detail: `"${app}": ${label(action, multiZone)} ${verb}.` })
    }
    return
  }
  const shown = actions.slice(0, 3).map((action) => label(action, multiZone))
  changes.push({ kind, app, detail: `"${app}": ${actions.length} actions ${verb} (${shown.join(', ')} and ${actions.length - 3} more).` })
}

function keyOf(action: ComparableAction): string {
  return `${action.zone}|${action.name}|${action.ext}|${action.progid ?? ''}`
}

function label(action: ComparableAction, multiZone: boolean): string {
  const target = action.ext || action.progid || '(no extension)'
  return `${action.name} ${target}${multiZone ? ` [${action.zone}]` : ''}`
}
