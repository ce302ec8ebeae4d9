import { randomUUID } from 'node:crypto'
import type { ApiImplementation } from '../../contract/channels'
import { ApiError } from '../../contract/envelope'
import type { Catalog, CatalogEmit } from './catalog'
import { toApiError } from './to-api-error'

export type CatalogChannel =
  | 'catalog:list'
  | 'catalog:import'
  | 'catalog:refresh'
  | 'catalog:remove-endpoint'
  | 'catalog:rename-app'
  | 'catalog:set-icon'
  | 'catalog:set-app-enabled'
  | 'catalog:set-endpoint-enabled'
  | 'catalog:set-zone'
  | 'catalog:set-default'
  | 'catalog:handlers'

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/

/**
 * The contract's catalog channels over a catalog. Arguments arrive already validated by the transport's zod
 * schemas; failures leave as ApiError with one sentence for the admin. Import progress goes out through
 * `emit('catalog:import-progress', ...)` under the request id the console chose (or a fresh one).
 */
export function createCatalogApi(catalog: Catalog, options: { emit?: CatalogEmit } = {}): Pick<ApiImplementation, CatalogChannel> {
  const guard = async <T>(work: () => T | Promise<T>): Promise<T> => {
    try {
      return await work()
    } catch (error) {
      throw toApiError(error)
    }
  }
  return {
    'catalog:list': () => guard(() => catalog.listEndpoints()),
    'catalog:import': (request, requestId) =>
      guard(() => {
        const id = requestId ?? randomUUID()
        return catalog.importEndpoint(request, (stage, message) =>
          options.emit?.('catalog:import-progress', { requestId: id, stage, message }),
        )
      }),
    'catalog:refresh': (endpointId) => guard(() => catalog.refresh(endpointId)),
    'catalog:remove-endpoint': (endpointId) => guard(() => catalog.removeEndpoint(endpointId)),
    'catalog:rename-app': (appId, name) => guard(() => catalog.renameApp(appId, name)),
    'catalog:set-icon': (appId, upload) =>
      guard(() => {
        if (upload === null) return catalog.setAppIcon(appId, null)
        const base64 = upload.base64.replace(/\s+/g, '')
        if (!BASE64.test(base64) || base64.length % 4 === 1) {
          throw new ApiError('invalid-argument', 'The icon upload is not valid base64; choose the file again.')
        }
        return catalog.setAppIcon(appId, { bytes: Buffer.from(base64, 'base64'), fileName: upload.fileName })
      }),
    'catalog:set-app-enabled': (appId, enabled) => guard(() => catalog.setAppEnabled(appId, enabled)),
    'catalog:set-endpoint-enabled': (endpointId, enabled) => guard(() => catalog.setEndpointEnabled(endpointId, enabled)),
    'catalog:set-zone': (endpointId, zone) => guard(() => catalog.setZone(endpointId, zone)),
    'catalog:set-default': (ext, appId) => guard(() => catalog.setDefault(ext, appId)),
    'catalog:handlers': (ext) => guard(() => catalog.handlersFor(ext)),
  }
}
