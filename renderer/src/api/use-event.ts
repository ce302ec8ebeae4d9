import { useEffect, useRef } from 'react'
import { useApi } from './ApiProvider'
import type { EventListener, EventName } from './transport'

/** Subscribes for the component's lifetime; the latest listener is called without resubscribing. */
export function useEvent<E extends EventName>(event: E, listener: EventListener<E>): void {
  const api = useApi()
  const latest = useRef(listener)
  useEffect(() => {
    latest.current = listener
  })
  useEffect(() => api.on(event, (payload) => latest.current(payload)), [api, event])
}
