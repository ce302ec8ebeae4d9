// PostMessage with the host page (spec 11.2), Collabora-style: every message is a JSON string
// {MessageId, SendTime, Values}. The editor only talks to the PostMessageOrigin that CheckFileInfo named,
// never '*', and only accepts messages from its parent window at that origin. The listener is attached
// as soon as this module loads (Host_PostmessageReady can arrive before the document is loaded); messages
// that arrive before the origin is known wait until it is, then are checked like any other.
import { formatWopiMessage, parseWopiMessage } from '../components/wopi-message'

export interface MessageSource {
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void
  removeEventListener(type: 'message', listener: (event: MessageEvent) => void): void
}

export interface HostBridge {
  /** start talking once CheckFileInfo named the host page origin; null keeps the editor silent */
  setOrigin(origin: string | null): void
  send(messageId: string, values?: Record<string, unknown>): void
  on(messageId: string, handler: (values: Record<string, unknown>) => void): () => void
  /** true once the host sent Host_PostmessageReady */
  hostReady(): boolean
  dispose(): void
}

export function createHostBridge(options: { source: MessageSource; parent: () => Window | null; now?: () => number }): HostBridge {
  const now = options.now ?? (() => Date.now())
  let origin: string | null = null
  let originKnown = false
  let ready = false
  const waiting: MessageEvent[] = []
  const handlers = new Map<string, Set<(values: Record<string, unknown>) => void>>()

  function deliver(event: MessageEvent): void {
    if (!origin || event.origin !== origin) return
    const message = parseWopiMessage(event.data)
    if (!message) return
    if (message.MessageId === 'Host_PostmessageReady') ready = true
    for (const handler of handlers.get(message.MessageId) ?? []) handler(message.Values)
  }

  const listener = (event: MessageEvent): void => {
    const parent = options.parent()
    if (!parent || event.source !== parent) return
    if (!originKnown) {
      if (waiting.length < 50) waiting.push(event)
      return
    }
    deliver(event)
  }
  options.source.addEventListener('message', listener)

  return {
    setOrigin(next) {
      origin = next
      originKnown = true
      for (const event of waiting.splice(0)) deliver(event)
    },
    send(messageId, values = {}) {
      const parent = options.parent()
      if (!origin || !parent) return
      parent.postMessage(formatWopiMessage(messageId, values, now()), origin)
    },
    on(messageId, handler) {
      let set = handlers.get(messageId)
      if (!set) handlers.set(messageId, (set = new Set()))
      set.add(handler)
      return () => set.delete(handler)
    },
    hostReady: () => ready,
    dispose() {
      options.source.removeEventListener('message', listener)
      handlers.clear()
    },
  }
}

/** The page's bridge, listening from the first moment; a top-level page (no frame) has no host to talk to. */
export const hostBridge: HostBridge | null =
  typeof window === 'undefined'
    ? null
    : createHostBridge({ source: window, parent: () => (window.parent && window.parent !== window ? window.parent : null) })
