import type { Clock, Log } from '../deps'

// Keeps discovery copies current (spec 10.1): every 12 hours by default, per Microsoft's guidance, and sooner
// after a failed attempt. One timer for the earliest due endpoint; time and timers are injected so a test can
// jump 12 hours.

export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

export const systemTimers: Timers = {
  setTimeout(callback, ms) {
    const handle = setTimeout(callback, ms)
    // A pending refresh must not keep a CLI command or a test process alive.
    handle.unref()
    return handle
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
}

export const DEFAULT_REFRESH_INTERVAL_MS = 12 * 60 * 60 * 1000
export const DEFAULT_RETRY_INTERVAL_MS = 30 * 60 * 1000
/** setTimeout's ceiling (about 24.8 days); a longer wait is re-planned when it fires. */
const MAX_DELAY_MS = 2 ** 31 - 1

export interface ScheduledEndpoint {
  id: string
  enabled: boolean
  fetchedAt: number
  lastAttemptAt: number | null
  lastError: string | null
}

export interface RefreshSchedulerDeps {
  clock: Clock
  timers: Timers
  log: Log
  intervalMs: number
  retryIntervalMs: number
  endpoints(): ScheduledEndpoint[]
  refresh(endpointId: string): Promise<unknown>
}

export function dueAt(endpoint: ScheduledEndpoint, intervalMs: number, retryIntervalMs: number): number {
  const regular = endpoint.fetchedAt + intervalMs
  if (endpoint.lastError && endpoint.lastAttemptAt !== null) return Math.max(regular, endpoint.lastAttemptAt + retryIntervalMs)
  return regular
}

export function createRefreshScheduler(deps: RefreshSchedulerDeps) {
  let running = false
  let handle: unknown = null
  let ticking: Promise<void> | null = null

  const plan = () => {
    if (handle !== null) deps.timers.clearTimeout(handle)
    handle = null
    if (!running) return
    const now = deps.clock.now()
    const due = deps
      .endpoints()
      .filter((endpoint) => endpoint.enabled)
      .map((endpoint) => dueAt(endpoint, deps.intervalMs, deps.retryIntervalMs))
    const next = due.length ? Math.min(...due) : now + deps.intervalMs
    handle = deps.timers.setTimeout(
      () => {
        handle = null
        ticking = tick().finally(() => {
          ticking = null
        })
      },
      Math.min(Math.max(0, next - now), MAX_DELAY_MS),
    )
  }

  const tick = async () => {
    const now = deps.clock.now()
    for (const endpoint of deps.endpoints()) {
      if (!running) return
      if (!endpoint.enabled || dueAt(endpoint, deps.intervalMs, deps.retryIntervalMs) > now) continue
      try {
        await deps.refresh(endpoint.id)
      } catch (error) {
        deps.log.warn('scheduled discovery refresh failed', { endpointId: endpoint.id, error: (error as Error).message })
      }
    }
    plan()
  }

  return {
    start() {
      if (running) return
      running = true
      plan()
    },
    stop() {
      running = false
      plan()
    },
    /** re-plan after the set of endpoints or their times changed */
    replan() {
      if (running && !ticking) plan()
    },
    isRunning: () => running,
    /** resolves when a tick in progress has finished */
    settled: async () => {
      if (ticking) await ticking
    },
  }
}
