import { ApiError } from '../../contract/envelope'
import type { AppDto, HandlerDto } from '../../contract/dto'
import { parseProofKeys, type ActionRow } from '../db/catalog-repo'
import type { CatalogContext } from './catalog-context'
import type { CatalogQueries, PickedAction, PickOptions, ProofTarget } from './catalog-types'
import { chooseDefaultAction } from './pick-action'
import { appIconUrl, isSupported, requiresOf } from './to-dto'

// Reading the catalog, and the lookups behind opening a file: which apps open an extension, which action.

export function createCatalogQueries(ctx: CatalogContext): CatalogQueries {
  const { store, supported, appRow, endpointRow, appDto } = ctx

  function handlersFor(extInput: string): HandlerDto[] {
    const ext = normaliseExt(extInput)
    if (!ext) return []
    const endpoints = new Map(
      store
        .endpoints()
        .filter((row) => row.enabled)
        .map((row) => [row.id, row]),
    )
    const endpointOrder = [...endpoints.keys()]
    const byApp = new Map<string, ActionRow[]>()
    for (const action of store.actionsForExt(ext)) byApp.set(action.appId, [...(byApp.get(action.appId) ?? []), action])
    const explicit = store.defaultFor(ext)
    const handlers: { dto: HandlerDto; rank: number[] }[] = []
    for (const [appId, actions] of byApp) {
      const app = store.app(appId)
      const endpoint = app && endpoints.get(app.endpointId)
      if (!app || !endpoint || !app.enabled || !app.present) continue
      const names = [
        ...new Set(
          actions
            .filter((action) => action.zone === endpoint.zone && isSupported(requiresOf(action), supported))
            .map((action) => action.name),
        ),
      ]
      if (names.length === 0) continue
      handlers.push({
        dto: {
          appId,
          appName: app.displayName ?? app.discoveredName,
          endpointId: endpoint.id,
          endpointName: endpoint.name,
          iconUrl: appIconUrl(app),
          actions: names,
          isDefault: false,
        },
        // The admin's default, then apps that can edit, then import order.
        rank: [appId === explicit ? 0 : 1, names.includes('edit') ? 0 : 1, endpointOrder.indexOf(endpoint.id), app.sortOrder],
      })
    }
    handlers.sort((a, b) => compareRanks(a.rank, b.rank))
    if (handlers[0]) handlers[0].dto.isDefault = true
    return handlers.map((handler) => handler.dto)
  }

  function setDefault(extInput: string, appId: string | null): HandlerDto[] {
    const ext = normaliseExt(extInput)
    if (!ext) throw new ApiError('invalid-argument', 'Give an extension without the dot, such as docx.')
    if (appId !== null) {
      const app = appRow(appId)
      if (!handlersFor(ext).some((handler) => handler.appId === app.id)) {
        throw new ApiError(
          'invalid-argument',
          `"${app.displayName ?? app.discoveredName}" cannot open .${ext} files (or it is disabled), so it cannot be their default.`,
        )
      }
    }
    store.setDefault(ext, appId)
    ctx.emitChanged(null)
    return handlersFor(ext)
  }

  function resolveApp(idOrName: string): AppDto {
    const exact = store.app(idOrName)
    if (exact) return appDto(exact)
    const wanted = idOrName.trim().toLowerCase()
    const matches = store
      .allApps()
      .filter((app) => app.present && [app.displayName, app.discoveredName].some((name) => name?.toLowerCase() === wanted))
    if (matches.length === 1) return appDto(matches[0]!)
    if (matches.length > 1) {
      throw new ApiError(
        'conflict',
        `"${idOrName}" matches ${matches.length} apps: ${matches.map((app) => `${app.id} (${app.displayName ?? app.discoveredName})`).join(', ')}; use one of these ids.`,
      )
    }
    throw new ApiError('not-found', `There is no app with id or name "${idOrName}". List them with: wopi-desk discovery list.`)
  }

  function pickAction(appId: string, extInput: string, actionName?: string, options: PickOptions = {}): PickedAction {
    const app = appRow(appId)
    const endpoint = endpointRow(app.endpointId)
    const appName = app.displayName ?? app.discoveredName
    if (!endpoint.enabled) throw new ApiError('unavailable', `${endpoint.name} is disabled; enable it under Editors or choose another app.`)
    if (!app.enabled) throw new ApiError('unavailable', `"${appName}" is disabled; enable it under Editors or choose another app.`)
    if (!app.present) throw new ApiError('unavailable', `"${appName}" is no longer offered by ${endpoint.name}; choose another app.`)
    const ext = normaliseExt(extInput)
    const candidates = store.actionsOfApp(app.id).filter((action) => action.zone === endpoint.zone && action.ext === ext && ext !== '')
    if (candidates.length === 0) {
      const others = handlersFor(ext).map((handler) => `"${handler.appName}"`)
      throw new ApiError(
        'not-found',
        `"${appName}" does not open .${ext || '?'} files.${others.length ? ` Apps that do: ${others.join(', ')}.` : ' No app in the catalog does.'}`,
      )
    }
    const usable = candidates.filter((action) => isSupported(requiresOf(action), supported))
    let chosen: ActionRow | undefined
    if (actionName) {
      chosen =
        candidates.find((action) => action.name === actionName) ??
        candidates.find((action) => action.name.toLowerCase() === actionName.toLowerCase())
      if (!chosen) {
        throw new ApiError(
          'invalid-argument',
          `"${appName}" has no "${actionName}" action for .${ext}; it offers ${[...new Set(usable.map((action) => action.name))].join(', ') || 'nothing this host supports'}.`,
        )
      }
      if (!usable.includes(chosen)) {
        throw new ApiError(
          'invalid-argument',
          `The "${chosen.name}" action of "${appName}" for .${ext} requires ${requiresOf(chosen).join(', ')}, and this host supports only ${supported.join(', ')}.`,
        )
      }
    } else {
      chosen = chooseDefaultAction(usable, options.canWrite ?? true)
      if (!chosen) {
        throw new ApiError(
          'not-found',
          `"${appName}" offers no action for .${ext} that this host supports (${candidates.map((action) => `${action.name} requires ${action.requires || 'nothing'}`).join('; ')}).`,
        )
      }
    }
    return {
      appId: app.id,
      appName,
      endpointId: endpoint.id,
      endpointName: endpoint.name,
      kind: endpoint.kind,
      zone: endpoint.zone,
      action: chosen.name,
      ext,
      urlsrc: chosen.urlsrc,
      requires: requiresOf(chosen),
      isDefault: chosen.isDefault,
      targetext: chosen.targetext,
      newext: chosen.newext,
    }
  }

  function proofKeysFor(appId: string): ProofTarget | null {
    const app = store.app(appId)
    const endpoint = app && store.endpoint(app.endpointId)
    if (!app || !endpoint) return null
    return { endpointId: endpoint.id, endpointName: endpoint.name, keys: parseProofKeys(endpoint) }
  }

  return {
    listEndpoints: () => store.endpoints().map(ctx.endpointDto),
    getEndpoint: (id) => ctx.endpointDto(endpointRow(id)),
    getApp: (id) => appDto(appRow(id)),
    handlersFor,
    setDefault,
    resolveApp,
    pickAction,
    proofKeysFor,
  }
}

function normaliseExt(value: string): string {
  return value.trim().toLowerCase().replace(/^\./, '')
}

function compareRanks(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!
  return 0
}
