import type { Db } from './open-db'

/** The runtime table: small facts the app records about itself (not settings the admin chose), each with when. */
export interface RuntimeRepo {
  get(key: string): string | undefined
  set(key: string, value: string, at: number): void
  delete(key: string): void
}

export function createRuntimeRepo(db: Db): RuntimeRepo {
  const get = db.prepare<[string], { value: string }>('SELECT value FROM runtime WHERE key = ?')
  const set = db.prepare(
    'INSERT INTO runtime (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
  )
  const del = db.prepare('DELETE FROM runtime WHERE key = ?')
  return {
    get: (key) => get.get(key)?.value,
    set: (key, value, at) => void set.run(key, value, at),
    delete: (key) => void del.run(key),
  }
}
