import { basename, dirname } from 'node:path'
import { findDesktopLock } from '../files/desktop-locks'
import { clearOwnLockFile, ownLockFileFor, writeRecordedOwnLockFile } from './own-lock-files'
import { readOnlyConflict, desktopConflict, itemVersion, lockConflict, requireLockId, type WopiOperation, heldByReason } from './wopi-call'

/**
 * Lock — POST /wopi/files/{id}, X-WOPI-Override: LOCK without X-WOPI-OldLock (spec 4.2). Unlocked: take the
 * lock for 30 minutes, unless LibreOffice or Microsoft Office has the file open (409, empty X-WOPI-Lock,
 * X-WOPI-LockFailureReason names it). Same id: a refresh (Collabora refreshes this way). Other id: 409 with
 * the current lock. Answers X-WOPI-ItemVersion. Runs under the file's mutex.
 */
export const lock: WopiOperation = async (call, services) => {
  const lockId = requireLockId(call, services)
  call.notes.lockId = lockId
  const { row, path, writable } = await services.files.observe(call.fileId)
  if (!writable) throw readOnlyConflict()
  const held = services.locks.current(call.fileId)
  if (!held) {
    // Only a new lock checks for desktop owner files: our own owner file never blocks our own refresh.
    const desktop = await findDesktopLock(dirname(path), basename(path), services.files.quickFs)
    if (desktop) throw desktopConflict(desktop)
  }
  const outcome = services.locks.lock(call.fileId, lockId, {
    userId: call.token.userId,
    client: call.client,
    ownerFile: ownLockFileFor(path),
  })
  if (!outcome.ok) throw lockConflict(outcome.current, heldByReason(services.locks.current(call.fileId)))
  if (outcome.created) {
    if (outcome.replaced?.ownerFile) await clearOwnLockFile(services, outcome.replaced)
    await writeRecordedOwnLockFile(services, outcome.lock, path)
  }
  return { headers: itemVersion(row) }
}
