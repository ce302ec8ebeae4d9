import type { RequestRecord } from '../db/request-log-repo'
import type { EventBus } from '../event-bus'
import type { TrafficLog } from '../wopi/traffic-log'
import type { FileStore } from './file-store'

// The Files page refreshes itself when editors change the folder: every successful WOPI request that changes a
// file's bytes, name, existence or lock becomes a 'files:changed' event, coalesced so that a burst of saves is
// one refresh.

const CHANGING_OPERATIONS = new Set(['PutFile', 'PutRelativeFile', 'RenameFile', 'DeleteFile', 'Lock', 'Unlock', 'UnlockAndRelock'])
const COALESCE_MS = 250

export function startFileChangeFeed(deps: {
  traffic: TrafficLog
  files: Pick<FileStore, 'get'>
  events: Pick<EventBus, 'emit'>
}): () => void {
  let pending = new Set<string>()
  let timer: NodeJS.Timeout | null = null

  const flush = () => {
    timer = null
    const paths = [...pending]
    pending = new Set()
    if (paths.length > 0) deps.events.emit('files:changed', { paths })
  }

  const stop = deps.traffic.onRequest((record: RequestRecord) => {
    if (record.status >= 300 || !CHANGING_OPERATIONS.has(record.operation)) return
    // The file's path now (after a rename or a delete the id may be gone: then the name the request saw).
    const path = (record.fileId ? deps.files.get(record.fileId)?.relPath : undefined) ?? record.fileName
    if (path) pending.add(path)
    timer ??= setTimeout(flush, COALESCE_MS)
  })

  return () => {
    stop()
    if (timer) clearTimeout(timer)
    timer = null
  }
}
