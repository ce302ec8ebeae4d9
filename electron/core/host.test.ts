import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { listenHost, openHost } from './host'
import { writeServeInfo } from './server/serve-info'
import { freePort, portIsFree } from './server/test-support/port-probe'
import { encodeUtf7Header } from './wopi/utf7-header'
import { checkFileInfo, lockFile, startTestHost, wopi, type TestHost } from './wopi/test-kit'

describe('desk', () => {
  let host: TestHost
  beforeEach(async () => {
    host = await startTestHost({ files: { 'Plan.docx': 'plan' } })
  })
  afterEach(async () => {
    await host.close()
  })

  it('keeps file ids, locks and tokens across a restart', async () => {
    const access = await host.token('Plan.docx')
    await lockFile(access, 'held-lock')
    const renamed = await wopi(access, {
      override: 'RENAME_FILE',
      headers: { 'X-WOPI-RequestedName': encodeUtf7Header('Plan final'), 'X-WOPI-Lock': 'held-lock' },
    })
    expect(renamed.status).toBe(200)
    await host.restart()
    const again = { ...access, wopiSrc: host.desk.wopiSrc(access.fileId) }
    expect(await checkFileInfo(again)).toMatchObject({ BaseFileName: 'Plan final.docx' })
    expect((await host.desk.files.ensureFile('Plan final.docx')).id).toBe(access.fileId)
    const other = await lockFile(again, 'another-lock')
    expect(other.status).toBe(409)
    expect(other.header('x-wopi-lock')).toBe('held-lock')
    expect((await wopi(again, { override: 'UNLOCK', headers: { 'X-WOPI-Lock': 'held-lock' } })).status).toBe(200)
  })

  it('saves the listener and folder options as settings', async () => {
    expect(host.desk.settings.get()).toMatchObject({ root: host.root, port: 0, bind: '127.0.0.1' })
    expect(host.desk.wopi.listening).toBe(true)
    expect(host.desk.wopi.url).toBe(`http://127.0.0.1:${host.desk.wopi.port}`)
    expect(host.desk.settingsDto()).toMatchObject({
      root: host.root,
      dataDir: host.dataDir,
      effectiveWopiBase: host.desk.wopi.url,
      tokenTtlSeconds: 36000,
      versionRetention: 20,
    })
  })

  it('hands requests outside /wopi/ to the extra routes, and 404s what nobody takes', async () => {
    await host.restart({
      extraRoutes: (req, res) => {
        if (!req.url?.startsWith('/host/')) return false
        res.writeHead(200, { 'Content-Type': 'text/plain' })
        res.end('host page')
        return true
      },
    })
    const base = host.desk.wopiBase()
    const page = await fetch(`${base}/host/abc`)
    expect(page.status).toBe(200)
    expect(await page.text()).toBe('host page')
    expect((await fetch(`${base}/elsewhere`)).status).toBe(404)
    expect((await fetch(`${base}/wopi/files/nope`)).status).toBe(401)
    expect(host.desk.requestLog.recent().map((r) => r.operation)).toEqual(['CheckFileInfo'])
  })

  it('never lets a file id point into another served folder', async () => {
    const access = await host.token('Plan.docx')
    const otherRoot = join(host.dataDir, '..', 'other-root')
    await mkdir(otherRoot)
    await writeFile(join(otherRoot, 'Plan.docx'), 'a different document')
    await host.restart({ root: otherRoot })
    expect((await wopi({ ...access, wopiSrc: host.desk.wopiSrc(access.fileId) })).status).toBe(404)
    const fresh = await host.token('Plan.docx')
    expect(fresh.fileId).not.toBe(access.fileId)
  })
})

describe('desk without a listener', () => {
  let base: string
  beforeEach(async () => {
    base = await mkdtemp(join(tmpdir(), 'wopi-desk-nolisten-'))
    await mkdir(join(base, 'root'))
    await writeFile(join(base, 'root', 'x.txt'), 'x')
  })
  afterEach(async () => {
    await rm(base, { recursive: true, force: true })
  })

  it('builds WOPISrc from serve.json of a running host, else from the settings', async () => {
    const dataDir = join(base, 'data')
    const first = await openHost({ dataDir, root: join(base, 'root'), port: 17999 })
    expect(first.wopi).toEqual({ url: 'http://127.0.0.1:17999', port: null, bind: null, listening: false })
    await first.close()
    await writeServeInfo(dataDir, { pid: process.pid, wopiBase: 'http://127.0.0.1:40404', startedAt: Date.now() })
    const second = await openHost({ dataDir })
    const issued = await second.issueToken('x.txt')
    expect(issued.wopiSrc).toBe(`http://127.0.0.1:40404/wopi/files/${issued.fileId}`)
    await second.close()
  })

  it('opens with no socket, listens only when asked (port 0 allowed), and frees the port and database on close', async () => {
    const dataDir = join(base, 'data')
    const port = await freePort()
    const host = await openHost({ dataDir, root: join(base, 'root'), port, sweepIntervalMs: 0, env: {} })
    try {
      expect(host.wopi).toMatchObject({ port: null, listening: false })
      expect(await portIsFree(port)).toBe(true)
      const address = await listenHost(host)
      expect(address).toEqual({ url: `http://127.0.0.1:${port}`, port })
      expect(host.wopi).toMatchObject({ port, bind: '127.0.0.1', listening: true })
      expect(await portIsFree(port)).toBe(false)
      expect((await fetch(`${address.url}/wopi/files/nope`)).status).toBe(401)
      await expect(listenHost(host)).rejects.toThrow(/listens already/)
    } finally {
      await host.close()
    }
    expect(await portIsFree(port)).toBe(true)
    expect(host.db.open).toBe(false)

    const onAnyPort = await openHost({ dataDir, port: 0, sweepIntervalMs: 0, env: {} })
    const chosen = await listenHost(onAnyPort)
    await onAnyPort.close()
    expect(chosen.port).toBeGreaterThan(0)
    expect(await portIsFree(chosen.port)).toBe(true)
  })
})
