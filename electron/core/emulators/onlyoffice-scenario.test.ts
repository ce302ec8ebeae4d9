import { generateKeyPairSync } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { verifyProof } from '../wopi/proof-keys'
import { onlyofficeDocumentKey } from './onlyoffice-scenario'
import { runEmulation } from './run-emulation'
import { deviations, fakeHostEmulation, findings, publicParts } from './test-support/fake-host-emulation'

// The ONLYOFFICE emulator against small fake hosts: its headers on every call, the deterministic lock id, the
// legacy X-LOOL- save headers, and the deviations it reports (view-mode fallback, truthy strings...).

const fake = fakeHostEmulation('onlyoffice')
const { emulate, overrides } = fake
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'

describe('ONLYOFFICE emulator against a host that follows the spec', () => {
  it('sends what ONLYOFFICE sends, in its order, and reports no deviation', async () => {
    const report = await emulate({}, { lockRefreshes: 2 })
    expect(findings(report)).toEqual([])
    expect(overrides()).toEqual([
      'GET doc-1',
      'POST doc-1 LOCK',
      'GET doc-1/contents',
      'POST doc-1 REFRESH_LOCK',
      'POST doc-1 REFRESH_LOCK',
      'POST doc-1/contents PUT',
      'POST doc-1 PUT_RELATIVE',
      'GET copy-1',
      'POST copy-1 DELETE',
      'POST doc-1 RENAME_FILE',
      'GET doc-1',
      'POST doc-1 RENAME_FILE',
      'POST doc-1/contents PUT',
      'POST doc-1 UNLOCK',
    ])
  })

  it('uses the document key (last WOPISrc segment) as a deterministic lock id', async () => {
    await emulate()
    const lockIds = fake.host.requests
      .filter((request) => request.headers['x-wopi-lock'] !== undefined)
      .map((request) => request.headers['x-wopi-lock'])
    expect(new Set(lockIds)).toEqual(new Set(['doc-1']))
    expect(onlyofficeDocumentKey('https://h/wopi/files/ab%2Fc:d')).toBe('ab_2Fc_d')
    expect(onlyofficeDocumentKey('https://h/wopi/files/abc', 'view', { LastModifiedTime: '2025-03-01T10:00:01.000Z' })).toBe(
      'view.abc.2025-03-01T10_00_01.000Z',
    )
  })

  it('puts X-WOPI-TimeStamp, ClientVersion, CorrelationId and SessionId on every call', async () => {
    await emulate()
    const sessions = new Set<string>()
    const correlations = new Set<string>()
    for (const request of fake.host.requests) {
      expect(request.headers['x-wopi-timestamp']).toMatch(/^\d{18}$/)
      expect(request.headers['x-wopi-clientversion']).toBeTruthy()
      correlations.add(request.headers['x-wopi-correlationid'] as string)
      sessions.add(request.headers['x-wopi-sessionid'] as string)
      expect(request.headers['x-wopi-proof']).toBeUndefined()
    }
    expect(sessions.size).toBe(1)
    expect(correlations.size).toBe(fake.host.requests.length)
  })

  it('saves with X-LOOL- headers only, X-WOPI-Editors, the lock, Content-Type from the extension and the chained timestamp', async () => {
    const host = await fake.start()
    const initial = host.file().lastModified
    await runEmulation({
      editor: 'onlyoffice',
      wopiSrc: host.wopiSrc,
      accessToken: host.token,
      options: { editedContent: (_d, n) => Buffer.from(`PK onlyoffice ${n}`) },
    })
    const [force, final] = host.requests.filter((request) => request.headers['x-wopi-override'] === 'PUT')
    expect(force!.headers).toMatchObject({
      'x-wopi-lock': 'doc-1',
      'x-wopi-editors': 'u1',
      'x-lool-wopi-ismodifiedbyuser': 'true',
      'x-lool-wopi-isautosave': 'true',
      'x-lool-wopi-isexitsave': 'false',
      'x-lool-wopi-timestamp': initial,
      'content-type': DOCX,
    })
    expect(final!.headers).toMatchObject({ 'x-lool-wopi-isautosave': 'false', 'x-lool-wopi-isexitsave': 'true' })
    expect(final!.headers['x-lool-wopi-timestamp']).not.toBe(initial)
    for (const save of [force!, final!]) expect(Object.keys(save.headers).filter((name) => name.startsWith('x-cool-'))).toEqual([])
    expect(host.file().bytes.toString()).toBe('PK onlyoffice 2')
  })

  it('saves a copy with npm-utf7 SuggestedTarget (spaces encoded) and renames with an empty body, name cut to FileNameMaxLength', async () => {
    await emulate({ checkFileInfo: { FileNameMaxLength: 8 } }, { saveAsName: 'Copy A.docx', renameTo: 'Renamed document' })
    const relative = fake.host.requests.find((request) => request.headers['x-wopi-override'] === 'PUT_RELATIVE')!
    expect(relative.headers['x-wopi-suggestedtarget']).toBe('Copy+ACA-A.docx')
    expect(relative.headers['content-type']).toBe(DOCX)
    expect(relative.headers['x-wopi-lock']).toBeUndefined()
    const rename = fake.host.requests.find((request) => request.headers['x-wopi-override'] === 'RENAME_FILE')!
    expect(rename.headers['x-wopi-requestedname']).toBe('Renamed+ACA-')
    expect(rename.body.length).toBe(0)
  })

  it('signs X-WOPI-Proof and X-WOPI-ProofOld when both keys are given', async () => {
    const current = generateKeyPairSync('rsa', { modulusLength: 2048 })
    const old = generateKeyPairSync('rsa', { modulusLength: 2048 })
    await emulate({}, {}, { proofKeys: { current: current.privateKey, old: old.privateKey } })
    for (const request of fake.host.requests) {
      const url = `${fake.host.origin}${request.path}?${request.query.toString()}`
      const signed = { accessToken: request.query.get('access_token')!, url, timestamp: request.headers['x-wopi-timestamp'] as string }
      expect(
        verifyProof(
          { current: publicParts(current.publicKey) },
          { ...signed, proof: request.headers['x-wopi-proof'] as string, proofOld: undefined },
          Date.now(),
        ).ok,
      ).toBe(true)
      expect(
        verifyProof(
          { current: publicParts(old.publicKey) },
          { ...signed, proof: request.headers['x-wopi-proofold'] as string, proofOld: undefined },
          Date.now(),
        ).ok,
      ).toBe(true)
    }
  })

  it('does not sign at all with only the current key (ONLYOFFICE needs both)', async () => {
    await emulate({}, { write: false }, { proofKeys: { current: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey } })
    expect(fake.host.requests.every((request) => request.headers['x-wopi-proof'] === undefined)).toBe(true)
  })

  it('sends X-WOPI-SessionContext on CheckFileInfo only', async () => {
    await emulate({}, { sessionContext: 'ctx-42', write: false })
    expect(fake.host.requests.map((request) => request.headers['x-wopi-sessioncontext'])).toEqual(['ctx-42', undefined])
    expect(fake.host.requests[1]!.headers['x-wopi-maxexpectedsize']).toBe('104857600')
  })
})

