import { generateKeyPairSync } from 'node:crypto'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { runEmulation } from './run-emulation'
import { echoedTimestamp } from './timestamp-echo'
import { recordingFetch, startProductHost, type ProductHost, type RecordedExchange } from './test-support/product-host'
import type { EmulationReport } from './types'

// The Collabora emulator against the product's real WOPI host (createHost on 127.0.0.1 port 0 over a temp
// folder): exact answers, bytes on disk between requests, and zero deviations as the target.

const ORIGINAL = Buffer.from('PK\x03\x04 quarterly report, original')
const EXTERNAL = Buffer.from('PK\x03\x04 changed by another program while the editor had it open')
const EDITOR_VERSION = Buffer.from('PK\x03\x04 the version Collabora holds')
const MINUTE = 60_000
const HOUR = 60 * MINUTE

let host: ProductHost | undefined
afterEach(async () => {
  await host?.close()
  host = undefined
})

const overrideOf = (record: RecordedExchange) => record.headers['x-wopi-override'] ?? (record.method === 'GET' ? 'GET' : '?')
/**
 * Findings about a LastModifiedTime that does not round-trip (not 0 or 6 fraction digits). They are true of a host
 * that writes milliseconds, so they appear exactly when the host's LastModifiedTime has another number of digits;
 * once the host writes six digits (issue 18) there are none.
 */
function timestampFindings(report: EmulationReport): string[] {
  const findings = report.steps.filter(
    (step) =>
      step.outcome === 'deviation' && (/has \d+ fraction digits?:/.test(step.finding) || step.step.startsWith('LibreOffice Online save')),
  )
  const cfi =
    report.steps.find((step) => step.step === 'CheckFileInfo' && step.outcome === 'ok')?.finding ??
    report.steps.find((step) => step.step === 'CheckFileInfo')!.finding
  const digits = /LastModifiedTime "[^"]*?(?:\.(\d+))?(?:Z|[+-]\d\d:?\d\d)"/.exec(cfi)?.[1]?.length ?? 0
  expect(findings.length > 0, `LastModifiedTime with ${digits} fraction digits`).toBe(digits !== 0 && digits !== 6)
  return findings.map((step) => step.finding)
}
const deviationsOf = (report: EmulationReport) => {
  const timestamps = new Set(timestampFindings(report))
  return report.steps
    .filter((step) => step.outcome !== 'ok' && !timestamps.has(step.finding))
    .map((step) => `${step.step}: ${step.finding}`)
}

