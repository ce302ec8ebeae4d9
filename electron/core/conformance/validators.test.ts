import { describe, expect, it } from 'vitest'
import type { PropertyCheckDef, PropertyKind, RequestDef, ValidatorDef } from './model'
import type { ResponseData, ValidationContext } from './response'
import { runValidator, validateResponse } from './validators'

const NOW = Date.UTC(2026, 0, 1)

function response(status: number, body: unknown = '', headers: Record<string, string> = {}, text = true): ResponseData {
  const raw = typeof body === 'string' ? body : JSON.stringify(body)
  return {
    status,
    headers: new Map(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value])),
    body: Buffer.from(raw, 'utf8'),
    text: text ? raw : null,
    error: null,
  }
}

function context(state: Record<string, string | null> = {}): ValidationContext {
  return {
    state: new Map(Object.entries(state)),
    resourceContent: (id) => Buffer.from(id === 'R' ? 'RResources\\r.docxr.docx' : '', 'utf8'),
  }
}

const run = (validator: ValidatorDef, data: ResponseData, state: Record<string, string | null> = {}) =>
  runValidator(validator, data, context(state), NOW)

function property(kind: PropertyKind, name: string, extra: Partial<PropertyCheckDef> = {}): ValidatorDef {
  return {
    kind: 'JsonResponseContent',
    shouldExist: true,
    properties: [
      {
        kind,
        name,
        isRequired: false,
        expectedValue: null,
        expectedStateKey: null,
        endsWith: null,
        containsValue: null,
        shouldMatch: true,
        mustIncludeAccessToken: false,
        ignoreCase: false,
        ...extra,
      },
    ],
  }
}

describe('ResponseCodeValidator and Or', () => {
  it('passes on the expected status and names both statuses otherwise', () => {
    expect(run({ kind: 'ResponseCode', expectedCode: 409 }, response(409))).toEqual([])
    expect(run({ kind: 'ResponseCode', expectedCode: 409 }, response(200))).toEqual(['expected HTTP 409, got HTTP 200'])
  })

  it('Or passes when one alternative holds and lists the accepted codes otherwise', () => {
    const either: ValidatorDef = {
      kind: 'Or',
      children: [
        { kind: 'ResponseCode', expectedCode: 401 },
        { kind: 'ResponseCode', expectedCode: 404 },
      ],
    }
    expect(run(either, response(404))).toEqual([])
    expect(run(either, response(200))).toEqual(['expected HTTP 401 or 404, got HTTP 200'])
  })

  it('And reports every failing child', () => {
    const both: ValidatorDef = {
      kind: 'And',
      children: [{ kind: 'ResponseCode', expectedCode: 200 }, property('StringProperty', 'Name', { isRequired: true })],
    }
    expect(run(both, response(200, { Name: 'x' }))).toEqual([])
    expect(run(both, response(500, {}))).toEqual(['expected HTTP 200, got HTTP 500', 'JSON property Name: required but not provided'])
  })
})

describe('ResponseHeaderValidator', () => {
  const headerCheck = (extra: Partial<Extract<ValidatorDef, { kind: 'ResponseHeader' }>>): ValidatorDef => ({
    kind: 'ResponseHeader',
    header: 'X-WOPI-ItemVersion',
    expectedValue: null,
    expectedStateKey: null,
    comparator: '=',
    isRequired: false,
    shouldMatch: true,
    ...extra,
  })

  it('an optional header without expected value only checks nothing, a required one must be present', () => {
    expect(run(headerCheck({}), response(200))).toEqual([])
    expect(run(headerCheck({ isRequired: true }), response(200))).toEqual(['response header X-WOPI-ItemVersion is missing'])
    expect(run(headerCheck({ isRequired: true }), response(200, '', { 'x-wopi-itemversion': '7' }))).toEqual([])
  })

  it('compares ignoring case, against ExpectedValue or the saved state', () => {
    expect(run(headerCheck({ expectedValue: 'abc' }), response(200, '', { 'X-WOPI-ItemVersion': 'ABC' }))).toEqual([])
    expect(run(headerCheck({ expectedValue: 'abc' }), response(200, '', { 'X-WOPI-ItemVersion': 'v2' }))).toEqual([
      'response header X-WOPI-ItemVersion is "v2", expected "abc"',
    ])
    expect(
      run(headerCheck({ expectedStateKey: 'OriginalVersion' }), response(200, '', { 'X-WOPI-ItemVersion': 'v2' }), {
        OriginalVersion: 'v1',
      }),
    ).toEqual(['response header X-WOPI-ItemVersion is "v2", expected "v1" (saved as OriginalVersion)'])
  })

  it('ShouldMatch="false" requires a different, non-empty value', () => {
    const differ = headerCheck({ expectedStateKey: 'OriginalVersion', shouldMatch: false })
    expect(run(differ, response(200, '', { 'X-WOPI-ItemVersion': 'v2' }), { OriginalVersion: 'v1' })).toEqual([])
    expect(run(differ, response(200, '', { 'X-WOPI-ItemVersion': 'v1' }), { OriginalVersion: 'v1' })).toEqual([
      'response header X-WOPI-ItemVersion is "v1", which must differ from "v1" (saved as OriginalVersion)',
    ])
    expect(run(headerCheck({ expectedValue: '', shouldMatch: false }), response(200, '', { 'X-WOPI-ItemVersion': '' }))).toEqual([
      'response header X-WOPI-ItemVersion must not be empty',
    ])
  })

  it('supports numeric comparators', () => {
    expect(run(headerCheck({ comparator: '>', expectedValue: '3' }), response(200, '', { 'X-WOPI-ItemVersion': '4' }))).toEqual([])
    expect(run(headerCheck({ comparator: '<=', expectedValue: '3' }), response(200, '', { 'X-WOPI-ItemVersion': '4' }))).toEqual([
      'response header X-WOPI-ItemVersion is 4, expected <= 3',
    ])
  })
})

