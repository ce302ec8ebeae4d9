import type { Log } from '../deps'
import type { LockService } from './locks'
import { clearOwnLockFile } from './own-lock-files'
import type { WopiServices } from './wopi-call'

/**
 * Expired locks are already "unlocked" for every operation; the sweep removes their rows and our desktop owner
 * files, so LibreOffice users are not warned about an editor that went away. Each lock is dropped under its
 * file's mutex, so a Lock arriving at the same moment cannot lose its fresh owner file.
 */
export async function sweepExpiredLocks(services: WopiServices, locks: LockService, log: Log): Promise<number> {
  let swept = 0
  for (const expired of locks.expired()) {
    await services.files.withFile(expired.fileId, async () => {
      const row = locks.current(expired.fileId)
      if (row) return // refreshed or re-taken meanwhile
      const dropped = locks.drop(expired.fileId)
      if (!dropped) return
      await clearOwnLockFile(services, dropped)
      swept++
    })
  }
  if (swept) log.info('expired WOPI locks removed', { count: swept })
  return swept
}
