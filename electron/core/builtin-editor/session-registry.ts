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

export interface SessionRegistry {
  /** null when the registry is full */
  create(init: Omit<SessionInit, 'id'>): EditorSession | null
  get(id: string): EditorSession | null
  end(id: string, reason: 'closed'): Promise<void>
  size(): number
  maintain(): Promise<void>
  closeAll(): Promise<void>
}

export function createSessionRegistry(options: RegistryOptions): SessionRegistry {
  const sessions = new Map<string, EditorSession>()
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
      sessions.delete(session.id)
      await session.end('idle')
    },
  }

  return {
    create(init) {
      if (sessions.size >= options.maxSessions) return null
      const id = randomId(options.random, 24)
      const session = createEditorSession(deps, { ...init, id })
      sessions.set(id, session)
      return session
    },
    get(id) {
      const session = sessions.get(id)
      return session && !session.ended ? session : null
    },
    async end(id, reason) {
      const session = sessions.get(id)
      sessions.delete(id)
      await session?.end(reason)
    },
    size: () => sessions.size,
    async maintain() {
      const now = options.clock.now()
      const work: Promise<void>[] = []
      for (const [id, session] of sessions) {
        if (session.ended) {
          sessions.delete(id)
        } else if (now - session.lastSeen() > (session.hasLeft() ? options.leftGraceMs : options.idleTimeoutMs)) {
          sessions.delete(id)
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
      await Promise.allSettled(all.map((session) => session.end('shutdown')))
    },
  }
}