describe('ONLYOFFICE emulator: misbehaving hosts', () => {
  it('LOCK failed: silently falls back to view mode and continues read-only', async () => {
    const report = await emulate({ refuseLock: true })
    expect(deviations(report)).toMatchObject([
      {
        step: 'Lock',
        status: 409,
        finding: 'LOCK failed: answered 409, X-WOPI-Lock "someone-else", reason "locked by another session"',
        consequence: 'ONLYOFFICE silently falls back to view mode: the user sees the document read-only without being told why.',
      },
    ])
    expect(overrides()).toEqual(['GET doc-1', 'POST doc-1 LOCK', 'GET doc-1/contents'])
    expect(report.steps.at(-1)).toMatchObject({ step: 'View mode', outcome: 'ok' })
    expect(report.fatal).toBe(false)
  })

  it('boolean flags sent as strings count as true', async () => {
    const report = await emulate({ checkFileInfo: { UserCanWrite: 'false' } }, { write: false })
    expect(deviations(report)).toMatchObject([
      {
        finding: 'CheckFileInfo UserCanWrite is a string ("false")',
        consequence: 'ONLYOFFICE tests it with JavaScript truthiness: any non-empty string, "false" included, counts as true.',
      },
    ])
  })

  it('CheckFileInfo Size "0" as a string misses the new-document flow', async () => {
    const report = await emulate({ checkFileInfo: { Size: '0' } }, { write: false })
    expect(deviations(report).map((step) => [step.finding, step.consequence])).toContainEqual([
      'CheckFileInfo Size is a string ("0")',
      'ONLYOFFICE tests Size === 0, so this empty file does not get its blank template and opens as a broken document.',
    ])
  })

  it('REFRESH_LOCK not implemented', async () => {
    const report = await emulate({ noRefreshLock: true }, { saveAs: false, rename: false })
    expect(deviations(report)).toMatchObject([
      {
        step: 'RefreshLock 1',
        status: 501,
        finding: 'REFRESH_LOCK answered 501',
        consequence: expect.stringContaining('lock lapses after 30 minutes'),
      },
    ])
  })

  it('RenameFile response without Name', async () => {
    const report = await emulate({ renameWithoutName: true }, { saveAs: false })
    expect(deviations(report).map((step) => [step.step, step.finding, step.consequence])).toContainEqual([
      'RenameFile',
      'RenameFile response without Name',
      'ONLYOFFICE does not update the title for co-editors.',
    ])
  })

  it('no Version and no LastModifiedTime: stale cache and no timestamp', async () => {
    const report = await emulate({ checkFileInfo: { Version: undefined, LastModifiedTime: undefined } }, { write: false })
    expect(findings(report)).toEqual(['CheckFileInfo has no Version', 'CheckFileInfo has no LastModifiedTime'])
  })

  it('SupportsLocks false: no LOCK, but PutFile still carries the document key', async () => {
    const report = await emulate({ checkFileInfo: { SupportsLocks: false } }, { saves: 1, saveAs: false, rename: false })
    expect(findings(report)).toEqual(['CheckFileInfo SupportsLocks is false'])
    expect(overrides()).toEqual(['GET doc-1', 'GET doc-1/contents', 'POST doc-1/contents PUT'])
    expect(fake.host.requests[2]!.headers['x-wopi-lock']).toBe('doc-1')
  })
})

