import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { beforeEach, describe, expect, it } from 'vitest'
import type { IssuedAccess } from '../../host'
import { wopi, type WopiResponse } from '../../wopi/test-kit'
import type { DeskSettingsPatch } from '../../settings/settings'
import { useDoctorSuite } from '../test-support/doctor-suite'

// What editors already ran into, replayed by scripted editor clients against the real host: clients.md modes 11
// (saves fail: expired token, too large), 12 (409 without COOLStatusCode 1010), 13 (locked documents, desktop
// owner files) and 15 (CheckFileInfo without the token).

const COLLABORA = { 'User-Agent': 'COOLWSD HTTP Agent 24.04.5.1' }
const ONLYOFFICE = { 'User-Agent': 'Node.js/6.13', 'X-WOPI-ClientVersion': '8.2.0' }
const HOUR = 3600_000

const { h, editor } = useDoctorSuite()
let collaboraId: string
let onlyofficeId: string

beforeEach(async () => {
  collaboraId = await h.addEditor((await editor({ flavour: 'collabora' })).discoveryUrl)
  onlyofficeId = await h.addEditor((await editor({ flavour: 'onlyoffice' })).discoveryUrl)
})

const as = (headers: Record<string, string>, session: string) => ({ ...headers, 'X-WOPI-SessionId': session })

async function results(id: string) {
  h.host.desk.requestLog.flush()
  const report = await h.run(['wopi.put-file', 'wopi.requests'], { endpointId: id })
  return {
    save: report.checks.find((check) => check.id === 'wopi.put-file')!,
    open: report.checks.find((check) => check.id === 'wopi.requests')!,
  }
}

/** A save (PutFile) as the editor of `headers` sends it while it holds `lockId`. */
function putFile(
  access: IssuedAccess,
  headers: Record<string, string>,
  lockId: string,
  options: { body?: string | Buffer; extraHeaders?: Record<string, string> } = {},
): Promise<WopiResponse> {
  return wopi(access, {
    path: '/contents',
    override: 'PUT',
    body: options.body ?? 'PK\x03\x04 v2',
    headers: { ...headers, 'X-WOPI-Lock': lockId, ...options.extraHeaders },
  })
}

async function openAndLock(access: IssuedAccess, headers: Record<string, string>, lockId: string): Promise<void> {
  expect((await wopi(access, { headers })).status).toBe(200)
  expect((await wopi(access, { override: 'LOCK', headers: { ...headers, 'X-WOPI-Lock': lockId } })).status).toBe(200)
}

describe('wopi.put-file', () => {
  it('passes when every save succeeded; skips an editor with no saves', async () => {
    const access = await h.host.token('Plan.docx')
    await openAndLock(access, as(COLLABORA, 's1'), 'L1')
    expect((await putFile(access, as(COLLABORA, 's1'), 'L1')).status).toBe(200)
    const { save } = await results(collaboraId)
    expect(save.status).toBe('pass')
    expect(save.detail).toContain('1 save from Collabora in the last 7 days, all successful')
    expect((await results(onlyofficeId)).save.status).toBe('skip')
  })

  interface FailedSave {
    settings?: DeskSettingsPatch
    /** the editor and lock that hold the document before the save */
    holder: { headers: Record<string, string>; lockId: string }
    save: { headers: Record<string, string>; lockId: string; body?: Buffer; extraHeaders?: Record<string, string> }
    /** how long the session lasts between opening and saving */
    hoursLater?: number
    answer: number
    status: 'fail' | 'warn'
    detail: string[]
    fix: string[]
  }

  it.each<[string, FailedSave]>([
    [
      'mode 11: the token expired during a long session -> raise the token lifetime above the session',
      {
        settings: { tokenTtlSeconds: 3600 },
        holder: { headers: as(COLLABORA, 'long-session'), lockId: 'L1' },
        save: { headers: as(COLLABORA, 'long-session'), lockId: 'L1' },
        hoursLater: 2,
        answer: 401,
        status: 'fail',
        detail: [
          '1 of 1 save from Collabora failed',
          'the access token had expired',
          'Collabora maps 401/403/404 to "unauthorized"',
          'the longest session lasted 2 h, longer than the token lifetime of 60 min',
          'The most recent save failed too',
        ],
        fix: ['tokenTtlSeconds is 3600'],
      },
    ],
    [
      'mode 11: a document larger than the host accepts -> maxFileSizeBytes',
      {
        settings: { maxFileSizeBytes: 1024 },
        holder: { headers: as(COLLABORA, 's1'), lockId: 'L1' },
        save: { headers: as(COLLABORA, 's1'), lockId: 'L1', body: Buffer.alloc(4096, 65) },
        answer: 413,
        status: 'fail',
        detail: ['413, the document was larger than this host accepts (1 KiB); Collabora reports the storage as full'],
        fix: ['maxFileSizeBytes is 1024'],
      },
    ],
    [
      'mode 12: a lock mismatch answers 409 without COOLStatusCode 1010, which Collabora shows as a generic conflict',
      {
        holder: { headers: as(ONLYOFFICE, 'oo'), lockId: 'onlyoffice-lock' },
        save: { headers: as(COLLABORA, 'cool'), lockId: 'collabora-lock' },
        answer: 409,
        status: 'fail',
        detail: ['409, lock mismatch', '409 without COOLStatusCode 1010'],
        fix: ['Files page shows the holder'],
      },
    ],
    [
      'mode 12: a 409 with COOLStatusCode 1010 (changed on disk) is explained as the protection it is',
      {
        holder: { headers: as(COLLABORA, 's1'), lockId: 'L1' },
        save: { headers: as(COLLABORA, 's1'), lockId: 'L1', extraHeaders: { 'X-COOL-WOPI-Timestamp': '2001-01-01T00:00:00.000Z' } },
        answer: 409,
        status: 'warn',
        detail: ['409 with COOLStatusCode 1010', 'Collabora asks the user to overwrite, discard or reload'],
        fix: [],
      },
    ],
  ])('%s', async (_name, { settings, holder, save: sent, hoursLater, answer, status, detail, fix }) => {
    if (settings) h.host.desk.settings.update(settings)
    const access = await h.host.token('Plan.docx')
    await openAndLock(access, holder.headers, holder.lockId)
    if (hoursLater) h.host.clock.advance(hoursLater * HOUR)
    const put = await putFile(access, sent.headers, sent.lockId, sent)
    expect(put.status).toBe(answer)
    const { save } = await results(collaboraId)
    expect(save.status).toBe(status)
    for (const text of detail) expect(save.detail).toContain(text)
    for (const text of fix) expect(save.fix).toContain(text)
  })
})

