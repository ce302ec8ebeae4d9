import { generateKeyPairSync } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { CatalogChange } from '../../contract/dto'
import { FIXTURES, fixture, PNG_1x1, SVG_ICON, smallDiscovery, type SmallDiscovery } from '../discovery/test-support/discovery-docs'
import { discoveryHandler, startServer, type LocalServer } from '../discovery/test-support/local-server'
import { DEFAULT_REFRESH_INTERVAL_MS, DEFAULT_RETRY_INTERVAL_MS } from './refresh-scheduler'
import { createHarness, type Harness } from './test-support/harness'

const keyA = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey
const keyB = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey

let harness: Harness
let server: LocalServer
let document: () => string
let icons: Record<string, Buffer | string>

beforeEach(async () => {
  harness = createHarness()
  icons = {}
  server = await startServer((request, response) => discoveryHandler(() => document(), icons)(request, response))
  harness.allow(server.origin)
})
afterEach(async () => {
  await server.close()
  harness.close()
})

const serve = (options: Omit<SmallDiscovery, 'origin'>) => {
  document = () => smallDiscovery({ origin: server.origin, ...options })
}

const kinds = (changes: CatalogChange[]) => changes.map((change) => `${change.kind}${change.app ? ` ${change.app}` : ''}`).sort()

