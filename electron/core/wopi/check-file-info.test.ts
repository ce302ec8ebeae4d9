import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startTestHost, wopi, type TestHost } from './test-kit'

describe('CheckFileInfo', () => {
  let host: TestHost
  beforeEach(async () => {
    host = await startTestHost({ files: { 'Budget 2025.xlsx': 'sheet-bytes', 'Ünïcødé 报告.docx': 'doc', README: 'plain' } })
  })
  afterEach(async () => {
    await host.close()
  })

  it('describes the file, the user and what the host supports', async () => {
    const access = await host.token('Budget 2025.xlsx')
    const response = await wopi(access)
    expect(response.status).toBe(200)
    expect(response.header('content-type')).toMatch(/^application\/json/)
    const info = response.json()
    const settings = host.desk.settings.get()
    expect(info).toMatchObject({
      BaseFileName: 'Budget 2025.xlsx',
      FileExtension: '.xlsx',
      OwnerId: settings.userId,
      UserId: settings.userId,
      UserFriendlyName: settings.userName,
      Size: 11,
      Version: '1',
      UserCanWrite: true,
      UserCanRename: true,
      UserCanNotWriteRelative: false,
      SupportsLocks: true,
      SupportsGetLock: true,
      SupportsExtendedLockLength: true,
      SupportsUpdate: true,
      SupportsRename: true,
      SupportsDeleteFile: true,
      SupportsUserInfo: true,
      FileNameMaxLength: 250,
    })
    expect(typeof info['Version']).toBe('string')
    expect(Number.isInteger(info['Size'])).toBe(true)
    expect(info['LastModifiedTime']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/)
  })

  it('never sends null, coauthoring properties or ReadOnly for a writer', async () => {
    const info = (await wopi(await host.token('Budget 2025.xlsx'))).json()
    for (const value of Object.values(info)) expect(value).not.toBeNull()
    for (const key of [
      'SupportsCoauth',
      'SequenceNumber',
      'AccessTokenExpiry',
      'ServerTime',
      'SharingStatus',
      'RealTimeChannelEndpointUrl',
      'ReadOnly',
      'UserInfo',
      'PostMessageOrigin',
      'HostEditUrl',
    ]) {
      expect(info, key).not.toHaveProperty(key)
    }
  })

  it('tells a read-only token it cannot write, rename or create files', async () => {
    const info = (await wopi(await host.token('Budget 2025.xlsx', { write: false }))).json()
    expect(info).toMatchObject({ UserCanWrite: false, UserCanRename: false, UserCanNotWriteRelative: true, ReadOnly: true })
  })

  it('serves non-ASCII names as UTF-8 JSON and files without extension', async () => {
    expect((await wopi(await host.token('Ünïcødé 报告.docx'))).json()).toMatchObject({
      BaseFileName: 'Ünïcødé 报告.docx',
      FileExtension: '.docx',
    })
    const plain = (await wopi(await host.token('README'))).json()
    expect(plain['BaseFileName']).toBe('README')
    expect(plain).not.toHaveProperty('FileExtension')
  })

  it('sends PostMessageOrigin when a host page origin is configured, and the host URLs it is given', async () => {
    host.desk.settings.update({ hostPageOrigin: 'http://127.0.0.1:17890/ignored-path' })
    await host.restart({
      hostUrls: (fileId) => ({
        HostEditUrl: `http://127.0.0.1:17890/host/${fileId}?action=edit`,
        HostViewUrl: `http://127.0.0.1:17890/host/${fileId}?action=view`,
        CloseUrl: '',
        ClosePostMessage: true,
      }),
    })
    const access = await host.token('Budget 2025.xlsx')
    const info = (await wopi(access)).json()
    expect(info['PostMessageOrigin']).toBe('http://127.0.0.1:17890')
    expect(info['HostEditUrl']).toBe(`http://127.0.0.1:17890/host/${access.fileId}?action=edit`)
    expect(info['HostViewUrl']).toBe(`http://127.0.0.1:17890/host/${access.fileId}?action=view`)
    expect(info['ClosePostMessage']).toBe(true)
    expect(info).not.toHaveProperty('CloseUrl')
  })

  it('answers 404 once the file is replaced by a link that leads outside the folder', async () => {
    const access = await host.token('README')
    const { rm, symlink, writeFile } = await import('node:fs/promises')
    const outside = `${host.dataDir}/outside-secret.txt`
    await writeFile(outside, 'secret')
    await rm(`${host.root}/README`)
    await symlink(outside, `${host.root}/README`)
    expect((await wopi(access)).status).toBe(404)
    expect((await wopi(access, { path: '/contents' })).status).toBe(404)
  })

  it('reports a missing file as 404', async () => {
    const access = await host.token('README')
    const { unlink } = await import('node:fs/promises')
    await unlink(`${host.root}/README`)
    expect((await wopi(access)).status).toBe(404)
  })
})
