import { generateKeyPairSync } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { verifyProof } from '../wopi/proof-keys'
import { summaryLine } from './format-report'
import { runEmulation } from './run-emulation'
import { startFakeWopiHost } from '../test-support/fake-wopi-host'
import { deviations, fakeHostEmulation, findings, publicParts } from './test-support/fake-host-emulation'

// The Collabora emulator against small fake hosts that follow the spec or deliberately misbehave: what it
// sends, and the exact deviation it reports for each misbehaviour.

const fake = fakeHostEmulation('collabora')
const { emulate, overrides } = fake

describe('Collabora emulator against a host that follows the spec', () => {
  it('sends what Collabora sends, in its order, and reports no deviation', async () => {
    const report = await emulate()
    expect(findings(report)).toEqual([])
    expect(report.fatal).toBe(false)
    expect(overrides()).toEqual([
      'GET doc-1',
      'POST doc-1 LOCK',
      'GET doc-1/contents',
      'POST doc-1 LOCK',
      'POST doc-1/contents PUT',
      'POST doc-1/contents PUT',
      // the conflict check: the unchanged bytes with an outdated timestamp, refused
      'POST doc-1/contents PUT',
      'POST doc-1 PUT_RELATIVE',
      'GET copy-1',
      'POST copy-1 DELETE',
      'POST doc-1 RENAME_FILE',
      'GET doc-1',
      'POST doc-1 RENAME_FILE',
      'POST doc-1 UNLOCK',
    ])
    expect(report.leftovers).toEqual([])
  })

  it('locks with "cool-lock" + 8 hex digits, an empty body and Content-Length 0, and refreshes with LOCK again', async () => {
    await emulate()
    const locks = fake.host.requests.filter((request) => request.headers['x-wopi-override'] === 'LOCK')
    expect(locks).toHaveLength(2)
    expect(locks[0]!.headers['x-wopi-lock']).toMatch(/^cool-lock[0-9a-f]{8}$/)
    expect(locks[1]!.headers['x-wopi-lock']).toBe(locks[0]!.headers['x-wopi-lock'])
    for (const lock of locks) {
      expect(lock.headers['content-length']).toBe('0')
      expect(lock.body.length).toBe(0)
    }
    expect(fake.host.requests.some((request) => request.headers['x-wopi-override'] === 'REFRESH_LOCK')).toBe(false)
  })

  it('chains X-COOL-WOPI-Timestamp: the second save sends the LastModifiedTime of the first answer', async () => {
    const host = await fake.start()
    const initial = host.file().lastModified
    const report = await runEmulation({
      editor: 'collabora',
      wopiSrc: host.wopiSrc,
      accessToken: host.token,
      options: { editedContent: (_d, n) => Buffer.from(`PK edit ${n}`) },
    })
    const saves = host.requests.filter((request) => request.headers['x-wopi-override'] === 'PUT').slice(0, 2)
    expect(saves.map((save) => save.headers['x-cool-wopi-timestamp'])).toEqual([initial, expect.any(String)])
    expect(saves[1]!.headers['x-cool-wopi-timestamp']).not.toBe(initial)
    expect(saves[0]!.headers['x-cool-wopi-isautosave']).toBe('true')
    expect(saves[0]!.headers['x-cool-wopi-ismodifiedbyuser']).toBe('true')
    expect(saves[0]!.headers['x-cool-wopi-isexitsave']).toBe('false')
    expect(saves[0]!.headers['x-wopi-lock']).toMatch(/^cool-lock/)
    expect(saves[0]!.headers['x-lool-wopi-timestamp']).toBeUndefined()
    expect(host.file().bytes.toString()).toBe('PK edit 2')
    expect(findings(report)).toEqual([])
  })

  it('sends Save As with a UTF-7 full name (spaces direct), X-WOPI-Size and no lock; RenameFile with the document as body', async () => {
    await emulate({}, { saveAsName: 'Résumé_1 (copy).docx', renameTo: 'Bericht für Ämter' })
    const relative = fake.host.requests.find((request) => request.headers['x-wopi-override'] === 'PUT_RELATIVE')!
    expect(relative.headers['x-wopi-suggestedtarget']).toBe('R+AOk-sum+AOkAXw-1 (copy).docx')
    expect(relative.headers['x-wopi-size']).toBe(String(relative.body.length))
    expect(relative.headers['x-wopi-lock']).toBeUndefined()
    const [rename, renameBack] = fake.host.requests.filter((request) => request.headers['x-wopi-override'] === 'RENAME_FILE')
    expect(rename!.headers['x-wopi-requestedname']).toBe('Bericht f+APw-r +AMQ-mter')
    expect(rename!.body.toString()).toBe(fake.host.file().bytes.toString())
    expect(rename!.headers['x-wopi-lock']).toMatch(/^cool-lock/)
    expect(renameBack!.headers['x-wopi-requestedname']).toBe('Report 2025')
    expect(fake.host.file().name).toBe('Report 2025.docx')
    expect(fake.host.files.size).toBe(1)
  })

  it('signs X-WOPI-Proof over the decoded token and the request URL, never X-WOPI-ProofOld', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
    const keys = { current: publicParts(publicKey) }
    await emulate({}, {}, { proofKeys: { current: privateKey } })
    expect(fake.host.requests.length).toBeGreaterThan(5)
    for (const request of fake.host.requests) {
      expect(request.headers['x-wopi-proofold']).toBeUndefined()
      const url = `${fake.host.origin}${request.path}?${request.query.toString()}`
      const outcome = verifyProof(
        keys,
        {
          accessToken: request.query.get('access_token')!,
          url,
          timestamp: request.headers['x-wopi-timestamp'] as string,
          proof: request.headers['x-wopi-proof'] as string,
          proofOld: undefined,
        },
        Date.now(),
      )
      expect(outcome.ok, `${request.method} ${request.path}`).toBe(true)
    }
  })

  it('sends no X-WOPI-TimeStamp or proof when it has no proof key', async () => {
    await emulate()
    expect(
      fake.host.requests.every(
        (request) => request.headers['x-wopi-timestamp'] === undefined && request.headers['x-wopi-proof'] === undefined,
      ),
    ).toBe(true)
    expect(fake.host.requests.every((request) => request.headers['x-cool-wopi-serverid'] !== undefined)).toBe(true)
  })

  it('never puts a token in the report, not even the one a host hands out in PutRelativeFile Url', async () => {
    const report = await emulate()
    const text = JSON.stringify(report)
    expect(text).not.toContain(fake.host.token)
    expect(text).not.toContain('tok-copy-')
    expect(text).toContain('access_token=<redacted>')
  })
})