describe('Collabora emulator against the WOPI Desk host', () => {
  it('runs a whole editing session with zero deviations; LOCK-as-refresh, chained timestamps, the 1010 flow, Save As, UTF-7 rename', async () => {
    host = await startProductHost({ 'Quarterly Report.docx': ORIGINAL })
    const h = host
    const access = await h.token('Quarterly Report.docx')
    const fileId = access.fileId
    const started = h.clock.now()
    const records: RecordedExchange[] = []
    const diskAfter: { override: string; status: number; disk: Buffer; lockExpires: number | null; names: string[] }[] = []
    const fetchImpl = recordingFetch(records, async (record) => {
      if (!record.url.includes(fileId)) return
      diskAfter.push({
        override: overrideOf(record),
        status: record.status,
        disk: await h.disk(fileId),
        lockExpires: h.desk.locks.current(fileId)?.expiresAt ?? null,
        names: await h.listRoot(),
      })
    })

    const report = await runEmulation({
      editor: 'collabora',
      wopiSrc: access.wopiSrc,
      accessToken: access.accessToken,
      fetchImpl,
      clock: h.clock,
      hooks: {
        // Another program rewrites the file (a different size, so the host sees the change whatever the mtime).
        modifyExternally: () => writeFile(join(h.root, 'Quarterly Report.docx'), EXTERNAL),
      },
      options: {
        editedContent: EDITOR_VERSION,
        lockRefreshes: 2,
        // Collabora re-locks every 900 s; 25 minutes apart proves the refresh (a lock lapses after 30).
        lockRefreshIntervalMs: 25 * MINUTE,
        sleep: async (ms) => h.clock.advance(ms),
        saveAsName: 'Résumé – Q3.docx',
        renameTo: 'Bericht für Ämter',
      },
    })

    expect(deviationsOf(report)).toEqual([])
    expect(report.fatal).toBe(false)
    expect(report.leftovers).toEqual([])

    // LOCK with the same id is the refresh: every answer is 200 and the lock's 30 minutes restart each time.
    const locks = diskAfter.filter((entry) => entry.override === 'LOCK')
    expect(locks.map((entry) => entry.status)).toEqual([200, 200, 200])
    expect(locks.map((entry) => entry.lockExpires)).toEqual([started + 30 * MINUTE, started + 55 * MINUTE, started + 80 * MINUTE])
    const lockIds = new Set(records.filter((record) => overrideOf(record) === 'LOCK').map((record) => record.headers['x-wopi-lock']))
    expect(lockIds.size).toBe(1)
    expect(records.some((record) => overrideOf(record) === 'REFRESH_LOCK')).toBe(false)

    // PutFile: two saves at minute 50 (alive only thanks to the refreshes), the second with the first's
    // LastModifiedTime as Collabora re-writes it (six fraction digits); then the conflict check (the same bytes, an
    // hour-old timestamp), the save after the outside change, the forced save. A LibreOffice Online probe (X-LOOL-*)
    // runs only while the host's LastModifiedTime does not round-trip.
    const allPuts = records.filter((record) => overrideOf(record) === 'PUT')
    const putStates = diskAfter.filter((entry) => entry.override === 'PUT')
    const puts = allPuts.filter((record) => record.headers['x-lool-wopi-timestamp'] === undefined)
    const diskAfterPut = (index: number) => putStates[allPuts.indexOf(puts[index]!)]!.disk
    expect(puts.map((record) => record.status)).toEqual([200, 200, 409, 409, 200])
    const firstAnswer = JSON.parse(puts[0]!.responseBody.toString()) as { LastModifiedTime: string }
    expect(puts[1]!.headers['x-cool-wopi-timestamp']).toBe(echoedTimestamp(firstAnswer.LastModifiedTime, 'collabora'))
    const secondAnswer = JSON.parse(puts[1]!.responseBody.toString()) as { LastModifiedTime: string }
    expect(
      Date.parse(secondAnswer.LastModifiedTime) -
        Date.parse(String(puts[2]!.headers['x-cool-wopi-timestamp']).replace(/(\.\d{3})\d+/, '$1')),
    ).toBe(HOUR)
    expect(JSON.parse(puts[2]!.responseBody.toString())).toEqual({ COOLStatusCode: 1010 })
    expect(diskAfterPut(2).equals(EDITOR_VERSION)).toBe(true)
    expect(puts[3]!.headers['x-cool-wopi-timestamp']).toBe(echoedTimestamp(secondAnswer.LastModifiedTime, 'collabora'))
    expect(JSON.parse(puts[3]!.responseBody.toString())).toEqual({ COOLStatusCode: 1010 })
    expect(puts[4]!.headers['x-cool-wopi-timestamp']).toBeUndefined()

    // Bytes on disk: the refused save kept the external version; the forced save wrote the editor's version.
    expect(diskAfterPut(3).equals(EXTERNAL)).toBe(true)
    expect(diskAfterPut(4).equals(EDITOR_VERSION)).toBe(true)
    // ... and the external version the forced save overwrote is kept as a version.
    const versions = h.desk.files.listVersions(fileId)
    const kept = await Promise.all(versions.map((version) => readFile(join(h.dataDir, ...version.storePath.split('/')))))
    expect(kept.some((bytes) => bytes.equals(EXTERNAL))).toBe(true)
    expect(kept.some((bytes) => bytes.equals(ORIGINAL))).toBe(true)

    // Save As: UTF-7 full name (iconv style: spaces direct), X-WOPI-Size, no lock; the copy existed and was removed.
    const relative = records.find((record) => overrideOf(record) === 'PUT_RELATIVE')!
    expect(relative.status).toBe(200)
    expect(relative.headers['x-wopi-suggestedtarget']).toBe('R+AOk-sum+AOk- +IBM- Q3.docx')
    expect(relative.headers['x-wopi-size']).toBe(String(EDITOR_VERSION.length))
    expect(relative.headers['x-wopi-lock']).toBeUndefined()
    const copy = JSON.parse(relative.responseBody.toString()) as { Name: string; Url: string }
    expect(copy.Name).toBe('Résumé – Q3.docx')
    expect(diskAfter.find((entry) => entry.override === 'PUT_RELATIVE')!.names).toEqual(['Quarterly Report.docx', 'Résumé – Q3.docx'])
    expect(diskAfter.find((entry) => entry.override === 'RENAME_FILE')!.names).not.toContain('Résumé – Q3.docx')

    // RenameFile: UTF-7 name without extension, the lock, the document itself as the body; then renamed back.
    const renames = records.filter((record) => overrideOf(record) === 'RENAME_FILE')
    expect(renames.map((record) => record.status)).toEqual([200, 200])
    expect(renames[0]!.headers['x-wopi-requestedname']).toBe('Bericht f+APw-r +AMQ-mter')
    expect(renames[0]!.headers['x-wopi-lock']).toBe([...lockIds][0])
    expect(renames[0]!.bodyBytes).toBe(EDITOR_VERSION.length)
    expect(JSON.parse(renames[0]!.responseBody.toString())).toEqual({ Name: 'Bericht für Ämter' })
    const renameStates = diskAfter.filter((entry) => entry.override === 'RENAME_FILE')
    expect(renameStates[0]!.names).toEqual(['Bericht für Ämter.docx'])
    expect(renameStates[1]!.names).toEqual(['Quarterly Report.docx'])

    // UNLOCK at the end; the document keeps the editor's version under its own name.
    expect(records.at(-1)!.headers['x-wopi-override']).toBe('UNLOCK')
    expect(h.desk.locks.current(fileId)).toBeNull()
    expect(await h.listRoot()).toEqual(['Quarterly Report.docx'])
    expect((await h.disk(fileId)).equals(EDITOR_VERSION)).toBe(true)
  })

  it('leaves a document exactly as it was in product mode (default options)', async () => {
    host = await startProductHost({ 'Budget.xlsx': Buffer.from('PK\x03\x04 budget sheet') })
    const access = await host.token('Budget.xlsx')
    const report = await runEmulation({ editor: 'collabora', wopiSrc: access.wopiSrc, accessToken: access.accessToken })
    expect(deviationsOf(report)).toEqual([])
    expect((await host.disk(access.fileId)).toString()).toBe('PK\x03\x04 budget sheet')
    expect(await host.listRoot()).toEqual(['Budget.xlsx'])
    expect(host.desk.locks.current(access.fileId)).toBeNull()
  })

  it('signs proofs the host accepts (X-WOPI-Proof + X-WOPI-TimeStamp, no ProofOld) when the token is bound to an app with its key', async () => {
    host = await startProductHost({ 'Signed.docx': Buffer.from('PK\x03\x04 signed') })
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
    const appId = await host.publishProofKeys({ current: publicKey })
    const access = await host.token('Signed.docx', { appId })
    const records: RecordedExchange[] = []

    const report = await runEmulation({
      editor: 'collabora',
      wopiSrc: access.wopiSrc,
      accessToken: access.accessToken,
      proofKeys: { current: privateKey },
      fetchImpl: recordingFetch(records),
      clock: host.clock,
    })
    expect(deviationsOf(report)).toEqual([])
    expect(records.length).toBeGreaterThan(8)
    for (const record of records) {
      expect(record.headers['x-wopi-proof']).toBeTruthy()
      expect(record.headers['x-wopi-timestamp']).toMatch(/^\d{18}$/)
      expect(record.headers['x-wopi-proofold']).toBeUndefined()
    }
    expect(JSON.stringify(report)).not.toContain(access.accessToken)

    // Control: the same host refuses the unsigned session (the gate is really on).
    const unsigned = await runEmulation({
      editor: 'collabora',
      wopiSrc: access.wopiSrc,
      accessToken: access.accessToken,
      clock: host.clock,
    })
    expect(unsigned.fatal).toBe(true)
    expect(unsigned.steps[0]).toMatchObject({ step: 'CheckFileInfo', status: 500, outcome: 'fatal' })
  })

  it('reports a read-only token as a read-only Collabora session and writes nothing', async () => {
    host = await startProductHost({ 'Read only.odt': Buffer.from('PK\x03\x04 odt') })
    const access = await host.token('Read only.odt', { write: false })
    const records: RecordedExchange[] = []
    const report = await runEmulation({
      editor: 'collabora',
      wopiSrc: access.wopiSrc,
      accessToken: access.accessToken,
      fetchImpl: recordingFetch(records),
    })
    expect(deviationsOf(report)).toEqual(['CheckFileInfo: CheckFileInfo UserCanWrite is false'])
    expect(records.map(overrideOf)).toEqual(['GET', 'GET'])
  })
})
