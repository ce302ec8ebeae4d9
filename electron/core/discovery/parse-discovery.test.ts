import { describe, expect, it } from 'vitest'
import { buildModel } from './build-model'
import { chooseZone } from './choose-zone'
import { decodeXmlBytes } from './decode-text'
import { detectKind, endpointDisplayName } from './detect-kind'
import { DiscoveryError, type DiscoveryErrorCode } from './discovery-error'
import { readDiscovery } from './load-discovery'
import { decodeXmlReferences, parseDiscoveryXml } from './parse-discovery'
import { FIXTURES, fixture } from './test-support/discovery-docs'

function failure(run: () => unknown): DiscoveryError {
  try {
    run()
  } catch (error) {
    if (error instanceof DiscoveryError) return error
    throw error
  }
  throw new Error('expected a DiscoveryError')
}

const URL_ = 'http://127.0.0.1:9980/hosting/discovery'

describe('parseDiscoveryXml on the fixtures', () => {
  // Counts derived from the files with grep/awk: <net-zone>, <app>, <action>, and actions with urlsrc.
  it.each([
    ['collabora', ['external-http'], 95, 175, 175, false],
    ['collaboraTemplate', ['external-http'], 94, 173, 0, false],
    ['oo2019', ['internal-http', 'external-https'], 14, 669, 669, true],
    ['oos2016', ['internal-http', 'external-http'], 12, 586, 586, true],
    ['owa2013', ['internal-http'], 5, 185, 185, true],
    ['onlyoffice', ['external-http'], 57, 462, 462, false],
    ['onlyofficeTrimmed', ['external-http'], 3, 15, 15, true],
  ] as const)('%s: zones %j, %i apps, %i actions, %i with urlsrc, proof-key %s', (key, zones, apps, actions, withUrl, hasKey) => {
    const parsed = parseDiscoveryXml(fixture(FIXTURES[key]))
    expect(parsed.zones.map((zone) => zone.name)).toEqual(zones)
    const all = parsed.zones.flatMap((zone) => zone.apps)
    expect(all).toHaveLength(apps)
    expect(all.flatMap((app) => app.actions)).toHaveLength(actions)
    expect(all.flatMap((app) => app.actions).filter((action) => action.urlsrc)).toHaveLength(withUrl)
    expect(parsed.proofKey !== null).toBe(hasKey)
  })

  it('decodes the escaped placeholders of urlsrc to <name=PLACEHOLDER&>', () => {
    const parsed = parseDiscoveryXml(fixture(FIXTURES.oos2016))
    const first = parsed.zones[0]!.apps[0]!.actions[0]!
    expect(first.urlsrc).toBe(
      'http://owaserver/x/_layouts/xlviewerinternal.aspx?<ui=UI_LLCC&><rs=DC_LLCC&><dchat=DISABLE_CHAT&><IsLicensedUser=BUSINESS_USER&>',
    )
  })

  it('reads both key encodings and empty old keys', () => {
    expect(parseDiscoveryXml(fixture(FIXTURES.owa2013)).proofKey).toMatchObject({
      value: expect.stringMatching(/^BgIAAACkAABS/),
      oldvalue: expect.any(String),
    })
    expect(parseDiscoveryXml(fixture(FIXTURES.oos2016)).proofKey).toMatchObject({
      modulus: expect.any(String),
      exponent: 'AQAB',
      oldmodulus: '',
    })
  })
})