describe('Collabora emulator: "document changed in storage"', () => {
  it('expects 409 COOLStatusCode 1010 for a stale timestamp, then overwrites with a forced save', async () => {
    const h = await fake.start()
    const report = await runEmulation({
      editor: 'collabora',
      wopiSrc: h.wopiSrc,
      accessToken: h.token,
      hooks: { modifyExternally: () => h.externalWrite(h.file().id, Buffer.from('PK changed by another program')) },
      options: { saves: 1, saveAs: false, rename: false, editedContent: Buffer.from('PK the editor version') },
    })
    expect(findings(report)).toEqual([])
    const stale = report.steps.find((step) => step.step === 'PutFile after external change')!
    expect(stale).toMatchObject({ status: 409, outcome: 'ok' })
    const saves = h.requests.filter((request) => request.headers['x-wopi-override'] === 'PUT')
    // save, conflict check, the stale save, the forced save
    expect(saves).toHaveLength(4)
    expect(saves[3]!.headers['x-cool-wopi-timestamp']).toBeUndefined()
    expect(h.file().bytes.toString()).toBe('PK the editor version')
  })

  it('reports a 409 without COOLStatusCode', async () => {
    const h = await fake.start({ misbehave: { conflictWithoutStatusCode: true } })
    const report = await runEmulation({
      editor: 'collabora',
      wopiSrc: h.wopiSrc,
      accessToken: h.token,
      hooks: { modifyExternally: () => h.externalWrite(h.file().id, Buffer.from('PK external')) },
      options: { saves: 1, saveAs: false, rename: false },
    })
    const stale = deviations(report).find((step) => step.step === 'PutFile after external change')!
    expect(stale.status).toBe(409)
    expect(stale.finding).toBe('PutFile answered 409 without COOLStatusCode (an empty body)')
    expect(stale.consequence).toBe(
      'Collabora will show a generic conflict instead of "document changed": the user cannot choose to overwrite or reload.',
    )
  })

  it('reports a host that accepts the stale timestamp as a lost edit', async () => {
    const h = await fake.start()
    const report = await runEmulation({
      editor: 'collabora',
      wopiSrc: h.wopiSrc,
      accessToken: h.token,
      // Changing the content but not LastModifiedTime: the host has nothing to compare, like hosts that ignore the header.
      hooks: { modifyExternally: () => void (h.file().bytes = Buffer.from('PK external')) },
      options: { saves: 1, saveAs: false, rename: false },
    })
    const stale = deviations(report).find((step) => step.step === 'PutFile after external change')!
    expect(stale.finding).toBe('PutFile with an outdated X-COOL-WOPI-Timestamp was accepted (200)')
    expect(stale.consequence).toContain('overwritten without a warning')
  })
})

