import type { ApiImplementation } from '../../contract/channels'
import type { ActivityFilter, RequestDto, SessionSummaryDto } from '../../contract/dto'
import type { RequestRecord } from '../db/request-log-repo'
import type { Db } from '../db/open-db'
import type { Clock } from '../deps'
import type { EventBus } from '../event-bus'
import type { TrafficLog } from '../wopi/traffic-log'
import { isConformanceClient } from '../wopi/client-detect'
import { ApiError } from '../../contract/envelope'
import { requestById } from '../db/request-log-repo'
import { createSessionRepo } from '../db/session-repo'

// The traffic inspector for the console: recent requests, live ones, sessions and exports. The records never
// carry tokens or proof material (the traffic log does not store them), and `details` stays server-side.

const EXPORT_LIMIT = 10_000

function toDto(record: RequestRecord): RequestDto {
  const { details: _details, ...dto } = record as RequestRecord & { details?: unknown }
  return isConformanceClient(dto.client) ? { ...dto, conformance: true } : dto
}

export function createActivityApi(deps: {
  db: Db
  traffic: TrafficLog
  clock: Clock
  events: Pick<EventBus, 'emit'>
}): Pick<ApiImplementation, 'activity:recent' | 'activity:sessions' | 'activity:export' | 'activity:request-detail'> & { stop(): void } {
  // Live Activity: every served request is pushed to the consoles as it happens.
  const stop = deps.traffic.onRequest((record) => deps.events.emit('activity:request', toDto(record)))

  const sessions = createSessionRepo(deps.db)

  const recent = (filter: ActivityFilter): RequestDto[] => {
    // Rows still waiting for their batched write are part of "recent" too.
    deps.traffic.flush()
    return deps.traffic.recent(filter).map(toDto)
  }

  return {
    'activity:recent': async (filter) => recent(filter),
    'activity:sessions': async (limit) =>
      sessions.recentSummaries(limit ?? 100).map((row): SessionSummaryDto => ({
        id: row.id,
        fileId: row.fileId,
        fileName: row.relPath ?? '(removed file)',
        appName: row.appName,
        action: row.action,
        createdAt: row.createdAt,
        closedAt: row.closedAt,
        requests: row.requests,
        lastStatus: row.lastStatus,
      })),
    'activity:export': async (filter) => {
      const limit = Math.min(filter.limit ?? EXPORT_LIMIT, EXPORT_LIMIT)
      // Oldest first reads as a story: CheckFileInfo -> GetFile -> Lock -> PutFile ...
      const requests = recent({ ...filter, limit }).reverse()
      return { exportedAt: deps.clock.now(), filter, requests }
    },
    'activity:request-detail': async (id) => {
      deps.traffic.flush()
      const record = requestById(deps.db, id)
      if (!record)
        throw new ApiError('not-found', 'This request is no longer in the log (it keeps the most recent ones); pick a newer one.')
      // Headers and the answer excerpt live in memory for recent requests only (wopi/exchange-ring.ts); rows
      // stored before they moved there still carry them in `details`.
      const exchange = deps.traffic.exchange(id)
      return { request: toDto(record), details: exchange ? { ...record.details, ...exchange } : record.details }
    },
    stop,
  }
}
