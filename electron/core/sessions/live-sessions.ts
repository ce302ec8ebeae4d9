import { timingSafeEqual } from 'node:crypto'
import type { EndpointKind } from '../../contract/dto'
import { randomId, type Clock, type Random } from '../deps'
import { hashToken } from '../wopi/tokens'

// What an open session keeps in this process's memory only: its token (the host page puts it into its form
// POST, spec 11.1), the key of the browser its page was bound to, and the write check made when it opened.

export interface LiveSession {
  token: string
  expiresAt: number
  appName: string
  endpointName: string
  kind: EndpointKind
  wopiSrc: string
  /**
   * SHA-256 of the page key of the browser that loaded the page first; null until then; UNCLAIMABLE for a
   * sibling started without the key (an editor fetched HostViewUrl): nobody who loads it may switch it to edit.
   */
  pageKeyHash: string | null
}

export interface LiveSessions {
  add(sessionId: string, session: Omit<LiveSession, 'pageKeyHash'>): void
  get(sessionId: string): LiveSession | undefined
  forget(sessionId: string): void
  /** forgets expired sessions; returns how many */
  sweep(): number
  /** a new page key the first time, null once the page was claimed or for a session not held here */
  claim(sessionId: string): string | null
  pageKeyMatches(sessionId: string, pageKey: string | undefined): boolean
  /** nobody may claim this session's page (a sibling started without the caller's page key) */
  makeUnclaimable(sessionId: string): void
  rememberMayWrite(sessionId: string, fileId: string, value: boolean): void
  /** the write check made for this session and file, if one was */
  knownMayWrite(sessionId: string, fileId: string): boolean | undefined
}

const MAY_WRITE_CACHE_LIMIT = 4096
/** never a SHA-256 hex digest, so no key matches it */
const UNCLAIMABLE = 'unclaimable'

export function createLiveSessions(clock: Clock, random: Random): LiveSessions {
  const live = new Map<string, LiveSession>()
  // CheckFileInfo runs on every editor (re)load; the write check is made when the session opens and reused.
  const mayWriteCache = new Map<string, boolean>()

  return {
    add: (sessionId, session) => void live.set(sessionId, { ...session, pageKeyHash: null }),
    get: (sessionId) => live.get(sessionId),
    forget: (sessionId) => void live.delete(sessionId),
    sweep() {
      const now = clock.now()
      let forgotten = 0
      for (const [id, entry] of live) {
        if (entry.expiresAt <= now) {
          live.delete(id)
          forgotten++
        }
      }
      return forgotten
    },
    claim(sessionId) {
      const entry = live.get(sessionId)
      if (!entry || entry.pageKeyHash !== null) return null
      const key = randomId(random, 24)
      entry.pageKeyHash = hashToken(key)
      return key
    },
    pageKeyMatches(sessionId, pageKey) {
      const expected = live.get(sessionId)?.pageKeyHash
      if (!expected || expected === UNCLAIMABLE || !pageKey || pageKey.length > 128) return false
      return timingSafeEqual(Buffer.from(expected, 'hex'), Buffer.from(hashToken(pageKey), 'hex'))
    },
    makeUnclaimable(sessionId) {
      const entry = live.get(sessionId)
      if (entry) entry.pageKeyHash = UNCLAIMABLE
    },
    rememberMayWrite(sessionId, fileId, value) {
      mayWriteCache.set(`${sessionId}:${fileId}`, value)
      if (mayWriteCache.size > MAY_WRITE_CACHE_LIMIT) mayWriteCache.delete(mayWriteCache.keys().next().value!)
    },
    knownMayWrite: (sessionId, fileId) => mayWriteCache.get(`${sessionId}:${fileId}`),
  }
}
