import { createPublicKey, type KeyObject } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { createCatalog } from '../../catalog/catalog'
import { createProofGate } from '../../catalog/proof-gate'
import { silentLog } from '../../deps'
import { listenHost } from '../../host'
import { startTestHost, type TestHost } from '../../wopi/test-kit'
import { encodeCspPublicKeyBlob } from '../../conformance/proof-key-discovery'

// Test-only: the product's own WOPI host configured the way a session runs it (host page origin as
// PostMessageOrigin, Host*Url from the host page), a fetch that records every exchange together with the
// bytes on disk right after it, and an editor catalog entry that publishes the emulator's proof keys.

export interface ProductHost extends TestHost {
  origin: string
  /** bytes of the file with this id as they are on disk now */
  disk(fileId: string): Promise<Buffer>
  /** names in the served folder */
  listRoot(): Promise<string[]>
  /** binds the proof gate to a catalog app whose discovery carries these public keys; returns its app id */
  publishProofKeys(keys: { current: KeyObject; old?: KeyObject }): Promise<string>
}

export async function startProductHost(files: Record<string, string | Buffer>): Promise<ProductHost> {
  let origin = ''
  const cleanups: (() => Promise<void>)[] = []
  const host = await startTestHost({ files, listen: false })
  // The catalog on the desk's own database, and its proof gate, exist before the host listens, as in the app.
  const catalog = createCatalog({ db: host.desk.db, dataDir: host.dataDir, clock: host.clock, log: silentLog })
  cleanups.push(async () => {
    catalog.stop()
    await catalog.idle()
  })
  await listenHost(host.desk, {
    hostUrls: (fileId) => ({ HostViewUrl: `${origin}/open/${fileId}?action=view`, HostEditUrl: `${origin}/open/${fileId}?action=edit` }),
    proofGate: createProofGate({ catalog, clock: host.clock, log: silentLog }),
  })
  origin = host.desk.wopiBase()
  host.desk.settings.update({ hostPageOrigin: origin })
  const baseClose = host.close.bind(host)
  const product: ProductHost = Object.assign(host, {
    origin,
    async disk(fileId: string) {
      const row = host.desk.files.get(fileId)
      if (!row) throw new Error(`file ${fileId} is gone`)
      return readFile(join(host.root, ...row.relPath.split('/')))
    },
    async listRoot() {
      const { readdir } = await import('node:fs/promises')
      return (await readdir(host.root)).filter((name) => !name.startsWith('.')).sort()
    },
    async publishProofKeys(keys: { current: KeyObject; old?: KeyObject }) {
      const xml = discoveryWithKeys(keys)
      const server = createServer((_req, res) => {
        res.writeHead(200, { 'Content-Type': 'text/xml' })
        res.end(xml)
      })
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
      cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())))
      await catalog.importEndpoint({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hosting/discovery` })
      const handler = catalog.handlersFor('docx')[0]
      if (!handler) throw new Error('the test discovery offers no docx handler')
      return handler.appId
    },
    async close() {
      for (const cleanup of cleanups.reverse()) await cleanup()
      await baseClose()
    },
  })
  return product
}

function keyAttributes(key: KeyObject, prefix: '' | 'old'): string {
  const jwk = (key.type === 'public' ? key : createPublicKey(key)).export({ format: 'jwk' })
  const modulus = Buffer.from(jwk.n ?? '', 'base64url')
  const exponent = Buffer.from(jwk.e ?? '', 'base64url')
  return `${prefix}value="${encodeCspPublicKeyBlob(modulus, exponent).toString('base64')}" ${prefix}modulus="${modulus.toString('base64')}" ${prefix}exponent="${exponent.toString('base64')}"`
}

/** A small editor discovery (one docx edit action) with a <proof-key>: current only (Collabora) or both (ONLYOFFICE). */
function discoveryWithKeys(keys: { current: KeyObject; old?: KeyObject }): string {
  const proof = `<proof-key ${keyAttributes(keys.current, '')}${keys.old ? ` ${keyAttributes(keys.old, 'old')}` : ''}/>`
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<wopi-discovery><net-zone name="external-http">',
    '<app name="Word" favIconUrl="http://127.0.0.1:9/favicon.ico">',
    '<action name="edit" ext="docx" default="true" requires="locks,update" urlsrc="http://127.0.0.1:9/hosting/wopi/word/edit?&lt;wopisrc=WOPI_SOURCE&amp;&gt;"/>',
    '</app></net-zone>',
    proof,
    '</wopi-discovery>',
  ].join('')
}

export interface RecordedExchange {
  method: string
  url: string
  headers: Record<string, string>
  bodyBytes: number
  status: number
  responseBody: Buffer
}

/**
 * A fetch that forwards to the real one and records each exchange; `after` runs once the answer is in (tests
 * read the disk there, between two editor requests).
 */
export function recordingFetch(records: RecordedExchange[], after?: (record: RecordedExchange) => Promise<void> | void): typeof fetch {
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const response = await fetch(input, init)
    const responseBody = Buffer.from(await response.arrayBuffer())
    const headers: Record<string, string> = {}
    new Headers(init?.headers).forEach((value, name) => (headers[name] = value))
    const record: RecordedExchange = {
      method: init?.method ?? 'GET',
      url: String(input),
      headers,
      bodyBytes: init?.body instanceof Uint8Array ? init.body.byteLength : 0,
      status: response.status,
      responseBody,
    }
    records.push(record)
    await after?.(record)
    return new Response(responseBody.length > 0 ? new Uint8Array(responseBody) : null, {
      status: response.status,
      headers: response.headers,
    })
  }) as typeof fetch
}
