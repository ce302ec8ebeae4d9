import type { SessionSummaryDto } from '../../../../electron/contract/dto'

// Recent documents for the console, from data the host keeps anyway: its document sessions, newest first
// (activity:sessions names each session's file by its path in the served folder).

export interface RecentDocument {
  path: string
  name: string
  appName: string | null
  openedAt: number
}

const REMOVED = '(removed file)'

export function recentDocumentsOf(sessions: readonly SessionSummaryDto[], limit = 6): RecentDocument[] {
  const seen = new Set<string>()
  const recent: RecentDocument[] = []
  for (const session of [...sessions].sort((a, b) => b.createdAt - a.createdAt)) {
    if (session.fileName === REMOVED || seen.has(session.fileId)) continue
    seen.add(session.fileId)
    recent.push({
      path: session.fileName,
      name: session.fileName.split('/').at(-1) ?? session.fileName,
      appName: session.appName,
      openedAt: session.createdAt,
    })
    if (recent.length === limit) break
  }
  return recent
}
