import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { VALIDATOR_FIXTURE_DIR } from '../../../fixtures'
import { JsonPathError, selectToken } from './json-path'
import { BUILT_IN_SCHEMAS, validateJsonSchema } from './json-schema'
import { parseRelaxedJson } from './relaxed-json'

describe('selectToken (the JSON paths of TestCases.xml)', () => {
  const body = {
    AncestorsWithRootFirst: [
      { Name: 'root', Url: 'http://h/wopi/containers/r' },
      { Name: 'docs', Url: 'http://h/wopi/containers/d' },
    ],
    ContainerPointer: { Name: 'c', Url: 'http://h/c' },
    Empty: [],
  }

  it('reads dotted names, indexes and the [-1:] slice', () => {
    expect(selectToken(body, 'ContainerPointer.Url')).toBe('http://h/c')
    expect(selectToken(body, 'AncestorsWithRootFirst[0].Name')).toBe('root')
    expect(selectToken(body, 'AncestorsWithRootFirst[-1:].Url')).toBe('http://h/wopi/containers/d')
  })

  it('yields undefined for missing steps and out-of-range indexes', () => {
    expect(selectToken(body, 'Missing.Url')).toBeUndefined()
    expect(selectToken(body, 'AncestorsWithRootFirst[5].Name')).toBeUndefined()
    expect(selectToken(body, 'Empty[-1:].Url')).toBeUndefined()
  })

  it('refuses a path that matches several values, like SelectToken', () => {
    expect(() => selectToken(body, 'AncestorsWithRootFirst[0:].Url')).toThrow(JsonPathError)
  })
})

describe('validateJsonSchema with the bundled schemas', () => {
  const cspp = BUILT_IN_SCHEMAS['CsppCheckFileInfoSchema']!
  const minimal = { BaseFileName: 'test.wopitest', OwnerId: 'o', Size: 12, UserId: 'u', Version: '1' }

  it('bundles unchanged copies of the reference schemas', () => {
    for (const name of Object.keys(BUILT_IN_SCHEMAS)) {
      const text = readFileSync(new URL(`JsonSchemas/${name}.json`, VALIDATOR_FIXTURE_DIR), 'utf8')
      expect(BUILT_IN_SCHEMAS[name]).toEqual(JSON.parse(text.replace(/^\uFEFF/, '')))
    }
  })

  it('accepts a minimal CheckFileInfo with extra properties and empty/absolute URLs', () => {
    expect(
      validateJsonSchema(cspp, {
        ...minimal,
        Custom: 1,
        CloseUrl: '',
        HostViewUrl: 'https://h/view',
        LastModifiedTime: '2009-06-15T13:45:30.0000000Z',
      }),
    ).toEqual([])
  })

  it('names each violation by JSON pointer', () => {
    expect(validateJsonSchema(cspp, { ...minimal, Size: '12' })).toEqual(['#/Size: expected integer, got string "12"'])
    expect(validateJsonSchema(cspp, { ...minimal, Size: 1.5 })).toEqual(['#/Size: expected integer, got number 1.5'])
    expect(validateJsonSchema(cspp, { OwnerId: 'o', Size: 1, UserId: 'u', Version: '1' })).toEqual([
      '#/BaseFileName: required property is missing',
    ])
    expect(validateJsonSchema(cspp, { ...minimal, SupportsLocks: 'true' })).toEqual([
      '#/SupportsLocks: expected boolean, got string "true"',
    ])
    expect(validateJsonSchema(cspp, { ...minimal, Version: 3 })).toEqual(['#/Version: expected string, got integer 3'])
  })

  it('rejects relative URLs and properties reserved for CSPP Plus', () => {
    expect(validateJsonSchema(cspp, { ...minimal, CloseUrl: '/closed' })[0]).toMatch(
      /^#\/CloseUrl: string "\/closed" matches none of the allowed forms/,
    )
    expect(validateJsonSchema(cspp, { ...minimal, SupportsCoauth: false })).toEqual([
      '#/SupportsCoauth: must not be present in this schema',
    ])
  })

  it('checks enums, arrays and additionalProperties: false', () => {
    const coauth = BUILT_IN_SCHEMAS['CoauthTableSchema']!
    expect(validateJsonSchema(coauth, { CoauthTable: [] })).toEqual([])
    expect(validateJsonSchema(coauth, { CoauthTable: [{ CoauthLockId: 'a' }], Extra: 1 })).toEqual([
      '#/CoauthTable/0/CoauthLockMetadata: required property is missing',
      '#/CoauthTable/0/CoauthLockType: required property is missing',
      '#/CoauthTable/0/UserFriendlyName: required property is missing',
      '#/CoauthTable/0/CoauthLockTime: required property is missing',
      '#/Extra: property is not allowed',
    ])
    expect(validateJsonSchema(cspp, { ...minimal, ClientThrottlingProtection: 'Mostly' })[0]).toMatch(/ClientThrottlingProtection/)
  })
})

describe('parseRelaxedJson (Json.NET leniency)', () => {
  it('reads unquoted names and single-quoted strings', () => {
    expect(parseRelaxedJson("[{CoauthLockId:'Client1', CoauthLockTime:'*', n: -1.5, ok: true, none: null}]")).toEqual([
      { CoauthLockId: 'Client1', CoauthLockTime: '*', n: -1.5, ok: true, none: null },
    ])
    expect(parseRelaxedJson('{"a": "x\\"y"}')).toEqual({ a: 'x"y' })
  })

  it('rejects broken input', () => {
    expect(() => parseRelaxedJson("[{a:'x'")).toThrow(SyntaxError)
    expect(() => parseRelaxedJson('{a:1} tail')).toThrow(/trailing/)
  })
})
