import { describe, expect, it } from 'vitest'
import { createExchangeRing } from './exchange-ring'
import { captureHeaders } from './traffic-view'

const exchange = (n: number) => ({
  requestHeaders: captureHeaders({ 'x-wopi-correlationid': `corr-${n}` }),
  responseHeaders: captureHeaders({ 'content-type': 'application/json' }),
  answer: { BaseFileName: `file-${n}.docx` },
})

describe('the ring of recent exchanges', () => {
  it('keeps the most recent ones and formats them when asked', () => {
    const ring = createExchangeRing(2)
    for (const id of [1, 2, 3]) ring.keep(id, exchange(id))
    expect(ring.view(1)).toBeNull()
    expect(ring.view(2)?.requestHeaders).toEqual({ 'x-wopi-correlationid': 'corr-2' })
    expect(ring.view(3)?.responseBody).toContain('"BaseFileName": "file-3.docx"')
  })

  it('forgets a request whose row went under another id', () => {
    const ring = createExchangeRing(5)
    ring.keep(7, exchange(7))
    ring.forget(7)
    expect(ring.view(7)).toBeNull()
  })

  it('holds no token from the moment of capture', () => {
    const captured = captureHeaders({
      authorization: 'Bearer secret-token-1234',
      referer: 'https://editor/loleaflet?access_token=secret-token-1234&x=1',
      'x-wopi-proof': 'c2lnbmF0dXJl',
    })
    expect(JSON.stringify(captured)).not.toContain('secret-token-1234')
    expect(captured).toEqual({ referer: 'https://editor/loleaflet?access_token=REDACTED&x=1' })
  })
})
