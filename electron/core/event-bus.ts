import type { EventName, EventPayloads } from '../contract/channels'

export type AnyEventListener = <E extends EventName>(event: E, payload: EventPayloads[E]) => void

/** Core -> console push channel; both transports (IPC, server-sent events) subscribe to every event. */
export interface EventBus {
  emit<E extends EventName>(event: E, payload: EventPayloads[E]): void
  subscribeAll(listener: AnyEventListener): () => void
  listenerCount(): number
}

export function createEventBus(onListenerError?: (error: unknown) => void): EventBus {
  const listeners = new Set<AnyEventListener>()
  return {
    emit(event, payload) {
      for (const listener of [...listeners]) {
        try {
          listener(event, payload)
        } catch (error) {
          // One broken console must not stop the host from reporting to the others.
          onListenerError?.(error)
        }
      }
    },
    subscribeAll(listener) {
      // Wrap so that subscribing the same function twice yields two independent unsubscribes.
      const wrapper: AnyEventListener = (event, payload) => listener(event, payload)
      listeners.add(wrapper)
      return () => {
        listeners.delete(wrapper)
      }
    },
    listenerCount: () => listeners.size,
  }
}
