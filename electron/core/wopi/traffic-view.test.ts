import { describe, expect, it } from 'vitest'
import { BODY_EXCERPT_CHARS, headerView, jsonExcerpt } from './traffic-view'

describe('traffic view', () => {
  it('keeps WOPI headers and drops credentials and proofs', () => {
    const view = headerView({
      'x-wopi-override': 'LOCK',
      'x-wopi-lock': '{"S":"abc"}',
      authorization: 'Bearer secret-token-1234',
      'x-wopi-proof': 'c2lnbmF0dXJl',
      'x-wopi-proofold': 'b2xk',
      'x-access-token': 'nope',
      referer: 'https://editor/loleaflet?access_token=secret-token-1234&x=1',
    })
    expect(view).toEqual({
      'x-wopi-override': 'LOCK',
      'x-wopi-lock': '{"S":"abc"}',
      referer: 'https://editor/loleaflet?access_token=REDACTED&x=1',
    })
  })

  it('excerpts JSON answers without tokens and within the limit', () => {
    const excerpt = jsonExcerpt({
      BaseFileName: 'a.docx',
      HostEditUrl: 'http://h/host?access_token=secret-token-1234',
      access_token: 'secret-token-1234',
    })
    expect(excerpt).toContain('"BaseFileName": "a.docx"')
    expect(excerpt).not.toContain('secret-token-1234')
    expect(jsonExcerpt({ long: 'x'.repeat(5000) }).length).toBeLessThanOrEqual(BODY_EXCERPT_CHARS + 1)
  })
})