describe('re-import and refresh keep admin edits and report what changed', () => {
  it('renames, icons, enabled flags and defaults survive an upgrade that changes urlsrc, keys and apps', async () => {
    serve({ build: 'aaa1111', current: keyA })
    const first = await harness.catalog.importEndpoint({ url: server.origin })
    expect(first.created).toBe(true)
    expect(first.changes).toEqual([])
    const writer = first.endpoint.apps.find((app) => app.discoveredName === 'writer')!
    const calc = first.endpoint.apps.find((app) => app.discoveredName === 'calc')!
    harness.catalog.renameApp(writer.id, 'Text documents')
    harness.catalog.setAppIcon(calc.id, { bytes: PNG_1x1 })
    harness.catalog.setAppEnabled(writer.id, false)
    harness.catalog.setAppEnabled(writer.id, true)
    harness.catalog.setAppEnabled(calc.id, false)
    harness.catalog.setDefault('odt', writer.id)

    // The editor was upgraded (new build hash), rotated its proof key, dropped calc, added impress.
    serve({
      build: 'bbb2222',
      current: keyB,
      old: keyA,
      apps: [
        {
          name: 'writer',
          actions: [
            ['edit', 'odt'],
            ['edit', 'docx'],
            ['view', 'pdf'],
            ['edit', 'rtf'],
          ],
        },
        { name: 'impress', actions: [['edit', 'odp']] },
      ],
    })
    const second = await harness.catalog.importEndpoint({ url: server.origin })
    expect(second.created).toBe(false)
    expect(second.endpoint.id).toBe(first.endpoint.id)
    expect(kinds(second.changes)).toEqual([
      'action-added writer',
      'app-added impress',
      'app-removed calc',
      'proof-key-rotated',
      'urlsrc-changed writer',
    ])
    expect(second.changes.find((change) => change.kind === 'urlsrc-changed')!.detail).toContain('/browser/aaa1111/cool.html? -> ')
    expect(second.changes.find((change) => change.kind === 'proof-key-rotated')!.detail).toContain('(the old key is now the previous key)')
    expect(second.changes.find((change) => change.kind === 'action-added')).toMatchObject({ action: 'edit', ext: 'rtf' })

    const apps = new Map(second.endpoint.apps.map((app) => [app.discoveredName, app]))
    expect(apps.get('writer')).toMatchObject({ id: writer.id, name: 'Text documents', renamed: true, enabled: true })
    expect(apps.get('calc')).toMatchObject({ id: calc.id, present: false, enabled: false, iconSource: 'custom', actions: [] })
    expect(harness.catalog.handlersFor('odt')[0]).toMatchObject({ appId: writer.id, appName: 'Text documents', isDefault: true })
    expect(harness.catalog.handlersFor('ods')).toEqual([])

    // calc comes back: same id, same icon, still disabled as the admin left it.
    serve({ build: 'bbb2222', current: keyB, old: keyA })
    const [third] = await harness.catalog.refresh(first.endpoint.id)
    expect(third!.ok).toBe(true)
    expect(kinds(third!.changes)).toEqual(['action-removed writer', 'app-added calc', 'app-removed impress'])
    const calcAgain = harness.catalog.getApp(calc.id)
    expect(calcAgain).toMatchObject({ present: true, enabled: false, iconSource: 'custom' })
    expect(harness.catalog.readIcon(calc.id)?.bytes.equals(PNG_1x1)).toBe(true)
  })

  it('reports keys added and removed, and aggregates many urlsrc changes per app', async () => {
    document = () => fixture(FIXTURES.collabora)
    const { endpoint } = await harness.catalog.importEndpoint({ url: server.origin })
    document = () => fixture(FIXTURES.collabora).replaceAll('/browser/80a6f97/', '/browser/9d1e2f0/')
    const [upgrade] = await harness.catalog.refresh(endpoint.id)
    const moved = upgrade!.changes.filter((change) => change.kind === 'urlsrc-changed')
    expect(moved.map((change) => change.app)).toEqual([
      'writer',
      'writer-global',
      'writer-web',
      'calc',
      'impress',
      'draw',
      'application/vnd.oasis.opendocument.chart',
      'application/vnd.sun.xml.chart',
    ])
    expect(moved[0]!.detail).toContain('urlsrc changed for 25 actions of "writer"')

    serve({ current: keyA })
    const added = await harness.catalog.refresh(endpoint.id)
    expect(added[0]!.changes.filter((change) => change.kind.startsWith('proof'))).toEqual([
      expect.objectContaining({ kind: 'proof-key-added' }),
    ])
    serve({})
    const removed = await harness.catalog.refresh(endpoint.id)
    expect(removed[0]!.changes.filter((change) => change.kind.startsWith('proof'))).toEqual([
      expect.objectContaining({ kind: 'proof-key-removed' }),
    ])
    expect(harness.catalog.getEndpoint(endpoint.id).proofKeys.present).toBe(false)
  })

  it('a failed or garbage refresh keeps the last good copy and records why', async () => {
    serve({ current: keyA })
    const { endpoint } = await harness.catalog.importEndpoint({ url: server.origin })
    const before = harness.db.prepare('SELECT * FROM actions ORDER BY id').all()
    harness.clock.advance(60_000)
    document = () => '<html><body>502 Bad Gateway</body></html>'
    const [report] = await harness.catalog.refresh(endpoint.id)
    expect(report).toMatchObject({ ok: false, changes: [] })
    expect(report!.error).toContain('HTML page')
    const after = harness.catalog.getEndpoint(endpoint.id)
    expect(after.lastError).toBe(report!.error)
    expect(after.lastAttemptAt).toBe(harness.clock.now())
    expect(after.fetchedAt).toBe(endpoint.fetchedAt)
    expect(after.proofKeys.fingerprint).toBe(endpoint.proofKeys.fingerprint)
    expect(harness.db.prepare('SELECT * FROM actions ORDER BY id').all()).toEqual(before)

    // The next good refresh clears the error.
    serve({ current: keyA })
    expect((await harness.catalog.refresh())[0]!.ok).toBe(true)
    expect(harness.catalog.getEndpoint(endpoint.id).lastError).toBeNull()
  })
})

describe('zones across refreshes', () => {
  it('re-chooses when the chosen zone disappears and says why', async () => {
    document = () => fixture(FIXTURES.oos2016)
    const { endpoint } = await harness.catalog.importEndpoint({ url: server.origin })
    expect(endpoint.zone).toBe('internal-http')
    document = () => fixture(FIXTURES.oos2016).replace(/<net-zone name="internal-http">[\s\S]*?<\/net-zone>/, '')
    const [report] = await harness.catalog.refresh(endpoint.id)
    expect(report!.changes.filter((change) => change.kind === 'zone-changed')).toEqual([
      {
        kind: 'zone-changed',
        detail: 'Now using zone external-http instead of internal-http (internal-http is no longer in the discovery).',
      },
    ])
    expect(harness.catalog.getEndpoint(endpoint.id)).toMatchObject({ zone: 'external-http', zones: ['external-http'] })
  })
})