describe('ONLYOFFICE emulator: a new, empty document', () => {
  it('PutFiles the blank template first, unlocked and without a timestamp, then locks', async () => {
    const host = await fake.start({ document: { content: Buffer.alloc(0) } })
    const template = Buffer.from('PK blank template')
    const report = await runEmulation({
      editor: 'onlyoffice',
      wopiSrc: host.wopiSrc,
      accessToken: host.token,
      options: { blankTemplate: template, saves: 0, saveAs: false, rename: false, lockRefreshes: 0 },
    })
    expect(findings(report)).toEqual([])
    expect(overrides()).toEqual(['GET doc-1', 'POST doc-1/contents PUT', 'POST doc-1 LOCK', 'GET doc-1/contents', 'POST doc-1 UNLOCK'])
    const put = host.requests[1]!
    expect(put.headers['x-wopi-lock']).toBeUndefined()
    expect(put.headers['x-lool-wopi-timestamp']).toBeUndefined()
    expect(put.headers['x-lool-wopi-ismodifiedbyuser']).toBe('false')
    expect(host.file().bytes.equals(template)).toBe(true)
  })

  it('without template bytes the blank-template save is reported as not sent, never as confirmed', async () => {
    const host = await fake.start({ document: { content: Buffer.alloc(0) } })
    const report = await runEmulation({
      editor: 'onlyoffice',
      wopiSrc: host.wopiSrc,
      accessToken: host.token,
      options: { saves: 0, saveAs: false, rename: false, lockRefreshes: 0 },
    })
    expect(report.steps.find((step) => step.step === 'PutFile (blank template)')).toMatchObject({
      outcome: 'skipped',
      request: null,
      finding: 'Size is 0: ONLYOFFICE would now store its blank template; not sent because no template bytes were given',
    })
    expect(host.requests.some((request) => request.path.endsWith('/contents') && request.method === 'POST')).toBe(false)
  })
})
