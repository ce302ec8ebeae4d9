import type { Db } from './open-db'

/** Raw key -> JSON value store under the typed settings service (electron/core/settings). */
export interface SettingsRepo {
  all(): Map<string, unknown>
  /** the entries whose key starts with `prefix` (internal records kept beside the settings, e.g. rename intents) */
  withPrefix(prefix: string): Map<string, unknown>
  set(key: string, value: unknown): void
  delete(key: string): void
}

export function createSettingsRepo(db: Db): SettingsRepo {
  const all = db.prepare<[], { key: string; value: string }>('SELECT key, value FROM settings')
  const withPrefix = db.prepare<[string, string], { key: string; value: string }>(
    "SELECT key, value FROM settings WHERE key >= ? AND key < ? || '\uffff'",
  )
  const set = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value')
  const del = db.prepare('DELETE FROM settings WHERE key = ?')
  return {
    all: () => parsed(all.all()),
    withPrefix: (prefix) => parsed(withPrefix.all(prefix, prefix)),
    set: (key, value) => void set.run(key, JSON.stringify(value)),
    delete: (key) => void del.run(key),
  }
}

function parsed(rows: { key: string; value: string }[]): Map<string, unknown> {
  const out = new Map<string, unknown>()
  for (const row of rows) {
    try {
      out.set(row.key, JSON.parse(row.value))
    } catch {
      // A value we cannot read is treated as unset: the default applies and the next update rewrites it.
    }
  }
  return out
}
