import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { channelArgs, type EventName } from '../../contract/channels'
import type { DoctorProgress } from '../../contract/dto'
import { createDoctorApi } from './doctor-api'
import { reportJson } from './report/diagnostics-report'
import { startDoctorHarness, type DoctorHarness } from './test-support/doctor-harness'
import { startFakeEditor, type FakeEditor } from './test-support/fake-editor'

let h: DoctorHarness
let fake: FakeEditor
const emitted: { event: EventName; payload: unknown }[] = []
let api: ReturnType<typeof createDoctorApi>

beforeEach(async () => {
  h = await startDoctorHarness()
  fake = await startFakeEditor({ flavour: 'onlyoffice' })
  await h.addEditor(fake.discoveryUrl)
  emitted.length = 0
  api = createDoctorApi({ ...h.deps, emit: (event, payload) => void emitted.push({ event, payload }), report: { appVersion: '1.2.3' } })
})
afterEach(async () => {
  await fake.close()
  await h.close()
})

const progressOf = (runId: string) =>
  emitted
    .filter((entry) => entry.event === 'doctor:progress' && (entry.payload as DoctorProgress).runId === runId)
    .map((entry) => entry.payload as DoctorProgress)

describe('doctor channels', () => {
  it('implements exactly the doctor:* channels of the contract', () => {
    expect(Object.keys(api).sort()).toEqual(
      Object.keys(channelArgs)
        .filter((name) => name.startsWith('doctor:'))
        .sort(),
    )
  })

  it('doctor:run reports progress under the console run id; doctor:last returns that run', async () => {
    expect(await api['doctor:last']()).toBeNull()
    const report = await api['doctor:run']({}, 'console-7')
    expect(report.runId).toBe('console-7')
    const progress = progressOf('console-7')
    expect(progress[0]).toEqual({ runId: 'console-7', done: 0, total: report.checks.length })
    expect(progress.at(-1)).toMatchObject({ done: report.checks.length, total: report.checks.length })
    expect(
      progress
        .filter((event) => event.result)
        .map((event) => event.result!.id)
        .sort(),
    ).toEqual(report.checks.map((check) => check.id).sort())
    expect(await api['doctor:last']()).toEqual(report)
  })

  it('doctor:run for one editor, and an unknown editor is not-found', async () => {
    const endpointId = h.catalog.listEndpoints()[0]!.id
    const report = await api['doctor:run']({ endpointId }, 'one')
    expect(new Set(report.checks.map((check) => check.endpointId))).toEqual(new Set([null, endpointId]))
    await expect(api['doctor:run']({ endpointId: 'missing' }, 'x')).rejects.toMatchObject({ code: 'not-found' })
  })

  it('runs one at a time: a second run starts after the first has finished', async () => {
    const [first, second] = await Promise.all([api['doctor:run']({}, 'first'), api['doctor:run']({}, 'second')])
    expect(first.finishedAt).toBeLessThanOrEqual(second.startedAt)
    const order = emitted.map((entry) => (entry.payload as DoctorProgress).runId)
    expect(order.lastIndexOf('first')).toBeLessThan(order.indexOf('second'))
  })

  it('doctor:report runs the doctor when no recent run exists and returns one attachable file', async () => {
    const { fileName, text } = await api['doctor:report']()
    expect(fileName).toMatch(/^wopi-desk-report-\d{8}-\d{6}\.txt$/)
    expect(text).toContain('WOPI Desk diagnostics report')
    const json = reportJson(text)
    expect(json['app']).toMatchObject({ version: '1.2.3' })
    expect((json['doctor'] as { checks: unknown[] }).checks.length).toBeGreaterThan(10)
    // The run it made is the last run now, and a second report reuses it.
    const last = await api['doctor:last']()
    expect((json['doctor'] as { runId: string }).runId).toBe(last!.runId)
    const again = reportJson((await api['doctor:report']()).text)
    expect((again['doctor'] as { runId: string }).runId).toBe(last!.runId)
  })
})
