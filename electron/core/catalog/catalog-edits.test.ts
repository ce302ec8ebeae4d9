import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ApiError } from '../../contract/envelope'
import { icoFile, PNG_1x1, smallDiscovery, SVG_ICON } from '../discovery/test-support/discovery-docs'
import { discoveryHandler, startServer, type LocalServer } from '../discovery/test-support/local-server'
import { createHarness, type Harness } from './test-support/harness'

let harness: Harness
let code: LocalServer
let oos: LocalServer
let assets: Record<string, Buffer | string>

beforeEach(async () => {
  harness = createHarness()
  assets = {}
  code = await startServer((request, response) =>
    discoveryHandler(
      () =>
        smallDiscovery({
          origin: code.origin,
          apps: [
            {
              name: 'writer',
              favIconUrl: `${code.origin}/writer.svg`,
              actions: [
                ['edit', 'odt'],
                ['edit', 'docx'],
                ['view', 'pdf'],
              ],
            },
            { name: 'calc', favIconUrl: `${code.origin}/calc.png`, actions: [['edit', 'xlsx']] },
            { name: 'impress', favIconUrl: `${code.origin}/impress.ico`, actions: [['edit', 'pptx']] },
          ],
        }),
      assets,
    )(request, response),
  )
  oos = await startServer(
    discoveryHandler(
      () => `<wopi-discovery><net-zone name="internal-http">
        <app name="Word" favIconUrl="http://owaserver/wv/FavIcon_Word.ico" checkLicense="true">
          <action name="view" ext="docx" default="true" urlsrc="http://owaserver/wv/wordviewerframe.aspx?&lt;ui=UI_LLCC&amp;&gt;"/>
          <action name="edit" ext="docx" requires="locks,update" urlsrc="http://owaserver/we/wordeditorframe.aspx?&lt;ui=UI_LLCC&amp;&gt;"/>
          <action name="editnew" ext="docx" requires="locks,update" urlsrc="http://owaserver/we/wordeditorframe.aspx?new=1&amp;&lt;ui=UI_LLCC&amp;&gt;"/>
          <action name="view" ext="doc" default="true" urlsrc="http://owaserver/wv/wordviewerframe.aspx?"/>
          <action name="convert" ext="doc" targetext="docx" requires="update" urlsrc="http://owaserver/we/WordConvertAndEdit.aspx?"/>
        </app>
        <app name="OneNote"><action name="edit" ext="one" requires="cobalt,containers,update" urlsrc="http://owaserver/o/onenoteframe.aspx?"/></app>
      </net-zone></wopi-discovery>`,
    ),
  )
  harness.allow(code.origin)
  harness.allow(oos.origin)
})
afterEach(async () => {
  await code.close()
  await oos.close()
  harness.close()
})

const apiError = (run: () => unknown): ApiError => {
  try {
    run()
  } catch (error) {
    if (error instanceof ApiError) return error
    throw error
  }
  throw new Error('expected an ApiError')
}

describe('discovered icons', () => {
  it('are downloaded, sniffed and stored offline; failures become notes', async () => {
    assets['/writer.svg'] = SVG_ICON
    assets['/calc.png'] = '<html><body>login</body></html>'
    assets['/impress.ico'] = Buffer.concat([icoFile(), Buffer.alloc(600 * 1024)])
    const { endpoint } = await harness.catalog.importEndpoint({ url: code.origin })
    const apps = new Map(endpoint.apps.map((app) => [app.discoveredName, app]))
    expect(apps.get('writer')).toMatchObject({
      iconSource: 'discovered',
      iconUrl: expect.stringMatching(/^\/api\/icons\/[A-Za-z0-9_-]{1,100}\?v=[0-9a-f]{12}$/),
    })
    expect(apps.get('calc')!.iconSource).toBe('none')
    expect(apps.get('impress')!.iconSource).toBe('none')
    expect(endpoint.notes).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^The icon of "calc" at .* is not a PNG, ICO, SVG, GIF or JPEG image/),
        expect.stringMatching(/^The icon of "impress" could not be downloaded: .*more than 512 KiB/),
      ]),
    )
    expect(readdirSync(join(harness.dir, 'icons'))).toEqual([expect.stringMatching(/^[0-9a-f]{64}\.svg$/)])

    // The console serves an SVG as an image only.
    const icon = harness.catalog.readIcon(apps.get('writer')!.id)!
    expect(icon.bytes.equals(SVG_ICON)).toBe(true)
    expect(icon.headers).toMatchObject({
      'Content-Type': 'image/svg+xml',
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
      'X-Content-Type-Options': 'nosniff',
    })
    expect(harness.catalog.readIcon(apps.get('calc')!.id)).toBeNull()

    // Fixed on the server: the next refresh fetches the missing ones only.
    assets['/calc.png'] = PNG_1x1
    const [report] = await harness.catalog.refresh(endpoint.id)
    expect(report!.ok).toBe(true)
    expect(harness.catalog.getApp(apps.get('calc')!.id).iconSource).toBe('discovered')
    expect(code.hits.filter((hit) => hit === '/writer.svg')).toHaveLength(1)
  })
})

