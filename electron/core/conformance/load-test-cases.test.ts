import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { TEST_CASES_PATH, VALIDATOR_FIXTURE_DIR } from '../../../fixtures'
import { loadTestCases, TestCasesError } from './load-test-cases'

const suite = loadTestCases(readFileSync(TEST_CASES_PATH, 'utf8'))
const allCases = suite.groups.flatMap((group) => group.cases)
const byName = (name: string) => {
  const found = [...allCases, ...suite.prereqCases].find((testCase) => testCase.name === name)
  if (!found) throw new Error(`no case ${name}`)
  return found
}

describe('loadTestCases on TestCases.xml', () => {
  it('finds 27 prerequisite cases, 33 groups and 224 cases', () => {
    expect(suite.prereqCases).toHaveLength(27)
    expect(suite.groups).toHaveLength(33)
    expect(allCases).toHaveLength(224)
  })

  it('reads the category of every case: WopiCore 121, WopiCoauth 92, OfficeOnline 9, OfficeNativeClient 2', () => {
    const counts: Record<string, number> = {}
    for (const testCase of allCases) counts[testCase.category] = (counts[testCase.category] ?? 0) + 1
    expect(counts).toEqual({ WopiCore: 121, WopiCoauth: 92, OfficeOnline: 9, OfficeNativeClient: 2 })
  })

  it('keeps the order of mixed request elements', () => {
    expect(byName('SuccessfulLockSequence').requests.map((request) => request.kind)).toEqual([
      'Lock',
      'RefreshLock',
      'UnlockAndRelock',
      'Unlock',
    ])
    expect(byName('BasicEdit').requests.map((request) => request.kind)).toEqual([
      'CheckFileInfo',
      'Lock',
      'GetFile',
      'PutFile',
      'Unlock',
      'GetFile',
    ])
    expect(byName('BasicEdit').cleanupRequests.map((request) => request.kind)).toEqual(['Unlock'])
  })

  it('reads group prerequisites, HasDelay and resources', () => {
    const locks = suite.groups.find((group) => group.name === 'Locks')!
    expect(locks.prereqs).toEqual(['WopiValidatorPrereq', 'FileEditingPrereq', 'LocksPrereq'])
    expect(suite.groups.filter((group) => group.hasDelay).map((group) => group.name)).toEqual(['CoauthLockExpiration'])
    expect(suite.resources.find((resource) => resource.id === 'WordSimpleDocument')).toEqual({
      id: 'WordSimpleDocument',
      name: 'WordSimpleDocument.docx',
      filePath: 'Resources\\WordSimpleDocument.docx',
    })
  })

  it('decodes entity-escaped attribute values verbatim (Office JSON lock ids)', () => {
    const lock = byName('LockFormatValidation').requests[0]!.lock
    expect(lock).toBe('{"S":"0136ad16-9725-43c3-9ea0-5e01d2dbc162","E":2,"M":"DE997C5AC4E6","P":"6058AF1E-A36F-4691-9003-B8E2C7F50937"}')
    expect(byName('files.ExtendedLockLengthValidation').requests[1]!.lock).toHaveLength(1024)
  })

  it('reads validators with the reference defaults', () => {
    const getLock = byName('files.GetLockOnUnlockedFile').requests[2]!
    expect(getLock.validators).toEqual([
      {
        kind: 'ResponseHeader',
        header: 'X-WOPI-Lock',
        expectedValue: '',
        expectedStateKey: null,
        comparator: '=',
        isRequired: false,
        shouldMatch: true,
      },
    ])
    const prereq = byName('WopiValidatorPrereq').requests[0]!
    expect(prereq.validators?.[0]).toEqual({
      kind: 'Or',
      children: [
        { kind: 'JsonSchema', schema: 'CsppCheckFileInfoSchema' },
        { kind: 'JsonSchema', schema: 'CsppPlusCheckFileInfoSchema' },
      ],
    })
    expect(byName('GetUnlockedFile').requests[0]!.validators).toBeNull()
  })

  it('reads SaveState, mutators, PutRelativeFile modes and request bodies', () => {
    const putFile = byName('files.PutFileReturnsDifferentVersion').requests[2]!
    expect(putFile.state).toEqual([{ name: 'SecondVersion', source: 'X-WOPI-ItemVersion', sourceType: 'Header' }])
    expect(byName('ProofKeys.CurrentInvalid.OldValidSignedWithCurrentKey').requests[0]!.mutators).toEqual([
      { kind: 'ProofKey', mutateCurrent: false, mutateOld: false, timestamp: null, keyRelation: 'Ahead' },
    ])
    expect(byName('CheckFileWithInvalidAccessToken').requests[0]!.mutators).toEqual([{ kind: 'AccessToken', mutation: 'INVALID' }])
    const relative = byName('PutRelativeFile.RelativeNameOverwriteTrueNoEffect').requests[1]!
    expect([relative.putRelativeFileMode, relative.requestedName, relative.overwriteRelative]).toEqual([
      'ExactName',
      'madeupname.wopitestx',
      true,
    ])
    expect(byName('PutUserInfoSucceeds').requests[0]!.requestBody).toBe('PutUserInfoTest')
    expect(JSON.parse(byName('files.AddActivitiesSingleMinimalComment').requests[0]!.requestBody!).Activities[0].Id).toBe(
      '00000014-0000-0000-0000-000000000000',
    )
  })

  it('condenses descriptions like the reference', () => {
    expect(byName('UnlockUnlockedFile').description).toBe(
      'Responses to Unlock requests on an unlocked file should include the X-WOPI-Lock header set to the empty string.',
    )
  })
})