describe('wopi.requests', () => {
  it('mode 15: ONLYOFFICE calls CheckFileInfo without the token', async () => {
    const access = await h.host.token('Plan.docx')
    const response = await wopi(access, { token: '', headers: ONLYOFFICE })
    expect(response.status).toBe(401)
    const { open } = await results(onlyofficeId)
    expect(open.status).toBe('fail')
    expect(open.detail).toContain('1 CheckFileInfo arrived without an access token')
    expect(open.detail).toContain('ONLYOFFICE reads access_token only from the POSTed form')
    expect(open.fix).toContain('POSTs access_token and access_token_ttl as form fields')
  })

  it('mode 13: ONLYOFFICE is refused the lock and silently opens read-only', async () => {
    const access = await h.host.token('Plan.docx')
    await openAndLock(access, as(COLLABORA, 'cool'), 'collabora-lock')
    expect((await wopi(access, { headers: ONLYOFFICE })).status).toBe(200)
    expect((await wopi(access, { override: 'LOCK', headers: { ...ONLYOFFICE, 'X-WOPI-Lock': 'oo-key' } })).status).toBe(409)
    const { open } = await results(onlyofficeId)
    expect(open.status).toBe('warn')
    expect(open.detail).toContain('1 lock request refused with 409')
    expect(open.detail).toContain('ONLYOFFICE then silently opens the document read-only')
  })

  it('passes for clean traffic', async () => {
    const access = await h.host.token('Plan.docx')
    expect((await wopi(access, { headers: ONLYOFFICE })).status).toBe(200)
    expect((await results(onlyofficeId)).open.status).toBe('pass')
  })
})

describe('host.desktop-locks and host.locks', () => {
  it('mode 13: a WOPI-locked document also open in LibreOffice', async () => {
    await h.host.put('Notes.odt', 'PK\x03\x04 notes')
    const notes = await h.host.token('Notes.odt')
    await openAndLock(notes, as(COLLABORA, 'c'), 'L-notes')
    // LibreOffice replaced our owner file with its own: the same document is open on the desktop.
    await writeFile(
      join(h.host.root, '.~lock.Notes.odt#'),
      'Alex Example,alex,workstation,01.03.2025 10:00,file:///home/alex/.config/libreoffice/4;',
    )
    const result = await h.check('host.desktop-locks')
    expect(result.status).toBe('warn')
    expect(result.detail).toContain('Notes.odt is locked by Collabora')
    expect(result.detail).toContain('open in LibreOffice by alex (owner file .~lock.Notes.odt#)')
    expect(result.fix).toContain('.~lock.Notes.odt#')
  })

  it('lists who holds what when nothing clashes', async () => {
    const access = await h.host.token('Plan.docx')
    await openAndLock(access, as(COLLABORA, 'c'), 'L1')
    const result = await h.check('host.desktop-locks')
    expect(result.status).toBe('pass')
    expect(result.detail).toMatch(/Plan\.docx: held by Collabora \(user local-[0-9a-f]+\) for 0 s, expires in 30 min/)
  })

  it('mode 13: an expired lock that was never swept, with our owner file still next to the document', async () => {
    const access = await h.host.token('Plan.docx')
    await openAndLock(access, as(COLLABORA, 'c'), 'L1')
    h.host.clock.advance(45 * 60_000)
    const result = await h.check('host.locks')
    expect(result.status).toBe('warn')
    expect(result.detail).toContain(
      '1 lock expired but is still stored: Plan.docx (taken by Collabora, expired 15 min ago; its owner file .~lock.Plan.docx# is still there)',
    )
    expect(result.fix).toContain('restart the host')
  })
})
