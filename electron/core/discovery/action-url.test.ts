import { describe, expect, it } from 'vitest'
import { buildActionUrl, placeholdersIn } from './action-url'
import { parseDiscoveryXml } from './parse-discovery'
import { FIXTURES, fixture } from './test-support/discovery-docs'

const WOPI_SRC = 'https://wopi.example.test/wopi/files/abc123'

describe('the three worked examples of spec 10.4', () => {
  it('Microsoft 365 Word: fills ui and wopisrc, drops the rest, keeps the template trailing &', () => {
    const urlsrc =
      'https://word-edit.officeapps.live.com/we/wordeditorframe.aspx?<ui=UI_LLCC&><rs=DC_LLCC&><dchat=DISABLE_CHAT&><hid=HOST_SESSION_ID&><sc=SESSION_CONTEXT&><wopisrc=WOPI_SOURCE&><showpagestats=PERFSTATS&><IsLicensedUser=BUSINESS_USER&><actnavid=ACTIVITY_NAVIGATION_ID&>'
    expect(buildActionUrl(urlsrc, WOPI_SRC, 'en-US')).toBe(
      'https://word-edit.officeapps.live.com/we/wordeditorframe.aspx?ui=en-US&wopisrc=https%3A%2F%2Fwopi.example.test%2Fwopi%2Ffiles%2Fabc123&',
    )
  })

  it('Office Online Server without WOPI_SOURCE: WOPISrc is appended (rule 5)', () => {
    const urlsrc =
      'http://owaserver/we/wordeditorframe.aspx?<ui=UI_LLCC&><rs=DC_LLCC&><dchat=DISABLE_CHAT&><showpagestats=PERFSTATS&><IsLicensedUser=BUSINESS_USER&>'
    expect(buildActionUrl(urlsrc, WOPI_SRC, 'de-DE')).toBe(
      'http://owaserver/we/wordeditorframe.aspx?ui=de-DE&WOPISrc=https%3A%2F%2Fwopi.example.test%2Fwopi%2Ffiles%2Fabc123',
    )
  })

  it('ONLYOFFICE: text outside brackets (?& ... &) is left as the editor wrote it', () => {
    const urlsrc =
      'https://docs.example.test/hosting/wopi/word/edit?&<rs=DC_LLCC&><dchat=DISABLE_CHAT&><embed=EMBEDDED&><fs=FULLSCREEN&><hid=HOST_SESSION_ID&><rec=RECORDING&><sc=SESSION_CONTEXT&><thm=THEME_ID&><ui=UI_LLCC&><wopisrc=WOPI_SOURCE&>&'
    expect(buildActionUrl(urlsrc, WOPI_SRC, 'en-US')).toBe(
      'https://docs.example.test/hosting/wopi/word/edit?&ui=en-US&wopisrc=https%3A%2F%2Fwopi.example.test%2Fwopi%2Ffiles%2Fabc123&&',
    )
  })
})

