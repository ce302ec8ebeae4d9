import utf7 from 'utf7'

// X-WOPI-SuggestedTarget, X-WOPI-RelativeTarget and X-WOPI-RequestedName arrive UTF-7 encoded (spec 7);
// X-WOPI-ValidRelativeTarget goes back the same way. The utf7 package decodes leniently, so a value is first
// checked to be well-formed RFC 2152 text.

// The utf7 package ends a run at '+', so runs are checked the way it will decode them.
const BASE64 = /[A-Za-z0-9/]/
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/
const BASE64_VALUE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

function wellFormedUtf7(value: string): boolean {
  if (!/^[\x20-\x7e\t]*$/.test(value)) return false
  for (let i = 0; i < value.length; i++) {
    if (value[i] !== '+') continue
    let end = i + 1
    while (end < value.length && BASE64.test(value[end]!)) end++
    const run = value.slice(i + 1, end)
    if (run === '') {
      if (value[end] !== '-') return false // a lone '+' (only "+-" stands for '+')
    } else {
      const bits = run.length * 6
      const leftover = bits % 16
      if (leftover >= 6) return false // a partial UTF-16 unit
      const last = BASE64_VALUE.indexOf(run[run.length - 1]!)
      if (leftover > 0 && (last & ((1 << leftover) - 1)) !== 0) return false // padding bits must be zero
    }
    i = value[end] === '-' ? end : end - 1
  }
  return true
}

/**
 * The decoded name, or null when the header is not valid UTF-7 (400 in specific mode and RenameFile, a
 * generated name in suggested mode). Plain ASCII without '+' decodes to itself. A client that sends raw
 * UTF-8 instead is accepted when the bytes are valid UTF-8.
 */
export function decodeUtf7Header(value: string): string | null {
  if (/[^\x00-\x7f]/.test(value)) {
    // Node hands header bytes over as latin1 characters.
    const bytes = Buffer.from(value, 'latin1')
    const text = bytes.toString('utf8')
    return Buffer.from(text, 'utf8').equals(bytes) ? text : null
  }
  if (!wellFormedUtf7(value)) return null
  const decoded = utf7.decode(value)
  return LONE_SURROGATE.test(decoded) ? null : decoded
}

/** UTF-7 for X-WOPI-ValidRelativeTarget; spaces stay literal (RFC 2152 allows it) so logs stay readable. */
export function encodeUtf7Header(name: string): string {
  return utf7.encode(name, ' ')
}
