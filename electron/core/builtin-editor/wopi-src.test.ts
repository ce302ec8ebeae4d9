import { describe, expect, it } from 'vitest'
import { asOrigin, checkWopiSrc, splitTokenUrl, wopiCallUrl } from './wopi-src'

describe('checkWopiSrc', () => {
  it('accepts WOPI files endpoints', () => {
    for (const ok of ['http://127.0.0.1:17890/wopi/files/abc', 'https://host.example/modules/wopi_test/files/x-1']) {
      expect(checkWopiSrc(ok).ok).toBe(true)
    }
  })

  it('rejects everything else with a sentence', () => {
    const cases: Array<[string | null, RegExp]> = [
      [null, /missing/],
      ['not a url', /absolute URL/],
      ['file:///etc/passwd', /http or https/],
      ['http://h/files/abc', /not a WOPI files endpoint/],
      ['http://h/wopi/files/ids/abc', /not a WOPI files endpoint/],
      ['http://u:p@h/wopi/files/a', /user name/],
      ['http://h/wopi/files/a?access_token=x', /must not carry the access token/],
    ]
    for (const [input, message] of cases) {
      const result = checkWopiSrc(input)
      expect(result.ok).toBe(false)
      if (!result.ok) expect(result.message).toMatch(message)
    }
  })
})

describe('splitTokenUrl', () => {
  const source = new URL('http://127.0.0.1:9/wopi/files/a')
  it('splits a PutRelativeFile Url on the same origin', () => {
    const split = splitTokenUrl('http://127.0.0.1:9/wopi/files/b?access_token=T0k', source)
    expect(split?.token).toBe('T0k')
    expect(split?.wopiSrc.href).toBe('http://127.0.0.1:9/wopi/files/b')
  })
  it('refuses another origin or a missing token', () => {
    expect(splitTokenUrl('http://evil.example/wopi/files/b?access_token=T', source)).toBeNull()
    expect(splitTokenUrl('http://127.0.0.1:9/wopi/files/b', source)).toBeNull()
    expect(splitTokenUrl(42, source)).toBeNull()
  })
})

describe('wopiCallUrl and asOrigin', () => {
  it('builds the exact URL that is signed and sent', () => {
    expect(wopiCallUrl(new URL('http://h:1/wopi/files/a'), 'a+b/c', '/contents')).toBe(
      'http://h:1/wopi/files/a/contents?access_token=a%2Bb%2Fc',
    )
    expect(wopiCallUrl(new URL('http://h:1/wopi/files/a?x=1'), 't')).toBe('http://h:1/wopi/files/a?x=1&access_token=t')
  })
  it('turns PostMessageOrigin into an origin or null, never *', () => {
    expect(asOrigin('http://127.0.0.1:17890/')).toBe('http://127.0.0.1:17890')
    expect(asOrigin('*')).toBeNull()
    expect(asOrigin('javascript:alert(1)')).toBeNull()
  })
})
