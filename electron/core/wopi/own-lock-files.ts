import { basename, dirname, join } from 'node:path'
import type { LockRow } from '../db/lock-repo'
import { MAX_NAME_BYTES } from '../files/file-names'
import { isOfficeDocument, libreOfficeLockName, removeOwnLockFile, writeOwnLockFile } from '../files/desktop-locks'
import type { WopiServices } from './wopi-call'

// While an editor holds a WOPI lock on an office document, a LibreOffice-style owner file next to it tells
// desktop users (LibreOffice shows "locked by WOPI Desk (Collabora)"). Failing to write it never fails the lock.

/** Where our owner file for the document at `path` goes; null when the document is not an office document. */
export function ownLockFileFor(path: string): string | null {
  const name = basename(path)
  // `.~lock.<name>#` of a 248-255 byte name is longer than any file system allows: no owner file for it.
  if (!isOfficeDocument(name) || Buffer.byteLength(libreOfficeLockName(name)) > MAX_NAME_BYTES) return null
  return join(dirname(path), libreOfficeLockName(name))
}

/** Writes the owner file a lock already records (LockService.lock or setOwnerFile first); forgets it if that fails. */
export async function writeRecordedOwnLockFile(services: WopiServices, lock: LockRow, path: string): Promise<void> {
  if (!lock.ownerFile) return
  try {
    await writeOwnLockFile(dirname(path), basename(path), lock.client, services.clock.now(), services.files.quickFs)
  } catch (error) {
    services.locks.setOwnerFile(lock.fileId, null)
    services.log.warn('could not write the desktop lock file', { fileId: lock.fileId, code: (error as NodeJS.ErrnoException).code })
  }
}

export async function clearOwnLockFile(services: WopiServices, lock: LockRow | null): Promise<void> {
  if (!lock?.ownerFile) return
  try {
    await removeOwnLockFile(lock.ownerFile, services.files.quickFs)
  } catch (error) {
    services.log.warn('could not remove the desktop lock file', { fileId: lock.fileId, code: (error as NodeJS.ErrnoException).code })
  }
}