describe('LockMismatchValidator', () => {
  it('needs 409 and the current lock in X-WOPI-Lock', () => {
    const mismatch: ValidatorDef = { kind: 'LockMismatch', expectedLock: 'LockString' }
    expect(run(mismatch, response(409, '', { 'X-WOPI-Lock': 'LockString' }))).toEqual([])
    expect(run(mismatch, response(200))).toEqual(['expected HTTP 409, got HTTP 200', 'response header X-WOPI-Lock is missing'])
    expect(run(mismatch, response(409, '', { 'X-WOPI-Lock': 'Other' }))).toEqual([
      'response header X-WOPI-Lock is "Other", expected "LockString"',
    ])
  })

  it('with an empty expected lock accepts an absent or empty header but not another lock', () => {
    const unlocked: ValidatorDef = { kind: 'LockMismatch', expectedLock: '' }
    expect(run(unlocked, response(409))).toEqual([])
    expect(run(unlocked, response(409, '', { 'X-WOPI-Lock': '' }))).toEqual([])
    expect(run(unlocked, response(409, '', { 'X-WOPI-Lock': 'stale' }))).toEqual(['response header X-WOPI-Lock is "stale", expected ""'])
  })
})

describe('JsonResponseContentValidator property checks', () => {
  it('rejects a body that is not a JSON object', () => {
    expect(run(property('StringProperty', 'A'), response(200, 'hello'))).toEqual([
      'the response body is not JSON (HTTP 200, starts with "hello")',
    ])
    expect(run(property('StringProperty', 'A'), response(200, '[1]'))).toEqual([
      'the response body is an array [1], expected a JSON object',
    ])
    expect(run(property('StringProperty', 'A'), response(200, ''))).toEqual(['expected a JSON body, got an empty body (HTTP 200)'])
  })

  it('BooleanProperty', () => {
    const check = property('BooleanProperty', 'SupportsLocks', { expectedValue: 'true', isRequired: true })
    expect(run(check, response(200, { SupportsLocks: true }))).toEqual([])
    expect(run(check, response(200, { SupportsLocks: false }))).toEqual(['JSON property SupportsLocks: expected true, got boolean false'])
    expect(run(check, response(200, { SupportsLocks: null }))).toEqual(['JSON property SupportsLocks: required but not provided'])
    expect(run(check, response(200, { SupportsLocks: 'yes' }))).toEqual(['JSON property SupportsLocks: expected true, got string "yes"'])
    // optional and absent passes; Json.NET also converts "true" strings
    expect(run(property('BooleanProperty', 'X', { expectedValue: 'false' }), response(200, {}))).toEqual([])
    expect(run(check, response(200, { SupportsLocks: 'true' }))).toEqual([])
  })

  it('IntegerProperty and LongProperty', () => {
    expect(run(property('IntegerProperty', 'Status', { expectedValue: '0' }), response(200, { Status: 0 }))).toEqual([])
    expect(run(property('IntegerProperty', 'Status', { expectedValue: '0' }), response(200, { Status: 3 }))).toEqual([
      'JSON property Status: expected 0, got number 3',
    ])
    expect(run(property('LongProperty', 'Size', { isRequired: true }), response(200, { Size: 123 }))).toEqual([])
    expect(run(property('LongProperty', 'Size', { isRequired: true }), response(200, {}))).toEqual([
      'JSON property Size: required but not provided',
    ])
    expect(run(property('LongProperty', 'Size', { expectedValue: '5' }), response(200, { Size: {} }))).toEqual([])
  })

  it('LongProperty on a Unix-time key checks plausibility', () => {
    expect(run(property('LongProperty', 'ServerTime', { isRequired: true }), response(200, { ServerTime: NOW }))).toEqual([])
    expect(run(property('LongProperty', 'ServerTime', { isRequired: true }), response(200, { ServerTime: 5 }))[0]).toMatch(
      /not a plausible Unix time/,
    )
  })

  it('StringProperty: ExpectedValue, ExpectedStateKey, EndsWith, IgnoreCase', () => {
    expect(run(property('StringProperty', 'Name', { expectedValue: 'a.wopitestx' }), response(200, { Name: 'a.wopitestx' }))).toEqual([])
    expect(run(property('StringProperty', 'Name', { expectedValue: 'a.wopitestx' }), response(200, { Name: 'a+AF8-b' }))).toEqual([
      'JSON property Name: expected "a.wopitestx", got string "a+AF8-b"',
    ])
    expect(run(property('StringProperty', 'Version', { expectedStateKey: 'V' }), response(200, { Version: '2' }), { V: '2' })).toEqual([])
    expect(run(property('StringProperty', 'Version', { expectedStateKey: 'V' }), response(200, { Version: '3' }), { V: '2' })).toEqual([
      'JSON property Version: expected "2" (saved as V), got string "3"',
    ])
    // nothing saved and no ExpectedValue: any value passes, as in the reference
    expect(run(property('StringProperty', 'Version', { expectedStateKey: 'V' }), response(200, { Version: '3' }), { V: null })).toEqual([])
    const endsWith = property('StringProperty', 'BaseFileName', { endsWith: '.wopitest', isRequired: true, ignoreCase: true })
    expect(run(endsWith, response(200, { BaseFileName: 'Test.WOPITEST' }))).toEqual([])
    expect(run(endsWith, response(200, { BaseFileName: 'test.docx' }))).toEqual([
      'JSON property BaseFileName: expected a value ending with ".wopitest" (any case), got "test.docx"',
    ])
  })

  it('StringRegexProperty with ShouldMatch false, and null counted as a failure', () => {
    const check = property('StringRegexProperty', 'BaseFileName', { expectedValue: '^\\..*$', shouldMatch: false })
    expect(run(check, response(200, { BaseFileName: 'a.wopitest' }))).toEqual([])
    expect(run(check, response(200, {}))).toEqual([])
    expect(run(check, response(200, { BaseFileName: '.wopitest' }))).toEqual([
      'JSON property BaseFileName: ".wopitest" matches /^\\..*$/, which it must not',
    ])
    expect(run(check, response(200, { BaseFileName: null }))).toEqual([
      'JSON property BaseFileName: value is null, so it cannot be checked against /^\\..*$/',
    ])
    expect(run(property('StringRegexProperty', 'U', { expectedValue: '^https:' }), response(200, { U: 'http://x' }))).toEqual([
      'JSON property U: "http://x" does not match /^https:/',
    ])
  })

  it('AbsoluteUrlProperty with MustIncludeAccessToken', () => {
    const check = property('AbsoluteUrlProperty', 'Url', { isRequired: true, mustIncludeAccessToken: true })
    expect(run(check, response(200, { Url: 'http://h/wopi/files/2?access_token=abc' }))).toEqual([])
    expect(run(check, response(200, { Url: '/wopi/files/2?access_token=abc' }))).toEqual([
      'JSON property Url: "/wopi/files/2?access_token=abc" is not an absolute URL',
    ])
    expect(run(check, response(200, { Url: 'http://h/wopi/files/2' }))).toEqual([
      'JSON property Url: URL "http://h/wopi/files/2" has no access_token query parameter',
    ])
    expect(run(property('AbsoluteUrlProperty', 'CloseUrl'), response(200, { CloseUrl: '' }))).toEqual([])
  })

  it('ArrayProperty with ContainsValue and ArrayLengthProperty', () => {
    const contains = property('ArrayProperty', 'SupportedShareUrlTypes', { containsValue: 'ReadOnly', isRequired: true })
    expect(run(contains, response(200, { SupportedShareUrlTypes: ['readonly'] }))).toEqual([])
    expect(run(contains, response(200, { SupportedShareUrlTypes: ['ReadWrite'] }))).toEqual([
      'JSON property SupportedShareUrlTypes: expected an array containing "ReadOnly" (any case), got an array ["ReadWrite"]',
    ])
    expect(run(contains, response(200, { SupportedShareUrlTypes: [] }))).toEqual([
      'JSON property SupportedShareUrlTypes: required but not provided',
    ])
    const length = property('ArrayLengthProperty', 'CoauthTable', { expectedValue: '2', isRequired: true })
    expect(run(length, response(200, { CoauthTable: [1, 2] }))).toEqual([])
    expect(run(length, response(200, { CoauthTable: [1] }))).toEqual([
      'JSON property CoauthTable: expected an array of length 2, got length 1',
    ])
  })

  it('ResponseBodyProperty ignores "*" values and the order of coauth locks', () => {
    const check = property('ResponseBodyProperty', 'CoauthTable', {
      isRequired: true,
      expectedValue: "[{CoauthLockId:'B', UserFriendlyName:'*'}, {CoauthLockId:'A', UserFriendlyName:'*'}]",
    })
    expect(
      run(
        check,
        response(200, {
          CoauthTable: [
            { CoauthLockId: 'A', UserFriendlyName: 'Ann' },
            { CoauthLockId: 'B', UserFriendlyName: 'Bo' },
          ],
        }),
      ),
    ).toEqual([])
    expect(run(check, response(200, { CoauthTable: [{ CoauthLockId: 'A', UserFriendlyName: 'Ann' }] }))[0]).toMatch(
      /^JSON property CoauthTable: expected \[/,
    )
  })

  it('reads nested paths such as AncestorsWithRootFirst[-1:].Url', () => {
    const check = property('AbsoluteUrlProperty', 'AncestorsWithRootFirst[-1:].Url', { isRequired: true })
    expect(run(check, response(200, { AncestorsWithRootFirst: [{ Url: 'http://h/a' }, { Url: 'http://h/b' }] }))).toEqual([])
    expect(run(check, response(200, { AncestorsWithRootFirst: [] }))).toEqual([
      'JSON property AncestorsWithRootFirst[-1:].Url: required but not provided',
    ])
  })
})

describe('JsonSchemaValidator, ResponseContentValidator, FramesValidator', () => {
  it('JsonSchemaValidator reports schema violations with the schema name', () => {
    const check: ValidatorDef = { kind: 'JsonSchema', schema: 'CsppCheckFileInfoSchema' }
    expect(run(check, response(200, { BaseFileName: 'a.wopitest', OwnerId: 'o', Size: 1, UserId: 'u', Version: '1' }))).toEqual([])
    expect(run(check, response(200, { BaseFileName: 'a.wopitest', OwnerId: 'o', Size: '1', UserId: 'u', Version: '1' }))).toEqual([
      'CsppCheckFileInfoSchema: #/Size: expected integer, got string "1"',
    ])
  })

  it('ResponseContentValidator compares the body with the resource bytes', () => {
    const check: ValidatorDef = { kind: 'ResponseContent', expectedResourceId: 'R', expectedBodyContent: null }
    expect(run(check, response(200, 'RResources\\r.docxr.docx', {}, false))).toEqual([])
    expect(run(check, response(200, '', {}, false))).toEqual(['the body should be the 23 bytes of resource R, got 0 bytes'])
    expect(run(check, response(200, 'RResources\\r.docxr.docX', {}, false))).toEqual(['the body differs from resource R at byte 22'])
  })

  it('FramesValidator is reported as not implemented, never passed', () => {
    expect(run({ kind: 'Frames', messageJsonPayloadSchema: 'GetChunkedFileResponseSchema' }, response(200))).toEqual([
      'FramesValidator (incremental file transfer) is not implemented by this runner',
    ])
  })
})

describe('validateResponse', () => {
  const request = (validators: ValidatorDef[] | null) => ({ element: 'CheckFileInfo', validators }) as RequestDef

  it('without <Validators> requires HTTP 200', () => {
    expect(validateResponse(request(null), response(200), context(), NOW)).toEqual([])
    expect(validateResponse(request(null), response(404), context(), NOW)).toEqual(['expected HTTP 200, got HTTP 404'])
  })

  it('always checks Content-Length against the body', () => {
    expect(validateResponse(request(null), response(200, 'abc', { 'Content-Length': '5' }), context(), NOW)).toEqual([
      'Content-Length says 5 bytes but the body has 3',
    ])
  })

  it('reports a missing response once, whatever the validators', () => {
    const failed: ResponseData = { ...response(0), error: 'ECONNREFUSED' }
    expect(
      validateResponse(
        request([
          { kind: 'ResponseCode', expectedCode: 500 },
          { kind: 'JsonSchema', schema: 'CsppCheckFileInfoSchema' },
        ]),
        failed,
        context(),
        NOW,
      ),
    ).toEqual(['no HTTP response (ECONNREFUSED)'])
    expect(validateResponse(request(null), failed, context(), NOW)).toEqual(['no HTTP response (ECONNREFUSED)'])
  })
})
