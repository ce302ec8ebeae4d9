import type { IncomingMessage } from 'node:http'

// Reads a whole body into memory with a hard cap: the one reader for the bodies the app takes whole (console API
// calls, PutUserInfo, the built-in editor's forms and saves) and the answers it reads whole (discovery documents
// and icons, the built-in editor's WOPI calls, the CLI's console calls). It stops at the first chunk over the
// cap, so an oversized body is never buffered. The doctor's probes keep the start of a body instead
// (doctor/net/http-probe.ts): a different job.

export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`the body is larger than ${limit} bytes`)
    this.name = 'BodyTooLargeError'
  }
}

/**
 * The whole body of `source` (a Node request or response, or a fetch body; null = empty), at most `limit` bytes.
 * A declared Content-Length over the cap fails before reading and leaves the source to the caller (a server may
 * still answer 413 on it); a body that grows past the cap fails at once and closes the source (a Node stream is
 * destroyed, a fetch body cancelled).
 */
export async function readBoundedBody(
  source: AsyncIterable<Uint8Array> | null,
  limit: number,
  declaredLength?: string | number | null,
): Promise<Buffer> {
  const declared = Number(declaredLength ?? Number.NaN)
  if (Number.isFinite(declared) && declared > limit) throw new BodyTooLargeError(limit)
  if (!source) return Buffer.alloc(0)
  const chunks: Buffer[] = []
  let total = 0
  for await (const chunk of source) {
    total += chunk.byteLength
    if (total > limit) throw new BodyTooLargeError(limit)
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength))
  }
  return Buffer.concat(chunks, total)
}

/**
 * A server's variant for request bodies it must answer 413 to: the same cap, but an oversized body is refused at
 * once without destroying the request (that reset the connection before the answer could be sent); what still
 * arrives is dropped. The caller answers with `Connection: close`.
 */
export function readBoundedRequest(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'])
    if (Number.isFinite(declared) && declared > limit) return reject(new BodyTooLargeError(limit))
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      if (size > limit) return
      size += chunk.length
      if (size > limit) {
        chunks.length = 0
        reject(new BodyTooLargeError(limit))
        return
      }
      chunks.push(chunk)
    })
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}
