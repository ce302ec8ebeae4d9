import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { createHttpFetcher } from '../discovery/http-fetch'
import { probeEndpoint } from './endpoint-status'

let server: Server | null = null
afterEach(async () => {
  await new Promise<void>((done) => (server ? server.close(() => done()) : done()))
  server = null
})

async function editor(routes: Record<string, [number, string]>): Promise<string> {
  server = createServer((req, res) => {
    const [status, body] = routes[req.url ?? ''] ?? [404, 'not found']
    res.writeHead(status, { 'Content-Type': 'text/plain' })
    res.end(body)
  })
  await new Promise<void>((done) => server!.listen(0, '127.0.0.1', () => done()))
  return `http://127.0.0.1:${(server!.address() as AddressInfo).port}`
}

const deps = { fetcher: createHttpFetcher(), now: () => 1_000 }

describe('probeEndpoint', () => {
  it('says a Collabora is reachable and reads its product and version', async () => {
    const origin = await editor({
      '/hosting/discovery': [200, '<wopi-discovery/>'],
      '/hosting/capabilities': [200, JSON.stringify({ productName: 'Collabora Online Development Edition', productVersion: '24.04.9.2' })],
    })
    const status = await probeEndpoint(
      { id: 'e1', kind: 'collabora', discoveryUrl: `${origin}/hosting/discovery`, insecureTls: false },
      deps,
    )
    expect(status).toEqual({
      endpointId: 'e1',
      reachable: true,
      detail: 'The discovery address answers.',
      productName: 'Collabora Online Development Edition',
      productVersion: '24.04.9.2',
      checkedAt: 1_000,
    })
  })

  it('is reachable without a version when capabilities are missing', async () => {
    const origin = await editor({ '/hosting/discovery': [200, '<wopi-discovery/>'] })
    const status = await probeEndpoint(
      { id: 'e1', kind: 'collabora', discoveryUrl: `${origin}/hosting/discovery`, insecureTls: false },
      deps,
    )
    expect(status).toMatchObject({ reachable: true, productName: null, productVersion: null })
  })

  it('says why an editor is not reachable', async () => {
    const origin = await editor({ '/hosting/discovery': [503, 'down'] })
    const down = await probeEndpoint(
      { id: 'e1', kind: 'onlyoffice', discoveryUrl: `${origin}/hosting/discovery`, insecureTls: false },
      deps,
    )
    expect(down).toMatchObject({ reachable: false, detail: expect.stringContaining('503') })
    await new Promise<void>((done) => server!.close(() => done()))
    server = null
    const gone = await probeEndpoint(
      { id: 'e1', kind: 'onlyoffice', discoveryUrl: `${origin}/hosting/discovery`, insecureTls: false },
      deps,
    )
    expect(gone.reachable).toBe(false)
    expect(gone.detail).not.toBe('')
  })
})