describe('Collabora emulator: misbehaving hosts', () => {
  it('CheckFileInfo Size is a string', async () => {
    const report = await emulate({ checkFileInfo: { Size: '22' } })
    expect(findings(report)).toEqual(['CheckFileInfo Size is a string ("22")'])
    expect(deviations(report)[0]!.consequence).toContain('WOPI requires a JSON number')
  })

  it('CheckFileInfo has no UserFriendlyName: the author becomes UnknownUser_<UserId>', async () => {
    const report = await emulate({ checkFileInfo: { UserFriendlyName: undefined } })
    expect(deviations(report)).toMatchObject([
      {
        step: 'CheckFileInfo',
        status: 200,
        finding: 'CheckFileInfo has no UserFriendlyName',
        consequence: 'Collabora shows the author as UnknownUser_u1 in comments, tracked changes and the user list.',
      },
    ])
  })

  it('PostMessageOrigin missing', async () => {
    const report = await emulate({ checkFileInfo: { PostMessageOrigin: undefined } })
    expect(deviations(report)).toMatchObject([
      { finding: 'PostMessageOrigin missing', consequence: expect.stringContaining('Collabora sends no postMessages') },
    ])
  })

  it('wrongly cased property names are ignored by Collabora', async () => {
    const report = await emulate({ checkFileInfo: { UserFriendlyName: undefined, userFriendlyName: 'Alex' } })
    expect(findings(report)).toEqual([
      'CheckFileInfo has "userFriendlyName" instead of "UserFriendlyName"',
      'CheckFileInfo has no UserFriendlyName',
    ])
  })

  it('PutFile 200 without LastModifiedTime JSON: warns, and the next save repeats the old timestamp', async () => {
    const host = await fake.start({ misbehave: { putFileWithoutJson: true } })
    const initial = host.file().lastModified
    const report = await runEmulation({
      editor: 'collabora',
      wopiSrc: host.wopiSrc,
      accessToken: host.token,
      options: { saveAs: false, rename: false },
    })
    const put = deviations(report).filter((step) => step.step.startsWith('PutFile'))
    expect(put.map((step) => `${step.step}: ${step.finding}`)).toEqual([
      'PutFile (autosave): PutFile 200 without LastModifiedTime JSON (an empty body)',
      'PutFile (save 2): PutFile answered 409 COOLStatusCode 1010 although only this session changed the file (sent X-COOL-WOPI-Timestamp "' +
        initial +
        '")',
    ])
    expect(put[0]!.consequence).toBe(
      `Collabora logs "Expected json object with a LastModifiedTime value" and keeps the time it holds: its next save sends X-COOL-WOPI-Timestamp "${initial}" again (the following steps show how this host answers that).`,
    )
    expect(put[1]!.consequence).toContain('false alarm')
  })

  it('LOCK refused: read-only session, no saves, no unlock', async () => {
    const report = await emulate({ refuseLock: true })
    expect(deviations(report)).toMatchObject([
      {
        step: 'Lock',
        status: 409,
        finding: 'LOCK answered 409, X-WOPI-Lock "someone-else", reason "locked by another session"',
        consequence: expect.stringContaining('read-only'),
      },
    ])
    expect(overrides()).toEqual(['GET doc-1', 'POST doc-1 LOCK', 'GET doc-1/contents'])
    // not "works with limitations": nobody can edit
    expect(report.readOnly).toBe('LOCK answered 409')
    expect(summaryLine(report)).toBe(
      'Summary: 3 observations, 1 deviation: Collabora Online opens the document read-only (LOCK answered 409): editing is impossible.',
    )
  })

  it('RenameFile response without Name', async () => {
    const report = await emulate({ renameWithoutName: true }, { saveAs: false })
    expect(deviations(report).map((step) => [step.step, step.finding])).toContainEqual(['RenameFile', 'RenameFile response without Name'])
  })

  it('CheckFileInfo 401 is fatal and nothing else is sent', async () => {
    const report = await emulate({ checkFileInfoStatus: 401 })
    expect(report.fatal).toBe(true)
    expect(report.steps).toMatchObject([
      {
        step: 'CheckFileInfo',
        status: 401,
        outcome: 'fatal',
        finding: 'CheckFileInfo answered 401',
        consequence: 'Collabora treats this as an invalid or expired token and opens nothing.',
      },
    ])
    expect(fake.host.requests).toHaveLength(1)
  })

  it('an HTML login page instead of JSON is fatal', async () => {
    const report = await emulate({ checkFileInfoHtml: true })
    expect(report.steps).toMatchObject([
      {
        outcome: 'fatal',
        finding:
          'CheckFileInfo answered 200 with a body starting "<html><body>Please sign in</body></html>" (text/html), not a JSON object',
      },
    ])
  })

  it('a host that does not answer is fatal', async () => {
    const gone = await startFakeWopiHost()
    const wopiSrc = gone.wopiSrc
    await gone.close()
    const report = await runEmulation({ editor: 'collabora', wopiSrc, accessToken: 'secret-token-1', options: { timeoutMs: 2000 } })
    expect(report.fatal).toBe(true)
    expect(report.steps[0]).toMatchObject({
      step: 'CheckFileInfo',
      status: null,
      outcome: 'fatal',
      finding: 'the host did not answer: ECONNREFUSED',
    })
  })

  it('GetFile of a .docx that is not a zip package', async () => {
    const host = await fake.start({ document: { content: Buffer.from('just text') } })
    const report = await runEmulation({ editor: 'collabora', wopiSrc: host.wopiSrc, accessToken: host.token, options: { write: false } })
    expect(findings(report)).toEqual(['the .docx body does not start with PK (a body starting "just text")'])
  })

  it('--no-write sends only CheckFileInfo and GetFile', async () => {
    const report = await emulate({}, { write: false })
    expect(overrides()).toEqual(['GET doc-1', 'GET doc-1/contents'])
    expect(report.deviations).toBe(0)
  })

  it('keeps the document unchanged by default: saves write back the downloaded bytes', async () => {
    const host = await fake.start()
    const before = Buffer.from(host.file().bytes)
    await runEmulation({ editor: 'collabora', wopiSrc: host.wopiSrc, accessToken: host.token })
    expect(host.file().bytes.equals(before)).toBe(true)
    expect(host.file().name).toBe('Report 2025.docx')
    expect(host.file().lock).toBeNull()
  })
})

