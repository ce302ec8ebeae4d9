import { hash, timingSafeEqual } from 'node:crypto'
import type { TokenRepo, TokenRow } from '../db/token-repo'
import type { Clock, Random } from '../deps'

// Access tokens (spec 8): 32 random bytes in base64url, so the token only uses URL-unreserved characters and
// its encoded and decoded forms are the same string (which removes the proof-key ambiguity of spec 9.4).
// Only a SHA-256 of it is stored; the token itself exists only in the caller's hands.

export const TOKEN_BYTES = 32
const MAX_TOKEN_LENGTH = 2048

export interface IssueTokenInput {
  fileId: string
  userId: string
  userName: string
  canWrite: boolean
  appId?: string | null
  sessionId?: string | null
  /** absolute expiry, ms since epoch (what access_token_ttl carries) */
  expiresAt: number
}

export interface IssuedToken {
  token: string
  expiresAt: number
  row: TokenRow
}

export type TokenProblem = 'missing' | 'unknown' | 'expired' | 'other-file'

export interface TokenService {
  issue(input: IssueTokenInput): IssuedToken
  /** the stored record for a presented token, valid or not (its app id decides whether proofs apply) */
  find(token: string | undefined): TokenRow | undefined
  /** why the token does not grant access to `fileId`, or null when it does */
  problem(token: string | undefined, row: TokenRow | undefined, fileId: string): TokenProblem | null
  /**
   * Ends every token issued for a document session (its own and those of files it was given) now, in the
   * database and in memory: a closed session leaves no token that still works.
   */
  revokeSession(sessionId: string): number
  /**
   * Whether `row` belongs to a session closed less than a minute ago: its editor may still be finishing (the exit
   * save and the unlock come after the page is gone). The router lets such a token save and unlock under the
   * lock it holds, and nothing else.
   */
  windingDown(row: TokenRow): boolean
  /** forgets tokens that expired more than `graceMs` ago */
  sweep(graceMs?: number): number
}

export function hashToken(token: string): string {
  // The one-shot form: no Hash object per request, about half the time of createHash() for a token (issue 11).
  return hash('sha256', token, 'hex')
}

export function describeTokenProblem(problem: TokenProblem): string {
  switch (problem) {
    case 'missing':
      return 'no access token (access_token query parameter or Authorization: Bearer)'
    case 'unknown':
      return 'unknown or forged access token'
    case 'expired':
      return 'the access token has expired'
    case 'other-file':
      return 'the access token was issued for another file'
  }
}

// Token rows change only when their session ends (revokeSession), so the ones in use are kept in memory:
// CheckFileInfo then needs no query for its token. Bounded; the oldest entries go first.
const CACHE_LIMIT = 4096
/** how long a closed session's editor may still finish its exit save and unlock */
export const WIND_DOWN_MS = 60_000

export function createTokenService(deps: { repo: TokenRepo; clock: Clock; random: Random }): TokenService {
  const { repo, clock } = deps
  const cache = new Map<string, TokenRow>()
  const closedSessions = new Map<string, number>()
  const remember = (row: TokenRow) => {
    cache.set(row.hash, row)
    if (cache.size > CACHE_LIMIT) cache.delete(cache.keys().next().value!)
  }
  return {
    issue(input) {
      const token = deps.random.bytes(TOKEN_BYTES).toString('base64url')
      const row: TokenRow = {
        hash: hashToken(token),
        fileId: input.fileId,
        userId: input.userId,
        userName: input.userName,
        canWrite: input.canWrite,
        appId: input.appId ?? null,
        sessionId: input.sessionId ?? null,
        expiresAt: input.expiresAt,
        createdAt: clock.now(),
      }
      repo.insert(row)
      remember(row)
      return { token, expiresAt: row.expiresAt, row }
    },
    find(token) {
      if (!token || token.length > MAX_TOKEN_LENGTH) return undefined
      const hash = hashToken(token)
      const row = cache.get(hash) ?? repo.byHash(hash)
      // The lookup is by hash already; the constant-time compare keeps it that way if storage ever changes.
      if (!row || !timingSafeEqual(Buffer.from(row.hash, 'hex'), Buffer.from(hash, 'hex'))) return undefined
      remember(row)
      return row
    },
    problem(token, row, fileId) {
      if (!token) return 'missing'
      if (!row) return 'unknown'
      if (row.expiresAt <= clock.now()) return 'expired'
      if (row.fileId !== fileId) return 'other-file'
      return null
    },
    revokeSession(sessionId) {
      const now = clock.now()
      // The database first: if it refuses (busy, full), the tokens stay valid in memory too and the caller hears it.
      const changed = repo.expireSession(sessionId, now)
      for (const [hash, row] of cache) if (row.sessionId === sessionId && row.expiresAt > now) cache.set(hash, { ...row, expiresAt: now })
      closedSessions.set(sessionId, now)
      for (const [closed, at] of closedSessions) if (now - at > WIND_DOWN_MS) closedSessions.delete(closed)
      return changed
    },
    windingDown(row) {
      const closedAt = row.sessionId ? closedSessions.get(row.sessionId) : undefined
      return closedAt !== undefined && row.expiresAt === closedAt && clock.now() - closedAt <= WIND_DOWN_MS
    },
    sweep(graceMs = 24 * 60 * 60 * 1000) {
      const cutoff = clock.now() - graceMs
      for (const [hash, row] of cache) if (row.expiresAt < cutoff) cache.delete(hash)
      return repo.deleteExpiredBefore(cutoff)
    },
  }
}
