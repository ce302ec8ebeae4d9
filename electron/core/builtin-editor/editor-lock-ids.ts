import type { Random } from '../deps'
import { randomUuid } from './wopi-client'

/** Marks lock ids this editor writes, so it can recognise a lock it left behind (crash, killed window). */
export const LOCK_EDITOR_MARK = 'WOPI-Desk-Editor'

/** A new lock id for a session of this installation, JSON-shaped like Office's (spec 4.1): hosts store and compare it verbatim. */
export function newLockId(wopiSessionId: string, installId: string, random: Random): string {
  return JSON.stringify({ S: wopiSessionId, E: LOCK_EDITOR_MARK, I: installId, N: randomUuid(random) })
}

/** The X-WOPI-SessionId inside a lock this installation wrote, or null for anyone else's lock. */
export function lockSessionOf(lock: string | null, installId: string): string | null {
  if (!lock) return null
  try {
    const parsed = JSON.parse(lock) as Record<string, unknown>
    return parsed['E'] === LOCK_EDITOR_MARK && parsed['I'] === installId && typeof parsed['S'] === 'string' ? parsed['S'] : null
  } catch {
    return null
  }
}
