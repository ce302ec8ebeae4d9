import type { EditorError, ViewOnly } from '../../contract/editor-page'
import type { Clock, Log, Random } from '../deps'
import { newLockId, lockSessionOf } from './editor-lock-ids'
import { describeFailure } from './error-words'
import { lockedReason } from './view-only-reasons'
import { WopiCallError, type WopiClient, type WopiTarget } from './wopi-client'

// The WOPI lock an editor session holds on its document: taken before the document is read (Lock), kept alive
// while the session lives (RefreshLock), taken over from an earlier window of this editor (UnlockAndRelock),
// released when the session ends (Unlock). The session runs all of these one at a time, never concurrently.

export interface EditorLockDeps {
  client: WopiClient
  clock: Clock
  random: Random
  log: Log
  installId: string
  /** the session's X-WOPI-SessionId, written into its lock ids */
  wopiSessionId: string
  /** the document the session works on now (Save as moves it to the copy) */
  target(): WopiTarget
  /** state of another session of this editor, by its X-WOPI-SessionId: gone, its page left, or active */
  sessionState(wopiSessionId: string): 'gone' | 'left' | 'active'
  /** ends a session whose page left (its draft is saved on exit, its lock released) */
  endSession(wopiSessionId: string): Promise<void>
  /** tells a live session that another window took its lock over */
  lockTakenFrom(wopiSessionId: string): void
  /** how long to wait for another window's `leave` before calling its lock a conflict (a reload races) */
  leaveWaitMs?: number
}

export interface EditorLock {
  /** the lock id held on the current document, or null */
  readonly id: string | null
  /** a lock an earlier session of this editor left on the document, which takeOver() can take */
  readonly stale: string | null
  forgetStale(): void
  /**
   * Locks the document (again, with the same id, on a reload). Null when locked; why the document is read-only
   * when someone holds the lock (409); any other failure is thrown.
   */
  acquire(): Promise<ViewOnly | null>
  /** Lock again with the held id after the host said the lock expired and nobody else took it. */
  relock(): Promise<void>
  /** locks another document (a Save as copy) with a new id: the id, or null when someone else holds its lock */
  lockOther(other: WopiTarget): Promise<string | null>
  /** the lock now held on the document the session moved to (see lockOther) */
  adopt(id: string | null): void
  release(): Promise<void>
  /** UnlockAndRelock of the stale lock with a new id of this session */
  takeOver(): Promise<void>
  /** RefreshLock when due; what to tell the user when the lock was lost, else null */
  maintain(refreshIntervalMs: number): Promise<EditorError | null>
  /** another window took the lock over: it is not ours any more */
  lost(): void
}

export function createEditorLock(deps: EditorLockDeps): EditorLock {
  const { client, clock } = deps
  let lockId: string | null = null
  let staleLock: string | null = null
  let lastLockRefresh = 0

  const freshId = () => newLockId(deps.wopiSessionId, deps.installId, deps.random)
  const ourLockSession = (lock: string | null) => lockSessionOf(lock, deps.installId)

  /** A reload of the host page opens a new session while the old page's `leave` may still be on its way. */
  async function settledState(wopiSession: string): Promise<'gone' | 'left' | 'active'> {
    // Real elapsed time, not the injected clock: this is a wait for another request to arrive.
    const rounds = Math.ceil((deps.leaveWaitMs ?? 1500) / 100)
    let state = deps.sessionState(wopiSession)
    for (let round = 0; round < rounds && state === 'active'; round++) {
      await new Promise((resolve) => setTimeout(resolve, 100))
      state = deps.sessionState(wopiSession)
    }
    return state
  }

  async function acquire(): Promise<ViewOnly | null> {
    const target = deps.target()
    const id = lockId ?? freshId()
    try {
      try {
        await client.lock(target, id) // with our own id again (a reload of this page) this acts as a refresh
      } catch (error) {
        // Held by one of our own sessions whose page has gone (the host page was reloaded): end that session,
        // which saves its unsaved text and unlocks, then lock again.
        const other = error instanceof WopiCallError && error.status === 409 ? ourLockSession(error.header('x-wopi-lock')) : null
        if (!other || (await settledState(other)) !== 'left') throw error
        await deps.endSession(other)
        await client.lock(target, id)
      }
      lockId = id
      lastLockRefresh = clock.now()
      return null
    } catch (error) {
      lockId = null
      if (!(error instanceof WopiCallError) || error.kind !== 'http' || error.status !== 409) throw error
      const current409Lock = error.header('x-wopi-lock')
      const other = ourLockSession(current409Lock)
      if (other) staleLock = current409Lock
      return lockedReason(error.header('x-wopi-lockfailurereason'), other ? { gone: deps.sessionState(other) === 'gone' } : null)
    }
  }

  async function release(): Promise<void> {
    if (!lockId) return
    const held = lockId
    lockId = null
    try {
      await client.unlock(deps.target(), held)
    } catch (error) {
      deps.log.warn('built-in editor: Unlock failed', { error: (error as Error).message })
    }
  }

  async function maintain(refreshIntervalMs: number): Promise<EditorError | null> {
    if (!lockId || clock.now() - lastLockRefresh < refreshIntervalMs) return null
    const held = lockId
    const target = deps.target()
    try {
      await client.refreshLock(target, held)
      lastLockRefresh = clock.now()
      return null
    } catch (failed) {
      // a failed retry below replaces this failure in what the user is told
      let error = failed
      if (!(error instanceof WopiCallError) || error.kind !== 'http') return null // unreachable for now: next round retries
      if (error.status === 409 && !error.header('x-wopi-lock')) {
        // The lock expired and nobody took it: take it again (a Lock with our id).
        try {
          await client.lock(target, held)
          lastLockRefresh = clock.now()
          return null
        } catch (again) {
          if (!(again instanceof WopiCallError)) return null
          error = again
        }
      }
      const failure = describeFailure(error)
      if (failure.code === 'locked' || failure.code === 'lock-lost') {
        lockId = null
        return {
          code: 'lock-lost',
          message: `Someone else took over the lock on this file${failure.holder ? ` (${failure.holder})` : ''}. Your changes can no longer be saved to it: use Save as to keep them.`,
          ...(failure.holder ? { holder: failure.holder } : {}),
          ...(failure.detail ? { detail: failure.detail } : {}),
        }
      }
      if (failure.code === 'session-expired' || failure.code === 'not-found') return failure
      return null
    }
  }

  return {
    get id() {
      return lockId
    },
    get stale() {
      return staleLock
    },
    forgetStale: () => {
      staleLock = null
    },
    acquire,
    async relock() {
      if (!lockId) return
      await client.lock(deps.target(), lockId)
      lastLockRefresh = clock.now()
    },
    async lockOther(other) {
      const id = freshId()
      try {
        await client.lock(other, id)
        return id
      } catch (error) {
        if (!(error instanceof WopiCallError && error.status === 409)) throw error
        return null
      }
    },
    adopt(id) {
      lockId = id
      lastLockRefresh = clock.now()
    },
    release,
    async takeOver() {
      if (!staleLock) return
      const id = freshId()
      // UnlockAndRelock (LOCK + X-WOPI-OldLock): atomic on the host, so nobody slips in between.
      await client.unlockAndRelock(deps.target(), staleLock, id)
      const previous = ourLockSession(staleLock)
      if (previous) deps.lockTakenFrom(previous)
      staleLock = null
      lockId = id
      lastLockRefresh = clock.now()
    },
    maintain,
    lost: () => {
      lockId = null
    },
  }
}
