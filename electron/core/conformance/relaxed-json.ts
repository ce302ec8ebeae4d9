// Json.NET's JToken.Parse accepts more than JSON: single-quoted strings and unquoted property names. The
// coauth cases' expected values rely on it (`[{CoauthLockId:'Client1', UserFriendlyName:'*'}]`), so the runner
// reads ResponseBodyProperty values with this small parser instead of JSON.parse.

export function parseRelaxedJson(text: string): unknown {
  let position = 0

  const fail = (what: string): never => {
    throw new SyntaxError(`${what} at position ${position} of ${JSON.stringify(text.length > 60 ? text.slice(0, 60) + '…' : text)}`)
  }
  const skipSpace = () => {
    while (position < text.length && /\s/.test(text[position]!)) position++
  }
  const peek = () => {
    skipSpace()
    return text[position]
  }

  const readString = (quote: string): string => {
    position++ // opening quote
    let out = ''
    while (position < text.length && text[position] !== quote) {
      let ch = text[position++]!
      if (ch === '\\') {
        const escape = text[position++]
        const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '/': '/', '\\': '\\', '"': '"', "'": "'" }
        if (escape === 'u') {
          const hex = text.slice(position, position + 4)
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('bad \\u escape')
          ch = String.fromCharCode(parseInt(hex, 16))
          position += 4
        } else if (escape !== undefined && simple[escape] !== undefined) ch = simple[escape]!
        else fail('bad escape')
      }
      out += ch
    }
    if (text[position] !== quote) fail('unterminated string')
    position++
    return out
  }

  const readWord = (): string => {
    const match = /^[A-Za-z_$][\w$]*|^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(position))
    if (!match) fail('unexpected character')
    position += match![0].length
    return match![0]
  }

  const readValue = (): unknown => {
    const ch = peek()
    if (ch === '{') {
      position++
      const object: Record<string, unknown> = {}
      if (peek() === '}') {
        position++
        return object
      }
      for (;;) {
        const keyStart = peek()
        const key = keyStart === '"' || keyStart === "'" ? readString(keyStart) : readWord()
        if (peek() !== ':') fail('expected ":"')
        position++
        object[key] = readValue()
        const next = peek()
        position++
        if (next === '}') return object
        if (next !== ',') fail('expected "," or "}"')
      }
    }
    if (ch === '[') {
      position++
      const array: unknown[] = []
      if (peek() === ']') {
        position++
        return array
      }
      for (;;) {
        array.push(readValue())
        const next = peek()
        position++
        if (next === ']') return array
        if (next !== ',') fail('expected "," or "]"')
      }
    }
    if (ch === '"' || ch === "'") return readString(ch)
    if (ch === undefined) return fail('unexpected end')
    const word = readWord()
    if (word === 'true') return true
    if (word === 'false') return false
    if (word === 'null') return null
    if (/^-?\d/.test(word)) return Number(word)
    return fail(`unexpected word "${word}"`)
  }

  const value = readValue()
  if (peek() !== undefined) fail('unexpected trailing text')
  return value
}
