import { useEffect, useMemo, useSyncExternalStore } from 'react'
import { useApi } from '../../api/ApiProvider'
import { createFolderWindows, WINDOW_SIZE, type FolderWindows, type ListingKey } from './folder-windows'

/** One window cache per Files page, fed by 'files:list'; re-renders the page whenever a window arrives. */
export function useFolderWindows(): FolderWindows {
  const api = useApi()
  const cache = useMemo(
    () =>
      createFolderWindows({
        fetchWindow: (key: ListingKey, offset: number, limit: number) =>
          api.call('files:list', {
            ...(key.place ? { place: key.place } : {}),
            dir: key.dir,
            ...(key.query ? { query: key.query } : {}),
            offset,
            limit: Math.min(limit, WINDOW_SIZE),
            sort: key.sort,
            direction: key.direction,
          }),
      }),
    [api],
  )
  useSyncExternalStore(cache.subscribe, cache.version)
  useEffect(() => () => cache.dispose(), [cache])
  return cache
}
