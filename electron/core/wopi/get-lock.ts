import { basename, dirname } from 'node:path'
import { findDesktopLock } from '../files/desktop-locks'
import { desktopConflict, type WopiOperation } from './wopi-call'

/**
 * GetLock — POST /wopi/files/{id}, X-WOPI-Override: GET_LOCK (spec 4.3): never creates a lock; X-WOPI-Lock
 * carries the current lock, '' when unlocked. A desktop program holding the file is a lock WOPI cannot
 * represent: 409 with an empty X-WOPI-Lock and the reason.
 */
export const getLock: WopiOperation = async (call, services) => {
  const current = services.locks.current(call.fileId)
  if (current) {
    call.notes.lockId = current.lockId
    return { headers: { 'X-WOPI-Lock': current.lockId } }
  }
  const { path } = await services.files.observe(call.fileId)
  const desktop = await findDesktopLock(dirname(path), basename(path), services.files.quickFs)
  if (desktop) throw desktopConflict(desktop)
  return { headers: { 'X-WOPI-Lock': '' } }
}