describe('loadTestCases on FeatureTestCases.xml', () => {
  it('treats <CheckFile> as CheckFileInfo', () => {
    const features = loadTestCases(readFileSync(new URL('FeatureTestCases.xml', VALIDATOR_FIXTURE_DIR), 'utf8'))
    const cases = features.groups.flatMap((group) => group.cases)
    expect(cases).toHaveLength(8)
    expect(cases[0]!.requests[0]).toMatchObject({ kind: 'CheckFileInfo', element: 'CheckFile' })
    expect(cases[0]!.failMessage).toBe('File sharing not available.')
  })
})

describe('loadTestCases rejects what the validator rejects, naming the place', () => {
  const wrap = (requests: string, extra = '') =>
    `<WopiValidation><Resources><File Id="R" Name="r.docx" FilePath="x"/></Resources>${extra}
      <TestGroup Name="G"><TestCases><TestCase Name="C" Category="WopiCore"><Description>d</Description>
      <Requests>${requests}</Requests></TestCase></TestCases></TestGroup></WopiValidation>`

  it.each([
    ['not XML', '<WopiValidation><Resources>', /not valid XML/],
    ['wrong root', '<Other/>', /root element is <Other>/],
    ['unknown request', wrap('<Frobnicate/>'), /Test case "C", request 1: unknown request <Frobnicate>/],
    ['unknown validator', wrap('<CheckFileInfo><Validators><Magic/></Validators></CheckFileInfo>'), /unknown validator <Magic>/],
    [
      'bad boolean',
      wrap(
        '<CheckFileInfo><Validators><JsonResponseContentValidator><BooleanProperty Name="A" IsRequired="yes"/></JsonResponseContentValidator></Validators></CheckFileInfo>',
      ),
      /"yes" is not a boolean/,
    ],
    [
      'unknown schema',
      wrap('<CheckFileInfo><Validators><JsonSchemaValidator Schema="Nope"/></Validators></CheckFileInfo>'),
      /schema "Nope" is unknown/,
    ],
    ['unknown resource', wrap('<PutFile ResourceId="Missing"/>'), /ResourceId "Missing" is not listed/],
    [
      'PutRelativeFile without a name',
      wrap('<PutRelativeFile ResourceId="R" PutRelativeFileMode="Suggested"/>'),
      /Name attribute is required/,
    ],
    ['bad mode', wrap('<PutRelativeFile Name="a" ResourceId="R" PutRelativeFileMode="Sideways"/>'), /PutRelativeFileMode "Sideways"/],
  ])('%s', (_label, xml, message) => {
    expect(() => loadTestCases(xml)).toThrow(TestCasesError)
    expect(() => loadTestCases(xml)).toThrow(message)
  })

  it('rejects a group that needs an undefined prerequisite', () => {
    const xml = `<WopiValidation><Resources/><TestGroup Name="G"><PrereqTests><PrereqTest>Ghost</PrereqTest></PrereqTests>
      <TestCases><TestCase Name="C" Category="WopiCore"><Description/><Requests><CheckFileInfo/></Requests></TestCase></TestCases></TestGroup></WopiValidation>`
    expect(() => loadTestCases(xml)).toThrow(/needs prerequisite "Ghost"/)
  })

  it('rejects a case without a valid category', () => {
    const xml = `<WopiValidation><Resources/><TestGroup Name="G"><TestCases><TestCase Name="C" Category="Fancy"><Description/><Requests><CheckFileInfo/></Requests></TestCase></TestCases></TestGroup></WopiValidation>`
    expect(() => loadTestCases(xml)).toThrow(/Category "Fancy" of test case "C"/)
  })
})
