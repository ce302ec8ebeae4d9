// The .NET text encodings the validator uses on the wire, reproduced so a host sees the same bytes:
// - UTF-7 (System.Text.UTF7Encoding, optional direct characters off) for X-WOPI-SuggestedTarget,
//   X-WOPI-RelativeTarget and X-WOPI-RequestedName (spec section 7);
// - UrlKeyValueEncode for the access_token query value (everything but ASCII letters and digits is %XX UTF-8);
// - HttpUtility.UrlEncode / UrlDecode for reading and replacing query parameters of saved URLs.

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
// RFC 2152 set D plus space, tab, CR, LF: the only characters .NET's default UTF7Encoding writes as themselves
const DIRECT = new Set("\t\n\r '(),-./0123456789:?ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")

/**
 * Encodes like .NET's Encoding.UTF7: '+' alone becomes "+-", every other non-direct UTF-16 code unit goes into a
 * modified-Base64 run, and a run is always closed with '-' (so `_` becomes `+AF8-`).
 */
export function encodeUtf7DotNet(text: string): string {
  let out = ''
  let bits = 0
  let bitCount = -1 // -1: not inside a Base64 run
  const closeRun = () => {
    if (bitCount > 0) out += BASE64[(bits << (6 - bitCount)) & 0x3f]
    out += '-'
    bits = 0
    bitCount = -1
  }
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!
    const code = text.charCodeAt(i)
    if (code < 0x80 && DIRECT.has(ch)) {
      if (bitCount >= 0) closeRun()
      out += ch
    } else if (bitCount < 0 && ch === '+') {
      out += '+-'
    } else {
      if (bitCount < 0) {
        out += '+'
        bitCount = 0
      }
      bits = ((bits << 16) | code) & 0xffffff
      bitCount += 16
      while (bitCount >= 6) {
        bitCount -= 6
        out += BASE64[(bits >> bitCount) & 0x3f]
      }
    }
  }
  if (bitCount >= 0) closeRun()
  return out
}

/** SharePoint's UrlKeyValueEncode, which the validator applies to the token in the query string. */
export function urlKeyValueEncode(value: string): string {
  let out = ''
  for (const ch of value) {
    if (/^[0-9A-Za-z]$/.test(ch)) out += ch
    else for (const byte of Buffer.from(ch, 'utf8')) out += '%' + byte.toString(16).toUpperCase().padStart(2, '0')
  }
  return out
}

/** HttpUtility.UrlEncode: unreserved as-is, space as '+', everything else %xx (lower-case hex) of UTF-8. */
export function httpUtilityUrlEncode(value: string): string {
  let out = ''
  for (const ch of value) {
    if (/^[0-9A-Za-z\-_.!*()]$/.test(ch)) out += ch
    else if (ch === ' ') out += '+'
    else for (const byte of Buffer.from(ch, 'utf8')) out += '%' + byte.toString(16).padStart(2, '0')
  }
  return out
}

/** HttpUtility.UrlDecode: '+' is a space, %xx sequences are UTF-8 bytes, malformed escapes stay as written. */
export function httpUtilityUrlDecode(value: string): string {
  const bytes: number[] = []
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]!
    if (ch === '+') bytes.push(0x20)
    else if (ch === '%' && /^[0-9a-fA-F]{2}$/.test(value.slice(i + 1, i + 3))) {
      bytes.push(parseInt(value.slice(i + 1, i + 3), 16))
      i += 2
    } else bytes.push(...Buffer.from(ch, 'utf8'))
  }
  return Buffer.from(bytes).toString('utf8')
}

/**
 * UrlHelper.GetQueryParameterValue: the first `?name=` or `&name=` (case-insensitive) anywhere in the URL,
 * value decoded; null when absent. An empty value is "" (present), which matters for MustIncludeAccessToken.
 */
export function getQueryParameterValue(url: string, name: string): string | null {
  const lower = url.toLowerCase()
  let start = lower.indexOf(`?${name.toLowerCase()}=`)
  if (start === -1) start = lower.indexOf(`&${name.toLowerCase()}=`)
  if (start === -1) return null
  const valueStart = start + name.length + 2
  const end = url.slice(valueStart).search(/[&#]/)
  return httpUtilityUrlDecode(end === -1 ? url.slice(valueStart) : url.slice(valueStart, valueStart + end))
}

/** UrlHelper.AppendOrReplaceQueryParameter: used when a mutator swaps the token of a URL. */
export function appendOrReplaceQueryParameter(url: string, name: string, value: string): string {
  const encodedName = httpUtilityUrlEncode(name)
  const encodedValue = httpUtilityUrlEncode(value)
  const lower = url.toLowerCase()
  let start = lower.indexOf(`?${encodedName.toLowerCase()}=`)
  if (start === -1) start = lower.indexOf(`&${encodedName.toLowerCase()}=`)
  if (start !== -1) {
    const valueStart = start + encodedName.length + 2
    const end = url.slice(valueStart).search(/[&#]/)
    return url.slice(0, start + 1) + `${encodedName}=${encodedValue}` + (end === -1 ? '' : url.slice(valueStart + end))
  }
  const prefix = url.includes('?') ? '&' : '?'
  const hash = url.indexOf('#')
  if (hash === -1) return `${url}${prefix}${encodedName}=${encodedValue}`
  return `${url.slice(0, hash)}${prefix}${encodedName}=${encodedValue}${url.slice(hash)}`
}
