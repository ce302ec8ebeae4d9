import { useCallback, useEffect, useRef, useState } from 'react'
import { toApiCallError, type ApiCallError } from './api-call-error'

export interface CallState<T> {
  data: T | undefined
  error: ApiCallError | null
  loading: boolean
  /** Runs the call again; keeps showing the previous data meanwhile. */
  reload: () => Promise<void>
  setData: (update: T | ((previous: T | undefined) => T)) => void
}

/**
 * Loads data for a page: `useCall(() => api.call('catalog:list'), [api])`. Answers that arrive after a newer
 * call started are dropped, so a slow old answer never overwrites a fresh one.
 */
export function useCall<T>(run: () => Promise<T>, deps: readonly unknown[]): CallState<T> {
  const [data, setDataState] = useState<T | undefined>(undefined)
  const [error, setError] = useState<ApiCallError | null>(null)
  const [loading, setLoading] = useState(true)
  const generation = useRef(0)
  const runRef = useRef(run)
  runRef.current = run

  const reload = useCallback(async () => {
    const mine = ++generation.current
    setLoading(true)
    try {
      const value = await runRef.current()
      if (mine !== generation.current) return
      setDataState(() => value)
      setError(null)
    } catch (caught) {
      if (mine !== generation.current) return
      setError(toApiCallError(caught))
    } finally {
      if (mine === generation.current) setLoading(false)
    }
  }, [])

  useEffect(() => {
    void reload()
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the caller's deps say when to load again: the hook's contract
  }, deps)

  const setData = useCallback((update: T | ((previous: T | undefined) => T)) => {
    setDataState((previous) => (typeof update === 'function' ? (update as (p: T | undefined) => T)(previous) : update))
  }, [])

  return { data, error, loading, reload, setData }
}
