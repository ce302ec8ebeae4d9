import { getQueryParameterValue } from './dotnet-encoding'
import type { PropertyCheckDef } from './model'
import { parseRelaxedJson } from './relaxed-json'

// The property checks of <JsonResponseContentValidator>, with Json.NET's conversions (JToken.Value<T>) and the
// reference validator's rules: null, "", [] and {} count as "not provided"; ExpectedStateKey wins over
// ExpectedValue when the saved value is non-empty; with neither, any value passes (except the Unix-time keys).
// Each function returns null when the check passes, else a message that names the expected and actual values.

const UNIX_TIME_KEYS = new Set(['AccessTokenExpiry', 'ServerTime', 'AccessTokenValidFrom'])
const TEN_YEARS_MS = 10 * 365.25 * 24 * 3600 * 1000

class ConversionError extends Error {}

export function checkProperty(
  check: PropertyCheckDef,
  token: unknown,
  state: ReadonlyMap<string, string | null>,
  nowMs: number,
): string | null {
  try {
    switch (check.kind) {
      case 'AbsoluteUrlProperty':
        return checkAbsoluteUrl(check, token)
      case 'StringRegexProperty':
        return checkRegex(check, token)
      case 'ArrayLengthProperty':
        return checkArrayLength(check, token)
      case 'ResponseBodyProperty':
        return checkResponseBody(check, token)
      case 'BooleanProperty':
        return checkEquality(check, token, state, nowMs, toBoolean, (a, b) => a === b, String, booleanFromText, String)
      case 'IntegerProperty':
        return checkEquality(
          check,
          token,
          state,
          nowMs,
          (value) => toInteger(value, 32),
          (a, b) => a === b,
          String,
          undefined,
          String,
        )
      case 'LongProperty':
        return checkEquality(
          check,
          token,
          state,
          nowMs,
          (value) => toInteger(value, 64),
          (a, b) => a === b,
          String,
          undefined,
          String,
        )
      case 'StringProperty':
        return checkString(check, token, state, nowMs)
      case 'ArrayProperty':
        return checkArray(check, token, state, nowMs)
    }
  } catch (error) {
    if (error instanceof ConversionError) return error.message
    throw error
  }
}

export function isNotProvided(token: unknown): boolean {
  if (token === undefined || token === null || token === '') return true
  if (Array.isArray(token)) return token.length === 0
  return typeof token === 'object' && Object.keys(token).length === 0
}

function missing(check: PropertyCheckDef): string | null {
  return check.isRequired ? 'required but not provided' : null
}

function checkAbsoluteUrl(check: PropertyCheckDef, token: unknown): string | null {
  if (isNotProvided(token)) return missing(check)
  const value = toDotNetString(token)
  if (!isAbsoluteUrl(value)) return `${quote(value)} is not an absolute URL`
  if (check.mustIncludeAccessToken && getQueryParameterValue(value, 'access_token') === null) {
    return `URL ${quote(value)} has no access_token query parameter`
  }
  return null
}

function checkRegex(check: PropertyCheckDef, token: unknown): string | null {
  if (token === undefined) return missing(check)
  // a JSON null or "" is not skipped here: it cannot match, and the reference reports it
  const value = token === null ? null : toDotNetString(token)
  const regex = new RegExp(check.expectedValue ?? '', check.ignoreCase ? 'i' : '')
  if (value === null || value === '')
    return `value is ${value === null ? 'null' : 'empty'}, so it cannot be checked against /${regex.source}/`
  const matches = regex.test(value)
  if (check.shouldMatch && !matches) return `${quote(value)} does not match /${regex.source}/`
  if (!check.shouldMatch && matches) return `${quote(value)} matches /${regex.source}/, which it must not`
  return null
}

function checkArrayLength(check: PropertyCheckDef, token: unknown): string | null {
  if (token === undefined) return missing(check)
  if (!Array.isArray(token)) return check.isRequired ? `is ${describe(token)}, not an array` : null
  const expected = check.expectedValue === null ? 0 : Number(check.expectedValue.trim())
  return token.length === expected ? null : `expected an array of length ${expected}, got length ${token.length}`
}

