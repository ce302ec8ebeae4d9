import { randomBytes } from 'node:crypto'
import { fstat, openSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createServer, get, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { sendFile, ShortReadError } from './send-file'

const fdIsClosed = (fd: number) => new Promise<boolean>((resolve) => fstat(fd, (error) => resolve(error?.code === 'EBADF')))

describe('sendFile', () => {
  let dir: string
  let content: Buffer
  let path: string
  let server: Server | null = null
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'wopi-desk-send-'))
    content = randomBytes(1000 * 1024 + 123)
    path = join(dir, 'doc.bin')
    await writeFile(path, content)
  })
  afterEach(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()))
    server = null
    await rm(dir, { recursive: true, force: true })
  })

  it('never reads into a buffer the consumer has not finished with', async () => {
    // A slow consumer: each chunk is checked when its write callback is about to run, the moment after
    // which sendFile may reuse the buffer.
    const received: Buffer[] = []
    let offset = 0
    const slow = new Writable({
      highWaterMark: 1,
      write(chunk: Buffer, _encoding, callback) {
        setTimeout(() => {
          expect(chunk.equals(content.subarray(offset, offset + chunk.length))).toBe(true)
          offset += chunk.length
          received.push(Buffer.from(chunk))
          callback()
        }, 2)
      },
    })
    const fd = openSync(path, 'r')
    await sendFile(fd, content.length, slow, 64 * 1024)
    expect(Buffer.concat(received).equals(content)).toBe(true)
    expect(received.length).toBeGreaterThan(10)
    expect(await fdIsClosed(fd)).toBe(true)
  })

  it('sends exactly `size` bytes over HTTP, even when the file is longer', async () => {
    server = createServer((_req, res) => {
      const fd = openSync(path, 'r')
      res.writeHead(200, { 'Content-Length': 300_000 })
      void sendFile(fd, 300_000, res, 64 * 1024)
    })
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', () => resolve()))
    const body = await new Promise<Buffer>((resolve, reject) => {
      get(`http://127.0.0.1:${(server!.address() as AddressInfo).port}/`, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () => resolve(Buffer.concat(chunks)))
        res.on('error', reject)
      }).on('error', reject)
    })
    expect(body.equals(content.subarray(0, 300_000))).toBe(true)
  })

  it('fails with ShortReadError when the file is shorter than announced, and closes the file', async () => {
    const fd = openSync(path, 'r')
    const sink = new Writable({ write: (_chunk, _encoding, callback) => callback() })
    await expect(sendFile(fd, content.length + 10, sink, 256 * 1024)).rejects.toBeInstanceOf(ShortReadError)
    expect(sink.destroyed).toBe(true)
    expect(await fdIsClosed(fd)).toBe(true)
  })

  it('stops when the client goes away mid-download, and closes the file', async () => {
    // Far more than loopback socket buffers hold, so the download cannot finish before the client leaves.
    const large = join(dir, 'large.bin')
    const size = 64 * 1024 * 1024
    await writeFile(large, Buffer.alloc(size, 7))
    // declared with `as`: assigned in the server callback, which TypeScript's narrowing does not see
    let outcome = null as Promise<unknown> | null
    let fd = -1
    server = createServer((_req, res) => {
      fd = openSync(large, 'r')
      res.writeHead(200, { 'Content-Length': size })
      outcome = sendFile(fd, size, res, 16 * 1024).then(
        () => 'finished',
        (error: Error) => error.message,
      )
    })
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', () => resolve()))
    await new Promise<void>((resolve) => {
      const request = get(`http://127.0.0.1:${(server!.address() as AddressInfo).port}/`, (res) => {
        res.once('data', () => {
          request.destroy()
          resolve()
        })
      })
      request.on('error', () => undefined)
    })
    await expect.poll(() => outcome, { timeout: 5000 }).not.toBeNull()
    expect(await outcome).toMatch(/closed the connection/)
    expect(await fdIsClosed(fd)).toBe(true)
  })
})
