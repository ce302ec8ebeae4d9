import { basename, dirname } from 'node:path'
import { findDesktopLock } from '../files/desktop-locks'
import { clearOwnLockFile } from './own-lock-files'
import { desktopConflict, lockConflict, type WopiOperation } from './wopi-call'

/**
 * DeleteFile — POST /wopi/files/{id}, X-WOPI-Override: DELETE (spec 6.2). Locked: 409 with the current lock
 * (a desktop program's lock: 409 with an empty X-WOPI-Lock). Otherwise the file moves to the trash in the
 * data folder (restorable, never unlinked) and its id answers 404 from now on. Runs under the file's mutex.
 */
export const deleteFile: WopiOperation = async (call, services) => {
  const { path } = await services.files.observe(call.fileId)
  const held = services.locks.current(call.fileId)
  if (held) throw lockConflict(held.lockId, 'the file is locked')
  const desktop = await findDesktopLock(dirname(path), basename(path), services.files.quickFs)
  if (desktop) throw desktopConflict(desktop)
  const entry = await services.files.withNamespace(() => services.files.trash(call.fileId))
  // An expired lock may have left our owner file behind.
  await clearOwnLockFile(services, services.locks.drop(call.fileId))
  call.notes.details = { trashId: entry.id }
  return {}
}