function checkString(check: PropertyCheckDef, token: unknown, state: ReadonlyMap<string, string | null>, nowMs: number): string | null {
  const compare = check.ignoreCase ? (a: string, b: string) => a.toLowerCase() === b.toLowerCase() : (a: string, b: string) => a === b
  const base = checkEquality(check, token, state, nowMs, toDotNetString, compare, (value) => value)
  if (base !== null) return check.ignoreCase ? base.replace(/^expected (.*?), got/, 'expected $1 (any case), got') : base
  if (!check.endsWith?.trim() || isNotProvided(token)) return null
  const value = toDotNetString(token)
  const endsWith = check.ignoreCase ? value.toLowerCase().endsWith(check.endsWith.toLowerCase()) : value.endsWith(check.endsWith)
  return endsWith
    ? null
    : `expected a value ending with ${quote(check.endsWith)}${check.ignoreCase ? ' (any case)' : ''}, got ${quote(value)}`
}

function checkArray(check: PropertyCheckDef, token: unknown, state: ReadonlyMap<string, string | null>, nowMs: number): string | null {
  // ArrayProperty is an equality check whose "expected value" is ContainsValue
  const asEquality: PropertyCheckDef = { ...check, expectedValue: check.containsValue }
  const toList = (value: unknown): string[] => {
    if (!Array.isArray(value)) throw new ConversionError(`is ${describe(value)}, not an array`)
    return value.map((item) => (item === null ? '' : toDotNetString(item)))
  }
  return checkEquality(
    asEquality,
    token,
    state,
    nowMs,
    toList,
    (list, wanted) => list.some((item) => item.toLowerCase() === (wanted as unknown as string).toLowerCase()),
    (list) => JSON.stringify(list),
    (text) => text as unknown as string[],
    (wanted) => `an array containing ${quote(wanted as unknown as string)} (any case)`,
  )
}

/**
 * The shared flow of Boolean/Integer/Long/String/Array checks. `fromText` converts ExpectedValue or a saved state
 * value into the compared type (defaults to `convert` applied to the text).
 */
function checkEquality<T>(
  check: PropertyCheckDef,
  token: unknown,
  state: ReadonlyMap<string, string | null>,
  nowMs: number,
  convert: (value: unknown) => T,
  equals: (actual: T, expected: T) => boolean,
  format: (value: T) => string,
  fromText: (text: string) => T = (text) => convert(text),
  describeExpected: (expected: T) => string = (expected) => quote(format(expected)),
): string | null {
  if (isNotProvided(token)) return missing(check)
  const hasExpectedValue = check.expectedValue !== null
  let expected: T | undefined = hasExpectedValue ? fromText(check.expectedValue!) : undefined
  let expectedFrom = ''
  const saved = check.expectedStateKey !== null ? state.get(check.expectedStateKey) : undefined
  if (saved) {
    try {
      expected = fromText(saved)
      expectedFrom = ` (saved as ${check.expectedStateKey})`
    } catch (error) {
      if (!(error instanceof ConversionError)) throw error
      if (!hasExpectedValue) return `the value saved as ${check.expectedStateKey} (${quote(saved)}) cannot be compared with this property`
    }
  }
  if (expected === undefined) {
    if (UNIX_TIME_KEYS.has(lastName(check.name))) {
      const value = toInteger(token, 64)
      return Math.abs(value - nowMs) <= TEN_YEARS_MS
        ? null
        : `${value} is not a plausible Unix time in milliseconds (more than 10 years from now)`
    }
    return null
  }
  let actual: T
  try {
    actual = convert(token)
  } catch (error) {
    if (!(error instanceof ConversionError)) throw error
    return `expected ${describeExpected(expected)}${expectedFrom}, got ${describe(token)}`
  }
  return equals(actual, expected) ? null : `expected ${describeExpected(expected)}${expectedFrom}, got ${describe(token)}`
}

function checkResponseBody(check: PropertyCheckDef, token: unknown): string | null {
  if (token === undefined) return missing(check)
  const expected = parseRelaxedJson(check.expectedValue ?? 'null')
  const actual = structuredClone(token)
  const wildcards = new Set<string>()
  markWildcards(expected, wildcards, false)
  markWildcards(actual, wildcards, true)
  const sortedExpected = sortByCoauthLockId(expected)
  const sortedActual = sortByCoauthLockId(actual)
  return jsonEquals(sortedExpected, sortedActual)
    ? null
    : `expected ${JSON.stringify(sortedExpected)}, got ${JSON.stringify(sortedActual)} ("*" in the expected value matches anything)`
}

