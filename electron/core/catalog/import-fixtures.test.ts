import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { ApiError } from '../../contract/envelope'
import { makeTestCerts, type TestCerts } from '../discovery/test-support/certs'
import { FIXTURES, fixture, tempDir } from '../discovery/test-support/discovery-docs'
import { discoveryHandler, startServer, type LocalServer } from '../discovery/test-support/local-server'
import { importSummary } from './catalog'
import { createHarness, type Harness } from './test-support/harness'

// Every real discovery fixture, served by a local HTTP server, imported through the whole path (fetch, parse,
// model, store, icons). The expected numbers were derived from the files with grep/awk:
// - zone actions: <action> elements inside the chosen <net-zone>, after MIME-type apps are folded
//   (Collabora: 86 in writer..draw + 1 Capabilities + 2 MIME apps with no extension app = 89;
//    ONLYOFFICE: 287 in Word/Excel/PowerPoint/Pdf/Capabilities, all 175 MIME actions folded);
// - unsupported: actions of that zone whose requires name cobalt or containers;
// - stored: every action of every zone.

const harnesses: Harness[] = []
const servers: LocalServer[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()))
  for (const harness of harnesses.splice(0)) harness.close()
})

async function importFixture(file: string) {
  const harness = createHarness()
  harnesses.push(harness)
  const server = await startServer(discoveryHandler(() => fixture(file)))
  servers.push(server)
  harness.allow(server.origin)
  const result = await harness.catalog.importEndpoint({ url: server.origin })
  return { harness, server, result }
}

describe('every served fixture imports', () => {
  it.each([
    // key, kind, zones, chosen, apps, apps with actions in zone, zone actions, unsupported, stored, keys, old key
    ['collabora', 'collabora', ['external-http'], 'external-http', 9, 9, 89, 0, 89, false, false],
    ['oo2019', 'office', ['internal-http', 'external-https'], 'internal-http', 8, 6, 293, 13, 669, true, false],
    ['oos2016', 'office', ['internal-http', 'external-http'], 'internal-http', 6, 6, 293, 13, 586, true, false],
    ['owa2013', 'office', ['internal-http'], 'internal-http', 5, 5, 185, 15, 185, true, true],
    ['onlyoffice', 'onlyoffice', ['external-http'], 'external-http', 5, 5, 287, 0, 287, false, false],
    ['onlyofficeTrimmed', 'onlyoffice', ['external-http'], 'external-http', 3, 3, 15, 0, 15, true, true],
  ] as const)('%s', async (key, kind, zones, zone, apps, appsInZone, zoneActions, unsupported, stored, keys, oldKey) => {
    const { harness, server, result } = await importFixture(FIXTURES[key])
    const endpoint = result.endpoint
    expect(result.created).toBe(true)
    expect(endpoint.kind).toBe(kind)
    expect(endpoint.zones).toEqual(zones)
    expect(endpoint.zone).toBe(zone)
    expect(endpoint.apps).toHaveLength(apps)
    // Ids fit the console's /api/icons/<appId> route and are unique.
    for (const app of endpoint.apps) expect(app.id).toMatch(/^[A-Za-z0-9_-]{1,100}$/)
    expect(new Set(endpoint.apps.map((app) => app.id)).size).toBe(apps)
    const withActions = endpoint.apps.filter((app) => app.actions.length > 0)
    expect(withActions).toHaveLength(appsInZone)
    expect(withActions.reduce((sum, app) => sum + app.actions.length, 0)).toBe(zoneActions)
    expect(withActions.flatMap((app) => app.actions).filter((action) => !action.supported)).toHaveLength(unsupported)
    expect((harness.db.prepare('SELECT COUNT(*) AS n FROM actions').get() as { n: number }).n).toBe(stored)
    expect(endpoint.proofKeys.present).toBe(keys)
    expect(endpoint.proofKeys.hasOldKey).toBe(oldKey)
    expect(endpoint.proofKeys.detail).toMatch(keys ? /must carry a valid X-WOPI-Proof/ : /publishes no proof keys/)
    if (keys) expect(endpoint.proofKeys.fingerprint).toMatch(/^[0-9a-f]{16}$/)
    expect(endpoint.discoveryUrl).toBe(`${server.origin}/hosting/discovery`)
    expect(endpoint.name).toMatch(new RegExp(`\\(127\\.0\\.0\\.1:${server.port}\\)$`))
    // The document is kept as fetched, for the doctor and for diffing.
    expect((harness.db.prepare('SELECT raw_xml FROM endpoints').get() as { raw_xml: string }).raw_xml).toBe(fixture(FIXTURES[key]))
    // Icons point at hosts this test network cannot reach: noted, not fatal.
    expect(endpoint.notes?.some((note) => note.startsWith('The icon of'))).toBe(true)
    expect(endpoint.apps.every((app) => app.iconSource === 'none' && app.iconUrl === null)).toBe(true)
  })

  it('keeps every action name, including the unusual ones', async () => {
    const { result } = await importFixture(FIXTURES.oo2019)
    const names = new Set(result.endpoint.apps.flatMap((app) => app.actions.map((action) => action.name)))
    for (const name of [
      'view',
      'edit',
      'editnew',
      'embedview',
      'mobileView',
      'convert',
      'interactivepreview',
      'formsubmit',
      'rtc',
      'getinfo',
      'legacywebservice',
    ]) {
      expect(names, name).toContain(name)
    }
    const collabora = await importFixture(FIXTURES.collabora)
    expect(collabora.result.endpoint.apps.find((app) => app.discoveredName === 'draw')!.actions).toContainEqual(
      expect.objectContaining({ name: 'view_comment', ext: 'pdf', supported: true }),
    )
  })

  it('refuses the Collabora template with a message that says so, and stores nothing', async () => {
    const harness = createHarness()
    harnesses.push(harness)
    const server = await startServer(discoveryHandler(() => fixture(FIXTURES.collaboraTemplate)))
    servers.push(server)
    harness.allow(server.origin)
    const before = harness.snapshot()
    const error = await harness.catalog.importEndpoint({ url: server.origin }).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(ApiError)
    expect((error as ApiError).message).toBe(
      "This looks like Collabora's discovery template (no urlsrc): import the discovery your running Collabora server serves, at https://<server>:9980/hosting/discovery",
    )
    expect(harness.snapshot()).toBe(before)
  })

  it('serves MIME-only formats and marks requires it cannot meet as unsupported', async () => {
    const collabora = await importFixture(FIXTURES.collabora)
    const catalog = collabora.harness.catalog
    expect(catalog.handlersFor('odc').map((handler) => handler.appName)).toEqual(['application/vnd.oasis.opendocument.chart'])
    expect(catalog.handlersFor('.ODT')[0]).toMatchObject({ appName: 'writer', actions: ['edit'], isDefault: true })
    const writer = collabora.result.endpoint.apps.find((app) => app.discoveredName === 'writer')!
    expect(writer.mimeTypes).toContain('application/vnd.oasis.opendocument.text')
    expect(catalog.pickAction(writer.id, 'odt').action).toBe('edit')

    const owa = await importFixture(FIXTURES.owa2013)
    const word = owa.result.endpoint.apps.find((app) => app.discoveredName === 'Word')!
    // OWA 2013 Word edit requires locks,cobalt,update: not offered; its default view is.
    expect(word.actions.find((action) => action.name === 'edit' && action.ext === 'docx')).toMatchObject({
      supported: false,
      requires: ['locks', 'cobalt', 'update'],
    })
    expect(owa.harness.catalog.pickAction(word.id, 'docx').action).toBe('view')
    expect(() => owa.harness.catalog.pickAction(word.id, 'docx', 'edit')).toThrow(
      /requires locks, cobalt, update, and this host supports only locks, update/,
    )
    // OneNote needs cobalt everywhere: no handler for .one.
    expect(owa.harness.catalog.handlersFor('one')).toEqual([])
  })

  it('summarises an import in one line', async () => {
    const { result, server } = await importFixture(FIXTURES.collabora)
    expect(importSummary(result.endpoint)).toBe(
      `Imported Collabora Online (127.0.0.1:${server.port}): 9 apps, 89 actions, proof keys: no, zone external-http`,
    )
  })
})