describe('hostile and wrong documents are refused before or by the parser', () => {
  const cases: [string, string, DiscoveryErrorCode, string][] = [
    ['empty', '   \n', 'empty', 'empty body'],
    [
      'HTML login page',
      '<!DOCTYPE html><html><head><title>Sign in</title></head><body><form></form></body></html>',
      'html',
      'HTML page (probably a login page)',
    ],
    ['sloppy HTML', '<html><body><p>Login<br></body></html>', 'html', 'HTML page'],
    ['JSON', '{"error":"not found"}', 'json', 'JSON'],
    ['plain text', 'OK', 'not-xml', 'not XML'],
    [
      'truncated XML',
      '<wopi-discovery><net-zone name="external-http"><app name="writer"><action name="edit" ext="odt" urlsrc="http://x/"/>',
      'not-xml',
      'not well-formed XML',
    ],
    ['other root', '<?xml version="1.0"?><feed><entry/></feed>', 'wrong-root', '<feed>, not <wopi-discovery>'],
    [
      'billion laughs',
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><wopi-discovery>&lol2;</wopi-discovery>',
      'dtd',
      'contains a DTD',
    ],
    [
      'external entity',
      '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><wopi-discovery><net-zone name="x"><app name="&xxe;"/></net-zone></wopi-discovery>',
      'dtd',
      'contains a DTD',
    ],
    ['lone ENTITY', '<wopi-discovery><!ENTITY x "y"></wopi-discovery>', 'dtd', 'contains a DTD'],
  ]
  it.each(cases)('%s', (_label, text, code, message) => {
    const error = failure(() => parseDiscoveryXml(text))
    expect(error.code).toBe(code)
    expect(error.message).toContain(message)
  })

  it('refuses a document above the size cap without parsing it', () => {
    const error = failure(() => parseDiscoveryXml(`<wopi-discovery>${' '.repeat(2000)}</wopi-discovery>`, 1024))
    expect(error.code).toBe('too-large')
  })

  it('decodes only the five predefined entities and character references', () => {
    expect(decodeXmlReferences('&lt;ui=UI_LLCC&amp;&gt;&quot;&apos;&#65;&#x42;&unknown;&#0;')).toBe('<ui=UI_LLCC&>"\'AB&unknown;&#0;')
  })

  it('leaves an undeclared entity in an attribute as text instead of expanding anything', () => {
    const parsed = parseDiscoveryXml(
      '<wopi-discovery><net-zone name="z"><app name="a&foo;b"><action name="view" ext="txt" urlsrc="http://x/"/></app></net-zone></wopi-discovery>',
    )
    expect(parsed.zones[0]!.apps[0]!.name).toBe('a&foo;b')
  })
})

describe('buildModel', () => {
  it('refuses the Collabora template and says it is a template', () => {
    const error = failure(() => readDiscovery(fixture(FIXTURES.collaboraTemplate), URL_))
    expect(error.code).toBe('template')
    expect(error.message).toBe(
      "This looks like Collabora's discovery template (no urlsrc): import the discovery your running Collabora server serves, at https://<server>:9980/hosting/discovery",
    )
  })

  it('refuses a discovery with no apps, and one whose apps have no urlsrc', () => {
    expect(failure(() => readDiscovery('<wopi-discovery><net-zone name="external-http"/></wopi-discovery>', URL_)).code).toBe('no-apps')
    expect(failure(() => readDiscovery('<wopi-discovery/>', URL_)).code).toBe('no-apps')
    const noUrl = failure(() =>
      readDiscovery(
        '<wopi-discovery><net-zone name="z"><app name="Editor"><action name="view" ext="txt"/></app></net-zone></wopi-discovery>',
        URL_,
      ),
    )
    expect(noUrl.code).toBe('no-urlsrc')
    expect(noUrl.message).toContain('none of their actions has a urlsrc')
  })

  it('drops actions whose urlsrc is not http(s) and says so', () => {
    const model = readDiscovery(
      `<wopi-discovery><net-zone name="z"><app name="A">
        <action name="view" ext="txt" urlsrc="javascript:alert(1)"/>
        <action name="edit" ext="txt" urlsrc="file:///etc/passwd"/>
        <action name="view" ext="md" urlsrc="https://e.example/v?&lt;ui=UI_LLCC&amp;&gt;"/>
      </app></net-zone></wopi-discovery>`,
      URL_,
    )
    expect(model.apps[0]!.actions.map((action) => action.ext)).toEqual(['md'])
    expect(model.notes).toContain('2 action(s) whose urlsrc is not an http(s) address were left out.')
  })

  it('folds Collabora MIME-type apps into the extension apps that already serve them and keeps the rest with real extensions', () => {
    const model = readDiscovery(fixture(FIXTURES.collabora), URL_)
    const byName = new Map(model.apps.map((app) => [app.name, app]))
    expect([...byName.keys()]).toEqual([
      'writer',
      'writer-global',
      'writer-web',
      'calc',
      'impress',
      'draw',
      'application/vnd.oasis.opendocument.chart',
      'application/vnd.sun.xml.chart',
      'Capabilities',
    ])
    expect(byName.get('writer')!.mimeTypes).toContain('application/vnd.oasis.opendocument.text')
    expect(byName.get('draw')!.mimeTypes).toContain('application/pdf')
    const chart = byName.get('application/vnd.oasis.opendocument.chart')!
    expect(chart.actions.map((action) => [action.name, action.ext, action.mimeType])).toEqual([
      ['edit', 'odc', 'application/vnd.oasis.opendocument.chart'],
    ])
    // application/msword is listed twice in the document; it is recorded once.
    expect(byName.get('writer')!.mimeTypes.filter((mime) => mime === 'application/msword')).toHaveLength(1)
  })

  it("keeps ONLYOFFICE's odp MIME app of the trimmed fixture, the only way to odp there", () => {
    const model = readDiscovery(fixture(FIXTURES.onlyofficeTrimmed), 'https://cloud.opencloud.test/hosting/discovery')
    const odp = model.apps.find((app) => app.name === 'application/vnd.oasis.opendocument.presentation')!
    expect(odp.actions.map((action) => [action.name, action.ext, action.requires])).toEqual([['edit', 'odp', ['locks', 'update']]])
  })

  it('resolves relative favIconUrl against the document and keeps per-zone icons', () => {
    const model = readDiscovery(
      '<wopi-discovery><net-zone name="internal-http"><app name="A" favIconUrl="images/a.svg"><action name="view" ext="txt" urlsrc="http://e/"/></app></net-zone><net-zone name="external-https"><app name="A" favIconUrl="https://cdn.example/a.ico"><action name="view" ext="txt" urlsrc="https://e/"/></app></net-zone></wopi-discovery>',
      'https://code.example:9980/browser/x/hosting/discovery',
    )
    expect(model.apps[0]!.favIconUrls).toEqual({
      'internal-http': 'https://code.example:9980/browser/x/hosting/images/a.svg',
      'external-https': 'https://cdn.example/a.ico',
    })
  })

  it('treats an unreadable current proof key as an error to fail closed on, and an empty element as no keys', () => {
    const broken = readDiscovery(
      '<wopi-discovery><net-zone name="z"><app name="A"><action name="view" ext="txt" urlsrc="http://e/"/></app></net-zone><proof-key value="AAAA" /></wopi-discovery>',
      URL_,
    )
    expect(broken.proofKeys?.error).toContain('cannot be read')
    const empty = readDiscovery(
      '<wopi-discovery><net-zone name="z"><app name="A"><action name="view" ext="txt" urlsrc="http://e/"/></app></net-zone><proof-key value="" modulus="" exponent=""/></wopi-discovery>',
      URL_,
    )
    expect(empty.proofKeys).toBeNull()
    expect(empty.notes.join(' ')).toContain('empty <proof-key>')
  })
})

