import { close, read } from 'node:fs'
import type { Writable } from 'node:stream'

// GetFile of a large document: a read stream allocates a fresh 256 KiB buffer for every read, and those
// buffers' external memory drives full garbage collections, which cost in proportion to the whole heap. The
// host's heap is many times a bare server's, so its downloads lost a third of their speed to the collector
// (measured: 9.7% of the event loop in GC against 1%). Two buffers, reused: one is read into while the other
// is on its way to the socket, and a buffer is read into again only once the socket has taken its bytes
// (the write callback).

const CHUNK = 256 * 1024

/** The file's first `size` bytes were not all there: it shrank while being sent. */
export class ShortReadError extends Error {
  constructor(sent: number, size: number) {
    super(`the file shrank while it was being sent (${sent} of ${size} bytes)`)
    this.name = 'ShortReadError'
  }
}

function readAt(fd: number, buffer: Buffer, length: number, position: number): Promise<number> {
  return new Promise((resolve, reject) =>
    read(fd, buffer, 0, length, position, (error, bytesRead) => (error ? reject(error) : resolve(bytesRead))),
  )
}

function writeChunk(out: Writable, chunk: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    out.write(chunk, (error) => (error ? reject(error) : resolve()))
  })
}

/**
 * Writes bytes [0, size) of the open file `fd` to `out` and ends it; closes `fd` in every case. Rejects when
 * `out` fails or closes early (the client went away) or the file turns out shorter than `size`.
 */
export async function sendFile(fd: number, size: number, out: Writable, chunkSize = CHUNK): Promise<void> {
  const bufferSize = Math.min(chunkSize, Math.max(size, 1))
  const buffers = [Buffer.allocUnsafe(bufferSize), Buffer.allocUnsafe(bufferSize)]
  const inFlight: (Promise<void> | null)[] = [null, null]
  let gone: Error | null = null
  // A write callback is not guaranteed to run once the socket is gone: waits race against the close.
  let onClose!: () => void
  const closed = new Promise<never>((_, reject) => {
    onClose = () => {
      if (out.writableFinished) return
      gone ??= new Error('the client closed the connection')
      reject(gone)
    }
  })
  closed.catch(() => undefined)
  out.on('close', onClose)
  if (out.destroyed) onClose()
  try {
    let position = 0
    for (let turn = 0; position < size; turn ^= 1) {
      // Never read into a buffer the socket may still be reading from.
      if (inFlight[turn]) await Promise.race([inFlight[turn], closed])
      if (gone) throw gone
      const buffer = buffers[turn]!
      const bytesRead = await readAt(fd, buffer, Math.min(buffer.length, size - position), position)
      if (bytesRead === 0) throw new ShortReadError(position, size)
      if (gone) throw gone
      const sending = writeChunk(out, buffer.subarray(0, bytesRead))
      // A failure is rethrown where this write is awaited; until then it must not count as unhandled.
      sending.catch(() => undefined)
      inFlight[turn] = sending
      position += bytesRead
    }
    await Promise.race([Promise.all(inFlight.filter((sending) => sending !== null)), closed])
    if (gone) throw gone
    await Promise.race([
      new Promise<void>((resolve, reject) => {
        out.end((error?: Error | null) => (error ? reject(error) : resolve()))
      }),
      closed,
    ])
  } catch (error) {
    out.destroy()
    throw error
  } finally {
    out.off('close', onClose)
    close(fd, () => undefined)
  }
}
