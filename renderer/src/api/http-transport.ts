import { ApiCallError } from './api-call-error'
import { trimTrailingUndefined, unwrapEnvelope } from './envelope'
import type { EventName, Transport } from './transport'

export interface EventSourceLike {
  addEventListener(type: string, listener: (event: MessageEvent<string>) => void): void
  close(): void
}

export interface HttpTransportOptions {
  /** '' for the page's own origin */
  baseUrl?: string
  fetch?: typeof fetch
  createEventSource?: (url: string) => EventSourceLike
  /** the console link (session cookie) is no longer accepted: 401 or 403 */
  onUnauthorized?: () => void
}

export const LINK_EXPIRED_MESSAGE = 'This console link is no longer valid. Open the Console URL that `wopi-desk serve` printed.'

/**
 * The contract over HTTP to `wopi-desk serve`: `POST /api/call/<channel>` with `{ args }`, answered by an
 * envelope; events from one shared EventSource on `/api/events` (EventSource reconnects by itself).
 */
export function createHttpTransport(options: HttpTransportOptions = {}): Transport {
  const baseUrl = options.baseUrl ?? ''
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init))
  const createEventSource = options.createEventSource ?? ((url: string) => new EventSource(url))
  const listeners = new Map<string, Set<(payload: unknown) => void>>()
  let source: EventSourceLike | null = null

  function attach(event: string): void {
    source?.addEventListener(event, (message) => {
      let payload: unknown
      try {
        payload = JSON.parse(message.data)
      } catch {
        return // a malformed frame is dropped rather than breaking every subscriber
      }
      for (const listener of [...(listeners.get(event) ?? [])]) listener(payload)
    })
  }

  return {
    kind: 'http',
    async call(channel, ...args) {
      let response: Response
      try {
        response = await doFetch(`${baseUrl}/api/call/${channel}`, {
          method: 'POST',
          credentials: 'same-origin',
          headers: { 'Content-Type': 'application/json', 'X-WOPI-Desk': '1' },
          body: JSON.stringify({ args: trimTrailingUndefined(args) }),
        })
      } catch {
        throw new ApiCallError('unavailable', 'Cannot reach WOPI Desk. Check that `wopi-desk serve` is still running, then try again.')
      }
      if (response.status === 401 || response.status === 403) {
        // The stream would only retry against the same refusal every few seconds.
        source?.close()
        source = null
        options.onUnauthorized?.()
        throw new ApiCallError('forbidden', LINK_EXPIRED_MESSAGE)
      }
      let body: unknown
      try {
        body = await response.json()
      } catch {
        throw new ApiCallError(
          'unavailable',
          `WOPI Desk answered with HTTP ${response.status} and no readable result. Try again; if it persists, restart \`wopi-desk serve\`.`,
        )
      }
      return unwrapEnvelope(body)
    },
    on(event: EventName, listener) {
      let set = listeners.get(event)
      if (!set) {
        set = new Set()
        listeners.set(event, set)
        if (source) attach(event)
      }
      // One stream for the whole page, opened at the first subscription and kept: subscriptions come and go
      // with every page change, and reopening would drop events sent in between.
      if (!source) {
        source = createEventSource(`${baseUrl}/api/events`)
        for (const name of listeners.keys()) attach(name)
      }
      // A fresh wrapper per subscription, so subscribing one function twice needs two unsubscribes.
      const wrapped = (payload: unknown) => (listener as (payload: unknown) => void)(payload)
      set.add(wrapped)
      return () => {
        set.delete(wrapped)
      }
    },
  }
}
