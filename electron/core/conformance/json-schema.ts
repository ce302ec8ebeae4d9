import cspp from './schemas/CsppCheckFileInfoSchema.json'
import csppPlus from './schemas/CsppPlusCheckFileInfoSchema.json'
import coauthTable from './schemas/CoauthTableSchema.json'

// The draft-04 subset that the validator's bundled schemas use (type, enum, oneOf/anyOf/allOf, not, properties,
// required, additionalProperties, items, minItems, min/maxLength, minimum, format uri/date-time). Enough to give
// the same verdict as NJsonSchema on these schemas without adding a dependency.

export type JsonSchema = {
  type?: string | string[]
  enum?: unknown[]
  oneOf?: JsonSchema[]
  anyOf?: JsonSchema[]
  allOf?: JsonSchema[]
  not?: JsonSchema
  properties?: Record<string, JsonSchema>
  required?: string[]
  additionalProperties?: boolean | JsonSchema
  items?: JsonSchema
  minItems?: number
  maxItems?: number
  minLength?: number
  maxLength?: number
  minimum?: number
  maximum?: number
  format?: string
  [keyword: string]: unknown
}

export const BUILT_IN_SCHEMAS: Readonly<Record<string, JsonSchema>> = {
  CsppCheckFileInfoSchema: cspp as JsonSchema,
  CsppPlusCheckFileInfoSchema: csppPlus as JsonSchema,
  CoauthTableSchema: coauthTable as JsonSchema,
}

/** Returns one message per violation, each starting with the JSON pointer of the offending value; [] = valid. */
export function validateJsonSchema(schema: JsonSchema, value: unknown, pointer = '#'): string[] {
  const errors: string[] = []
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type]
    if (!types.some((type) => hasType(value, type))) {
      // a wrong type makes the other keywords meaningless; stop here like NJsonSchema's type check
      return [`${pointer}: expected ${types.join(' or ')}, got ${describe(value)}`]
    }
  }
  if (schema.enum !== undefined && !schema.enum.some((option) => deepEqual(option, value))) {
    errors.push(`${pointer}: ${describe(value)} is not one of ${schema.enum.map((option) => JSON.stringify(option)).join(', ')}`)
  }
  if (schema.not !== undefined && validateJsonSchema(schema.not, value, pointer).length === 0) {
    errors.push(pointer === '#' ? '#: value is not allowed here' : `${pointer}: must not be present in this schema`)
  }
  if (schema.allOf) for (const part of schema.allOf) errors.push(...validateJsonSchema(part, value, pointer))
  if (schema.anyOf && !schema.anyOf.some((part) => validateJsonSchema(part, value, pointer).length === 0)) {
    errors.push(`${pointer}: ${describe(value)} matches none of the allowed forms`)
  }
  if (schema.oneOf) {
    const matching = schema.oneOf.filter((part) => validateJsonSchema(part, value, pointer).length === 0).length
    if (matching !== 1) {
      errors.push(
        matching === 0
          ? `${pointer}: ${describe(value)} matches none of the allowed forms (${schema.oneOf.map(describeSchema).join(' | ')})`
          : `${pointer}: ${describe(value)} matches ${matching} of the allowed forms, exactly one is required`,
      )
    }
  }
  if (typeof value === 'string') {
    if (schema.minLength !== undefined && value.length < schema.minLength)
      errors.push(`${pointer}: shorter than ${schema.minLength} characters`)
    if (schema.maxLength !== undefined && value.length > schema.maxLength)
      errors.push(`${pointer}: longer than ${schema.maxLength} characters`)
    if (schema.format === 'uri' && !isAbsoluteUri(value)) errors.push(`${pointer}: "${value}" is not an absolute URI`)
    if (schema.format === 'date-time' && Number.isNaN(Date.parse(value))) errors.push(`${pointer}: "${value}" is not a date-time`)
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) errors.push(`${pointer}: ${value} is less than ${schema.minimum}`)
    if (schema.maximum !== undefined && value > schema.maximum) errors.push(`${pointer}: ${value} is greater than ${schema.maximum}`)
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) errors.push(`${pointer}: fewer than ${schema.minItems} items`)
    if (schema.maxItems !== undefined && value.length > schema.maxItems) errors.push(`${pointer}: more than ${schema.maxItems} items`)
    if (schema.items) value.forEach((item, index) => errors.push(...validateJsonSchema(schema.items!, item, `${pointer}/${index}`)))
  }
  if (isObject(value)) {
    for (const name of schema.required ?? []) {
      if (!Object.hasOwn(value, name)) errors.push(`${pointer}/${name}: required property is missing`)
    }
    const properties = schema.properties ?? {}
    for (const [name, propertyValue] of Object.entries(value)) {
      const propertySchema = properties[name]
      if (propertySchema) errors.push(...validateJsonSchema(propertySchema, propertyValue, `${pointer}/${name}`))
      else if (schema.additionalProperties === false) errors.push(`${pointer}/${name}: property is not allowed`)
      else if (isObject(schema.additionalProperties)) {
        errors.push(...validateJsonSchema(schema.additionalProperties as JsonSchema, propertyValue, `${pointer}/${name}`))
      }
    }
  }
  return errors
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case 'null':
      return value === null
    case 'boolean':
      return typeof value === 'boolean'
    case 'string':
      return typeof value === 'string'
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value)
    case 'number':
      return typeof value === 'number'
    case 'array':
      return Array.isArray(value)
    case 'object':
      return isObject(value)
    default:
      return true
  }
}

/** .NET's Uri.TryCreate(value, UriKind.Absolute), which NJsonSchema's "uri" format uses, needs a scheme. */
function isAbsoluteUri(value: string): boolean {
  try {
    new URL(value)
    return /^[a-z][a-z0-9+.-]*:/i.test(value)
  } catch {
    return false
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function describe(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'object') return 'an object'
  if (typeof value === 'string') return `string ${JSON.stringify(value.length > 80 ? value.slice(0, 80) + '…' : value)}`
  if (typeof value === 'number' && !Number.isInteger(value)) return `number ${value}`
  if (typeof value === 'number') return `integer ${value}`
  return `${typeof value} ${String(value)}`
}

function describeSchema(schema: JsonSchema): string {
  const type = Array.isArray(schema.type) ? schema.type.join('/') : (schema.type ?? 'any')
  if (schema.format) return `${type} (${schema.format})`
  if (schema.maxLength === 0) return 'empty string'
  if (schema.enum) return `${type} in ${JSON.stringify(schema.enum)}`
  return type
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Array.isArray(a) !== Array.isArray(b)) return false
  const keysA = Object.keys(a)
  const keysB = Object.keys(b)
  if (keysA.length !== keysB.length) return false
  return keysA.every((key) => deepEqual((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]))
}
