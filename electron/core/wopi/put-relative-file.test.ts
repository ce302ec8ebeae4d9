import { readFile, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { IssuedAccess } from '../host'
import { accessFromUrl, checkFileInfo, lockFile, startTestHost, wopi, type TestHost } from './test-kit'
import { decodeUtf7Header, encodeUtf7Header } from './utf7-header'

const suggested = (access: IssuedAccess, target: string, body = 'copy') =>
  wopi(access, {
    override: 'PUT_RELATIVE',
    body,
    headers: { 'X-WOPI-SuggestedTarget': encodeUtf7Header(target), 'X-WOPI-Size': String(Buffer.byteLength(body)) },
  })
const specific = (access: IssuedAccess, target: string, overwrite?: string, body = 'copy') =>
  wopi(access, {
    override: 'PUT_RELATIVE',
    body,
    headers: {
      'X-WOPI-RelativeTarget': encodeUtf7Header(target),
      ...(overwrite === undefined ? {} : { 'X-WOPI-OverwriteRelativeTarget': overwrite }),
    },
  })

describe('PutRelativeFile', () => {
  let host: TestHost
  let access: IssuedAccess
  beforeEach(async () => {
    host = await startTestHost({ files: { 'folder/Source.wopitest': 'source bytes', 'folder/Existing.docx': 'existing' } })
    access = await host.token('folder/Source.wopitest')
  })
  afterEach(async () => {
    await host.close()
  })

  it('creates a file from a suggested extension next to the source, with a working Url', async () => {
    const response = await suggested(access, '.wopitestx')
    expect(response.status).toBe(200)
    const body = response.json()
    expect(body['Name']).toBe('Source.wopitestx')
    expect(await readFile(join(host.root, 'folder', 'Source.wopitestx'), 'utf8')).toBe('copy')
    const url = String(body['Url'])
    expect(url.startsWith(`${host.desk.wopiBase()}/wopi/files/`)).toBe(true)
    expect(url).toMatch(/\?access_token=[A-Za-z0-9_-]{43}$/)
    const created = accessFromUrl(url)
    expect(created.fileId).not.toBe(access.fileId)
    const info = await checkFileInfo(created)
    expect(info).toMatchObject({ BaseFileName: 'Source.wopitestx', UserCanWrite: true, Size: 4 })
    // Token trading: the new token expires with the presented one.
    const issued = host.desk.tokens.find(created.accessToken)
    expect(issued?.expiresAt).toBe(access.accessTokenTtl)
  })

  it('never fails for name reasons in suggested mode: conflicts are numbered, illegal names repaired', async () => {
    const first = (await suggested(access, 'madeupname.wopitest')).json()
    const second = (await suggested(access, 'madeupname.wopitest')).json()
    const third = (await suggested(access, 'MADEUPNAME.wopitest')).json()
    expect([first['Name'], second['Name'], third['Name']]).toEqual([
      'madeupname.wopitest',
      'madeupname (1).wopitest',
      'MADEUPNAME (2).wopitest',
    ])
    expect((await suggested(access, 'bad:name?.docx')).json()['Name']).toBe('bad_name_.docx')
    expect((await suggested(access, 'CON.docx')).json()['Name']).toBe('_CON.docx')
    const undecodable = await wopi(access, { override: 'PUT_RELATIVE', body: 'x', headers: { 'X-WOPI-SuggestedTarget': 'broken+' } })
    expect(undecodable.status).toBe(200)
    expect(undecodable.json()['Name']).toBe('Source (1).wopitest')
    const long = (await suggested(access, 'x'.repeat(600) + '.wopitestx')).json()
    expect(String(long['Name']).endsWith('.wopitestx')).toBe(true)
    expect(String(long['Name']).length).toBeLessThanOrEqual(255)
  })

  it('creates exactly the requested name in specific mode (UTF-7 in, UTF-8 JSON out)', async () => {
    const response = await specific(access, 'madeup_name.wopitestx')
    expect(response.status).toBe(200)
    expect(response.json()['Name']).toBe('madeup_name.wopitestx')
    const unicode = await specific(access, 'Résumé 报告.docx')
    expect(unicode.json()['Name']).toBe('Résumé 报告.docx')
    expect(await readFile(join(host.root, 'folder', 'Résumé 报告.docx'), 'utf8')).toBe('copy')
    // The overwrite header has no effect when the name is free.
    expect((await specific(access, 'free-true.docx', 'True')).status).toBe(200)
    expect((await specific(access, 'free-false.docx', 'False')).status).toBe(200)
  })

  it('answers 409 with X-WOPI-ValidRelativeTarget for a taken name without overwrite, also by case only', async () => {
    for (const overwrite of [undefined, 'false', 'False']) {
      const response = await specific(access, 'Existing.docx', overwrite)
      expect(response.status).toBe(409)
      expect(decodeUtf7Header(response.header('x-wopi-validrelativetarget') ?? '')).toBe('Existing (1).docx')
    }
    const caseOnly = await specific(access, 'EXISTING.DOCX')
    expect(caseOnly.status).toBe(409)
    expect(await readFile(join(host.root, 'folder', 'Existing.docx'), 'utf8')).toBe('existing')
  })

  it('overwrites a taken, unlocked target when asked, keeping its id and its old content as a version', async () => {
    const existing = await host.token('folder/Existing.docx')
    const response = await specific(access, 'Existing.docx', 'true', 'replacement')
    expect(response.status).toBe(200)
    const created = accessFromUrl(String(response.json()['Url']))
    expect(created.fileId).toBe(existing.fileId)
    expect((await wopi(created)).status).toBe(200)
    expect(await readFile(join(host.root, 'folder', 'Existing.docx'), 'utf8')).toBe('replacement')
    const [kept] = host.desk.files.listVersions(existing.fileId)
    expect(kept?.reason).toBe('overwrite')
    expect(await readFile(join(host.dataDir, kept!.storePath), 'utf8')).toBe('existing')
  })

  it('answers 409 with the target lock when the target to overwrite is locked', async () => {
    const existing = await host.token('folder/Existing.docx')
    await lockFile(existing, 'LockString')
    const response = await specific(access, 'Existing.docx', 'true', 'replacement')
    expect(response.status).toBe(409)
    expect(response.header('x-wopi-lock')).toBe('LockString')
    expect(await readFile(join(host.root, 'folder', 'Existing.docx'), 'utf8')).toBe('existing')
  })

  it('answers 400 to an invalid specific name, with a valid suggestion', async () => {
    for (const [name, suggestion] of [
      ['bad|name.docx', 'bad_name.docx'],
      ['NUL.txt', '_NUL.txt'],
      ['trailing.docx.', 'trailing.docx'],
    ] as const) {
      const response = await specific(access, name)
      expect(response.status, name).toBe(400)
      expect(decodeUtf7Header(response.header('x-wopi-validrelativetarget') ?? '')).toBe(suggestion)
    }
    const long = await specific(access, 'longwopitestfilename'.repeat(26) + '.wopitestx')
    expect(long.status).toBe(400)
    expect(decodeUtf7Header(long.header('x-wopi-validrelativetarget') ?? '')?.endsWith('.wopitestx')).toBe(true)
    const undecodable = await wopi(access, { override: 'PUT_RELATIVE', body: 'x', headers: { 'X-WOPI-RelativeTarget': 'a+' } })
    expect(undecodable.status).toBe(400)
  })

  it('answers 400 to both target headers or none, and 501 to a read-only token', async () => {
    const both = await wopi(access, {
      override: 'PUT_RELATIVE',
      body: 'x',
      headers: { 'X-WOPI-SuggestedTarget': 'a.docx', 'X-WOPI-RelativeTarget': 'a.docx' },
    })
    expect(both.status).toBe(400)
    expect((await wopi(access, { override: 'PUT_RELATIVE', body: 'x' })).status).toBe(400)
    const reader = await host.token('folder/Source.wopitest', { write: false })
    expect((await suggested(reader, '.docx')).status).toBe(501)
    const conflicting = await wopi(reader, {
      override: 'PUT_RELATIVE',
      body: 'x',
      headers: { 'X-WOPI-SuggestedTarget': 'a.docx', 'X-WOPI-RelativeTarget': 'a.docx' },
    })
    expect(conflicting.status).toBe(501)
  })

  it('answers 413 above the size limit and leaves nothing behind', async () => {
    host.desk.settings.update({ maxFileSizeBytes: 1024 })
    expect((await suggested(access, 'big.docx', 'x'.repeat(2000))).status).toBe(413)
    expect((await specific(access, 'big.docx', undefined, 'x'.repeat(2000))).status).toBe(413)
    expect((await readdir(join(host.root, 'folder'))).sort()).toEqual(['Existing.docx', 'Source.wopitest'])
  })

  it('passes HostViewUrl and HostEditUrl of the new file from the provider', async () => {
    await host.restart({
      hostUrls: (fileId) => ({ HostViewUrl: `http://127.0.0.1:1/view/${fileId}`, HostEditUrl: `http://127.0.0.1:1/edit/${fileId}` }),
    })
    access = await host.token('folder/Source.wopitest')
    const body = (await suggested(access, 'new_file.wopitest')).json()
    const created = accessFromUrl(String(body['Url']))
    expect(body['HostViewUrl']).toBe(`http://127.0.0.1:1/view/${created.fileId}`)
    expect(body['HostEditUrl']).toBe(`http://127.0.0.1:1/edit/${created.fileId}`)
  })

  it('runs the validator rename-after-create flow with a DeleteFile clean-up', async () => {
    const created = accessFromUrl(String((await specific(access, 'ValidatorTestFile.wopitest')).json()['Url']))
    expect((await checkFileInfo(created))['UserCanRename']).toBe(true)
    const renamed = await wopi(created, {
      override: 'RENAME_FILE',
      headers: { 'X-WOPI-RequestedName': encodeUtf7Header('ValidatorTestFileRenamed') },
    })
    expect(renamed.json()).toEqual({ Name: 'ValidatorTestFileRenamed' })
    expect(await checkFileInfo(created)).toMatchObject({ BaseFileName: 'ValidatorTestFileRenamed.wopitest', FileExtension: '.wopitest' })
    expect((await wopi(created, { override: 'DELETE' })).status).toBe(200)
    expect((await wopi(created, { override: 'RENAME_FILE', headers: { 'X-WOPI-RequestedName': 'x' } })).status).toBe(404)
    expect((await wopi(created, { override: 'DELETE' })).status).toBe(404)
    // The name is free again for the next case.
    expect((await specific(access, 'ValidatorTestFile.wopitest')).status).toBe(200)
  })
})
