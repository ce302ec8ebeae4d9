/**
 * Serialises async work per key (one file id, or the folder namespace). better-sqlite3 is synchronous, but a
 * PutFile streams for seconds: without this, a Lock could slip in between its lock check and its commit.
 * Not re-entrant: a holder must not ask for the same key again.
 */
export interface KeyedMutex {
  run<T>(key: string, task: () => Promise<T>): Promise<T>
  isHeld(key: string): boolean
}

export function createKeyedMutex(): KeyedMutex {
  const tails = new Map<string, Promise<void>>()
  return {
    run<T>(key: string, task: () => Promise<T>): Promise<T> {
      const previous = tails.get(key) ?? Promise.resolve()
      let release!: () => void
      const current = new Promise<void>((resolve) => (release = resolve))
      const tail = previous.then(() => current)
      tails.set(key, tail)
      return previous.then(async () => {
        try {
          return await task()
        } finally {
          release()
          // Drop the entry once nobody queued behind us, so the map does not grow with every file ever touched.
          if (tails.get(key) === tail) tails.delete(key)
        }
      })
    },
    isHeld: (key) => tails.has(key),
  }
}
