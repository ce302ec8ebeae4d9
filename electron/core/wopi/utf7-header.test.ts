import { describe, expect, it } from 'vitest'
import { decodeUtf7Header, encodeUtf7Header } from './utf7-header'

describe('UTF-7 headers', () => {
  it('decodes the spec vectors', () => {
    expect(decodeUtf7Header('madeup+AF8-name.wopitestx')).toBe('madeup_name.wopitestx')
    expect(decodeUtf7Header('R+AOk-sum+AOk 2024.docx')).toBe('Résumé 2024.docx')
    expect(decodeUtf7Header('+YqVUSg.docx')).toBe('报告.docx')
    expect(decodeUtf7Header('a+-b.docx')).toBe('a+b.docx')
    expect(decodeUtf7Header('plain.docx')).toBe('plain.docx')
    expect(decodeUtf7Header('+ZeVnLIqe-')).toBe('日本語')
  })

  it('refuses values that are not UTF-7', () => {
    expect(decodeUtf7Header('a+')).toBeNull() // lone '+'
    expect(decodeUtf7Header('+A-')).toBeNull() // 6 bits: a partial unit
    expect(decodeUtf7Header('+AGF-')).toBeNull() // non-zero padding bits
    expect(decodeUtf7Header('+2D0-')).toBeNull() // lone high surrogate
    expect(decodeUtf7Header('bad\u0001name')).toBeNull()
    expect(decodeUtf7Header(Buffer.from([0xff, 0xfe]).toString('latin1'))).toBeNull()
  })

  it('accepts raw UTF-8 from clients that do not encode', () => {
    expect(decodeUtf7Header(Buffer.from('Übersicht.docx', 'utf8').toString('latin1'))).toBe('Übersicht.docx')
  })

  it('round-trips names through the encoder', () => {
    for (const name of ['madeup_name.docx', 'Résumé – 日本語.docx', 'a+b (1).xlsx', '😀 smile.txt']) {
      const encoded = encodeUtf7Header(name)
      expect(encoded).toMatch(/^[\x20-\x7e]*$/)
      expect(decodeUtf7Header(encoded)).toBe(name)
    }
    expect(encodeUtf7Header('madeup_name.docx')).toBe('madeup+AF8-name.docx')
  })
})
