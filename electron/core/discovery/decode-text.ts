/**
 * Bytes of an XML answer to text. Honours a byte-order mark and the encoding named in the XML declaration
 * (UTF-8, UTF-16, ISO-8859-1); anything else is read as UTF-8, which every discovery we have seen uses.
 */
export function decodeXmlBytes(bytes: Buffer): string {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return new TextDecoder('utf-8').decode(bytes.subarray(3))
  }
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2))
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2))
  // UTF-16 without a BOM still starts with '<' followed by a zero byte (or the reverse).
  if (bytes.length >= 2 && bytes[0] === 0x3c && bytes[1] === 0x00) return new TextDecoder('utf-16le').decode(bytes)
  if (bytes.length >= 2 && bytes[0] === 0x00 && bytes[1] === 0x3c) return new TextDecoder('utf-16be').decode(bytes)
  const declaration = /^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(bytes.subarray(0, 200).toString('latin1'))
  const declared = declaration?.[1]?.toLowerCase()
  if (declared === 'iso-8859-1' || declared === 'latin1' || declared === 'windows-1252') {
    return new TextDecoder('windows-1252').decode(bytes)
  }
  return new TextDecoder('utf-8').decode(bytes)
}
