import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { channelArgs } from '../../contract/channels'
import { ApiError } from '../../contract/envelope'
import type { EventName } from '../../contract/channels'
import { PNG_1x1, smallDiscovery } from '../discovery/test-support/discovery-docs'
import { discoveryHandler, startServer, type LocalServer } from '../discovery/test-support/local-server'
import { createCatalogApi } from './catalog-api'
import { createHarness, type Harness } from './test-support/harness'

let harness: Harness
let server: LocalServer
let body: () => string
let api: ReturnType<typeof createCatalogApi>
const emitted: { event: EventName; payload: unknown }[] = []

beforeEach(async () => {
  harness = createHarness()
  server = await startServer((request, response) => discoveryHandler(() => body())(request, response))
  body = () => smallDiscovery({ origin: server.origin })
  harness.allow(server.origin)
  emitted.length = 0
  api = createCatalogApi(harness.catalog, { emit: (event, payload) => void emitted.push({ event, payload }) })
})
afterEach(async () => {
  await server.close()
  harness.close()
})

describe('catalog channels', () => {
  it('implements every catalog:* channel of the contract', () => {
    const contract = Object.keys(channelArgs)
      .filter((name) => name.startsWith('catalog:'))
      .sort()
    expect(Object.keys(api).sort()).toEqual(contract)
  })

  it('import reports its stages under the console request id, then catalog:changed', async () => {
    const result = await api['catalog:import']({ url: server.origin }, 'req-1')
    expect(result.created).toBe(true)
    const stages = emitted
      .filter((entry) => entry.event === 'catalog:import-progress')
      .map((entry) => entry.payload as { requestId: string; stage: string; message: string })
    expect(stages.map((stage) => stage.stage)).toEqual(['fetching', 'parsing', 'storing', 'icons', 'done'])
    expect(stages.every((stage) => stage.requestId === 'req-1')).toBe(true)
    expect(stages.at(-1)!.message).toBe(
      `Imported Collabora Online (127.0.0.1:${server.port}): 2 apps, 5 actions, proof keys: no, zone external-http`,
    )
    expect(harness.events).toContainEqual({ event: 'catalog:changed', payload: { endpointId: result.endpoint.id } })
  })

  it('a failed import ends with a failed stage and an ApiError carrying the plain message', async () => {
    body = () => '<html><body>Sign in</body></html>'
    const error = await api['catalog:import']({ url: server.origin }, 'req-2').catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(ApiError)
    expect(error).toMatchObject({ code: 'invalid-argument', message: expect.stringContaining('HTML page (probably a login page)') })
    const last = emitted.filter((entry) => entry.event === 'catalog:import-progress').at(-1)!.payload
    expect(last).toMatchObject({ requestId: 'req-2', stage: 'failed', message: expect.stringContaining('HTML page') })
    await expect(api['catalog:list']()).resolves.toEqual([])
  })

  it('network failures are "unavailable", unknown ids "not-found"', async () => {
    await server.close()
    await expect(api['catalog:import']({ url: server.origin })).rejects.toMatchObject({
      code: 'unavailable',
      message: expect.stringContaining('connection refused'),
    })
    await expect(api['catalog:rename-app']('nope', 'x')).rejects.toMatchObject({ code: 'not-found' })
    await expect(api['catalog:refresh']('nope')).rejects.toMatchObject({ code: 'not-found' })
    server = await startServer(() => undefined)
  })

  it('edits through the channels: rename, icon (base64), enable, default, handlers, zone, remove', async () => {
    const { endpoint } = await api['catalog:import']({ url: server.origin })
    const writer = endpoint.apps[0]!
    await expect(api['catalog:rename-app'](writer.id, 'Docs')).resolves.toMatchObject({ name: 'Docs' })
    await expect(
      api['catalog:set-icon'](writer.id, { fileName: 'a.png', mimeType: 'image/png', base64: PNG_1x1.toString('base64') }),
    ).resolves.toMatchObject({
      iconSource: 'custom',
    })
    await expect(
      api['catalog:set-icon'](writer.id, { fileName: 'a.png', mimeType: 'image/png', base64: 'not base64 at all!' }),
    ).rejects.toMatchObject({
      code: 'invalid-argument',
      message: 'The icon upload is not valid base64; choose the file again.',
    })
    await expect(api['catalog:set-icon'](writer.id, null)).resolves.toMatchObject({ iconSource: 'none' })
    await expect(api['catalog:set-app-enabled'](writer.id, false)).resolves.toMatchObject({ enabled: false })
    await expect(api['catalog:handlers']('odt')).resolves.toEqual([])
    await api['catalog:set-app-enabled'](writer.id, true)
    await expect(api['catalog:set-default']('odt', writer.id)).resolves.toMatchObject([{ appId: writer.id, isDefault: true }])
    await expect(api['catalog:set-zone'](endpoint.id, 'external-http')).resolves.toMatchObject({ zone: 'external-http' })
    await expect(api['catalog:set-endpoint-enabled'](endpoint.id, false)).resolves.toMatchObject({ enabled: false })
    await expect(api['catalog:refresh']()).resolves.toMatchObject([{ endpointId: endpoint.id, ok: true }])
    await api['catalog:remove-endpoint'](endpoint.id)
    await expect(api['catalog:list']()).resolves.toEqual([])
  })
})