describe('scheduled refresh', () => {
  it('fires after 12 hours with a fake clock, and retries a failure after 30 minutes', async () => {
    serve({ build: 'aaa1111' })
    const { endpoint } = await harness.catalog.importEndpoint({ url: server.origin })
    harness.catalog.startScheduler()
    expect(harness.timers.pending().map((timer) => timer.ms)).toEqual([DEFAULT_REFRESH_INTERVAL_MS])
    const hits = server.hits.filter((hit) => hit === '/hosting/discovery').length

    serve({ build: 'ccc3333' })
    harness.clock.advance(DEFAULT_REFRESH_INTERVAL_MS)
    harness.timers.fireAll()
    await harness.catalog.idle()
    expect(server.hits.filter((hit) => hit === '/hosting/discovery')).toHaveLength(hits + 1)
    expect(harness.catalog.pickAction(endpoint.apps[0]!.id, 'odt').urlsrc).toContain('/browser/ccc3333/')
    expect(harness.events).toContainEqual({ event: 'catalog:changed', payload: { endpointId: endpoint.id } })
    expect(harness.timers.pending().map((timer) => timer.ms)).toEqual([DEFAULT_REFRESH_INTERVAL_MS])

    document = () => 'garbage'
    harness.clock.advance(DEFAULT_REFRESH_INTERVAL_MS)
    harness.timers.fireAll()
    await harness.catalog.idle()
    expect(harness.catalog.getEndpoint(endpoint.id).lastError).toContain('not XML')
    expect(harness.timers.pending().map((timer) => timer.ms)).toEqual([DEFAULT_RETRY_INTERVAL_MS])

    harness.catalog.stop()
    expect(harness.timers.pending()).toEqual([])
  })

  it('skips disabled editors and plans the earliest due one', async () => {
    serve({})
    const { endpoint } = await harness.catalog.importEndpoint({ url: server.origin })
    harness.clock.advance(3 * 60 * 60 * 1000)
    harness.catalog.startScheduler()
    expect(harness.timers.pending().map((timer) => timer.ms)).toEqual([DEFAULT_REFRESH_INTERVAL_MS - 3 * 60 * 60 * 1000])
    harness.catalog.setEndpointEnabled(endpoint.id, false)
    // Nothing enabled: look again after a full interval.
    expect(harness.timers.pending().map((timer) => timer.ms)).toEqual([DEFAULT_REFRESH_INTERVAL_MS])
  })
})

describe('restart persistence', () => {
  it('edits, icons, zone and defaults survive closing and reopening the database', async () => {
    icons['/icon.png'] = PNG_1x1
    serve({ current: keyA, apps: [{ name: 'writer', favIconUrl: `${server.origin}/icon.png`, actions: [['edit', 'odt']] }] })
    const { endpoint } = await harness.catalog.importEndpoint({ url: server.origin })
    const writer = endpoint.apps[0]!
    expect(writer.iconSource).toBe('discovered')
    harness.catalog.renameApp(writer.id, 'Texte')
    harness.catalog.setAppIcon(writer.id, { bytes: SVG_ICON })
    harness.catalog.setDefault('odt', writer.id)

    harness.restart()
    const [reopened] = harness.catalog.listEndpoints()
    expect(reopened).toMatchObject({ id: endpoint.id, proofKeys: { present: true, fingerprint: endpoint.proofKeys.fingerprint } })
    expect(reopened!.apps[0]).toMatchObject({ id: writer.id, name: 'Texte', iconSource: 'custom' })
    expect(harness.catalog.readIcon(writer.id)).toMatchObject({ contentType: 'image/svg+xml' })
    expect(harness.catalog.handlersFor('odt')[0]).toMatchObject({ appId: writer.id, isDefault: true })

    // Reset to the discovered icon, which was kept offline.
    harness.catalog.setAppIcon(writer.id, null)
    expect(harness.catalog.readIcon(writer.id)?.bytes.equals(PNG_1x1)).toBe(true)
  })
})
