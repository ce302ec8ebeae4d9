import { generateKeyPairSync } from 'node:crypto'
import { createServer } from 'node:net'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { TEST_CASES_PATH } from '../../../fixtures'
import type { ProofKeySet } from '../wopi/proof-keys'
import { loadTestCases } from './load-test-cases'
import { proofKeyAttributes } from './proof-key-discovery'
import { ConformanceOptionsError, runConformance, RUNNER_USER_AGENT } from './run-conformance'
import { casesWithStatus, TOKEN, useRunnerFixture } from './test-support/runner-fixture'

const suite = loadTestCases(readFileSync(TEST_CASES_PATH, 'utf8'))
const { host, run } = useRunnerFixture(suite)

const wopiCoreCount = (groups: string[]) =>
  suite.groups
    .filter((group) => groups.includes(group.name))
    .flatMap((group) => group.cases)
    .filter((testCase) => testCase.category === 'WopiCore').length

describe('runConformance against a correct minimal host', () => {
  const groups = [
    'CheckFileInfoSchema',
    'BaseWopiViewing',
    'Locks',
    'GetLock',
    'ExtendedLockLength',
    'EditFlows',
    'FileVersion',
    'PutUserInfo',
  ]

  it('passes every WopiCore case of the groups it supports', async () => {
    const fake = await host()
    const seen: string[] = []
    const report = await run(fake, {
      accessTokenTtl: 1_900_000_000_000,
      groups,
      onCase: (c) => seen.push(c.name),
    })
    expect(report.cases.filter((c) => c.status !== 'passed')).toEqual([])
    expect(report.passed).toBe(wopiCoreCount(groups))
    // 2 + 2 + 13 + 3 + 1 + 5 + 6 + 1 WopiCore cases in these groups
    expect(report.passed).toBe(33)
    expect(seen).toEqual(report.cases.map((c) => c.name))
    expect(report.category).toBe('WopiCore')
    // the last PutFile of the run (files.PutFileReturnsDifferentVersion) uploads the Id + FilePath + Name text
    expect(fake.file().bytes.toString('utf8')).toBe('WordComplexDocumentResources\\WordComplexDocument.docxWordComplexDocument.docx')
  })

  it('sends what the validator sends: token in query and header, ttl, override, lock headers, user agent, correlation id', async () => {
    const fake = await host()
    await run(fake, {
      accessTokenTtl: 1_900_000_000_000,
      groups: ['Locks', 'EditFlows'],
    })
    const first = fake.requests[0]!
    expect(first.query.get('access_token')).toBe(TOKEN)
    expect(first.query.get('access_token_ttl')).toBe('1900000000000')
    // UrlKeyValueEncode leaves only letters and digits unescaped
    expect(first.path + '?' + first.query.toString()).toContain('access_token=valid-token-1234')
    expect(first.headers['authorization']).toBe(`Bearer ${TOKEN}`)
    expect(first.headers['user-agent']).toBe(RUNNER_USER_AGENT)
    expect(first.headers['x-wopi-correlationid']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    const relock = fake.requests.find((r) => r.headers['x-wopi-oldlock'] !== undefined)!
    expect([relock.headers['x-wopi-override'], relock.headers['x-wopi-lock'], relock.headers['x-wopi-oldlock']]).toEqual([
      'LOCK',
      'NewLockString',
      'LockString',
    ])
    const refresh = fake.requests.find((r) => r.headers['x-wopi-override'] === 'REFRESH_LOCK')!
    expect(refresh.headers['x-wopi-lock']).toBe('LockString')
    // <GetFile Lock="LockString"/> sends no X-WOPI-Lock: the reference reads only NewLock for GetFile
    const getFiles = fake.requests.filter((r) => r.path.endsWith('/contents') && r.method === 'GET')
    expect(getFiles.length).toBeGreaterThan(3)
    expect(getFiles.every((r) => r.headers['x-wopi-lock'] === undefined)).toBe(true)
    const putFile = fake.requests.find((r) => r.headers['x-wopi-override'] === 'PUT')!
    expect([putFile.method, putFile.path]).toEqual(['POST', '/wopi/files/test/contents'])
    const invalid = fake.requests.find((r) => r.query.get('access_token') === 'INVALID')!
    expect(invalid.headers['authorization']).toBe('Bearer INVALID')
  })

  it('runs every WopiCore case: unsupported groups are skipped with the failing prerequisite named, none fail', async () => {
    const fake = await host()
    const report = await run(fake)
    expect(report.failed).toBe(0)
    expect(report.passed + report.skipped).toBe(121)
    expect(report.passed).toBe(wopiCoreCount(groups))
    const putRelative = report.cases.find((c) => c.name === 'PutRelativeFile.SuggestedName')!
    expect(putRelative).toMatchObject({ status: 'skipped', failedPrereq: 'DeleteFilePrereq' })
    expect(putRelative.message).toBe(
      'prerequisite DeleteFilePrereq failed: CheckFileInfo (request 1 of 1, GET /wopi/files/test) → HTTP 200: JSON property SupportsDeleteFile: required but not provided',
    )
    expect(report.cases.find((c) => c.name === 'containers.CheckContainerInfo')).toMatchObject({
      status: 'skipped',
      failedPrereq: 'ContainersPrereq',
    })
    expect(report.cases.find((c) => c.name === 'PutRelativeFileUnsupported.SuggestedName')).toMatchObject({
      failedPrereq: 'UserCanNotWriteRelativePrereq',
    })
    // the report never contains the token
    expect(JSON.stringify(report)).not.toContain(TOKEN)
    expect(report.cases[0]!.requests![0]!.url).toMatch(/access_token=\*\*\*&access_token_ttl=0$/)
  })

  it('encodes PutRelativeFile targets as the validator does (UTF-7, X-WOPI-Size, True/False)', async () => {
    const fake = await host({ noWriteRelative: true })
    const report = await run(fake, { groups: ['PutRelativeFileUnsupported'] })
    expect(casesWithStatus(report, 'passed')).toHaveLength(6)
    const puts = fake.requests.filter((r) => r.headers['x-wopi-override'] === 'PUT_RELATIVE')
    expect(
      puts.map((r) => [
        r.headers['x-wopi-suggestedtarget'],
        r.headers['x-wopi-relativetarget'],
        r.headers['x-wopi-overwriterelativetarget'],
      ]),
    ).toEqual([
      ['.wopitestx', undefined, undefined],
      ['PutRelativeFileUnsupported+AF8-SuggestedName.wopitest', undefined, undefined],
      [undefined, 'PutRelativeFileUnsupported+AF8-RelativeName.wopitest', undefined],
      [undefined, 'PutRelativeFileUnsupported+AF8-RelativeNameOverwriteTrueNoEffect.wopitest', 'True'],
      [undefined, 'PutRelativeFileUnsupported+AF8-RelativeNameOverwriteFalseNoEffect.wopitest', 'False'],
      [
        'PutRelativeFileUnsupported+AF8-ConflictingHeaders.wopitest',
        'PutRelativeFileUnsupported+AF8-ConflictingHeaders.wopitest',
        undefined,
      ],
    ])
    expect(puts.every((r) => r.headers['x-wopi-size'] === '74' && r.body.length === 74)).toBe(true)
  })
})

describe('runConformance against deliberately broken hosts', () => {
  it('CheckFileInfo with a wrong type: the gate fails once, every later case is skipped unsent, naming the bad property', async () => {
    const fake = await host({ bugs: { sizeAsString: true } })
    const report = await run(fake, { groups: ['CheckFileInfoSchema', 'BaseWopiViewing'] })
    expect(report).toMatchObject({ passed: 0, failed: 0, skipped: 4 })
    expect(report.gate?.name).toBe('WopiValidatorPrereq')
    expect(report.gate?.message).toContain('CsppCheckFileInfoSchema: #/Size: expected integer, got string "0"')
    const [first, ...rest] = report.cases
    expect(first!.failedPrereq).toBe('WopiValidatorPrereq')
    expect(first!.requests?.[0]?.failures.length).toBeGreaterThan(0)
    for (const testCase of rest) {
      expect(testCase.status).toBe('skipped')
      expect(testCase.message).toMatch(/^not run: the gate case WopiValidatorPrereq failed/)
      expect(testCase.requests).toBeUndefined()
    }
    // one CheckFileInfo for the gate, nothing after it
    expect(fake.requests).toHaveLength(1)
  })

  it('locks that ignore mismatches, a wrong GetLock value and a version that never changes fail exactly the right cases', async () => {
    const fake = await host({ bugs: { lockIgnoresMismatch: true, getLockWrongValue: true, staticVersion: true } })
    const report = await run(fake, { groups: ['Locks', 'GetLock', 'FileVersion'] })
    expect(casesWithStatus(report, 'failed').sort()).toEqual(
      [
        'LockMismatchAfterUnlockAndRelockRequest',
        'UnlockUnlockedFile',
        'LockMismatchOnLockRequest',
        'LockMismatchOnUnlockRequest',
        'LockMismatchOnRefreshLockRequest',
        'LockMismatchOnUnlockAndRelockRequest',
        'files.GetLock',
        'files.GetLockAfterChange',
        'files.PutFileReturnsDifferentVersion',
      ].sort(),
    )
    const message = (name: string) => report.cases.find((c) => c.name === name)!.message
    expect(message('LockMismatchOnLockRequest')).toBe(
      'Lock (request 2 of 3, POST /wopi/files/test, X-WOPI-Override: LOCK) → HTTP 200: expected HTTP 409, got HTTP 200; response header X-WOPI-Lock is missing',
    )
    expect(message('UnlockUnlockedFile')).toBe(
      'Unlock (request 1 of 1, POST /wopi/files/test, X-WOPI-Override: UNLOCK) → HTTP 200: expected HTTP 409, got HTTP 200',
    )
    expect(message('files.GetLock')).toBe(
      'GetLock (request 2 of 2, POST /wopi/files/test, X-WOPI-Override: GET_LOCK) → HTTP 200: response header X-WOPI-Lock is "LockString-other", expected "LockString"',
    )
    expect(message('files.PutFileReturnsDifferentVersion')).toMatch(
      /^PutFile \(request 3 of 6, POST \/wopi\/files\/test\/contents, X-WOPI-Override: PUT\) → HTTP 200: response header X-WOPI-ItemVersion is "\d+", which must differ from "\d+" \(saved as OriginalVersion\)$/,
    )
    // the failing request is the last one recorded; cleanup requests follow and never fail the case
    const getLock = report.cases.find((c) => c.name === 'files.GetLock')!
    expect(getLock.requests!.map((r) => [r.name, r.failures.length > 0, r.cleanup])).toEqual([
      ['Lock', false, false],
      ['GetLock', true, false],
      ['Unlock', false, true],
    ])
  })

  it('an unreachable host skips with the connection error', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const address = probe.address() as { port: number }
        probe.close(() => resolve(address.port))
      })
    })
    const report = await runConformance({
      wopiSrc: `http://127.0.0.1:${port}/wopi/files/x`,
      accessToken: TOKEN,
      cases: suite,
      groups: ['BaseWopiViewing'],
    })
    expect(report.skipped).toBe(2)
    expect(report.cases[0]!.message).toMatch(/^prerequisite WopiValidatorPrereq failed: CheckFileInfo .*no HTTP response \(ECONNREFUSED/)
  })
})

