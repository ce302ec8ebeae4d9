import { WopiError } from './wopi-error'
import { itemVersion, lockConflict, requireLockId, type WopiOperation } from './wopi-call'

/**
 * UnlockAndRelock — POST /wopi/files/{id}, X-WOPI-Override: LOCK with X-WOPI-OldLock (spec 4.2): atomically
 * replaces the lock X-WOPI-OldLock with X-WOPI-Lock and restarts the 30 minutes; 409 with the current lock
 * ('' when unlocked) when X-WOPI-OldLock does not match. Runs under the file's mutex.
 */
export const unlockAndRelock: WopiOperation = async (call, services) => {
  const newLockId = requireLockId(call, services)
  const oldLockId = call.header('x-wopi-oldlock') ?? ''
  call.notes.lockId = newLockId
  call.notes.oldLockId = oldLockId
  if (oldLockId.length > 1024) throw new WopiError(400, `X-WOPI-OldLock is ${oldLockId.length} characters long; at most 1024 are supported`)
  const { row } = await services.files.observe(call.fileId)
  const outcome = services.locks.relock(call.fileId, oldLockId, newLockId)
  if (!outcome.ok)
    throw lockConflict(outcome.current, outcome.current ? 'X-WOPI-OldLock does not match the current lock' : 'the file is not locked')
  return { headers: itemVersion(row) }
}