describe('Collabora emulator: what the real editors taught (timestamps, conflicts, bodies)', () => {
  it('probes the conflict protocol without changing the file: a host that ignores the timestamp is reported, the bytes stay', async () => {
    const report = await emulate({ ignoreTimestamp: true }, { saveAs: false, rename: false })
    const probe = deviations(report).find((step) => step.step.startsWith('Conflict check'))!
    expect(probe.finding).toMatch(
      /^PutFile with X-COOL-WOPI-Timestamp "2025-03-01T09:00:0\d\.534000Z", an hour older than the stored LastModifiedTime, was accepted \(200\)$/,
    )
    expect(probe.consequence).toContain('overwritten by the next save without a warning')
    expect(fake.host.file().bytes.toString()).toBe('PK\x03\x04 original document')
  })

  it('a 409 without COOLStatusCode to the conflict check means a generic error instead of "document changed"', async () => {
    const report = await emulate({ conflictWithoutStatusCode: true }, { saveAs: false, rename: false })
    const probe = deviations(report).find((step) => step.step.startsWith('Conflict check'))!
    expect(probe.finding).toMatch(/answered 409 without \{"COOLStatusCode":1010\}$/)
    expect(probe.consequence).toMatch(/^After a change outside the editor Collabora shows a generic save error/)
  })

  it('echoes LastModifiedTime re-written with six digits, and names a millisecond LastModifiedTime compared as a string', async () => {
    const report = await emulate({ millisecondTimes: true }, { saveAs: false, rename: false })
    const [first] = fake.host.requests.filter((request) => request.headers['x-wopi-override'] === 'PUT')
    expect(first!.headers['x-cool-wopi-timestamp']).toBe('2025-03-01T10:00:01.534000Z')
    expect(findings(report)).toContain(
      'CheckFileInfo LastModifiedTime "2025-03-01T10:00:01.534Z" has 3 fraction digits: Collabora sends it back as "2025-03-01T10:00:01.534000Z", LibreOffice Online as "2025-03-01T10:00:01.000534Z"',
    )
    const autosave = deviations(report).find((step) => step.step === 'PutFile (autosave)')!
    expect(autosave.finding).toContain(`the editor's re-formatting of LastModifiedTime "2025-03-01T10:00:01.534Z"`)
    expect(autosave.consequence).toContain('Compare the echoed timestamp with the stored time as instants, not as strings.')
    const lool = deviations(report).find((step) => step.step.startsWith('LibreOffice Online save'))!
    expect(lool.consequence).toMatch(/^Every save from LibreOffice Online is refused with "Document has been changed in storage"/)
    expect(fake.host.requests.find((request) => request.headers['x-lool-wopi-timestamp'])!.headers['x-lool-wopi-timestamp']).toBe(
      '2025-03-01T10:00:01.000534Z',
    )
  })

  it('a six-digit LastModifiedTime round-trips: no warning and no LibreOffice Online probe needed', async () => {
    const report = await emulate({}, { saveAs: false, rename: false })
    expect(findings(report)).toEqual([])
    expect(report.steps.some((step) => step.step.startsWith('LibreOffice Online save'))).toBe(false)
  })

  it('--lool replays LibreOffice Online: X-LOOL-* headers and the microsecond misreading', async () => {
    const report = await emulate({ millisecondTimes: true }, { saveAs: false, rename: false, saves: 1, collaboraFlavour: 'lool' })
    const [save] = fake.host.requests.filter((request) => request.headers['x-wopi-override'] === 'PUT')
    expect(save!.headers['x-lool-wopi-timestamp']).toBe('2025-03-01T10:00:01.000534Z')
    expect(save!.headers['x-cool-wopi-timestamp']).toBeUndefined()
    expect(save!.headers['x-lool-wopi-isautosave']).toBe('true')
    expect(deviations(report).find((step) => step.step === 'PutFile (autosave)')!.finding).toContain('409 LOOLStatusCode 1010')
  })

  it('shows the body of a refusal', async () => {
    const report = await emulate({ putRelativeRefusal: 'Save As is disabled for this storage' }, { rename: false })
    expect(findings(report)).toContain('PutRelativeFile answered 501, body "Save As is disabled for this storage"')
  })
})
