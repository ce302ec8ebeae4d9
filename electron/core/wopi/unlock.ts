import { clearOwnLockFile } from './own-lock-files'
import { itemVersion, lockConflict, requireLockId, type WopiOperation, heldByReason } from './wopi-call'

/**
 * Unlock — POST /wopi/files/{id}, X-WOPI-Override: UNLOCK (spec 4.2): removes the lock when X-WOPI-Lock
 * matches (and our desktop owner file with it); 409 with the current lock ('' when unlocked) otherwise.
 * Answers X-WOPI-ItemVersion. Runs under the file's mutex.
 */
export const unlock: WopiOperation = async (call, services) => {
  const lockId = requireLockId(call, services)
  call.notes.lockId = lockId
  const { row } = await services.files.observe(call.fileId)
  const outcome = services.locks.unlock(call.fileId, lockId)
  if (!outcome.ok)
    throw lockConflict(outcome.current, outcome.current ? heldByReason(services.locks.current(call.fileId)) : 'the file is not locked')
  await clearOwnLockFile(services, outcome.lock)
  return { headers: itemVersion(row) }
}
