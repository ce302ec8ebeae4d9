import type { LineEnding, TextEncodingInfo } from '../../contract/editor-page'

// Bytes <-> editor text. The page works on LF-only text (a <textarea> normalises line breaks anyway); the
// server remembers what the file looked like (UTF-8 BOM, CRLF/LF/CR) and writes it back the same way, so a
// one-character edit never turns into a whole-file diff.

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf])
/** NUL bytes in the first part of a file mean binary, not text (what git and grep decide too). */
const BINARY_SNIFF_BYTES = 8192

export type DecodedText =
  | { ok: true; text: string; encoding: TextEncodingInfo }
  | {
      ok: false
      reason: 'binary' | 'not-utf8'
      /** lossy text for a read-only look, or null for binary */ preview: string | null
      label: string
    }

export function decodeText(bytes: Buffer, defaultLineEnding: LineEnding): DecodedText {
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    const littleEndian = bytes[0] === 0xff
    const preview = new TextDecoder(littleEndian ? 'utf-16le' : 'utf-16be').decode(bytes.subarray(2))
    return { ok: false, reason: 'not-utf8', preview: toLf(preview), label: littleEndian ? 'UTF-16 LE' : 'UTF-16 BE' }
  }
  const bom = bytes.length >= 3 && bytes.subarray(0, 3).equals(UTF8_BOM)
  const body = bom ? bytes.subarray(3) : bytes
  if (body.subarray(0, BINARY_SNIFF_BYTES).includes(0)) {
    return { ok: false, reason: 'binary', preview: null, label: 'binary' }
  }
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body)
  } catch {
    return { ok: false, reason: 'not-utf8', preview: toLf(new TextDecoder('utf-8').decode(body)), label: 'not UTF-8' }
  }
  const { lineEnding, mixed } = detectLineEnding(text, defaultLineEnding)
  return {
    ok: true,
    text: toLf(text),
    encoding: { bom, lineEnding, mixedLineEndings: mixed, label: bom ? 'UTF-8 with BOM' : 'UTF-8' },
  }
}

export function encodeText(text: string, encoding: Pick<TextEncodingInfo, 'bom' | 'lineEnding'>): Buffer {
  const lf = toLf(text)
  const withEndings =
    encoding.lineEnding === 'CRLF' ? lf.replace(/\n/g, '\r\n') : encoding.lineEnding === 'CR' ? lf.replace(/\n/g, '\r') : lf
  const body = Buffer.from(withEndings, 'utf8')
  return encoding.bom ? Buffer.concat([UTF8_BOM, body]) : body
}

/** The dominant line ending; ties and files without any break keep the default. */
export function detectLineEnding(text: string, fallback: LineEnding): { lineEnding: LineEnding; mixed: boolean } {
  let crlf = 0
  let lf = 0
  let cr = 0
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code === 13) {
      if (text.charCodeAt(i + 1) === 10) {
        crlf++
        i++
      } else cr++
    } else if (code === 10) lf++
  }
  const kinds = [crlf, lf, cr].filter((count) => count > 0).length
  if (kinds === 0) return { lineEnding: fallback, mixed: false }
  const max = Math.max(crlf, lf, cr)
  const lineEnding: LineEnding = crlf === max ? 'CRLF' : lf === max ? 'LF' : 'CR'
  return { lineEnding, mixed: kinds > 1 }
}

function toLf(text: string): string {
  return text.replace(/\r\n?/g, '\n')
}
