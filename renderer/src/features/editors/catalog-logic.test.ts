import { describe, expect, it } from 'vitest'
import type { AppDto, EndpointDto } from '../../../../electron/contract/dto'
import { consoleResources } from '../../i18n/console-resources'
import { createI18n } from '../../i18n/create-i18n'
import {
  actionNames,
  actionSummary,
  changeKindLabel,
  orderExtensions,
  changeSeverity,
  checkDiscoveryUrl,
  endpointKindLabel,
  extensionsWithSeveralApps,
  replaceApp,
  replaceEndpoint,
  showsKindChip,
  splitApps,
} from './catalog-logic'
import { bytesToBase64, checkIconFile, MAX_ICON_BYTES } from './icon-upload'

const english = createI18n(consoleResources, 'en')
const german = createI18n(consoleResources, 'de')

function app(id: string, endpointId: string, extensions: string[], extra: Partial<AppDto> = {}): AppDto {
  return {
    id,
    endpointId,
    discoveredName: id,
    name: id,
    renamed: false,
    iconUrl: null,
    iconSource: 'none',
    enabled: true,
    present: true,
    extensions,
    mimeTypes: extensions.length ? [] : ['application/pdf'],
    actions: extensions.map((ext) => ({ name: 'edit', ext, requires: [], isDefault: true, supported: true })),
    ...extra,
  }
}

function endpoint(id: string, apps: AppDto[], extra: Partial<EndpointDto> = {}): EndpointDto {
  return {
    id,
    name: id,
    kind: 'collabora',
    discoveryUrl: `https://${id}/hosting/discovery`,
    enabled: true,
    insecureTls: false,
    zone: 'external-http',
    zones: ['external-http'],
    proofKeys: { present: false, hasOldKey: false },
    fetchedAt: 1,
    lastAttemptAt: null,
    lastError: null,
    apps,
    ...extra,
  }
}

describe('extensionsWithSeveralApps', () => {
  it('lists extensions that more than one usable app opens, sorted', () => {
    const endpoints = [
      endpoint('code', [app('writer', 'code', ['docx', 'odt']), app('calc', 'code', ['xlsx'])]),
      endpoint('oo', [app('word', 'oo', ['docx', 'odt']), app('cell', 'oo', ['xlsx', 'csv'])]),
    ]
    expect(extensionsWithSeveralApps(endpoints)).toEqual(['docx', 'odt', 'xlsx'])
  })

  it('ignores disabled apps, disabled editors and apps gone from discovery', () => {
    const endpoints = [
      endpoint('code', [app('writer', 'code', ['docx']), app('calc', 'code', ['xlsx'], { present: false })]),
      endpoint('oo', [app('word', 'oo', ['docx'], { enabled: false }), app('cell', 'oo', ['xlsx'])]),
      endpoint('oos', [app('Word', 'oos', ['docx'])], { enabled: false }),
    ]
    expect(extensionsWithSeveralApps(endpoints)).toEqual([])
  })

  it('counts an app once even if it lists an extension twice', () => {
    expect(extensionsWithSeveralApps([endpoint('a', [app('x', 'a', ['docx', 'docx'])])])).toEqual([])
  })
})

describe('catalog list updates', () => {
  it('replaces one app in its endpoint and nothing else', () => {
    const endpoints = [endpoint('a', [app('x', 'a', ['docx']), app('y', 'a', ['odt'])]), endpoint('b', [app('x', 'b', ['docx'])])]
    const next = replaceApp(endpoints, { ...endpoints[0]!.apps[0]!, name: 'Writer' })
    expect(next[0]!.apps.map((candidate) => candidate.name)).toEqual(['Writer', 'y'])
    expect(next[1]).toBe(endpoints[1])
  })

  it('replaces an endpoint, or appends a new one', () => {
    const endpoints = [endpoint('a', [])]
    expect(replaceEndpoint(endpoints, endpoint('a', [], { name: 'Renamed' })).map((e) => e.name)).toEqual(['Renamed'])
    expect(replaceEndpoint(endpoints, endpoint('b', [])).map((e) => e.id)).toEqual(['a', 'b'])
  })

  it('puts MIME-type-only apps apart and lists actions once', () => {
    const { byExtension, mimeOnly } = splitApps([app('writer', 'a', ['docx']), app('application/pdf', 'a', [])])
    expect(byExtension.map((candidate) => candidate.id)).toEqual(['writer'])
    expect(mimeOnly.map((candidate) => candidate.id)).toEqual(['application/pdf'])
    expect(actionNames(app('w', 'a', ['docx', 'odt']))).toEqual(['edit'])
  })

  it("leaves out service entries that open no file (Collabora's Capabilities / getinfo)", () => {
    const capabilities = app('Capabilities', 'a', [''], {
      mimeTypes: [],
      actions: [{ name: 'getinfo', ext: '', requires: [], isDefault: false, supported: true }],
    })
    const { byExtension, mimeOnly } = splitApps([app('writer', 'a', ['docx']), capabilities])
    expect([...byExtension, ...mimeOnly].map((candidate) => candidate.id)).toEqual(['writer'])
  })
})

