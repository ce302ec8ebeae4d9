import type { LockRepo, LockRow } from '../db/lock-repo'
import type { Db } from '../db/open-db'
import type { Clock } from '../deps'

// WOPI locks (spec 4): one opaque id per file, compared verbatim, 30 minutes after being set or refreshed.
// Kept in SQLite so a restart within those 30 minutes keeps them; every check-and-set runs in one IMMEDIATE
// transaction (and, in the router, under the per-file mutex), so concurrent Lock calls have exactly one winner.

export const LOCK_TTL_MS = 30 * 60 * 1000
/** SupportsExtendedLockLength promises 1024 characters. */
export const MAX_LOCK_ID_LENGTH = 1024

export type LockOutcome = { ok: true; lock: LockRow } | { ok: false; current: string }

export interface LockService {
  /** the lock in force, or null (an expired lock is exactly "unlocked") */
  current(fileId: string): LockRow | null
  /**
   * Lock: set when unlocked, refresh when the id matches; `created` tells which. `ownerFile`: the desktop owner
   * file a new lock will write, recorded with the lock in the same commit (so a crash right after leaves a
   * record the expiry sweep cleans up, never a file nobody knows about).
   */
  lock(
    fileId: string,
    lockId: string,
    meta: { userId: string | null; client: string | null; ownerFile?: string | null },
  ): (LockOutcome & { ok: true; created: boolean; replaced: LockRow | null }) | { ok: false; current: string }
  refresh(fileId: string, lockId: string): LockOutcome
  /** on success `lock` is the row that was removed */
  unlock(fileId: string, lockId: string): LockOutcome
  relock(fileId: string, oldLockId: string, newLockId: string): LockOutcome
  setOwnerFile(fileId: string, ownerFile: string | null): void
  /** removes the lock whatever its id (file deleted, expiry sweep); returns the removed row */
  drop(fileId: string): LockRow | null
  /** locks whose 30 minutes are over */
  expired(): LockRow[]
  active(): LockRow[]
}

export function createLockService(deps: { db: Db; repo: LockRepo; clock: Clock }): LockService {
  const { db, repo, clock } = deps
  const live = (fileId: string, now: number): LockRow | null => {
    const row = repo.get(fileId)
    return row && row.expiresAt > now ? row : null
  }

  // Built once: better-sqlite3 wraps each transaction function in several closures, too many to make per request.
  const lockTx = db.transaction(
    (fileId: string, lockId: string, meta: { userId: string | null; client: string | null; ownerFile?: string | null }) => {
      const now = clock.now()
      const stored = repo.get(fileId) ?? null
      const current = stored && stored.expiresAt > now ? stored : null
      if (current) {
        if (current.lockId !== lockId) return { ok: false as const, current: current.lockId }
        // Lock with the id already held is a refresh (Collabora refreshes this way; ONLYOFFICE re-locks with
        // its deterministic id after a restart).
        repo.refresh(fileId, now, now + LOCK_TTL_MS)
        return { ok: true as const, created: false, replaced: null, lock: { ...current, refreshedAt: now, expiresAt: now + LOCK_TTL_MS } }
      }
      const row: LockRow = {
        fileId,
        lockId,
        expiresAt: now + LOCK_TTL_MS,
        createdAt: now,
        refreshedAt: now,
        userId: meta.userId,
        client: meta.client,
        ownerFile: meta.ownerFile ?? null,
      }
      repo.upsert(row)
      return { ok: true as const, created: true, replaced: stored, lock: row }
    },
  )

  const refreshTx = db.transaction((fileId: string, lockId: string): LockOutcome => {
    const now = clock.now()
    const current = live(fileId, now)
    if (!current || current.lockId !== lockId) return { ok: false, current: current?.lockId ?? '' }
    repo.refresh(fileId, now, now + LOCK_TTL_MS)
    return { ok: true, lock: { ...current, refreshedAt: now, expiresAt: now + LOCK_TTL_MS } }
  })

  const unlockTx = db.transaction((fileId: string, lockId: string): LockOutcome => {
    const current = live(fileId, clock.now())
    if (!current || current.lockId !== lockId) return { ok: false, current: current?.lockId ?? '' }
    repo.delete(fileId)
    return { ok: true, lock: current }
  })

  const relockTx = db.transaction((fileId: string, oldLockId: string, newLockId: string): LockOutcome => {
    const now = clock.now()
    const current = live(fileId, now)
    if (!current || current.lockId !== oldLockId) return { ok: false, current: current?.lockId ?? '' }
    const row: LockRow = { ...current, lockId: newLockId, refreshedAt: now, expiresAt: now + LOCK_TTL_MS }
    repo.upsert(row)
    return { ok: true, lock: row }
  })

  const dropTx = db.transaction((fileId: string): LockRow | null => {
    const row = repo.get(fileId) ?? null
    if (row) repo.delete(fileId)
    return row
  })

  return {
    current: (fileId) => live(fileId, clock.now()),
    lock: (fileId, lockId, meta) => lockTx.immediate(fileId, lockId, meta),
    refresh: (fileId, lockId) => refreshTx.immediate(fileId, lockId),
    unlock: (fileId, lockId) => unlockTx.immediate(fileId, lockId),
    relock: (fileId, oldLockId, newLockId) => relockTx.immediate(fileId, oldLockId, newLockId),
    setOwnerFile: (fileId, ownerFile) => repo.setOwnerFile(fileId, ownerFile),

    drop: (fileId) => dropTx.immediate(fileId),

    expired: () => repo.expiredBefore(clock.now()),
    active: () => {
      const now = clock.now()
      return repo.all().filter((row) => row.expiresAt > now)
    },
  }
}
