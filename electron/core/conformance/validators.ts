import { JsonPathError, selectToken } from './json-path'
import { checkProperty, describe } from './json-property-checks'
import { BUILT_IN_SCHEMAS, validateJsonSchema } from './json-schema'
import type { RequestDef, ValidatorDef } from './model'
import { header, type ResponseData, type ValidationContext } from './response'

// Evaluates the validators of one request. Every validator runs (no short-circuit) and each failure becomes one
// message, so a support engineer sees everything that was wrong with the response at once.

export function validateResponse(request: RequestDef, response: ResponseData, context: ValidationContext, nowMs: number): string[] {
  // without an HTTP response every validator would fail for the same reason: say it once
  if (response.status === 0) return [statusText(response)]
  const errors = [...checkContentLength(response)]
  if (request.validators === null) {
    // no <Validators> element: the reference installs a single "status must be 200" check
    errors.push(...runValidator({ kind: 'ResponseCode', expectedCode: 200 }, response, context, nowMs))
    return errors
  }
  for (const validator of request.validators) errors.push(...runValidator(validator, response, context, nowMs))
  return errors
}

export function runValidator(validator: ValidatorDef, response: ResponseData, context: ValidationContext, nowMs: number): string[] {
  switch (validator.kind) {
    case 'And':
      return validator.children.flatMap((child) => runValidator(child, response, context, nowMs))
    case 'Or':
      return checkOr(validator.children, response, context, nowMs)
    case 'ResponseCode':
      return validator.expectedCode === response.status ? [] : [`expected HTTP ${validator.expectedCode}, got ${statusText(response)}`]
    case 'ResponseHeader':
      return checkHeader(validator, response, context)
    case 'LockMismatch':
      return [
        ...runValidator({ kind: 'ResponseCode', expectedCode: 409 }, response, context, nowMs),
        ...checkHeader(
          {
            kind: 'ResponseHeader',
            header: 'X-WOPI-Lock',
            expectedValue: validator.expectedLock,
            expectedStateKey: null,
            comparator: '=',
            isRequired: validator.expectedLock !== '',
            shouldMatch: true,
          },
          response,
          context,
        ),
      ]
    case 'JsonResponseContent':
      return checkJsonContent(validator, response, context, nowMs)
    case 'JsonSchema':
      return checkJsonSchema(validator.schema, response)
    case 'ResponseContent':
      return checkBody(validator, response, context)
    case 'Frames':
      return ['FramesValidator (incremental file transfer) is not implemented by this runner']
  }
}

function checkOr(children: ValidatorDef[], response: ResponseData, context: ValidationContext, nowMs: number): string[] {
  const results = children.map((child) => runValidator(child, response, context, nowMs))
  if (results.some((errors) => errors.length === 0)) return []
  const codes = children.flatMap((child) => (child.kind === 'ResponseCode' ? [child.expectedCode] : []))
  if (codes.length === children.length) return [`expected HTTP ${codes.join(' or ')}, got ${statusText(response)}`]
  return [`none of the accepted alternatives held: ${results.map((errors, index) => `(${index + 1}) ${errors.join('; ')}`).join(' — or ')}`]
}

type HeaderCheck = Extract<ValidatorDef, { kind: 'ResponseHeader' }>

function checkHeader(check: HeaderCheck, response: ResponseData, context: ValidationContext): string[] {
  const value = header(response, check.header)
  if (value === undefined) return check.isRequired ? [`response header ${check.header} is missing`] : []
  const saved = check.expectedStateKey !== null ? context.state.get(check.expectedStateKey) : undefined
  const expected = saved ? saved : check.expectedValue
  const from = saved ? ` (saved as ${check.expectedStateKey})` : ''
  if (check.comparator !== '=') {
    const actualNumber = parseDotNetInt(value)
    const expectedNumber = expected === null ? null : parseDotNetInt(expected)
    if (actualNumber === null) return [`response header ${check.header} is ${JSON.stringify(value)}, which is not an integer`]
    if (expectedNumber === null)
      return [`cannot compare header ${check.header}: expected value ${JSON.stringify(expected)} is not an integer`]
    const holds =
      check.comparator === '<'
        ? actualNumber < expectedNumber
        : check.comparator === '<='
          ? actualNumber <= expectedNumber
          : check.comparator === '>'
            ? actualNumber > expectedNumber
            : actualNumber >= expectedNumber
    return holds ? [] : [`response header ${check.header} is ${actualNumber}, expected ${check.comparator} ${expectedNumber}${from}`]
  }
  if (expected === null) return []
  if (!check.shouldMatch && value === '' && expected === '') return [`response header ${check.header} must not be empty`]
  // header values are compared ignoring case, as the reference does
  const matches = value.toLowerCase() === expected.toLowerCase()
  if (check.shouldMatch && !matches)
    return [`response header ${check.header} is ${JSON.stringify(value)}, expected ${JSON.stringify(expected)}${from}`]
  if (!check.shouldMatch && matches)
    return [`response header ${check.header} is ${JSON.stringify(value)}, which must differ from ${JSON.stringify(expected)}${from}`]
  return []
}

