import { ApiError } from '../../contract/envelope'
import type { AppDto, EndpointDto } from '../../contract/dto'
import { parseJsonArray, type EndpointRow } from '../db/catalog-repo'
import { MAX_ICON_BYTES, sniffImage } from '../discovery/image-sniff'
import { readDiscovery } from '../discovery/load-discovery'
import { formatBytes } from '../format-bytes'
import type { CatalogContext } from './catalog-context'
import type { AppIcon, CatalogEdits, IconUploadBytes } from './catalog-types'
import { iconResponseHeaders } from './icon-store'
import type { Refresher } from './catalog-refresh'
import type { DiscoveryWriter } from './write-discovery'

const UPLOAD_KINDS = ['png', 'svg', 'ico'] as const

export function createCatalogEdits(
  ctx: CatalogContext,
  writer: DiscoveryWriter,
  refresher: Pick<Refresher, 'replan' | 'forgetProofRefresh'>,
): CatalogEdits {
  const { store, icons, emitChanged, appRow, endpointRow, appDto } = ctx

  function renameApp(appId: string, name: string | null): AppDto {
    const app = appRow(appId)
    let displayName: string | null = null
    if (name !== null) {
      const trimmed = name.trim()
      if (!trimmed) throw new ApiError('invalid-argument', 'A name cannot be empty. To go back to the discovered name, reset it.')
      if (trimmed.length > 100) throw new ApiError('invalid-argument', 'Names are limited to 100 characters.')
      if (/[\u0000-\u001f\u007f]/.test(trimmed)) throw new ApiError('invalid-argument', 'A name cannot contain control characters.')
      displayName = trimmed === app.discoveredName ? null : trimmed
    }
    store.setDisplayName(app.id, displayName)
    emitChanged(app.endpointId)
    return appDto(appRow(app.id))
  }

  function setAppIcon(appId: string, upload: IconUploadBytes | null): AppDto {
    const app = appRow(appId)
    if (upload === null) {
      store.setCustomIcon(app.id, null)
    } else {
      if (upload.bytes.length === 0) throw new ApiError('invalid-argument', 'The icon file is empty. Choose a PNG, SVG or ICO image.')
      if (upload.bytes.length > MAX_ICON_BYTES) {
        throw new ApiError(
          'invalid-argument',
          `The icon is ${formatBytes(upload.bytes.length)}; icons are limited to 512 KiB. Choose a smaller PNG, SVG or ICO image.`,
        )
      }
      const kind = sniffImage(upload.bytes)
      if (!kind || !(UPLOAD_KINDS as readonly string[]).includes(kind)) {
        throw new ApiError(
          'invalid-argument',
          `${upload.fileName ? `"${upload.fileName}" is` : 'The file is'} not a PNG, SVG or ICO image (checked by its content${kind ? `: it is a ${kind.toUpperCase()}` : ''}). Choose a PNG, SVG or ICO file of at most 512 KiB.`,
        )
      }
      store.setCustomIcon(app.id, icons.save(upload.bytes, kind))
    }
    icons.collectGarbage(store.iconReferenced)
    emitChanged(app.endpointId)
    return appDto(appRow(app.id))
  }

  function readIcon(appId: string): AppIcon | null {
    const app = store.app(appId)
    if (!app) return null
    const icon = icons.read(app.customIconFile) ?? icons.read(app.iconFile)
    return icon ? { ...icon, headers: iconResponseHeaders(icon.contentType) } : null
  }

  function setAppEnabled(appId: string, enabled: boolean): AppDto {
    const app = appRow(appId)
    store.setAppEnabled(app.id, enabled)
    emitChanged(app.endpointId)
    return appDto(appRow(app.id))
  }

  function setEndpointEnabled(endpointId: string, enabled: boolean): EndpointDto {
    const row = endpointRow(endpointId)
    store.setEndpointEnabled(row.id, enabled)
    emitChanged(row.id)
    refresher.replan()
    return ctx.endpointDto(endpointRow(row.id))
  }

  async function setZone(endpointId: string, zone: string): Promise<EndpointDto> {
    const row = endpointRow(endpointId)
    const zones = parseJsonArray(row.zones)
    if (!zones.includes(zone)) {
      throw new ApiError('invalid-argument', `The discovery of ${row.name} has no zone "${zone}"; it has ${zones.join(', ')}.`)
    }
    store.transaction(() => {
      store.setZone(row.id, zone, true)
      // Office publishes per-zone favicons on per-zone hosts; follow the chosen zone.
      const model = readDiscoveryIcons(row)
      for (const app of store.apps(row.id)) {
        const url = model.get(app.discoveredName)?.[zone]
        if (url && url !== app.favIconUrl) store.setFavIconUrl(app.id, url)
      }
    })
    await writer.storeIcons(row.id, parseJsonArray(row.notes))
    emitChanged(row.id)
    return ctx.endpointDto(endpointRow(row.id))
  }

  function removeEndpoint(endpointId: string): void {
    const row = endpointRow(endpointId)
    store.deleteEndpoint(row.id)
    icons.collectGarbage(store.iconReferenced)
    refresher.forgetProofRefresh(row.id)
    ctx.deps.log.info('editor removed from the catalog', { endpointId: row.id, url: row.discoveryUrl })
    emitChanged(row.id)
    refresher.replan()
  }

  return { renameApp, setAppIcon, readIcon, setAppEnabled, setEndpointEnabled, setZone, removeEndpoint }
}

function readDiscoveryIcons(row: EndpointRow): Map<string, Record<string, string>> {
  try {
    return new Map(readDiscovery(row.rawXml, row.discoveryUrl).apps.map((app) => [app.name, app.favIconUrls]))
  } catch {
    return new Map()
  }
}
