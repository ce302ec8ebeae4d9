import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import type { EventName, EventPayloads } from '../../../contract/channels'
import { DB_FILE_NAME, openDb, type Db } from '../../db/open-db'
import type { Log } from '../../deps'
import { DiscoveryError } from '../../discovery/discovery-error'
import { createHttpFetcher, type Fetcher, type HttpFetcherDefaults } from '../../discovery/http-fetch'
import { tempDir } from '../../discovery/test-support/discovery-docs'
import { createCatalog, type Catalog, type CatalogDeps } from '../catalog'
import type { Timers } from '../refresh-scheduler'

// Test-only: a catalog on a real database in a temp folder, a clock the test moves, timers it fires by hand,
// and a network edge that only reaches the test's own servers.

export interface FakeClock {
  now(): number
  advance(ms: number): void
  set(ms: number): void
}

export function fakeClock(start = Date.UTC(2025, 0, 6, 9, 0, 0)): FakeClock {
  let now = start
  return { now: () => now, advance: (ms) => void (now += ms), set: (ms) => void (now = ms) }
}

export interface FakeTimers extends Timers {
  pending(): { ms: number; callback: () => void }[]
  /** runs the callbacks that are pending now and forgets them */
  fireAll(): void
}

export function fakeTimers(): FakeTimers {
  const scheduled = new Map<number, { ms: number; callback: () => void }>()
  let next = 1
  return {
    setTimeout(callback, ms) {
      const id = next++
      scheduled.set(id, { ms, callback })
      return id
    },
    clearTimeout(handle) {
      scheduled.delete(handle as number)
    },
    pending: () => [...scheduled.values()],
    fireAll() {
      const due = [...scheduled.values()]
      scheduled.clear()
      for (const timer of due) timer.callback()
    },
  }
}

export interface LogLine {
  level: string
  message: string
  fields?: Record<string, unknown>
}

export function recordingLog(lines: LogLine[]): Log {
  const push = (level: string) => (message: string, fields?: Record<string, unknown>) =>
    void lines.push({ level, message, ...(fields ? { fields } : {}) })
  return { info: push('info'), warn: push('warn'), error: push('error') }
}

/** Reaches only the given origins (the test's servers); anything else behaves like an unknown host. */
export function offlineExcept(allowed: () => string[], defaults: HttpFetcherDefaults = {}): Fetcher {
  const real = createHttpFetcher(defaults)
  return (url, options) => {
    const origin = new URL(url).origin
    if (allowed().includes(origin)) return real(url, options)
    return Promise.reject(new DiscoveryError('dns', `The host name ${new URL(url).hostname} could not be found (DNS). (test network)`))
  }
}

export interface Harness {
  dir: string
  db: Db
  catalog: Catalog
  clock: FakeClock
  timers: FakeTimers
  logLines: LogLine[]
  events: { event: EventName; payload: unknown }[]
  /** origins the catalog may reach */
  allow(origin: string): void
  /** closes and reopens the database and the catalog, as after a restart */
  restart(): void
  snapshot(): string
  close(): void
}

export function createHarness(overrides: Partial<CatalogDeps> & { fetcherDefaults?: HttpFetcherDefaults } = {}): Harness {
  const temp = tempDir()
  const clock = fakeClock()
  const timers = fakeTimers()
  const logLines: LogLine[] = []
  const events: { event: EventName; payload: unknown }[] = []
  const origins: string[] = []
  const { fetcherDefaults, ...deps } = overrides
  const fetcher = deps.fetcher ?? offlineExcept(() => origins, fetcherDefaults)
  const make = (db: Db) =>
    createCatalog({
      db,
      dataDir: temp.dir,
      fetcher,
      clock,
      log: recordingLog(logLines),
      timers,
      emit: <E extends EventName>(event: E, payload: EventPayloads[E]) => void events.push({ event, payload }),
      ...deps,
    })
  const harness: Harness = {
    dir: temp.dir,
    db: openDb(join(temp.dir, DB_FILE_NAME)),
    catalog: undefined as unknown as Catalog,
    clock,
    timers,
    logLines,
    events,
    allow: (origin) => void origins.push(origin),
    restart() {
      harness.catalog.stop()
      harness.db.close()
      harness.db = openDb(join(temp.dir, DB_FILE_NAME))
      harness.catalog = make(harness.db)
    },
    snapshot: () => catalogSnapshot(harness.db, temp.dir),
    close() {
      harness.catalog.stop()
      if (harness.db.open) harness.db.close()
      temp.remove()
    },
  }
  harness.catalog = make(harness.db)
  return harness
}

/** Everything the catalog owns, as text, to assert that a failed operation changed nothing. */
export function catalogSnapshot(db: Db, dataDir: string): string {
  const iconsDir = join(dataDir, 'icons')
  return JSON.stringify({
    endpoints: db.prepare('SELECT * FROM endpoints ORDER BY id').all(),
    apps: db.prepare('SELECT * FROM apps ORDER BY id').all(),
    actions: db.prepare('SELECT * FROM actions ORDER BY id').all(),
    defaults: db.prepare('SELECT * FROM ext_defaults ORDER BY ext').all(),
    icons: existsSync(iconsDir) ? readdirSync(iconsDir).sort() : [],
  })
}
