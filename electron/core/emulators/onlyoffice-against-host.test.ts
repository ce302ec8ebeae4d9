import { generateKeyPairSync } from 'node:crypto'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { lockFile } from '../wopi/test-kit'
import { runEmulation } from './run-emulation'
import { recordingFetch, startProductHost, type ProductHost, type RecordedExchange } from './test-support/product-host'
import type { EmulationReport } from './types'

// The ONLYOFFICE emulator against the product's real WOPI host: deterministic lock id, REFRESH_LOCK cadence,
// X-LOOL- save headers, save-a-copy and convert-and-edit, the view-mode fallback, the new-document flow, proofs.

const MINUTE = 60_000
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'

let host: ProductHost | undefined
afterEach(async () => {
  await host?.close()
  host = undefined
})

const overrideOf = (record: RecordedExchange) => record.headers['x-wopi-override'] ?? (record.method === 'GET' ? 'GET' : '?')
const deviationsOf = (report: EmulationReport) =>
  report.steps.filter((step) => step.outcome !== 'ok').map((step) => `${step.step}: ${step.finding}`)

describe('ONLYOFFICE emulator against the WOPI Desk host', () => {
  it('runs a whole editing session with zero deviations', async () => {
    host = await startProductHost({ 'Minutes.docx': Buffer.from('PK\x03\x04 minutes') })
    const h = host
    const access = await h.token('Minutes.docx')
    const started = h.clock.now()
    const records: RecordedExchange[] = []
    const locks: { override: string; status: number; lockId: string | null; expiresAt: number | null }[] = []
    const fetchImpl = recordingFetch(records, (record) => {
      const row = h.desk.locks.current(access.fileId)
      locks.push({ override: overrideOf(record), status: record.status, lockId: row?.lockId ?? null, expiresAt: row?.expiresAt ?? null })
    })

    const report = await runEmulation({
      editor: 'onlyoffice',
      wopiSrc: access.wopiSrc,
      accessToken: access.accessToken,
      fetchImpl,
      clock: h.clock,
      options: {
        editedContent: (_downloaded, n) => Buffer.from(`PK\x03\x04 minutes, save ${n}`),
        lockRefreshes: 3,
        // wopi.refreshLockInterval is 10 min; 20 minutes apart proves each refresh (a lock lapses after 30).
        lockRefreshIntervalMs: 20 * MINUTE,
        sleep: async (ms) => h.clock.advance(ms),
        fileConversion: true,
        saveAsName: 'Minutes copy.docx',
        renameTo: 'Protokoll Straße',
      },
    })

    expect(deviationsOf(report)).toEqual([])
    expect(report.leftovers).toEqual([])

    // LOCK with the document key: the last WOPISrc segment, i.e. the host's file id; it is the held lock id.
    const lock = locks.find((entry) => entry.override === 'LOCK')!
    expect(lock).toMatchObject({ status: 200, lockId: access.fileId, expiresAt: started + 30 * MINUTE })
    // REFRESH_LOCK every interval restarts the 30 minutes; the saves at minute 60 only work because of it.
    expect(locks.filter((entry) => entry.override === 'REFRESH_LOCK').map((entry) => [entry.status, entry.expiresAt])).toEqual([
      [200, started + 50 * MINUTE],
      [200, started + 70 * MINUTE],
      [200, started + 90 * MINUTE],
    ])

    // PutFile: X-LOOL- headers only, the key as lock, X-WOPI-Editors, Content-Type from the extension, chained timestamp.
    const puts = records.filter((record) => overrideOf(record) === 'PUT')
    expect(puts.map((record) => record.status)).toEqual([200, 200])
    expect(puts[0]!.headers).toMatchObject({
      'x-wopi-lock': access.fileId,
      'x-lool-wopi-ismodifiedbyuser': 'true',
      'x-lool-wopi-isautosave': 'true',
      'x-lool-wopi-isexitsave': 'false',
      'content-type': DOCX,
    })
    expect(puts[0]!.headers['x-wopi-editors']).toBe(h.desk.settings.get().userId)
    expect(puts[1]!.headers['x-lool-wopi-timestamp']).toBe(
      (JSON.parse(puts[0]!.responseBody.toString()) as { LastModifiedTime: string }).LastModifiedTime,
    )
    expect(puts.flatMap((record) => Object.keys(record.headers).filter((name) => name.startsWith('x-cool-')))).toEqual([])
    expect((await h.disk(access.fileId)).toString()).toBe('PK\x03\x04 minutes, save 2')

    // Save a copy (npm utf7: spaces encoded) and convert-and-edit (extension only + X-WOPI-FileConversion): both created, then removed.
    const relatives = records.filter((record) => overrideOf(record) === 'PUT_RELATIVE')
    expect(
      relatives.map((record) => [record.status, record.headers['x-wopi-suggestedtarget'], record.headers['x-wopi-fileconversion']]),
    ).toEqual([
      [200, 'Minutes+ACA-copy.docx', undefined],
      [200, '.docx', 'true'],
    ])
    expect((JSON.parse(relatives[1]!.responseBody.toString()) as { HostEditUrl?: string }).HostEditUrl).toMatch(/\/open\/.+\?action=edit$/)
    expect(records.filter((record) => overrideOf(record) === 'DELETE').map((record) => record.status)).toEqual([200, 200])

    // RenameFile with an empty body, the key as lock, a UTF-7 name; then back.
    const renames = records.filter((record) => overrideOf(record) === 'RENAME_FILE')
    expect(
      renames.map((record) => [record.status, record.headers['x-wopi-requestedname'], record.headers['x-wopi-lock'], record.bodyBytes]),
    ).toEqual([
      [200, 'Protokoll+ACA-Stra+AN8-e', access.fileId, 0],
      [200, 'Minutes', access.fileId, 0],
    ])

    // Every call carries ONLYOFFICE's standard headers; UNLOCK comes last.
    for (const record of records) {
      expect(record.headers['x-wopi-timestamp']).toMatch(/^\d{18}$/)
      expect(record.headers['x-wopi-clientversion']).toBeTruthy()
      expect(record.headers['x-wopi-correlationid']).toMatch(/^[0-9a-f-]{36}$/)
      expect(record.headers['x-wopi-sessionid']).toMatch(/^[0-9a-f-]{36}$/)
    }
    expect(overrideOf(records.at(-1)!)).toBe('UNLOCK')
    expect(h.desk.locks.current(access.fileId)).toBeNull()
    expect(await h.listRoot()).toEqual(['Minutes.docx'])
  })

  it('falls back to view mode when a second session holds the lock, and writes nothing', async () => {
    host = await startProductHost({ 'Shared.docx': Buffer.from('PK\x03\x04 shared') })
    const other = await host.token('Shared.docx', { user: 'Someone Else' })
    expect((await lockFile(other, 'cool-lock0123abcd')).status).toBe(200)
    const access = await host.token('Shared.docx')
    const records: RecordedExchange[] = []

    const report = await runEmulation({
      editor: 'onlyoffice',
      wopiSrc: access.wopiSrc,
      accessToken: access.accessToken,
      fetchImpl: recordingFetch(records),
    })

    expect(report.steps.filter((step) => step.outcome !== 'ok')).toEqual([
      expect.objectContaining({
        step: 'Lock',
        status: 409,
        outcome: 'deviation',
        finding: expect.stringMatching(/^LOCK failed: answered 409, X-WOPI-Lock "cool-lock0123abcd"/),
        consequence: 'ONLYOFFICE silently falls back to view mode: the user sees the document read-only without being told why.',
      }),
    ])
    expect(report.fatal).toBe(false)
    expect(records.map(overrideOf)).toEqual(['GET', 'LOCK', 'GET'])
    expect(report.steps.at(-1)!.finding).toContain(`view.${access.fileId}.`)
    expect(host.desk.locks.current(access.fileId)?.lockId).toBe('cool-lock0123abcd')
    expect((await host.disk(access.fileId)).toString()).toBe('PK\x03\x04 shared')
  })

  it('stores the blank template on a new, empty document before locking it', async () => {
    host = await startProductHost({ 'New document.docx': Buffer.alloc(0) })
    const access = await host.token('New document.docx')
    const template = Buffer.from('PK\x03\x04 ONLYOFFICE blank new.docx')
    const records: RecordedExchange[] = []
    const report = await runEmulation({
      editor: 'onlyoffice',
      wopiSrc: access.wopiSrc,
      accessToken: access.accessToken,
      fetchImpl: recordingFetch(records),
      options: { blankTemplate: template, saves: 0, saveAs: false, rename: false, lockRefreshes: 0 },
    })
    expect(deviationsOf(report)).toEqual([])
    expect(records.map(overrideOf)).toEqual(['GET', 'PUT', 'LOCK', 'GET', 'UNLOCK'])
    expect(records[1]!.headers['x-wopi-lock']).toBeUndefined()
    expect(records[1]!.status).toBe(200)
    expect((await host.disk(access.fileId)).equals(template)).toBe(true)
    expect(records[3]!.responseBody.equals(template)).toBe(true)
  })

  it('reports the refused save when the file changed on disk (X-LOOL-WOPI-Timestamp), keeping the external version', async () => {
    host = await startProductHost({ 'Plan.docx': Buffer.from('PK\x03\x04 plan') })
    const h = host
    const access = await h.token('Plan.docx')
    const external = Buffer.from('PK\x03\x04 plan, edited in another program')
    const records: RecordedExchange[] = []
    const report = await runEmulation({
      editor: 'onlyoffice',
      wopiSrc: access.wopiSrc,
      accessToken: access.accessToken,
      fetchImpl: recordingFetch(records),
      hooks: { afterOpen: () => writeFile(join(h.root, 'Plan.docx'), external) },
      options: { saves: 1, saveAs: false, rename: false, editedContent: Buffer.from('PK\x03\x04 plan, onlyoffice') },
    })
    const put = records.find((record) => overrideOf(record) === 'PUT')!
    expect(put.status).toBe(409)
    expect(JSON.parse(put.responseBody.toString())).toEqual({ LOOLStatusCode: 1010 })
    expect(put.headers['x-lool-wopi-timestamp']).toBe(
      report.steps.find((step) => step.step === 'CheckFileInfo')!.finding.match(/LastModifiedTime "([^"]+)"/)![1],
    )
    expect(report.steps.filter((step) => step.outcome !== 'ok')).toEqual([
      expect.objectContaining({
        step: 'PutFile (final save on close)',
        status: 409,
        finding: `PutFile answered 409, X-WOPI-Lock "${access.fileId}", body "{\\"LOOLStatusCode\\":1010}"`,
        consequence: expect.stringContaining('lock mismatch or file version conflict'),
      }),
    ])
    expect((await h.disk(access.fileId)).equals(external)).toBe(true)
  })

  it('signs X-WOPI-Proof and X-WOPI-ProofOld that the host accepts when the app publishes both keys', async () => {
    host = await startProductHost({ 'Signed.docx': Buffer.from('PK\x03\x04 signed') })
    const current = generateKeyPairSync('rsa', { modulusLength: 2048 })
    const old = generateKeyPairSync('rsa', { modulusLength: 2048 })
    const appId = await host.publishProofKeys({ current: current.publicKey, old: old.publicKey })
    const access = await host.token('Signed.docx', { appId })
    const records: RecordedExchange[] = []
    const report = await runEmulation({
      editor: 'onlyoffice',
      wopiSrc: access.wopiSrc,
      accessToken: access.accessToken,
      proofKeys: { current: current.privateKey, old: old.privateKey },
      fetchImpl: recordingFetch(records),
      clock: host.clock,
    })
    expect(deviationsOf(report)).toEqual([])
    expect(records.length).toBeGreaterThan(8)
    for (const record of records) {
      expect(record.headers['x-wopi-proof']).toBeTruthy()
      expect(record.headers['x-wopi-proofold']).toBeTruthy()
    }
  })
})