describe('proof keys', () => {
  const keys = {
    current: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey,
    old: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey,
  }
  const attributes = proofKeyAttributes(keys)
  const trusted: ProofKeySet = {
    current: { value: attributes.value },
    old: { modulus: attributes.oldmodulus, exponent: attributes.oldexponent },
  }
  const proofCases = suite.groups.find((group) => group.name === 'ProofKeys')!.cases.map((testCase) => testCase.name)

  it('a host that enforces the published keys passes all ProofKeys cases', async () => {
    const fake = await host({ proofKeys: trusted })
    const report = await run(fake, {
      category: 'OfficeOnline',
      groups: ['ProofKeys'],
      proofKeys: keys,
    })
    expect(casesWithStatus(report, 'passed')).toEqual(proofCases)
    expect(
      fake.requests.every((r) => typeof r.headers['x-wopi-proof'] === 'string' && typeof r.headers['x-wopi-timestamp'] === 'string'),
    ).toBe(true)
  })

  it('a host that ignores proofs fails the three cases that expect a 500', async () => {
    const fake = await host()
    const report = await run(fake, {
      category: 'OfficeOnline',
      groups: ['ProofKeys'],
      proofKeys: keys,
    })
    expect(casesWithStatus(report, 'failed')).toEqual([
      'ProofKeys.CurrentInvalid.OldValidSignedWithOldKey',
      'ProofKeys.CurrentInvalid.OldInvalid',
      'ProofKeys.TimestampOlderThan20Min',
    ])
    expect(report.cases.find((c) => c.status === 'failed')!.message).toMatch(/→ HTTP 200: expected HTTP 500, got HTTP 200$/)
  })

  it('without keys the whole group is skipped with advice a flag can follow, and nothing passes vacuously', async () => {
    const fake = await host()
    const report = await run(fake, {
      category: 'OfficeOnline',
      groups: ['ProofKeys'],
    })
    expect(casesWithStatus(report, 'passed')).toEqual([])
    expect(report.skipped).toBe(7)
    expect(report.signed).toBe(false)
    expect(report.cases[0]!.message).toMatch(/^needs a proof key pair the host trusts: .*--create-proof-keys <file>.*--proof-keys <file>/)
    expect(fake.requests.some((r) => r.headers['x-wopi-proof'] !== undefined)).toBe(false)
  })
})

