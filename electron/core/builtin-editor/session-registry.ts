import type { Clock, Log, Random } from '../deps'
import { randomId } from '../deps'
import { createEditorSession, type EditorSession, type SessionDeps, type SessionInit } from './editor-session'

// The live editor sessions of one editor server. A session id (32 random URL-safe characters) is the
// capability for the page's API; it is never sent to the WOPI host (that gets X-WOPI-SessionId, a different
// random id). One maintenance round refreshes locks that are due and ends sessions whose page stopped sending
// heartbeats, which unlocks their files.

export interface RegistryOptions {
  deps: Omit<SessionDeps, 'sessionState' | 'endSession' | 'lockTakenFrom'>
  clock: Clock
  random: Random
  log: Log
  idleTimeoutMs: number
  /** a page that said it left (pagehide) and did not come back within this time is gone */
  leftGraceMs: number
  refreshIntervalMs: number
  maxSessions: number
}

/** Sessions one initiator (the origin that POSTed the form) may have whose page never loaded. */
export const MAX_UNLOADED_PER_INITIATOR = 8

export interface SessionRegistry {
  /**
   * A new session for a form POST from `initiator` (its Origin). When the registry is full, the oldest session
   * whose page never loaded makes room; null when every slot holds a page that did.
   */
  create(init: Omit<SessionInit, 'id'>, initiator?: string): EditorSession | null
  get(id: string): EditorSession | null
  end(id: string, reason: 'closed'): Promise<void>
  size(): number
  maintain(): Promise<void>
  closeAll(): Promise<void>
}

export function createSessionRegistry(options: RegistryOptions): SessionRegistry {
  const sessions = new Map<string, EditorSession>()
  const initiators = new Map<string, string>()
  const byWopiSession = (wopiSessionId: string) => [...sessions.values()].find((s) => !s.ended && s.wopiSessionId === wopiSessionId)
  const deps: SessionDeps = {
    ...options.deps,
    sessionState(wopiSessionId) {
      const session = byWopiSession(wopiSessionId)
      return !session ? 'gone' : session.hasLeft() ? 'left' : 'active'
    },
    lockTakenFrom(wopiSessionId) {
      byWopiSession(wopiSessionId)?.lockTakenOver()
    },
    async endSession(wopiSessionId) {
      const session = byWopiSession(wopiSessionId)
      if (!session) return
      forget(session.id)
      await session.end('idle')
    },
  }

  function forget(id: string): void {
    sessions.delete(id)
    initiators.delete(id)
  }

  function evict(session: EditorSession): void {
    forget(session.id)
    options.log.info('built-in editor: a session whose page never loaded made room for a new one', { wopiSessionId: session.wopiSessionId })
    session
      .end('idle')
      .catch((error: unknown) => options.log.warn('built-in editor: could not end a session', { error: (error as Error).message }))
  }

  return {
    create(init, initiator = '') {
      // Issue 13 item 9: form POSTs whose page never loads must not take the slots of documents in use.
      const unloaded = [...sessions.values()].filter((session) => !session.ended && !session.pageLoaded())
      const own = unloaded.filter((session) => initiators.get(session.id) === initiator)
      if (own.length >= MAX_UNLOADED_PER_INITIATOR) evict(own[0]!)
      else if (sessions.size >= options.maxSessions && unloaded[0]) evict(unloaded[0])
      if (sessions.size >= options.maxSessions) return null
      const id = randomId(options.random, 24)
      const session = createEditorSession(deps, { ...init, id })
      sessions.set(id, session)
      initiators.set(id, initiator)
      return session
    },
    get(id) {
      const session = sessions.get(id)
      return session && !session.ended ? session : null
    },
    async end(id, reason) {
      const session = sessions.get(id)
      forget(id)
      await session?.end(reason)
    },
    size: () => sessions.size,
    async maintain() {
      const now = options.clock.now()
      const work: Promise<void>[] = []
      for (const [id, session] of sessions) {
        if (session.ended) {
          forget(id)
        } else if (now - session.lastSeen() > (session.hasLeft() ? options.leftGraceMs : options.idleTimeoutMs)) {
          forget(id)
          work.push(session.end('idle'))
        } else {
          work.push(session.maintain(options.refreshIntervalMs))
        }
      }
      await Promise.allSettled(work)
    },
    async closeAll() {
      const all = [...sessions.values()]
      sessions.clear()
      initiators.clear()
      await Promise.allSettled(all.map((session) => session.end('shutdown')))
    },
  }
}