function checkJsonContent(
  validator: Extract<ValidatorDef, { kind: 'JsonResponseContent' }>,
  response: ResponseData,
  context: ValidationContext,
  nowMs: number,
): string[] {
  if (response.text === null || response.text === '') {
    return validator.shouldExist
      ? [`expected a JSON body, got ${response.text === null ? 'a non-text response' : 'an empty body'} (${statusText(response)})`]
      : []
  }
  if (!validator.shouldExist) return ['expected no response body, got one']
  const parsed = parseJsonObject(response)
  if (typeof parsed === 'string') return [parsed]
  const errors: string[] = []
  for (const property of validator.properties) {
    let token: unknown
    try {
      token = selectToken(parsed, property.name)
    } catch (error) {
      if (!(error instanceof JsonPathError)) throw error
      errors.push(`JSON property ${property.name}: ${error.message}`)
      continue
    }
    const problem = checkProperty(property, token, context.state, nowMs)
    if (problem !== null) errors.push(`JSON property ${property.name}: ${problem}`)
  }
  return errors
}

function checkJsonSchema(schemaName: string, response: ResponseData): string[] {
  const schema = BUILT_IN_SCHEMAS[schemaName]
  if (!schema) return [`JSON schema ${schemaName} is not available in this runner`]
  if (response.text === null || response.text === '')
    return [
      `${schemaName}: expected a JSON body, got ${response.text === null ? 'a non-text response' : 'an empty body'} (${statusText(response)})`,
    ]
  let value: unknown
  try {
    value = JSON.parse(response.text)
  } catch {
    return [
      `${schemaName}: the response body is not JSON (${statusText(response)}, starts with ${JSON.stringify(response.text.slice(0, 40))})`,
    ]
  }
  return validateJsonSchema(schema, value).map((error) => `${schemaName}: ${error}`)
}

function checkBody(
  validator: Extract<ValidatorDef, { kind: 'ResponseContent' }>,
  response: ResponseData,
  context: ValidationContext,
): string[] {
  const expected =
    validator.expectedBodyContent !== null
      ? Buffer.from(validator.expectedBodyContent, 'utf8')
      : context.resourceContent(validator.expectedResourceId ?? '')
  const actual = response.body
  const label = validator.expectedBodyContent !== null ? 'the expected body text' : `resource ${validator.expectedResourceId}`
  if (expected.length !== actual.length) {
    return [`the body should be the ${expected.length} bytes of ${label}, got ${actual.length} bytes`]
  }
  const offset = expected.findIndex((byte, index) => byte !== actual[index])
  return offset === -1 ? [] : [`the body differs from ${label} at byte ${offset}`]
}

/** The validator always checks the body length against Content-Length (its ContentLengthValidator). */
function checkContentLength(response: ResponseData): string[] {
  const declared = header(response, 'Content-Length')
  if (declared === undefined || response.status === 0 || header(response, 'Content-Encoding')) return []
  return Number(declared) === response.body.length ? [] : [`Content-Length says ${declared} bytes but the body has ${response.body.length}`]
}

export function parseJsonObject(response: ResponseData): Record<string, unknown> | string {
  let value: unknown
  try {
    value = JSON.parse(response.text ?? '')
  } catch {
    return `the response body is not JSON (${statusText(response)}, starts with ${JSON.stringify((response.text ?? '').slice(0, 40))})`
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return `the response body is ${describe(value)}, expected a JSON object`
  return value as Record<string, unknown>
}

export function statusText(response: ResponseData): string {
  return response.status === 0 ? `no HTTP response${response.error ? ` (${response.error})` : ''}` : `HTTP ${response.status}`
}

/** int.TryParse with the invariant culture: optional sign and surrounding whitespace. */
function parseDotNetInt(text: string): number | null {
  if (!/^\s*[+-]?\d+\s*$/.test(text)) return null
  const value = Number(text.trim())
  return value >= -(2 ** 31) && value < 2 ** 31 ? value : null
}
