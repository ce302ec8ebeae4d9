import { itemVersion, lockConflict, requireLockId, type WopiOperation, heldByReason } from './wopi-call'

/**
 * RefreshLock — POST /wopi/files/{id}, X-WOPI-Override: REFRESH_LOCK (spec 4.2): restarts the 30 minutes when
 * X-WOPI-Lock matches; 409 with the current lock ('' when unlocked) otherwise. Runs under the file's mutex.
 */
export const refreshLock: WopiOperation = async (call, services) => {
  const lockId = requireLockId(call, services)
  call.notes.lockId = lockId
  const { row } = await services.files.observe(call.fileId)
  const outcome = services.locks.refresh(call.fileId, lockId)
  if (!outcome.ok)
    throw lockConflict(outcome.current, outcome.current ? heldByReason(services.locks.current(call.fileId)) : 'the file is not locked')
  return { headers: itemVersion(row) }
}
