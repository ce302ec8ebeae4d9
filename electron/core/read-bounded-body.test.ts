import { Readable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { BodyTooLargeError, readBoundedBody } from './read-bounded-body'

const chunks = (...parts: string[]) => Readable.from(parts.map((part) => Buffer.from(part)))

describe('readBoundedBody', () => {
  it('reads a Node stream or a fetch body whole', async () => {
    expect((await readBoundedBody(chunks('ab', 'cd'), 4)).toString()).toBe('abcd')
    expect((await readBoundedBody(new Response('héllo').body, 100)).toString()).toBe('héllo')
    expect(await readBoundedBody(null, 0)).toEqual(Buffer.alloc(0))
  })

  it('refuses a declared length over the cap without reading, and leaves the source open', async () => {
    const source = chunks('a')
    await expect(readBoundedBody(source, 4, '5')).rejects.toBeInstanceOf(BodyTooLargeError)
    expect(source.destroyed).toBe(false)
    expect((await readBoundedBody(chunks('abcd'), 4, 4)).toString()).toBe('abcd')
  })

  it('stops at the first chunk over the cap and closes the source', async () => {
    let produced = 0
    const endless = new Readable({
      read() {
        produced++
        this.push(Buffer.alloc(1024))
      },
    })
    const error = await readBoundedBody(endless, 4096).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(BodyTooLargeError)
    expect((error as BodyTooLargeError).limit).toBe(4096)
    expect(endless.destroyed).toBe(true)
    expect(produced).toBeLessThan(10)
  })

  it('cancels a fetch body that grows past the cap', async () => {
    let cancelled = false
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(new Uint8Array(1024))
      },
      cancel() {
        cancelled = true
      },
    })
    await expect(readBoundedBody(body, 2048)).rejects.toBeInstanceOf(BodyTooLargeError)
    expect(cancelled).toBe(true)
  })
})
