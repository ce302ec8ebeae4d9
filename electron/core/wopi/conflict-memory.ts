import type { Clock } from '../deps'

/**
 * The saves PutFile refused as "changed in storage" (409, status code 1010), so that the user's answer to the
 * editor's dialog can be recognised.
 *
 * When the user picks Overwrite, today's Collabora sends the save again without X-COOL-WOPI-Timestamp. LibreOffice
 * Online (2020), seen against a real one, sends the very same PutFile again instead: same lock, same stale
 * X-LOOL-WOPI-Timestamp, neither autosave nor exit save. Refused a second time, it reloads the document from
 * storage and the user's edits are gone. So that repeat, after the refusal, counts as the Overwrite it is (a user
 * who dismisses the dialog and saves again is taken the same way). Nothing is lost either way: the host keeps the
 * content it replaces as a version.
 */
export interface ConflictMemory {
  refused(fileId: string, lockId: string, timestamp: string): void
  /** whether this save repeats a refusal of the last few minutes (and forgets it: one overwrite per answer) */
  isRepeatOfRefusal(fileId: string, lockId: string, timestamp: string): boolean
}

/** how long the editor's dialog may stay open before the user answers */
const ANSWER_WINDOW_MS = 15 * 60_000
const MAX_REMEMBERED = 256

export function createConflictMemory(clock: Clock): ConflictMemory {
  const refusals = new Map<string, number>()
  const key = (fileId: string, lockId: string, timestamp: string) => `${fileId}\n${lockId}\n${timestamp}`
  return {
    refused(fileId, lockId, timestamp) {
      refusals.delete(key(fileId, lockId, timestamp))
      refusals.set(key(fileId, lockId, timestamp), clock.now())
      // Map keeps insertion order: the oldest refusals go first.
      while (refusals.size > MAX_REMEMBERED) refusals.delete(refusals.keys().next().value!)
    },
    isRepeatOfRefusal(fileId, lockId, timestamp) {
      const at = refusals.get(key(fileId, lockId, timestamp))
      if (at === undefined) return false
      refusals.delete(key(fileId, lockId, timestamp))
      return clock.now() - at <= ANSWER_WINDOW_MS
    },
  }
}