describe('options and edge cases', () => {
  const onlyoffice =
    'https://docs.example.test/hosting/wopi/word/edit?&<rs=DC_LLCC&><hid=HOST_SESSION_ID&><sc=SESSION_CONTEXT&><thm=THEME_ID&><ui=UI_LLCC&><wopisrc=WOPI_SOURCE&>&'

  it('fills DC_LLCC, HOST_SESSION_ID, SESSION_CONTEXT and THEME_ID when given, URL-encoded', () => {
    const url = new URL(
      buildActionUrl(onlyoffice, WOPI_SRC, 'fr-FR', { dataLocale: 'fr-CA', hostSessionId: 's 1', sessionContext: 'a&b', themeId: 2 }),
    )
    expect(url.searchParams.get('rs')).toBe('fr-CA')
    expect(url.searchParams.get('hid')).toBe('s 1')
    expect(url.searchParams.get('sc')).toBe('a&b')
    expect(url.searchParams.get('thm')).toBe('2')
    expect(url.searchParams.get('ui')).toBe('fr-FR')
  })

  it("Collabora's served cool.html? gets WOPISrc right after the ?", () => {
    expect(buildActionUrl('https://code.example:9980/browser/80a6f97/cool.html?', WOPI_SRC, 'en-US')).toBe(
      `https://code.example:9980/browser/80a6f97/cool.html?WOPISrc=${encodeURIComponent(WOPI_SRC)}`,
    )
  })

  it('adds ? when the template has no query, and & between our parameter and existing ones', () => {
    expect(buildActionUrl('https://code.example/hosting/capabilities', WOPI_SRC, 'en-US')).toBe(
      `https://code.example/hosting/capabilities?WOPISrc=${encodeURIComponent(WOPI_SRC)}`,
    )
    expect(buildActionUrl('https://x.example/view?edit=1', WOPI_SRC, 'en-US')).toBe(
      `https://x.example/view?edit=1&WOPISrc=${encodeURIComponent(WOPI_SRC)}`,
    )
  })

  it('fills a repeated WOPI_SOURCE once and neutralises stray brackets of a malformed template', () => {
    const url = buildActionUrl('https://x.example/e?<wopisrc=WOPI_SOURCE&><WOPISrc=WOPI_SOURCE&><ui=UI_LLCC&', WOPI_SRC, 'en-US')
    expect(url).not.toMatch(/[<>]/)
    expect([...new URL(url).searchParams.keys()].filter((key) => key.toLowerCase() === 'wopisrc')).toHaveLength(1)
  })

  it('drops unknown placeholders and bracket contents that are not name=PLACEHOLDER', () => {
    expect(buildActionUrl('https://x.example/e?<foo=BAR_BAZ&><junk><wopisrc=WOPI_SOURCE>', WOPI_SRC, 'en-US')).toBe(
      `https://x.example/e?wopisrc=${encodeURIComponent(WOPI_SRC)}`,
    )
  })

  it('lists the placeholders of a template', () => {
    expect(placeholdersIn(onlyoffice)).toEqual(['DC_LLCC', 'HOST_SESSION_ID', 'SESSION_CONTEXT', 'THEME_ID', 'UI_LLCC', 'WOPI_SOURCE'])
  })
})

describe('every action of every served fixture', () => {
  const served = Object.entries(FIXTURES).filter(([key]) => key !== 'collaboraTemplate')
  for (const [key, file] of served) {
    it(`${key}: each urlsrc becomes a clean URL with exactly one WOPISrc`, () => {
      const parsed = parseDiscoveryXml(fixture(file))
      const actions = parsed.zones.flatMap((zone) => zone.apps.flatMap((app) => app.actions)).filter((action) => action.urlsrc)
      expect(actions.length).toBeGreaterThan(0)
      const placeholderNames = new Set(actions.flatMap((action) => placeholdersIn(action.urlsrc!)))
      for (const action of actions) {
        const built = buildActionUrl(action.urlsrc!, WOPI_SRC, 'nb-NO')
        expect(built, action.urlsrc).not.toMatch(/[<>]/)
        const url = new URL(built)
        const wopisrc = [...url.searchParams].filter(([name]) => name.toLowerCase() === 'wopisrc')
        expect(wopisrc, built).toHaveLength(1)
        expect(wopisrc[0]![1]).toBe(WOPI_SRC)
        if (placeholdersIn(action.urlsrc!).includes('UI_LLCC')) expect(url.searchParams.get('ui'), built).toBe('nb-NO')
        for (const name of placeholderNames) expect(built, `${name} left in ${built}`).not.toContain(name)
        // No '&' of our making: an appended WOPISrc sits after exactly one '?' or '&', and a doubled '&' only
        // appears where the template itself puts a literal '&' next to a bracketed segment.
        expect(built).not.toContain('&&&')
        if (!placeholdersIn(action.urlsrc!).includes('WOPI_SOURCE')) {
          expect(built.endsWith(`WOPISrc=${encodeURIComponent(WOPI_SRC)}`), built).toBe(true)
          expect(built, built).not.toMatch(/&&WOPISrc=|\?&WOPISrc=/)
        }
        if (built.includes('&&')) expect(/&&|&<|>&/.test(action.urlsrc!), built).toBe(true)
      }
    })
  }
})
