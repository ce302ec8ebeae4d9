import { exchangeView, type CapturedExchange, type ExchangeView } from './traffic-view'

// The headers and answers of the most recent requests, for Activity's detail panel, in memory only. The
// database keeps compact rows (what the list, filters, exports and the doctor read); writing every exchange's
// headers and answer into it too was most of the traffic log's cost per request (issue 11). A request older
// than the ring, or from before a restart, shows its stored facts without headers.

export const DEFAULT_EXCHANGE_RING_SIZE = 1000

export interface ExchangeRing {
  keep(id: number, captured: CapturedExchange): void
  /** drops request `id` (its row was stored under another id) */
  forget(id: number): void
  /** the formatted view of request `id`, or null when the ring no longer (or never) held it */
  view(id: number): ExchangeView | null
}

export function createExchangeRing(size = DEFAULT_EXCHANGE_RING_SIZE): ExchangeRing {
  // A Map iterates in insertion order and ids only grow, so its first key is always the oldest.
  const kept = new Map<number, CapturedExchange>()
  return {
    keep(id, captured) {
      if (size <= 0) return
      kept.set(id, captured)
      if (kept.size > size) kept.delete(kept.keys().next().value!)
    },
    forget(id) {
      kept.delete(id)
    },
    view(id) {
      const captured = kept.get(id)
      return captured ? exchangeView(captured) : null
    },
  }
}
