import { unlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { RequestRecord } from '../db/request-log-repo'
import { createFileRepo } from '../db/file-repo'
import { createVersionRepo } from '../db/version-repo'
import type { Host } from '../host'
import { randomId, type Random } from '../deps'

// A canary is a small throw-away document the doctor puts in the served folder to watch a real editor (or our
// own host) handle it end to end: the editor is asked to open it exactly as the host page would, and the traffic
// log tells whether the editor's CheckFileInfo came back. Its name is hidden and unmistakable, its token is
// short-lived, and everything it leaves behind (file, id, versions, lock) is removed after the run.

export const CANARY_PREFIX = '.wopi-desk-doctor-'
/** file ids the doctor uses for requests that need no real file (listener probe, WebSocket path) */
export const PROBE_ID_PREFIX = 'wopi-desk-doctor-'
const CANARY_TTL_SECONDS = 10 * 60
const CANARY_TEXT = 'WOPI Desk connection check. This file is removed automatically.\n'

export interface CanaryFile {
  fileId: string
  relPath: string
  wopiSrc: string
  token: string
  /** access_token_ttl: absolute expiry in ms */
  tokenTtl: number
  remove(): Promise<void>
}

/** The doctor's own traffic (canaries, probes) is left out when the checks read what editors did. */
export function isDoctorTraffic(record: Pick<RequestRecord, 'fileId' | 'fileName'>): boolean {
  return Boolean(record.fileName?.startsWith(CANARY_PREFIX) || record.fileId?.startsWith(PROBE_ID_PREFIX))
}

export async function createCanaryFile(
  desk: Host,
  random: Random,
  now: () => number,
  options: { ext: string; write?: boolean; appId?: string | null },
): Promise<CanaryFile> {
  const root = desk.files.root
  if (!root) throw new Error('no folder is being served')
  const relPath = `${CANARY_PREFIX}${randomId(random, 9)}.${options.ext}`
  const full = join(root, relPath)
  await writeFile(full, CANARY_TEXT, { flag: 'wx' })
  let fileId: string | null = null
  const remove = async () => {
    await unlink(full).catch(() => undefined)
    if (!fileId) return
    const id = fileId
    const dropped = desk.locks.drop(id)
    if (dropped?.ownerFile) await unlink(dropped.ownerFile).catch(() => undefined)
    const versions = createVersionRepo(desk.db)
    for (const version of versions.listForFile(id)) {
      await unlink(join(desk.dataDir, version.storePath)).catch(() => undefined)
      versions.delete(version.id)
    }
    createFileRepo(desk.db).markDeleted(id, now())
  }
  try {
    const issued = await desk.issueToken(relPath, {
      write: options.write ?? false,
      ttlSeconds: CANARY_TTL_SECONDS,
      appId: options.appId ?? null,
    })
    fileId = issued.fileId
    return { fileId, relPath, wopiSrc: issued.wopiSrc, token: issued.accessToken, tokenTtl: issued.accessTokenTtl, remove }
  } catch (error) {
    await remove()
    throw error
  }
}

/**
 * Resolves with the first CheckFileInfo the host logged for `fileId`, or null after `timeoutMs`. Listens to the
 * in-process traffic log and also polls the database, because `serve` may be another process on the same data
 * folder (it writes its log in batches every few hundred milliseconds).
 */
export function waitForCheckFileInfo(desk: Host, fileId: string, timeoutMs: number, signal?: AbortSignal): Promise<RequestRecord | null> {
  return new Promise((resolve) => {
    let done = false
    const finish = (record: RequestRecord | null) => {
      if (done) return
      done = true
      clearTimeout(timer)
      clearInterval(poller)
      unsubscribe()
      signal?.removeEventListener('abort', onAbort)
      resolve(record)
    }
    const look = () => {
      const found = desk.requestLog.recent({ fileId, operation: 'CheckFileInfo', limit: 1 })[0]
      if (found) finish(found)
    }
    const unsubscribe = desk.requestLog.onRequest((record) => {
      if (record.fileId === fileId && record.operation === 'CheckFileInfo') finish(record)
    })
    const onAbort = () => finish(null)
    signal?.addEventListener('abort', onAbort)
    const timer = setTimeout(() => {
      look()
      finish(null)
    }, timeoutMs)
    const poller = setInterval(look, 200)
    look()
  })
}