describe('admin edits', () => {
  it('uploads PNG, SVG and ICO by content, refuses anything else, and resets', async () => {
    const { endpoint } = await harness.catalog.importEndpoint({ url: code.origin })
    const writer = endpoint.apps[0]!
    for (const [bytes, type] of [
      [PNG_1x1, 'image/png'],
      [SVG_ICON, 'image/svg+xml'],
      [icoFile(), 'image/x-icon'],
    ] as const) {
      expect(harness.catalog.setAppIcon(writer.id, { bytes, fileName: 'x.bin' }).iconSource).toBe('custom')
      expect(harness.catalog.readIcon(writer.id)!.contentType).toBe(type)
    }
    // Replaced icons do not pile up on disk.
    expect(readdirSync(join(harness.dir, 'icons'))).toHaveLength(1)
    const before = harness.snapshot()
    expect(
      apiError(() =>
        harness.catalog.setAppIcon(writer.id, { bytes: Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1'), fileName: 'a.gif' }),
      ).message,
    ).toBe(
      '"a.gif" is not a PNG, SVG or ICO image (checked by its content: it is a GIF). Choose a PNG, SVG or ICO file of at most 512 KiB.',
    )
    expect(
      apiError(() => harness.catalog.setAppIcon(writer.id, { bytes: Buffer.from('<script>alert(1)</script>'), fileName: 'evil.svg' }))
        .message,
    ).toContain('is not a PNG, SVG or ICO image')
    expect(
      apiError(() => harness.catalog.setAppIcon(writer.id, { bytes: Buffer.concat([PNG_1x1, Buffer.alloc(600 * 1024)]) })).message,
    ).toBe('The icon is 600 KiB; icons are limited to 512 KiB. Choose a smaller PNG, SVG or ICO image.')
    expect(harness.snapshot()).toBe(before)
    const reset = harness.catalog.setAppIcon(writer.id, null)
    expect(reset.iconSource).toBe('none')
    expect(existsSync(join(harness.dir, 'icons')) ? readdirSync(join(harness.dir, 'icons')) : []).toEqual([])
  })

  it('renames with validation; the discovered name stays the key', async () => {
    const { endpoint } = await harness.catalog.importEndpoint({ url: code.origin })
    const writer = endpoint.apps[0]!
    expect(harness.catalog.renameApp(writer.id, '  Documents  ')).toMatchObject({
      name: 'Documents',
      discoveredName: 'writer',
      renamed: true,
    })
    expect(apiError(() => harness.catalog.renameApp(writer.id, '   ')).message).toContain('cannot be empty')
    expect(apiError(() => harness.catalog.renameApp(writer.id, 'x'.repeat(101))).message).toContain('100 characters')
    expect(apiError(() => harness.catalog.renameApp('nope', 'x')).code).toBe('not-found')
    expect(harness.catalog.renameApp(writer.id, 'writer')).toMatchObject({ name: 'writer', renamed: false })
    expect(harness.catalog.renameApp(writer.id, null)).toMatchObject({ renamed: false })
  })

  it('removing an editor removes its apps, defaults and icons', async () => {
    assets['/writer.svg'] = SVG_ICON
    const { endpoint } = await harness.catalog.importEndpoint({ url: code.origin })
    harness.catalog.setDefault('odt', endpoint.apps[0]!.id)
    harness.catalog.removeEndpoint(endpoint.id)
    expect(harness.catalog.listEndpoints()).toEqual([])
    expect(harness.db.prepare('SELECT COUNT(*) AS n FROM ext_defaults').get()).toEqual({ n: 0 })
    expect(readdirSync(join(harness.dir, 'icons'))).toEqual([])
    expect(harness.events.at(-1)).toEqual({ event: 'catalog:changed', payload: { endpointId: endpoint.id } })
  })
})

describe('which app opens a file', () => {
  it('lists handlers per extension, default first, honouring enabled flags and the admin default', async () => {
    const collabora = (await harness.catalog.importEndpoint({ url: code.origin })).endpoint
    const office = (await harness.catalog.importEndpoint({ url: oos.origin })).endpoint
    const writer = collabora.apps.find((app) => app.discoveredName === 'writer')!
    const word = office.apps.find((app) => app.discoveredName === 'Word')!

    expect(harness.catalog.handlersFor('docx').map((handler) => [handler.appName, handler.actions, handler.isDefault])).toEqual([
      ['writer', ['edit'], true],
      ['Word', ['view', 'edit', 'editnew'], false],
    ])
    expect(harness.catalog.setDefault('docx', word.id).map((handler) => handler.appId)).toEqual([word.id, writer.id])
    harness.catalog.setAppEnabled(word.id, false)
    expect(harness.catalog.handlersFor('docx').map((handler) => handler.appId)).toEqual([writer.id])
    harness.catalog.setAppEnabled(word.id, true)
    harness.catalog.setEndpointEnabled(office.id, false)
    expect(harness.catalog.handlersFor('docx').map((handler) => handler.appId)).toEqual([writer.id])
    harness.catalog.setEndpointEnabled(office.id, true)
    expect(harness.catalog.handlersFor('docx')[0]!.appId).toBe(word.id)
    expect(harness.catalog.setDefault('docx', null)[0]!.appId).toBe(writer.id)
    expect(apiError(() => harness.catalog.setDefault('xlsx', word.id)).message).toBe(
      '"Word" cannot open .xlsx files (or it is disabled), so it cannot be their default.',
    )
    expect(harness.catalog.handlersFor('one')).toEqual([])
  })

  it('picks edit for writers, the default for readers, and explains refusals', async () => {
    const office = (await harness.catalog.importEndpoint({ url: oos.origin })).endpoint
    const word = office.apps.find((app) => app.discoveredName === 'Word')!
    expect(harness.catalog.pickAction(word.id, 'docx')).toMatchObject({
      action: 'edit',
      requires: ['locks', 'update'],
      zone: 'internal-http',
      kind: 'office',
    })
    expect(harness.catalog.pickAction(word.id, 'docx', undefined, { canWrite: false })).toMatchObject({ action: 'view', isDefault: true })
    expect(harness.catalog.pickAction(word.id, 'doc')).toMatchObject({ action: 'view' })
    expect(harness.catalog.pickAction(word.id, 'doc', 'convert')).toMatchObject({ action: 'convert', targetext: 'docx' })
    expect(harness.catalog.pickAction(word.id, 'DOCX', 'editnew').urlsrc).toContain('new=1')
    expect(apiError(() => harness.catalog.pickAction(word.id, 'docx', 'present')).message).toBe(
      '"Word" has no "present" action for .docx; it offers view, edit, editnew.',
    )
    expect(apiError(() => harness.catalog.pickAction(word.id, 'xlsx')).message).toBe(
      '"Word" does not open .xlsx files. No app in the catalog does.',
    )
    const oneNote = office.apps.find((app) => app.discoveredName === 'OneNote')!
    expect(apiError(() => harness.catalog.pickAction(oneNote.id, 'one')).message).toContain(
      'offers no action for .one that this host supports (edit requires cobalt,containers,update)',
    )
    harness.catalog.setAppEnabled(word.id, false)
    expect(apiError(() => harness.catalog.pickAction(word.id, 'docx')).message).toBe(
      '"Word" is disabled; enable it under Editors or choose another app.',
    )
  })

  it('resolves an app by id or by a unique name', async () => {
    const collabora = (await harness.catalog.importEndpoint({ url: code.origin })).endpoint
    const office = (await harness.catalog.importEndpoint({ url: oos.origin })).endpoint
    const writer = collabora.apps[0]!
    expect(writer.id).toBe(`127-0-0-1-${code.port}_writer`)
    expect(harness.catalog.resolveApp(writer.id).id).toBe(writer.id)
    expect(harness.catalog.resolveApp('WORD').endpointId).toBe(office.id)
    harness.catalog.renameApp(writer.id, 'Word')
    expect(apiError(() => harness.catalog.resolveApp('word')).code).toBe('conflict')
    expect(apiError(() => harness.catalog.resolveApp('nothing')).message).toContain('There is no app with id or name "nothing"')
  })

  it('exposes the proof keys that apply to an app', async () => {
    const office = (await harness.catalog.importEndpoint({ url: oos.origin })).endpoint
    expect(harness.catalog.proofKeysFor(office.apps[0]!.id)).toMatchObject({ endpointId: office.id, keys: null })
    expect(harness.catalog.proofKeysFor('missing')).toBeNull()
  })
})
