import type { EndpointDto, ImportRequest, ImportResult } from '../../contract/dto'
import { normaliseDiscoveryUrl } from '../discovery/discovery-url'
import { fetchDiscovery, readDiscovery } from '../discovery/load-discovery'
import { formatBytes } from '../format-bytes'
import type { CatalogContext } from './catalog-context'
import type { ProgressListener } from './catalog-types'
import { toApiError } from './to-api-error'
import type { DiscoveryWriter } from './write-discovery'

/** Adding an editor by its discovery URL (or re-importing one), with progress for the console. */
export function createImporter(
  ctx: CatalogContext,
  writer: DiscoveryWriter,
  replan: () => void,
): (request: ImportRequest, onProgress?: ProgressListener) => Promise<ImportResult> {
  const { store, deps } = ctx
  return async function importEndpoint(request, onProgress = () => undefined) {
    let discoveryUrl: string
    try {
      discoveryUrl = normaliseDiscoveryUrl(request.url).discoveryUrl
    } catch (error) {
      const apiError = toApiError(error)
      onProgress('failed', apiError.message)
      throw apiError
    }
    const insecureTls = request.insecureTls === true
    return ctx.exclusive(discoveryUrl, async () => {
      try {
        onProgress('fetching', `Fetching ${discoveryUrl}${insecureTls ? ' (trusting its certificate as you chose)' : ''}`)
        const fetched = await fetchDiscovery(ctx.fetcher, discoveryUrl, {
          insecureTls,
          ...(deps.fetchTimeoutMs ? { timeoutMs: deps.fetchTimeoutMs } : {}),
        })
        onProgress('parsing', `Reading the discovery document (${formatBytes(Buffer.byteLength(fetched.text))})`)
        const model = readDiscovery(fetched.text, fetched.finalUrl)
        onProgress('storing', `Storing ${model.apps.length} apps`)
        const existing = store.endpointByUrl(discoveryUrl)
        const { id, changes, notes } = writer.apply(existing, discoveryUrl, insecureTls, fetched, model)
        onProgress('icons', 'Downloading icons')
        await writer.storeIcons(id, notes)
        const endpoint = ctx.endpointDto(ctx.endpointRow(id))
        deps.log.info(existing ? 'discovery re-imported' : 'discovery imported', {
          endpointId: id,
          url: discoveryUrl,
          changes: changes.length,
        })
        onProgress('done', importSummary(endpoint))
        ctx.emitChanged(id)
        replan()
        return { endpoint, created: !existing, changes }
      } catch (error) {
        const apiError = toApiError(error)
        deps.log.warn('discovery import failed', { url: discoveryUrl, error: apiError.message })
        onProgress('failed', apiError.message)
        throw apiError
      }
    })
  }
}

/** "Imported Collabora Online (127.0.0.1:9980): 9 apps, 120 actions, proof keys: yes, zone external-http" */
export function importSummary(endpoint: EndpointDto, verb = 'Imported'): string {
  const apps = endpoint.apps.filter((app) => app.present && app.actions.length > 0)
  const actions = apps.reduce((sum, app) => sum + app.actions.length, 0)
  const keys = endpoint.proofKeys.present ? (endpoint.proofKeys.hasOldKey ? 'yes (current + previous)' : 'yes') : 'no'
  return `${verb} ${endpoint.name}: ${apps.length} apps, ${actions} actions, proof keys: ${keys}, zone ${endpoint.zone}${endpoint.insecureTls ? ', certificate trusted without verification' : ''}`
}
