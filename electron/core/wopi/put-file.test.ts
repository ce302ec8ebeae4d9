import { readFile, readdir, writeFile } from 'node:fs/promises'
import { request } from 'node:http'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { isTempFileName } from '../files/temp-files'
import { checkFileInfo, getContents, lockFile, putContents, startTestHost, unlockFile, wopi, type TestHost } from './test-kit'
import { parseWopiTime } from './wopi-time'

async function waitFor(predicate: () => Promise<boolean> | boolean, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await predicate()) return
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  throw new Error(`timed out waiting for ${what}`)
}

describe('PutFile', () => {
  let host: TestHost
  beforeEach(async () => {
    host = await startTestHost({ files: { 'doc.docx': 'original', 'new.wopitest': '', 'Ünïcødé.odt': 'alt' } })
  })
  afterEach(async () => {
    await host.close()
  })

  it('saves under the matching lock: new version, LastModifiedTime in the body, previous content kept', async () => {
    const access = await host.token('doc.docx')
    const before = await checkFileInfo(access)
    expect((await lockFile(access, 'L1')).status).toBe(200)
    const first = await putContents(access, 'first save', { 'X-WOPI-Lock': 'L1' })
    expect(first.status).toBe(200)
    expect(first.header('x-wopi-lock')).toBeUndefined()
    const firstVersion = first.header('x-wopi-itemversion')
    expect(firstVersion).not.toBe(before['Version'])
    const second = await putContents(access, 'second save', { 'X-WOPI-Lock': 'L1' })
    expect(second.header('x-wopi-itemversion')).not.toBe(firstVersion)
    const unlocked = await unlockFile(access, 'L1')
    const after = await checkFileInfo(access)
    expect(unlocked.header('x-wopi-itemversion')).toBe(after['Version'])
    expect(second.json()).toEqual({ LastModifiedTime: after['LastModifiedTime'] })
    expect(await readFile(join(host.root, 'doc.docx'), 'utf8')).toBe('second save')
    expect((await getContents(access)).text()).toBe('second save')
    const versions = host.desk.files.listVersions(access.fileId)
    expect(await Promise.all(versions.map((v) => readFile(join(host.dataDir, v.storePath), 'utf8')))).toEqual(['first save', 'original'])
  })

  it('answers 409 with the current lock on a lock mismatch or a missing X-WOPI-Lock', async () => {
    const access = await host.token('doc.docx')
    await lockFile(access, 'LockString')
    for (const headers of [{ 'X-WOPI-Lock': 'IncorrectLockString' }, {}] as Record<string, string>[]) {
      const response = await putContents(access, 'intruder', headers)
      expect(response.status).toBe(409)
      expect(response.header('x-wopi-lock')).toBe('LockString')
    }
    expect(await readFile(join(host.root, 'doc.docx'), 'utf8')).toBe('original')
  })

  it('accepts an unlocked PutFile only on a 0-byte file (new-file flow)', async () => {
    const fresh = await host.token('new.wopitest')
    const created = await putContents(fresh, 'template content')
    expect(created.status).toBe(200)
    expect((await getContents(fresh)).text()).toBe('template content')
    const refused = await putContents(fresh, 'second unlocked write')
    expect(refused.status).toBe(409)
    expect(refused.headers).toHaveProperty('x-wopi-lock', '')
    expect(await readFile(join(host.root, 'new.wopitest'), 'utf8')).toBe('template content')
  })

  it('runs the validator PutUnlockedFile sequence', async () => {
    const access = await host.token('doc.docx')
    expect((await lockFile(access, 'LockString')).status).toBe(200)
    expect((await putContents(access, '', { 'X-WOPI-Lock': 'LockString' })).status).toBe(200)
    expect((await unlockFile(access, 'LockString')).status).toBe(200)
    expect((await putContents(access, 'WordBlankDocument')).status).toBe(200)
    expect((await getContents(access)).text()).toBe('WordBlankDocument')
  })

  it('refuses a read-only token with 401', async () => {
    const access = await host.token('new.wopitest', { write: false })
    expect((await putContents(access, 'x')).status).toBe(401)
    expect(await readFile(join(host.root, 'new.wopitest'), 'utf8')).toBe('')
  })

  it('answers 413 above the size limit, declared or streamed, and writes nothing', async () => {
    host.desk.settings.update({ maxFileSizeBytes: 1024 })
    const access = await host.token('doc.docx')
    await lockFile(access, 'L')
    const declared = await putContents(access, Buffer.alloc(2048, 65), { 'X-WOPI-Lock': 'L' })
    expect(declared.status).toBe(413)
    const url = new URL(`${access.wopiSrc}/contents?access_token=${access.accessToken}`)
    const chunked = await new Promise<number>((resolve, reject) => {
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname + url.search,
          method: 'POST',
          headers: { 'X-WOPI-Override': 'PUT', 'X-WOPI-Lock': 'L', 'Transfer-Encoding': 'chunked' },
        },
        (res) => {
          res.resume()
          resolve(res.statusCode ?? 0)
        },
      )
      req.on('error', reject)
      req.write(Buffer.alloc(800, 66))
      req.end(Buffer.alloc(800, 67))
    })
    expect(chunked).toBe(413)
    expect(await readFile(join(host.root, 'doc.docx'), 'utf8')).toBe('original')
    expect((await readdir(host.root)).some(isTempFileName)).toBe(false)
    expect((await putContents(access, Buffer.alloc(1024, 68), { 'X-WOPI-Lock': 'L' })).status).toBe(200)
  })

  describe('Collabora/ONLYOFFICE timestamp check', () => {
    it('saves when X-COOL-WOPI-Timestamp equals LastModifiedTime (also re-formatted)', async () => {
      const access = await host.token('doc.docx')
      await lockFile(access, 'cool')
      const info = await checkFileInfo(access)
      const stamp = String(info['LastModifiedTime'])
      const saved = await putContents(access, 'v2', { 'X-WOPI-Lock': 'cool', 'X-COOL-WOPI-Timestamp': stamp })
      expect(saved.status).toBe(200)
      const next = String(saved.json()['LastModifiedTime'])
      expect(parseWopiTime(next)!.micros).toBeGreaterThan(parseWopiTime(stamp)!.micros)
      const sevenDigits = next.replace(/\.(\d{6})Z$/, '.$10Z')
      expect(sevenDigits).not.toBe(next)
      expect((await putContents(access, 'v3', { 'X-WOPI-Lock': 'cool', 'X-COOL-WOPI-Timestamp': sevenDigits })).status).toBe(200)
    })

    it('takes the timestamp back the way LibreOffice Online writes it (six digits read as microseconds) through a whole edit session', async () => {
      // What the real editor does: it reads the fraction's digits as a count of microseconds and writes six back.
      const loolEcho = (sent: string): string => {
        const [, head, fraction = '0'] = /^(.*T\d{2}:\d{2}:\d{2})(?:\.(\d+))?Z$/.exec(sent)!
        return `${head}.${String(Number(fraction)).padStart(6, '0')}Z`
      }
      const access = await host.token('doc.docx')
      await lockFile(access, 'lool')
      let stamp = String((await checkFileInfo(access))['LastModifiedTime'])
      expect(stamp).toMatch(/\.\d{6}Z$/)
      for (const text of ['first save', 'autosave', 'exit save']) {
        const saved = await putContents(access, text, { 'X-WOPI-Lock': 'lool', 'X-LOOL-WOPI-Timestamp': loolEcho(stamp) })
        expect(saved.status, saved.text()).toBe(200)
        stamp = String(saved.json()['LastModifiedTime'])
        expect(stamp).toMatch(/\.\d{6}Z$/)
        expect(await readFile(join(host.root, 'doc.docx'), 'utf8')).toBe(text)
      }
    })

    it('answers 409 {"COOLStatusCode":1010} when the file changed on disk during the session, keeping the disk file', async () => {
      const access = await host.token('doc.docx')
      await lockFile(access, 'cool')
      const info = await checkFileInfo(access)
      await writeFile(join(host.root, 'doc.docx'), 'edited by a desktop program')
      const refused = await putContents(access, 'editor save', {
        'X-WOPI-Lock': 'cool',
        'X-COOL-WOPI-Timestamp': String(info['LastModifiedTime']),
      })
      expect(refused.status).toBe(409)
      expect(refused.json()).toEqual({ COOLStatusCode: 1010 })
      expect(await readFile(join(host.root, 'doc.docx'), 'utf8')).toBe('edited by a desktop program')
      const fresh = await checkFileInfo(access)
      expect(fresh['Version']).not.toBe(info['Version'])
      expect(parseWopiTime(String(fresh['LastModifiedTime']))!.micros).toBeGreaterThan(
        parseWopiTime(String(info['LastModifiedTime']))!.micros,
      )
      // The user chose to overwrite: Collabora saves again without the timestamp.
      expect((await putContents(access, 'editor save', { 'X-WOPI-Lock': 'cool' })).status).toBe(200)
      expect(await readFile(join(host.root, 'doc.docx'), 'utf8')).toBe('editor save')
      const kept = host.desk.files.listVersions(access.fileId)
      expect(await readFile(join(host.dataDir, kept[0]!.storePath), 'utf8')).toBe('edited by a desktop program')
    })

    it("takes LibreOffice Online's Overwrite (the refused save sent again unchanged) and keeps the outside change as a version", async () => {
      const access = await host.token('doc.docx')
      await lockFile(access, 'lool')
      const stale = String((await checkFileInfo(access))['LastModifiedTime'])
      await writeFile(join(host.root, 'doc.docx'), 'changed outside')
      const save = {
        'X-WOPI-Lock': 'lool',
        'X-LOOL-WOPI-Timestamp': stale,
        'X-LOOL-WOPI-IsAutosave': 'false',
        'X-LOOL-WOPI-IsExitSave': 'false',
      }
      // An autosave with the stale timestamp is refused; so is the user's save, which asks the user.
      expect(
        (await putContents(access, 'mine', { ...save, 'X-LOOL-WOPI-IsModifiedByUser': 'true', 'X-LOOL-WOPI-IsAutosave': 'true' })).status,
      ).toBe(409)
      expect((await putContents(access, 'mine', { ...save, 'X-LOOL-WOPI-IsModifiedByUser': 'true' })).status).toBe(409)
      // Repeats that are not the Overwrite answer stay refused: another lock, an autosave, an exit save.
      expect(
        (await putContents(access, 'mine', { ...save, 'X-LOOL-WOPI-IsModifiedByUser': 'false', 'X-LOOL-WOPI-IsExitSave': 'true' })).status,
      ).toBe(409)
      expect(await readFile(join(host.root, 'doc.docx'), 'utf8')).toBe('changed outside')
      // The refused save once more, unchanged: the user chose Overwrite.
      const overwrite = await putContents(access, 'mine', { ...save, 'X-LOOL-WOPI-IsModifiedByUser': 'true' })
      expect(overwrite.status, overwrite.text()).toBe(200)
      expect(await readFile(join(host.root, 'doc.docx'), 'utf8')).toBe('mine')
      const kept = host.desk.files.listVersions(access.fileId)
      expect(await readFile(join(host.dataDir, kept[0]!.storePath), 'utf8')).toBe('changed outside')
      // One answer, one overwrite: the same stale save later is a conflict again.
      await writeFile(join(host.root, 'doc.docx'), 'changed outside again')
      expect((await putContents(access, 'mine 2', { ...save, 'X-LOOL-WOPI-IsModifiedByUser': 'false' })).status).toBe(409)
    })

    it('keeps a refused save as a version (the latest per disk content), so the edits survive an editor that reloads the disk file', async () => {
      const access = await host.token('doc.docx')
      await lockFile(access, 'lool')
      const stale = String((await checkFileInfo(access))['LastModifiedTime'])
      await writeFile(join(host.root, 'doc.docx'), 'changed outside')
      const save = { 'X-WOPI-Lock': 'lool', 'X-LOOL-WOPI-Timestamp': stale }
      expect((await putContents(access, 'my edits', { ...save, 'X-LOOL-WOPI-IsAutosave': 'true' })).status).toBe(409)
      expect((await putContents(access, 'my edits', { ...save, 'X-LOOL-WOPI-IsAutosave': 'true' })).status).toBe(409)
      expect((await putContents(access, 'my later edits', { ...save, 'X-LOOL-WOPI-IsAutosave': 'true' })).status).toBe(409)
      expect(await readFile(join(host.root, 'doc.docx'), 'utf8')).toBe('changed outside')
      const kept = host.desk.files.listVersions(access.fileId).filter((version) => version.reason === 'conflict')
      // The later refusal against the same disk content holds the earlier edits and more: it takes their place.
      expect(await Promise.all(kept.map((v) => readFile(join(host.dataDir, v.storePath), 'utf8')))).toEqual(['my later edits'])
      expect(await readdir(join(host.dataDir, 'versions', access.fileId))).toHaveLength(1)
      expect(host.desk.requestLog.recent({ operation: 'PutFile' }).every((entry) => entry.status === 409)).toBe(true)
      // Another change on disk, another refusal: both refused saves are kept (each against its own disk content).
      await writeFile(join(host.root, 'doc.docx'), 'changed outside again')
      expect((await putContents(access, 'my last edits', { ...save, 'X-LOOL-WOPI-IsAutosave': 'true' })).status).toBe(409)
      const both = host.desk.files.listVersions(access.fileId).filter((version) => version.reason === 'conflict')
      expect(both).toHaveLength(2)
      // The editor reloaded the disk file and closed; restoring a kept save brings the edits back.
      await unlockFile(access, 'lool')
      await host.desk.files.restoreVersion(access.fileId, both[1]!.id)
      expect(await readFile(join(host.root, 'doc.docx'), 'utf8')).toBe('my later edits')
    })

    it('keeps no refused save under another lock, nor one over the size limit', async () => {
      const access = await host.token('doc.docx')
      await lockFile(access, 'mine')
      const stale = String((await checkFileInfo(access))['LastModifiedTime'])
      await writeFile(join(host.root, 'doc.docx'), 'changed outside')
      expect((await putContents(access, 'intruder', { 'X-WOPI-Lock': 'theirs', 'X-COOL-WOPI-Timestamp': stale })).status).toBe(409)
      host.desk.settings.update({ maxFileSizeBytes: 1024 })
      expect((await putContents(access, 'x'.repeat(1025), { 'X-WOPI-Lock': 'mine', 'X-COOL-WOPI-Timestamp': stale })).status).toBe(409)
      expect(host.desk.files.listVersions(access.fileId)).toEqual([])
    })

    it('answers in the LOOL dialect to X-LOOL-WOPI-Timestamp (ONLYOFFICE)', async () => {
      const access = await host.token('Ünïcødé.odt')
      await lockFile(access, 'oo')
      const refused = await putContents(access, 'x', { 'X-WOPI-Lock': 'oo', 'X-LOOL-WOPI-Timestamp': '2000-01-01T00:00:00.000Z' })
      expect(refused.status).toBe(409)
      expect(refused.json()).toEqual({ LOOLStatusCode: 1010 })
      expect(await readFile(join(host.root, 'Ünïcødé.odt'), 'utf8')).toBe('alt')
    })
  })

  it('keeps the old bytes and no temp file when the client cuts the upload off half-way', async () => {
    const access = await host.token('doc.docx')
    await lockFile(access, 'L')
    const url = new URL(`${access.wopiSrc}/contents?access_token=${access.accessToken}`)
    const req = request({
      host: url.hostname,
      port: url.port,
      path: url.pathname + url.search,
      method: 'POST',
      headers: { 'X-WOPI-Override': 'PUT', 'X-WOPI-Lock': 'L', 'Content-Length': String(8 * 1024 * 1024) },
    })
    req.on('error', () => undefined)
    req.write(Buffer.alloc(2 * 1024 * 1024, 1))
    await waitFor(async () => (await readdir(host.root)).some(isTempFileName), 'the temp file to appear')
    req.destroy()
    await waitFor(() => host.desk.requestLog.recent({ operation: 'PutFile' }).length > 0, 'the aborted save to be logged')
    expect(host.desk.requestLog.recent({ operation: 'PutFile' })[0]).toMatchObject({ status: 499 })
    await waitFor(async () => !(await readdir(host.root)).some(isTempFileName), 'the temp file to be removed')
    expect(await readFile(join(host.root, 'doc.docx'), 'utf8')).toBe('original')
    // The file's mutex was released: the next save goes through.
    expect((await putContents(access, 'complete', { 'X-WOPI-Lock': 'L' })).status).toBe(200)
  })

  it('refuses an unlocked write while a desktop program has the file open', async () => {
    await writeFile(join(host.root, '.~lock.new.wopitest#'), ',dana,pc,01.01.2025 09:00,;')
    const access = await host.token('new.wopitest')
    const response = await putContents(access, 'x')
    expect(response.status).toBe(409)
    expect(response.headers).toHaveProperty('x-wopi-lock', '')
    expect(response.header('x-wopi-lockfailurereason')).toMatch(/LibreOffice by dana/)
  })

  it('accepts PutFile without X-WOPI-Override on the contents path, and answers 501 to another override', async () => {
    const access = await host.token('new.wopitest')
    expect((await wopi(access, { path: '/contents', method: 'POST', body: 'x' })).status).toBe(200)
    expect((await wopi(access, { path: '/contents', override: 'COBALT', body: 'x' })).status).toBe(501)
  })
})