describe('checkDiscoveryUrl', () => {
  it('accepts base and full discovery URLs as typed', () => {
    expect(checkDiscoveryUrl('  https://collabora.example:9980 ', english.t)).toEqual({ ok: true, url: 'https://collabora.example:9980' })
    expect(checkDiscoveryUrl('http://127.0.0.1:9980/hosting/discovery', english.t)).toEqual({
      ok: true,
      url: 'http://127.0.0.1:9980/hosting/discovery',
    })
  })

  it('says what to type instead', () => {
    expect(checkDiscoveryUrl('', english.t)).toMatchObject({ ok: false, message: expect.stringMatching(/Enter the editor's address/) })
    expect(checkDiscoveryUrl('collabora.local:9980', english.t)).toMatchObject({
      ok: false,
      message: expect.stringContaining('https://collabora.local:9980'),
    })
    expect(checkDiscoveryUrl('ftp://x.example', english.t)).toMatchObject({ ok: false, message: expect.stringMatching(/Only http/) })
    expect(checkDiscoveryUrl('https://user:pw@x.example', english.t)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/passwords/),
    })
    expect(checkDiscoveryUrl('https://exa mple.com', english.t)).toMatchObject({ ok: false, message: expect.stringMatching(/not a valid/) })
  })

  it('does not build its example from text that is not an address', () => {
    const answer = checkDiscoveryUrl('not a url', english.t)
    expect(answer).toMatchObject({ ok: false, message: expect.stringContaining('https://collabora.example.com:9980') })
    expect(answer).not.toMatchObject({ message: expect.stringContaining('not a url') })
  })
})

describe('refresh changes', () => {
  it('labels and grades each kind', () => {
    expect(changeKindLabel('urlsrc-changed', english.t)).toBe('Editor address changed')
    expect(changeKindLabel('urlsrc-changed', german.t)).toBe('Editor-Adresse geändert')
    expect(changeSeverity('app-removed')).toBe('warning')
    expect(changeSeverity('action-added')).toBe('success')
    expect(changeSeverity('proof-key-rotated')).toBe('info')
  })
})

describe('icon upload', () => {
  it('accepts PNG, SVG and ICO up to 512 KB', () => {
    expect(checkIconFile({ name: 'writer.PNG', size: 2048, type: '' }, english.t)).toEqual({ ok: true, mimeType: 'image/png' })
    expect(checkIconFile({ name: 'calc.svg', size: MAX_ICON_BYTES, type: 'image/svg+xml' }, english.t)).toEqual({
      ok: true,
      mimeType: 'image/svg+xml',
    })
    expect(checkIconFile({ name: 'x.ico', size: 10, type: 'image/vnd.microsoft.icon' }, english.t)).toEqual({
      ok: true,
      mimeType: 'image/x-icon',
    })
  })

  it('refuses other formats, empty files and large files with a clear message', () => {
    expect(checkIconFile({ name: 'photo.jpg', size: 10, type: 'image/jpeg' }, english.t)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/not a PNG, SVG or ICO/),
    })
    expect(checkIconFile({ name: 'a.png', size: 0, type: 'image/png' }, english.t)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/empty/),
    })
    expect(checkIconFile({ name: 'big.png', size: MAX_ICON_BYTES + 1, type: 'image/png' }, english.t)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/513 KB; icons can be at most 512 KB/),
    })
    expect(checkIconFile({ name: 'photo.jpg', size: 10, type: 'image/jpeg' }, german.t)).toEqual({
      ok: false,
      message: '„photo.jpg“ ist keine PNG-, SVG- oder ICO-Datei. Wählen Sie ein Symbol in einem dieser Formate.',
    })
  })

  it('encodes bytes as base64, also past one chunk', () => {
    expect(bytesToBase64(new Uint8Array([0x89, 0x50, 0x4e, 0x47]))).toBe('iVBORw==')
    const big = new Uint8Array(100_000).map((_value, index) => index % 256)
    expect(bytesToBase64(big)).toBe(Buffer.from(big).toString('base64'))
  })
})

describe('actionSummary', () => {
  it('shows recognisable actions first and counts the rest', () => {
    const office = app('Excel', 'oos', [])
    office.actions = ['view', 'syndicate', 'edit', 'rtc', 'editnew', 'preloadview', 'embedview'].map((name) => ({
      name,
      ext: 'xlsx',
      requires: [],
      isDefault: false,
      supported: true,
    }))
    expect(actionSummary(office, 3)).toEqual({
      shown: ['edit', 'view', 'editnew'],
      hidden: ['embedview', 'syndicate', 'rtc', 'preloadview'],
    })
  })
})

describe('orderExtensions', () => {
  it('puts the common office formats first, then the rest alphabetically', () => {
    expect(orderExtensions(['wps', 'odt', 'abw', 'docx', 'xlsx', 'dot'])).toEqual(['docx', 'xlsx', 'odt', 'abw', 'dot', 'wps'])
  })
})

describe('editor kind', () => {
  it('names the generic kinds in the page language and keeps product names', () => {
    expect(endpointKindLabel('builtin', english.t)).toBe('Built-in editor')
    expect(endpointKindLabel('builtin', german.t)).toBe('Integrierter Editor')
    expect(endpointKindLabel('unknown', german.t)).toBe('WOPI-Editor')
    expect(endpointKindLabel('collabora', german.t)).toBe('Collabora Online')
  })

  it('shows the kind chip only when the name is not simply the kind, in English or translated', () => {
    expect(showsKindChip({ name: 'Built-in editor', kind: 'builtin' }, german.t)).toBe(false)
    expect(showsKindChip({ name: 'Integrierter Editor', kind: 'builtin' }, german.t)).toBe(false)
    expect(showsKindChip({ name: 'Collabora Online', kind: 'collabora' }, german.t)).toBe(false)
    expect(showsKindChip({ name: 'Collabora (office)', kind: 'collabora' }, german.t)).toBe(true)
  })
})
