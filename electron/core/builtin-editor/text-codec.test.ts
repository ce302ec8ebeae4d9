import { describe, expect, it } from 'vitest'
import { decodeText, detectLineEnding, encodeText } from './text-codec'

describe('decodeText / encodeText', () => {
  it('keeps a UTF-8 BOM and CRLF line endings through an edit', () => {
    const original = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('a\r\nb\r\nc\r\n')])
    const decoded = decodeText(original, 'LF')
    if (!decoded.ok) throw new Error('expected text')
    expect(decoded.text).toBe('a\nb\nc\n')
    expect(decoded.encoding).toEqual({ bom: true, lineEnding: 'CRLF', mixedLineEndings: false, label: 'UTF-8 with BOM' })
    const saved = encodeText(decoded.text.replace('b', 'B'), decoded.encoding)
    expect(saved.toString('hex')).toBe(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('a\r\nB\r\nc\r\n')]).toString('hex'))
  })

  it('round-trips LF and CR files byte for byte', () => {
    for (const source of ['x\ny\n', 'x\ry\r', 'no newline', '']) {
      const bytes = Buffer.from(source)
      const decoded = decodeText(bytes, 'LF')
      if (!decoded.ok) throw new Error('expected text')
      expect(encodeText(decoded.text, decoded.encoding).equals(bytes)).toBe(true)
    }
  })

  it('reports mixed line endings and picks the dominant one', () => {
    expect(detectLineEnding('a\r\nb\r\nc\n', 'LF')).toEqual({ lineEnding: 'CRLF', mixed: true })
    expect(detectLineEnding('nothing', 'CRLF')).toEqual({ lineEnding: 'CRLF', mixed: false })
  })

  it('normalises whatever the page sends to the file style', () => {
    expect(encodeText('a\r\nb\nc', { bom: false, lineEnding: 'CRLF' }).toString()).toBe('a\r\nb\r\nc')
  })

  it('refuses invalid UTF-8 but keeps a lossy preview', () => {
    const decoded = decodeText(Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]), 'LF')
    expect(decoded.ok).toBe(false)
    if (decoded.ok) return
    expect(decoded.reason).toBe('not-utf8')
    expect(decoded.preview).toBe('caf\uFFFD\n')
  })

  it('recognises UTF-16 by its BOM and binary by NUL bytes', () => {
    const utf16 = decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('hi\r\n', 'utf16le')]), 'LF')
    expect(utf16).toMatchObject({ ok: false, reason: 'not-utf8', label: 'UTF-16 LE', preview: 'hi\n' })
    expect(decodeText(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]), 'LF')).toMatchObject({
      ok: false,
      reason: 'binary',
      preview: null,
    })
  })
})
