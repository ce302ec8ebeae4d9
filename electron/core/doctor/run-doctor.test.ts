import { readdir } from 'node:fs/promises'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { DoctorProgress } from '../../contract/dto'
import { ApiError } from '../../contract/envelope'
import { ENDPOINT_CHECKS, FAILURE_MODE_COVERAGE, HOST_CHECKS } from './checks'
import { pass, type HostCheck } from './checks/types'
import { createDoctorRunRepo, KEPT_RUNS } from '../db/doctor-run-repo'
import { runDoctor } from './run-doctor'
import { startDoctorHarness, type DoctorHarness } from './test-support/doctor-harness'
import { startFakeEditor, type FakeEditor } from './test-support/fake-editor'

let h: DoctorHarness
const editors: FakeEditor[] = []
beforeEach(async () => {
  h = await startDoctorHarness()
})
afterEach(async () => {
  for (const started of editors.splice(0)) await started.close()
  await h.close()
})

const hostCheck = (id: string, run: HostCheck['run'], timeoutMs?: number): HostCheck => ({
  id,
  title: `Check ${id}`,
  scope: 'host',
  run,
  ...(timeoutMs ? { timeoutMs } : {}),
})
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('runDoctor', () => {
  it('reports progress under the given run id: the total first, then each check as it starts and ends', async () => {
    const events: DoctorProgress[] = []
    const report = await runDoctor(h.deps, {
      runId: 'console-run-1',
      store: null,
      checks: { host: [hostCheck('a', async () => pass('A is fine')), hostCheck('b', async () => pass('B is fine'))], endpoint: [] },
      concurrency: 1,
      onProgress: (event) => events.push(event),
    })
    expect(report.runId).toBe('console-run-1')
    expect(events.every((event) => event.runId === 'console-run-1')).toBe(true)
    expect(events.map((event) => [event.done, event.total, event.current ?? null, event.result?.id ?? null])).toEqual([
      [0, 2, null, null],
      [0, 2, 'Check a', null],
      [1, 2, null, 'a'],
      [1, 2, 'Check b', null],
      [2, 2, null, 'b'],
    ])
    expect(report.checks).toEqual([
      { id: 'a', title: 'Check a', endpointId: null, status: 'pass', detail: 'A is fine', fix: '' },
      { id: 'b', title: 'Check b', endpointId: null, status: 'pass', detail: 'B is fine', fix: '' },
    ])
  })

  it('runs at most `concurrency` checks at a time and keeps registry order in the results', async () => {
    let running = 0
    let most = 0
    const slowThenFast = (id: string, ms: number) =>
      hostCheck(id, async () => {
        running++
        most = Math.max(most, running)
        await sleep(ms)
        running--
        return pass(id)
      })
    const report = await runDoctor(h.deps, {
      store: null,
      concurrency: 2,
      checks: {
        host: [
          slowThenFast('1', 60),
          slowThenFast('2', 5),
          slowThenFast('3', 5),
          slowThenFast('4', 5),
          slowThenFast('5', 5),
          slowThenFast('6', 5),
        ],
        endpoint: [],
      },
    })
    expect(most).toBe(2)
    expect(report.checks.map((check) => check.id)).toEqual(['1', '2', '3', '4', '5', '6'])
  })

  it('a check that overruns its time limit or throws becomes a warning; the run goes on', async () => {
    const report = await runDoctor(h.deps, {
      store: null,
      cleanupGraceMs: 10,
      checks: {
        host: [
          hostCheck('hangs', () => new Promise(() => undefined), 50),
          hostCheck('throws', async () => Promise.reject(new Error('boom'))),
          hostCheck('fine', async () => pass('ok')),
        ],
        endpoint: [],
      },
    })
    expect(report.checks.map((check) => [check.id, check.status])).toEqual([
      ['hangs', 'warn'],
      ['throws', 'warn'],
      ['fine', 'pass'],
    ])
    expect(report.checks[0]!.detail).toContain('did not finish within 50 ms')
    expect(report.checks[1]!.detail).toBe('The check could not run: boom')
  })

  it('redacts what checks say: secrets of the run and token-shaped text', async () => {
    const secret = 'canary-secret-value-1234'
    const report = await runDoctor(h.deps, {
      store: null,
      checks: {
        host: [
          hostCheck('leaky', async (ctx) => {
            ctx.redact.add(secret)
            return {
              status: 'fail',
              detail: `called http://h/wopi/files/x?access_token=${secret} and got Bearer abc.def`,
              fix: `X-WOPI-Proof: ${'Q'.repeat(40)}`,
            }
          }),
        ],
        endpoint: [],
      },
    })
    const text = JSON.stringify(report)
    expect(text).not.toContain(secret)
    expect(text).not.toContain('abc.def')
    expect(text).not.toContain('QQQQQQQQQQ')
    expect(report.checks[0]!.detail).toBe('called http://h/wopi/files/x?access_token=<redacted> and got Bearer <redacted>')
  })

  it('stores each run for doctor:last and keeps only the newest', async () => {
    const store = createDoctorRunRepo(h.host.desk.db)
    let last
    for (let i = 0; i < KEPT_RUNS + 3; i++) {
      h.host.clock.advance(1000)
      last = await runDoctor(h.deps, { store, checks: { host: [hostCheck('a', async () => pass(`run ${i}`))], endpoint: [] } })
    }
    expect(store.last()).toEqual(last)
    expect((h.host.desk.db.prepare('SELECT COUNT(*) AS n FROM doctor_runs').get() as { n: number }).n).toBe(KEPT_RUNS)
  })

  it('an unknown editor id is a not-found error that changes nothing', async () => {
    await expect(runDoctor(h.deps, { endpointId: 'nope', store: createDoctorRunRepo(h.host.desk.db) })).rejects.toMatchObject({
      code: 'not-found',
    })
    await expect(runDoctor(h.deps, { endpointId: 'nope' })).rejects.toBeInstanceOf(ApiError)
    expect(createDoctorRunRepo(h.host.desk.db).last()).toBeNull()
  })

  it('a full run against two editors: one result per check and editor, and no canary left behind', async () => {
    for (const flavour of ['collabora', 'onlyoffice'] as const) {
      const fake = await startFakeEditor({ flavour })
      editors.push(fake)
      await h.addEditor(fake.discoveryUrl)
    }
    h.host.desk.settings.update({ hostPageOrigin: new URL(h.host.desk.wopiBase()).origin })
    const report = await runDoctor(h.deps, { store: null })
    expect(report.checks).toHaveLength(HOST_CHECKS.length + 2 * ENDPOINT_CHECKS.length)
    expect(report.checks.filter((check) => check.status === 'fail')).toEqual([])
    expect(await readdir(h.host.root)).toEqual(['Plan.docx'])
    const db = h.host.desk.db
    expect(db.prepare("SELECT COUNT(*) AS n FROM files WHERE deleted_at IS NULL AND rel_path <> 'Plan.docx'").get()).toEqual({ n: 0 })
    expect(db.prepare('SELECT COUNT(*) AS n FROM versions').get()).toEqual({ n: 0 })
    expect(db.prepare('SELECT COUNT(*) AS n FROM locks').get()).toEqual({ n: 0 })
  })
})

describe('failure-mode coverage', () => {
  it('names at least 14 of the 18 modes, each with checks that exist', () => {
    const ids = new Set([...HOST_CHECKS, ...ENDPOINT_CHECKS].map((check) => check.id))
    const detected = Object.entries(FAILURE_MODE_COVERAGE).filter(([, checks]) => checks.length > 0)
    expect(detected.length).toBeGreaterThanOrEqual(14)
    for (const [, checks] of detected) for (const id of checks) expect(ids.has(id)).toBe(true)
    expect(Object.keys(FAILURE_MODE_COVERAGE).map(Number)).toEqual(Array.from({ length: 18 }, (_, i) => i + 1))
  })
})