/** Properties whose expected value is "*" match anything: replace them by "*" on the actual side too. */
function markWildcards(node: unknown, names: Set<string>, replace: boolean): void {
  const visitObject = (object: Record<string, unknown>) => {
    for (const [name, value] of Object.entries(object)) {
      if (replace && names.has(name)) object[name] = '*'
      else if (value === '*') names.add(name)
      markWildcards(object[name], names, replace)
    }
  }
  if (Array.isArray(node)) {
    for (const item of node) if (isObject(item)) visitObject(item)
  } else if (isObject(node)) visitObject(node)
}

function sortByCoauthLockId(node: unknown): unknown {
  if (!Array.isArray(node) || node.length === 0) return node
  const key = (item: unknown) => (isObject(item) && typeof item['CoauthLockId'] === 'string' ? item['CoauthLockId'] : '')
  return [...node].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0))
}

function jsonEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, index) => jsonEquals(item, b[index]))
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a)
    return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && jsonEquals(a[key], b[key]))
  }
  return false
}

// ---- Json.NET conversions (JToken.Value<T>) ----

/** JToken.Value<string>(): numbers as written, booleans as "True"/"False". */
export function toDotNetString(value: unknown): string {
  if (typeof value === 'string') return value
  if (typeof value === 'boolean') return formatBoolean(value)
  if (typeof value === 'number') return String(value)
  throw new ConversionError(`is ${describe(value)}, not a single value`)
}

/** Convert.ToBoolean: a boolean, "true"/"false" in any case, or a number (non-zero is true). */
function toBoolean(value: unknown): boolean {
  if (typeof value === 'boolean') return value
  if (typeof value === 'number') return value !== 0
  if (typeof value === 'string') {
    const text = value.trim().toLowerCase()
    if (text === 'true') return true
    if (text === 'false') return false
  }
  throw new ConversionError(`is ${describe(value)}, not a boolean`)
}

/** Convert.ToInt32/ToInt64: integers, integer strings, booleans (1/0); fractions round half to even. */
function toInteger(value: unknown, bits: 32 | 64): number {
  let result: number
  if (typeof value === 'number') {
    const floor = Math.floor(value)
    const fraction = value - floor
    result = fraction > 0.5 || (fraction === 0.5 && floor % 2 !== 0) ? floor + 1 : floor
  } else if (typeof value === 'boolean') result = value ? 1 : 0
  else if (typeof value === 'string' && /^\s*[+-]?\d+\s*$/.test(value)) result = Number(value.trim())
  else throw new ConversionError(`is ${describe(value)}, not ${bits === 32 ? 'an integer' : 'a long integer'}`)
  const limit = bits === 32 ? 2 ** 31 : 2 ** 63
  if (result < -limit || result >= limit) throw new ConversionError(`${result} is out of range for a ${bits}-bit integer`)
  return result
}

/** ExpectedValue (XmlConvert) or a saved value (Convert.ChangeType): true/false in any case, or 1/0. */
function booleanFromText(text: string): boolean {
  const value = text.trim().toLowerCase()
  if (value === 'true' || value === '1') return true
  if (value === 'false' || value === '0') return false
  throw new ConversionError(`${quote(text)} is not a boolean`)
}

function formatBoolean(value: boolean): string {
  return value ? 'True' : 'False'
}

/** Like .NET's Uri.TryCreate(value, UriKind.Absolute): needs a scheme and must parse. */
export function isAbsoluteUrl(value: string): boolean {
  if (!/^[a-z][a-z0-9+.-]*:/i.test(value)) return false
  try {
    new URL(value)
    return true
  } catch {
    return false
  }
}

function lastName(path: string): string {
  const parts = path.split('.')
  return (parts[parts.length - 1] ?? path).replace(/\[.*$/, '')
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

export function describe(value: unknown): string {
  if (value === undefined) return 'nothing'
  if (value === null) return 'null'
  if (Array.isArray(value)) return `an array ${truncate(JSON.stringify(value))}`
  if (typeof value === 'object') return 'an object'
  if (typeof value === 'string') return `string ${quote(value)}`
  return `${typeof value} ${String(value)}`
}

function quote(text: string): string {
  return JSON.stringify(truncate(text))
}

function truncate(text: string): string {
  return text.length > 200 ? text.slice(0, 200) + '…' : text
}