describe('kind, name and zone', () => {
  it.each([
    ['collabora', 'collabora'],
    ['oo2019', 'office'],
    ['oos2016', 'office'],
    ['owa2013', 'office'],
    ['onlyoffice', 'onlyoffice'],
    ['onlyofficeTrimmed', 'onlyoffice'],
  ] as const)('%s is detected as %s', (key, kind) => {
    expect(buildModel(parseDiscoveryXml(fixture(FIXTURES[key])), URL_).kind).toBe(kind)
  })

  it('recognises our built-in editor by its app name prefix and falls back to unknown', () => {
    expect(
      detectKind({ appNames: ['WOPI Desk Text'], urlsrcs: ['http://127.0.0.1:5/editor.html?'], favIconUrls: [], checkLicense: false }),
    ).toBe('builtin')
    expect(detectKind({ appNames: ['Thing'], urlsrcs: ['http://x/y'], favIconUrls: [], checkLicense: false })).toBe('unknown')
  })

  it('names endpoints readably', () => {
    expect(endpointDisplayName('collabora', 'https://code.example:9980/hosting/discovery')).toBe('Collabora Online (code.example:9980)')
    expect(endpointDisplayName('onlyoffice', 'https://office.example/docs/hosting/discovery')).toBe('ONLYOFFICE Docs (office.example/docs)')
    expect(endpointDisplayName('office', 'https://onenote.officeapps.live.com/hosting/discovery')).toBe(
      'Microsoft 365 for the web (onenote.officeapps.live.com)',
    )
  })

  it('chooses the zone matching the scheme, internal before external, or the only zone', () => {
    expect(chooseZone(['external-http'], 'https')).toBe('external-http')
    expect(chooseZone(['internal-http', 'external-https'], 'http')).toBe('internal-http')
    expect(chooseZone(['internal-http', 'external-https'], 'https')).toBe('external-https')
    expect(chooseZone(['internal-http', 'external-http'], 'http')).toBe('internal-http')
    expect(chooseZone(['external-https', 'internal-https', 'internal-http'], 'https')).toBe('internal-https')
    expect(chooseZone(['external-http', 'external-https'], 'https')).toBe('external-https')
  })
})

describe('decodeXmlBytes', () => {
  it('honours BOMs and a Latin-1 declaration', () => {
    expect(decodeXmlBytes(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('<a/>')]))).toBe('<a/>')
    expect(decodeXmlBytes(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<a/>', 'utf16le')]))).toBe('<a/>')
    expect(decodeXmlBytes(Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><a n="\xe9"/>', 'latin1'))).toContain('n="é"')
  })
})