describe('case mechanics on a small custom test file', () => {
  const xml = `<WopiValidation>
    <Resources><File Id="R" Name="r.docx" FilePath="x"/></Resources>
    <PrereqCases><TestCase Name="Always" Category="WopiCore"><Description/><Requests><CheckFileInfo/></Requests></TestCase></PrereqCases>
    <TestGroup Name="Mechanics"><PrereqTests><PrereqTest>Always</PrereqTest></PrereqTests><TestCases>
      <TestCase Name="Unimplemented" Category="WopiCore" FailMessage="Chunked transfer missing."><Description/>
        <Requests>
          <CheckFileInfo><SaveState><State Name="V" Source="Version"/></SaveState></CheckFileInfo>
          <Delay DelayTimeInSeconds="2"/>
          <GetChunkedFile/>
          <CheckFileInfo/>
        </Requests>
        <CleanupRequests><Unlock Lock="L"/><DeleteFile OverrideUrl="$State:Nope"/></CleanupRequests>
      </TestCase>
      <TestCase Name="MissingState" Category="WopiCore"><Description/><Requests><CheckFileInfo OverrideUrl="$State:NewUrl"/></Requests></TestCase>
      <TestCase Name="DeleteWithoutUrl" Category="WopiCore"><Description/><Requests><DeleteFile/></Requests></TestCase>
      <TestCase Name="TokenInMessage" Category="WopiCore"><Description/><Requests><CheckFileInfo><Validators><JsonResponseContentValidator>
        <StringProperty Name="OwnerId" ExpectedStateKey="OriginalAccessToken"/></JsonResponseContentValidator></Validators></CheckFileInfo></Requests></TestCase>
      <TestCase Name="StateAcrossRequests" Category="WopiCore"><Description/><Requests>
        <Lock Lock="abc"/>
        <GetLock><SaveState><State Name="Held" Source="X-WOPI-Lock" SourceType="Header"/></SaveState></GetLock>
        <Unlock Lock="abc"><Validators><ResponseHeaderValidator Header="X-WOPI-ItemVersion" IsRequired="true"/></Validators></Unlock>
        <GetLock><Validators><ResponseHeaderValidator Header="X-WOPI-Lock" ExpectedStateKey="Held" ShouldMatch="false"/></Validators></GetLock>
      </Requests></TestCase>
      <TestCase Name="OtherCategory" Category="WopiCoauth"><Description/><Requests><CheckFileInfo/></Requests></TestCase>
    </TestCases></TestGroup></WopiValidation>`
  const custom = loadTestCases(xml)

  it('stops at an unimplemented request, runs Delay through sleep, always runs cleanup, redacts the token', async () => {
    const fake = await host()
    const sleeps: number[] = []
    const report = await run(fake, {
      cases: custom,
      sleep: async (ms) => void sleeps.push(ms),
    })
    expect(report.cases.map((c) => [c.name, c.status])).toEqual([
      ['Unimplemented', 'failed'],
      ['MissingState', 'failed'],
      ['DeleteWithoutUrl', 'failed'],
      ['TokenInMessage', 'failed'],
      ['StateAcrossRequests', 'passed'],
    ])
    const [unimplemented, missingState, deleteWithoutUrl, tokenInMessage] = report.cases
    expect(sleeps).toEqual([2000])
    expect(unimplemented!.message).toBe(
      'Chunked transfer missing. GetChunkedFile (request 3 of 4): GetChunkedFile is not implemented by this runner (incremental file transfer (frames, zip chunking))',
    )
    expect(unimplemented!.requests!.map((r) => [r.name, r.cleanup, r.status])).toEqual([
      ['CheckFileInfo', false, 200],
      ['GetChunkedFile', false, 0],
      ['Unlock', true, 409],
      ['DeleteFile', true, 0],
    ])
    expect(missingState!.message).toBe(
      'CheckFileInfo (request 1 of 1): CheckFileInfo uses $State:NewUrl, but no earlier request of this case saved "NewUrl"',
    )
    expect(deleteWithoutUrl!.message).toMatch(/DeleteFile is only sent to a URL saved by an earlier request/)
    expect(tokenInMessage!.message).toBe(
      'CheckFileInfo (request 1 of 1, GET /wopi/files/test) → HTTP 200: JSON property OwnerId: expected "***" (saved as OriginalAccessToken), got string "owner"',
    )
    expect(fake.requests.filter((r) => r.headers['x-wopi-override'] === 'DELETE')).toHaveLength(0)
  })

  it('selects categories like the validator: WopiCore plus the chosen one, or everything', async () => {
    const fake = await host()
    const core = await run(fake, {
      cases: custom,
      groups: ['Mechanics'],
      sleep: async () => {},
    })
    expect(core.cases.map((c) => c.name)).not.toContain('OtherCategory')
    const all = await run(fake, { cases: custom, category: 'all', sleep: async () => {} })
    expect(all.cases.map((c) => c.name)).toContain('OtherCategory')
    expect(all.category).toBe('All')
  })

  it('refuses bad options with one clear message', async () => {
    const base = { accessToken: TOKEN, cases: custom }
    await expect(runConformance({ ...base, wopiSrc: 'not a url' })).rejects.toThrow(ConformanceOptionsError)
    await expect(runConformance({ ...base, wopiSrc: 'ftp://h/wopi/files/x' })).rejects.toThrow(/http or https/)
    await expect(runConformance({ ...base, wopiSrc: 'http://h/wopi/files/x', category: 'Office' })).rejects.toThrow(
      /Unknown category "Office"/,
    )
    await expect(runConformance({ ...base, wopiSrc: 'http://h/wopi/files/x', groups: ['Nope'] })).rejects.toThrow(
      /Unknown test group "Nope"; groups are: Mechanics/,
    )
    await expect(runConformance({ ...base, wopiSrc: 'http://h/wopi/files/x', accessToken: '' })).rejects.toThrow(/access token/)
  })
})