describe('zone choice follows the scheme, and the admin can change it', () => {
  let certs: TestCerts
  const temp = tempDir('wopi-desk-certs-')
  beforeAll(() => {
    certs = makeTestCerts(temp.dir)
  })
  afterAll(() => temp.remove())

  it('reached over https (trusted by explicit choice), OO2019 uses its external-https zone', async () => {
    const harness = createHarness()
    harnesses.push(harness)
    const server = await startServer(
      discoveryHandler(() => fixture(FIXTURES.oo2019)),
      certs.selfSigned,
    )
    servers.push(server)
    harness.allow(server.origin)
    const { endpoint } = await harness.catalog.importEndpoint({ url: `${server.origin}/hosting/discovery`, insecureTls: true })
    expect(endpoint.insecureTls).toBe(true)
    expect(endpoint.zone).toBe('external-https')
    expect(endpoint.apps.filter((app) => app.actions.length > 0)).toHaveLength(8)
    expect(endpoint.apps.reduce((sum, app) => sum + app.actions.length, 0)).toBe(376)
  })

  it('set-zone switches the offered actions and survives a refresh', async () => {
    const { harness, result } = await importFixture(FIXTURES.oos2016)
    const id = result.endpoint.id
    const switched = await harness.catalog.setZone(id, 'external-http')
    expect(switched.zone).toBe('external-http')
    const refreshed = await harness.catalog.refresh(id)
    expect(refreshed[0]).toMatchObject({ ok: true, changes: [] })
    expect(harness.catalog.getEndpoint(id).zone).toBe('external-http')
    await expect(harness.catalog.setZone(id, 'internal-https')).rejects.toThrow(
      'has no zone "internal-https"; it has internal-http, external-http',
    )
  })
})
