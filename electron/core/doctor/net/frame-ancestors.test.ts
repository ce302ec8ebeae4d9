import { describe, expect, it } from 'vitest'
import { evaluateFraming, frameAncestorPolicies, sourceListAllows, sourceMatches } from './frame-ancestors'

const page = new URL('http://127.0.0.1:17890')
const editor = new URL('https://docs.example.com/browser/abc/cool.html')

describe('frame-ancestors source matching (CSP3)', () => {
  it.each([
    ["'none'", false],
    ['*', true],
    ['http:', true],
    ['https:', false],
    ['http://127.0.0.1:17890', true],
    ['127.0.0.1:17890', false], // no scheme: the editor's https applies, and http is not an upgrade of https
    ['http://127.0.0.1', false], // port 80 implied
    ['http://127.0.0.1:*', true],
    ['http://*.example.com:17890', false],
    ["'self'", false],
    ['http://127.0.0.1:17890/host/', false], // a path never matches an origin
    ["'unsafe-inline'", false],
  ])('%s for http://127.0.0.1:17890 framing an https editor: %s', (source, expected) => {
    expect(sourceMatches(source, page, editor)).toBe(expected)
  })

  it('http sources also match the https form, wildcards match subdomains only', () => {
    const ancestor = new URL('https://portal.example.com')
    expect(sourceMatches('http://portal.example.com', ancestor, editor)).toBe(true)
    expect(sourceMatches('*.example.com', ancestor, editor)).toBe(true)
    expect(sourceMatches('*.example.com', new URL('https://example.com'), editor)).toBe(false)
    expect(sourceMatches("'self'", new URL('https://docs.example.com'), editor)).toBe(true)
    expect(sourceMatches('portal.example.com', ancestor, editor)).toBe(true)
    expect(sourceMatches('portal.example.com:8443', ancestor, editor)).toBe(false)
  })

  it("'none' next to other sources is ignored; alone it allows nothing", () => {
    expect(sourceListAllows(["'none'"], page, editor)).toBe(false)
    expect(sourceListAllows([], page, editor)).toBe(false)
    expect(sourceListAllows(["'none'", 'http://127.0.0.1:17890'], page, editor)).toBe(true)
  })

  it('finds frame-ancestors in every policy of every header value, case-insensitively', () => {
    const policies = frameAncestorPolicies([
      "default-src 'self'; FRAME-ANCESTORS 'self' https://a.example",
      "frame-ancestors 'none', script-src 'self'",
    ])
    expect(policies.map((policy) => policy.sources)).toEqual([["'self'", 'https://a.example'], ["'none'"]])
  })
})

describe('framing verdict', () => {
  it("frame-ancestors 'none' refuses every page", () => {
    const verdict = evaluateFraming(["frame-ancestors 'none'"], [], page.origin, editor.href)
    expect(verdict).toMatchObject({ allowed: false, by: 'csp' })
    expect(verdict.reason).toContain('forbids all framing')
  })

  it('every policy must allow the page', () => {
    const verdict = evaluateFraming(
      ['frame-ancestors http://127.0.0.1:17890', 'frame-ancestors https://other.example'],
      [],
      page.origin,
      editor.href,
    )
    expect(verdict.allowed).toBe(false)
    expect(verdict.reason).toContain('https://other.example')
  })

  it('X-Frame-Options decides only without frame-ancestors', () => {
    expect(evaluateFraming([], ['DENY'], page.origin, editor.href)).toMatchObject({ allowed: false, by: 'x-frame-options' })
    expect(evaluateFraming([], ['SAMEORIGIN'], page.origin, editor.href)).toMatchObject({ allowed: false, by: 'x-frame-options' })
    expect(evaluateFraming([], ['SAMEORIGIN'], 'https://docs.example.com', editor.href).allowed).toBe(true)
    expect(evaluateFraming(['frame-ancestors http://127.0.0.1:17890'], ['DENY'], page.origin, editor.href)).toMatchObject({
      allowed: true,
      by: 'csp',
    })
    expect(evaluateFraming([], ['ALLOW-FROM http://127.0.0.1:17890'], page.origin, editor.href).allowed).toBe(true)
    expect(evaluateFraming([], [], page.origin, editor.href)).toMatchObject({ allowed: true, by: 'none' })
  })
})
