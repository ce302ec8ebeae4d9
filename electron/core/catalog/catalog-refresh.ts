import { ApiError } from '../../contract/envelope'
import type { RefreshReport } from '../../contract/dto'
import { normaliseDiscoveryUrl } from '../discovery/discovery-url'
import { fetchDiscovery, readDiscovery } from '../discovery/load-discovery'
import type { CatalogContext } from './catalog-context'
import { DEFAULT_PROOF_REFRESH_MIN_INTERVAL_MS, type CatalogRefresh, type ProofRefreshOutcome, type RefreshReason } from './catalog-types'
import { createRefreshScheduler, DEFAULT_REFRESH_INTERVAL_MS, DEFAULT_RETRY_INTERVAL_MS, systemTimers } from './refresh-scheduler'
import { toApiError } from './to-api-error'
import type { DiscoveryWriter } from './write-discovery'

/** Refreshes (by hand, on schedule, after a proof failure), and the scheduler that plans them. */
export interface Refresher extends Omit<CatalogRefresh, 'importEndpoint'> {
  /** plans the next scheduled refresh again after endpoints came, went or changed */
  replan(): void
  /** forgets when the endpoint's last proof-triggered refresh ran (it was removed) */
  forgetProofRefresh(endpointId: string): void
  startScheduler(): void
  stopScheduler(): void
  /** resolves when no scheduled tick is running */
  schedulerSettled(): Promise<void>
}

export function createRefresher(ctx: CatalogContext, writer: DiscoveryWriter): Refresher {
  const { store, deps } = ctx
  const { clock, log } = deps
  const proofRefreshMinIntervalMs = deps.proofRefreshMinIntervalMs ?? DEFAULT_PROOF_REFRESH_MIN_INTERVAL_MS
  const refreshing = new Map<string, Promise<RefreshReport>>()
  const lastProofRefresh = new Map<string, number>()

  /**
   * Points an endpoint at a new discovery URL and refreshes it, keeping the admin's names, icons and defaults:
   * the built-in editor moves when its port has to change, and an editor can move to a new address.
   */
  async function relocateEndpoint(endpointId: string, url: string): Promise<RefreshReport> {
    const row = ctx.endpointRow(endpointId)
    const discoveryUrl = normaliseDiscoveryUrl(url).discoveryUrl
    if (discoveryUrl !== row.discoveryUrl) {
      const other = store.endpointByUrl(discoveryUrl)
      if (other && other.id !== endpointId) throw new ApiError('conflict', `Another editor in the catalog already uses ${discoveryUrl}.`)
      await ctx.exclusive(row.discoveryUrl, async () => store.setDiscoveryUrl(endpointId, discoveryUrl))
    }
    return refreshEndpoint(endpointId)
  }

  function refreshEndpoint(endpointId: string, reason: RefreshReason = 'manual'): Promise<RefreshReport> {
    const row = ctx.endpointRow(endpointId)
    const running = refreshing.get(endpointId)
    if (running) return running
    const task = ctx
      .exclusive(row.discoveryUrl, async (): Promise<RefreshReport> => {
        const attemptAt = clock.now()
        try {
          const fetched = await fetchDiscovery(ctx.fetcher, row.discoveryUrl, {
            insecureTls: row.insecureTls,
            ...(deps.fetchTimeoutMs ? { timeoutMs: deps.fetchTimeoutMs } : {}),
          })
          const model = readDiscovery(fetched.text, fetched.finalUrl)
          const current = store.endpoint(endpointId)
          if (!current) return { endpointId, ok: false, error: 'The editor was removed while it was being refreshed.', changes: [] }
          const { changes, notes } = writer.apply(current, current.discoveryUrl, current.insecureTls, fetched, model)
          await writer.storeIcons(endpointId, notes)
          log.info('discovery refreshed', { endpointId, reason, changes: changes.length })
          ctx.emitChanged(endpointId)
          return { endpointId, ok: true, changes }
        } catch (error) {
          // The last good copy stays in use; only the attempt and its reason are recorded.
          const message = toApiError(error).message
          if (store.endpoint(endpointId)) store.recordFailure(endpointId, attemptAt, message)
          log.warn('discovery refresh failed; keeping the last good copy', { endpointId, reason, error: message })
          ctx.emitChanged(endpointId)
          return { endpointId, ok: false, error: message, changes: [] }
        }
      })
      .finally(() => {
        refreshing.delete(endpointId)
        scheduler.replan()
      })
    refreshing.set(endpointId, task)
    return task
  }

  async function refresh(endpointId?: string): Promise<RefreshReport[]> {
    if (endpointId) return [await refreshEndpoint(endpointId)]
    const reports: RefreshReport[] = []
    for (const row of store.endpoints()) reports.push(await refreshEndpoint(row.id))
    return reports
  }

  /**
   * Re-fetch after a proof check failed or passed only with an old key (spec 9.2), at most once per endpoint
   * per `proofRefreshMinIntervalMs`, so a client sending garbage cannot make us hammer the editor.
   */
  async function requestProofRefresh(endpointId: string): Promise<ProofRefreshOutcome> {
    const now = clock.now()
    const last = lastProofRefresh.get(endpointId)
    if (last !== undefined && now - last < proofRefreshMinIntervalMs) {
      return {
        refreshed: false,
        detail: `discovery not re-fetched: last proof-triggered refresh was ${Math.round((now - last) / 1000)} s ago`,
        changes: [],
      }
    }
    lastProofRefresh.set(endpointId, now)
    const report = await refreshEndpoint(endpointId, 'proof')
    if (!report.ok) return { refreshed: false, detail: `discovery re-fetch failed: ${report.error}`, changes: [] }
    const keyChanges = report.changes.filter((change) => change.kind.startsWith('proof-key'))
    return {
      refreshed: true,
      detail: keyChanges.length ? 'discovery re-fetched, proof keys changed' : 'discovery re-fetched, proof keys unchanged',
      changes: report.changes,
    }
  }

  const scheduler = createRefreshScheduler({
    clock,
    log,
    timers: deps.timers ?? systemTimers,
    intervalMs: deps.refreshIntervalMs ?? DEFAULT_REFRESH_INTERVAL_MS,
    retryIntervalMs: deps.retryIntervalMs ?? DEFAULT_RETRY_INTERVAL_MS,
    endpoints: () =>
      store.endpoints().map((row) => ({
        id: row.id,
        enabled: row.enabled,
        fetchedAt: row.fetchedAt,
        lastAttemptAt: row.lastAttemptAt,
        lastError: row.lastError,
      })),
    refresh: (id) => refreshEndpoint(id, 'schedule'),
  })

  return {
    refresh,
    refreshEndpoint,
    relocateEndpoint,
    requestProofRefresh,
    replan: () => scheduler.replan(),
    forgetProofRefresh: (endpointId) => void lastProofRefresh.delete(endpointId),
    startScheduler: () => scheduler.start(),
    stopScheduler: () => scheduler.stop(),
    schedulerSettled: () => scheduler.settled(),
  }
}
