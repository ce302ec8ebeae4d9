import Database from 'better-sqlite3'
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { build } from 'rolldown'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { systemClock, type Log } from '../deps'
import { createTrafficLog } from '../wopi/traffic-log'
import { createRequestLogRepo, type RequestRecord } from './request-log-repo'
import { startRequestLogWorker } from './request-log-worker-client'
import { inThreadRequestLogWriter, type RequestLogWriter, type StoreOutcome } from './request-log-writer'
import { requestEntry } from './test-support/request-record'
import { useTempDb } from './test-support/temp-db'

// The request log's worker thread, run for real: its entry is bundled from the source under test (as the
// app's build does) into a folder that sees node_modules, so a stale out/ can never stand in for it.

const repoRoot = resolve(__dirname, '..', '..', '..')
let bundleDir: string
let workerScript: string

beforeAll(async () => {
  bundleDir = await mkdtemp(join(tmpdir(), 'wopi-desk-log-worker-'))
  await symlink(join(repoRoot, 'node_modules'), join(bundleDir, 'node_modules'))
  await build({
    input: join(repoRoot, 'electron', 'core', 'db', 'request-log-worker.ts'),
    platform: 'node',
    external: ['better-sqlite3', /^node:/],
    logLevel: 'silent',
    output: { dir: bundleDir, format: 'esm', entryFileNames: 'request-log-worker.mjs' },
  })
  workerScript = join(bundleDir, 'request-log-worker.mjs')
}, 60_000)

afterAll(async () => {
  await rm(bundleDir, { recursive: true, force: true })
})

function row(id: number, operation = 'CheckFileInfo'): RequestRecord {
  return {
    id,
    ...requestEntry({ operation, ts: 1_700_000_000_000 + id, correlationId: `corr-${id}`, details: { path: `/wopi/files/f#${id}` } }),
  }
}

const rows = (from: number, count: number) => Array.from({ length: count }, (_, i) => row(from + i))

function recordingLog(): Log & { warnings: string[]; infos: string[] } {
  const warnings: string[] = []
  const infos: string[] = []
  return { warnings, infos, info: (m) => infos.push(m), warn: (m) => warnings.push(m), error: (m) => warnings.push(m) }
}

/** A fallback that records what it was handed and stores it, as the host's in-thread writer does. */
function recordingFallback(inner: RequestLogWriter): RequestLogWriter & { handed: number[] } {
  const handed: number[] = []
  return {
    handed,
    store: (batch, capacity, settled) => {
      handed.push(...batch.map((r) => r.id))
      inner.store(batch, capacity, settled)
    },
    settle: () => true,
    close: () => {},
  }
}

