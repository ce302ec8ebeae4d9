import { ApiError } from '../../contract/envelope'
import type { AppDto, EndpointDto } from '../../contract/dto'
import { createCatalogRepo, type AppRow, type CatalogRepo, type EndpointRow } from '../db/catalog-repo'
import { createHttpFetcher, type Fetcher } from '../discovery/http-fetch'
import { DEFAULT_HOST_CAPABILITIES, type CatalogDeps } from './catalog-types'
import { createIconStore, type IconStore } from './icon-store'
import { toAppDto, toEndpointDto } from './to-dto'

/** What every part of the catalog (import, refresh, edits, lookups) shares: the rows, the icons, the fetcher. */
export interface CatalogContext {
  deps: CatalogDeps
  store: CatalogRepo
  icons: IconStore
  fetcher: Fetcher
  /** the `requires` values this host covers */
  supported: readonly string[]
  emitChanged(endpointId: string | null): void
  /** runs `task` after every earlier task on the same key (a discovery URL), and tracks it for idle() */
  exclusive<T>(key: string, task: () => Promise<T>): Promise<T>
  /** resolves when no exclusive task is running */
  settled(): Promise<void>
  /** the row, or a not-found error naming the command that lists them */
  endpointRow(id: string): EndpointRow
  appRow(id: string): AppRow
  endpointDto(row: EndpointRow): EndpointDto
  appDto(app: AppRow): AppDto
}

export function createCatalogContext(deps: CatalogDeps): CatalogContext {
  const store = createCatalogRepo(deps.db)
  const supported = (deps.hostCapabilities ?? DEFAULT_HOST_CAPABILITIES).supported

  // One fetch-and-write at a time per discovery URL; a refresh asked for while one runs joins it.
  const locks = new Map<string, Promise<unknown>>()
  const pending = new Set<Promise<unknown>>()

  function exclusive<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = locks.get(key) ?? Promise.resolve()
    const run = previous.then(task, task)
    const tail = run.catch(() => undefined)
    locks.set(key, tail)
    void tail.then(() => {
      if (locks.get(key) === tail) locks.delete(key)
    })
    return track(run)
  }

  function track<T>(promise: Promise<T>): Promise<T> {
    pending.add(promise)
    void promise.catch(() => undefined).finally(() => pending.delete(promise))
    return promise
  }

  function endpointRow(id: string): EndpointRow {
    const row = store.endpoint(id)
    if (!row) throw new ApiError('not-found', `There is no editor with id "${id}". List them with: wopi-desk discovery list.`)
    return row
  }

  function appRow(id: string): AppRow {
    const row = store.app(id)
    if (!row) throw new ApiError('not-found', `There is no app with id "${id}". List them with: wopi-desk discovery list.`)
    return row
  }

  return {
    deps,
    store,
    icons: createIconStore(deps.dataDir),
    fetcher: deps.fetcher ?? createHttpFetcher(),
    supported,
    emitChanged: (endpointId) => deps.emit?.('catalog:changed', { endpointId }),
    exclusive,
    async settled() {
      while (pending.size > 0) await Promise.allSettled([...pending])
    },
    endpointRow,
    appRow,
    endpointDto: (row) => toEndpointDto(row, store.apps(row.id), store.actionsOfEndpoint(row.id), supported),
    appDto: (app) => toAppDto(app, endpointRow(app.endpointId), store.actionsOfApp(app.id), supported),
  }
}
