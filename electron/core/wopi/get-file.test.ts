import { createHash } from 'node:crypto'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { checkFileInfo, getContents, startTestHost, type TestHost } from './test-kit'

describe('GetFile', () => {
  let host: TestHost
  beforeEach(async () => {
    host = await startTestHost({ files: { 'a.docx': 'hello bytes', 'empty.docx': '' } })
  })
  afterEach(async () => {
    await host.close()
  })

  it('returns the bytes with X-WOPI-ItemVersion equal to CheckFileInfo Version', async () => {
    const access = await host.token('a.docx')
    const info = await checkFileInfo(access)
    const response = await getContents(access)
    expect(response.status).toBe(200)
    expect(response.text()).toBe('hello bytes')
    expect(response.header('content-type')).toBe('application/octet-stream')
    expect(response.header('content-length')).toBe('11')
    expect(response.header('x-wopi-itemversion')).toBe(info['Version'])
  })

  it('ignores X-WOPI-Lock and serves a 0-byte file', async () => {
    const access = await host.token('empty.docx')
    const response = await getContents(access, { 'X-WOPI-Lock': 'whatever' })
    expect(response.status).toBe(200)
    expect(response.body.length).toBe(0)
  })

  it('answers 412 when the file is larger than X-WOPI-MaxExpectedSize', async () => {
    const access = await host.token('a.docx')
    expect((await getContents(access, { 'X-WOPI-MaxExpectedSize': '10' })).status).toBe(412)
    expect((await getContents(access, { 'X-WOPI-MaxExpectedSize': '11' })).status).toBe(200)
    expect((await getContents(access, { 'X-WOPI-MaxExpectedSize': 'ten' })).status).toBe(400)
  })

  it('streams a large file completely', async () => {
    const big = Buffer.alloc(8 * 1024 * 1024 + 123)
    for (let i = 0; i < big.length; i += 4096) big.writeUInt32LE(i, i)
    await writeFile(join(host.root, 'big.bin'), big)
    const response = await getContents(await host.token('big.bin'))
    expect(response.body.length).toBe(big.length)
    expect(createHash('sha256').update(response.body).digest('hex')).toBe(createHash('sha256').update(big).digest('hex'))
  })

  it('reports a version that follows changes made by another program', async () => {
    const access = await host.token('a.docx')
    const first = await getContents(access)
    await writeFile(join(host.root, 'a.docx'), 'edited in another program')
    const second = await getContents(access)
    expect(second.text()).toBe('edited in another program')
    expect(Number(second.header('x-wopi-itemversion'))).toBe(Number(first.header('x-wopi-itemversion')) + 1)
  })
})