describe('the request log worker', () => {
  const temp = useTempDb('wopi-desk-log-worker-db-')
  const dbFile = () => join(temp.dir, 'db.sqlite')
  /** the worker over the test's database, with a recording log and the in-thread writer as its fallback */
  const startWorker = (options: { script?: string; log?: Log; fallback?: RequestLogWriter } = {}) =>
    startRequestLogWorker({
      script: options.script ?? workerScript,
      dbFile: dbFile(),
      log: options.log ?? recordingLog(),
      fallback: options.fallback ?? inThreadRequestLogWriter(createRequestLogRepo(temp.db)),
    })
  /** another program holding the database's write lock while `run` runs */
  const whileHeldByAnotherProgram = (run: () => void): void => {
    const outside = new Database(dbFile())
    try {
      outside.exec('BEGIN IMMEDIATE')
      run()
    } finally {
      outside.exec('ROLLBACK')
      outside.close()
    }
  }

  it('stores batches with its own connection; after settle the serving connection reads every row', () => {
    const log = recordingLog()
    const fallback = recordingFallback(inThreadRequestLogWriter(createRequestLogRepo(temp.db)))
    const writer = startWorker({ log, fallback })
    const outcomes: StoreOutcome[] = []
    writer.store(rows(1, 100), 5000, (o) => outcomes.push(o))
    writer.store(rows(101, 28), 5000, (o) => outcomes.push(o))

    expect(writer.settle(10_000)).toBe(true)
    expect(outcomes).toEqual([{ kind: 'stored' }, { kind: 'stored' }])
    const stored = createRequestLogRepo(temp.db).recent({ limit: 1000 })
    expect(stored.map((r) => r.id)).toEqual(
      rows(1, 128)
        .map((r) => r.id)
        .reverse(),
    )
    expect(stored.at(-1)).toEqual(row(1))
    expect(fallback.handed).toEqual([])
    expect(log.warnings).toEqual([])
    writer.close()
  })

  it('trims the ring to its capacity as the serving thread did', () => {
    const writer = startWorker()
    writer.store(rows(1, 50), 20, () => {})
    expect(writer.settle(10_000)).toBe(true)
    expect(
      createRequestLogRepo(temp.db)
        .recent({ limit: 100 })
        .map((r) => r.id),
    ).toEqual(
      rows(31, 20)
        .map((r) => r.id)
        .reverse(),
    )
    writer.close()
  })

  it('answers busy while another program holds the write lock, and stores once it lets go', () => {
    const writer = startWorker()
    const outcomes: StoreOutcome[] = []
    whileHeldByAnotherProgram(() => {
      writer.store(rows(1, 3), 5000, (o) => outcomes.push(o))
      expect(writer.settle(10_000)).toBe(true)
      expect(outcomes).toEqual([{ kind: 'busy' }])
    })
    writer.store(rows(1, 3), 5000, (o) => outcomes.push(o))
    expect(writer.settle(10_000)).toBe(true)
    expect(outcomes).toEqual([{ kind: 'busy' }, { kind: 'stored' }])
    expect(createRequestLogRepo(temp.db).recent({}).length).toBe(3)
    writer.close()
  })

  it('answers the batches queued behind a busy one at once, so a held database cannot build a queue', () => {
    const writer = startWorker()
    const outcomes: StoreOutcome[] = []
    whileHeldByAnotherProgram(() => {
      for (let batch = 0; batch < 6; batch++) writer.store(rows(1 + batch * 2, 2), 5000, (o) => outcomes.push(o))
      const started = performance.now()
      expect(writer.settle(20_000)).toBe(true)
      // One wait of the worker's busy timeout (1 s), not six: the other five answered without waiting.
      expect(performance.now() - started).toBeLessThan(4_000)
      expect(outcomes).toEqual(Array(6).fill({ kind: 'busy' }))
    })
    // Once the database is free, the first batch stored makes the next ones wait normally again.
    writer.store(rows(1, 2), 5000, (o) => outcomes.push(o))
    expect(writer.settle(10_000)).toBe(true)
    expect(outcomes.at(-1)).toEqual({ kind: 'stored' })
    writer.close()
  })

  it('hands its batches to the serving thread when the worker cannot start', async () => {
    const broken = join(bundleDir, 'broken-worker.mjs')
    await writeFile(broken, "throw new Error('this build of the worker is damaged')\n")
    const log = recordingLog()
    const fallback = recordingFallback(inThreadRequestLogWriter(createRequestLogRepo(temp.db)))
    const writer = startWorker({ script: broken, log, fallback })
    const outcomes: StoreOutcome[] = []
    writer.store(rows(1, 5), 5000, (o) => outcomes.push(o))

    await vi.waitFor(() => expect(outcomes).toEqual([{ kind: 'stored' }]), { timeout: 10_000 })
    expect(fallback.handed).toEqual([1, 2, 3, 4, 5])
    expect(log.warnings).toEqual(['the request log is written on the serving thread: its worker stopped'])
    // From then on every batch is written on the serving thread, at once.
    writer.store(rows(6, 1), 5000, (o) => outcomes.push(o))
    expect(outcomes).toHaveLength(2)
    expect(createRequestLogRepo(temp.db).recent({}).length).toBe(6)
    writer.close()
  })

  it('hands the batches it had not answered to the serving thread when the worker stops', async () => {
    const dying = join(bundleDir, 'dying-worker.mjs')
    // Takes the first batch and stops without answering, as a crash in the middle of a write would.
    await writeFile(dying, "import { workerData } from 'node:worker_threads'\nworkerData.port.on('message', () => process.exit(3))\n")
    const log = recordingLog()
    const fallback = recordingFallback(inThreadRequestLogWriter(createRequestLogRepo(temp.db)))
    const writer = startWorker({ script: dying, log, fallback })
    const outcomes: StoreOutcome[] = []
    writer.store(rows(1, 2), 5000, (o) => outcomes.push(o))
    writer.store(rows(3, 2), 5000, (o) => outcomes.push(o))

    await vi.waitFor(() => expect(outcomes).toHaveLength(2), { timeout: 10_000 })
    expect(outcomes).toEqual([{ kind: 'stored' }, { kind: 'stored' }])
    expect(fallback.handed).toEqual([1, 2, 3, 4])
    expect(log.warnings).toEqual(['the request log is written on the serving thread: its worker stopped'])
    writer.close()
  })

  it('is not started when its entry is not built: the log is written on the serving thread and says so', () => {
    const log = recordingLog()
    const fallback = inThreadRequestLogWriter(createRequestLogRepo(temp.db))
    const writer = startWorker({ script: join(bundleDir, 'missing.mjs'), log, fallback })
    expect(writer).toBe(fallback)
    expect(log.infos).toEqual(['the request log is written on the serving thread: its worker is not built'])
  })

  it('lets the Activity page read requests recorded a moment ago, through the traffic log', () => {
    const repo = createRequestLogRepo(temp.db)
    const writer = startWorker({ fallback: inThreadRequestLogWriter(repo) })
    const traffic = createTrafficLog({ repo, writer, clock: systemClock, log: recordingLog() })
    const recorded = Array.from({ length: 300 }, (_, i) => traffic.record(requestEntry({ operation: i % 2 ? 'GetFile' : 'CheckFileInfo' })))

    const seen = traffic.recent({ operation: 'GetFile', limit: 1000 })
    expect(seen.map((r) => r.id)).toEqual(
      recorded
        .filter((r) => r.operation === 'GetFile')
        .map((r) => r.id)
        .reverse(),
    )
    traffic.close()
  })
})
