import { generateKeyPairSync } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { loadTestCases } from './load-test-cases'
import { ConformanceOptionsError } from './run-conformance'
import { loadSupplementaryCases, mergeSuites } from './supplementary-cases'
import { casesWithStatus, TOKEN, useRunnerFixture } from './test-support/runner-fixture'

// What makes the runner usable in a host's CI and by support staff: it stops after a failed gate, gives up on a
// silent host after the timeout, filters cases, shows the host's own explanation, cleans up the files its cases
// created, and runs WOPI Desk's supplementary cases as groups of their own.

const resource = (name: string) => readFileSync(new URL(`../../../resources/wopi-validator/${name}`, import.meta.url), 'utf8')
const microsoft = loadTestCases(resource('TestCases.xml'))
const supplementary = loadSupplementaryCases(resource('WopiDeskCases.xml'))
const suite = mergeSuites(microsoft, supplementary)
const { host, run } = useRunnerFixture(suite)

const ownGroups = supplementary.groups.map((group) => group.name)

describe('a host that does not answer', () => {
  it('costs one timeout: the gate gets no answer, nothing else is sent', async () => {
    const fake = await host({ silent: true })
    const started = Date.now()
    const report = await run(fake, { requestTimeoutMs: 300 })
    expect(Date.now() - started).toBeLessThan(5_000)
    expect(fake.requests).toHaveLength(0)
    expect(report.passed + report.failed).toBe(0)
    expect(report.skipped).toBe(report.cases.length)
    expect(report.gate).toEqual({
      name: 'WopiValidatorPrereq',
      message: expect.stringMatching(/^the host did not answer WopiValidatorPrereq \(.*no answer within 0.3 s/),
    })
    expect(report.cases.slice(1).every((c) => c.requests === undefined && c.message?.startsWith('not run: the host did not answer'))).toBe(
      true,
    )
  })
})

describe('choosing what runs', () => {
  it('--case runs only the named cases, in file order, and reports progress before each', async () => {
    const fake = await host()
    const progress: string[] = []
    const report = await run(fake, {
      caseNames: ['files.GetLock', 'DoubleLockSequence'],
      onCaseStart: ({ index, total, name }) => progress.push(`${index}/${total} ${name}`),
    })
    expect(report.cases.map((c) => c.name)).toEqual(['DoubleLockSequence', 'files.GetLock'])
    expect(progress).toEqual(['1/2 DoubleLockSequence', '2/2 files.GetLock'])
  })

  it('refuses an unknown case and a WOPISrc that carries its own access_token, sending nothing', async () => {
    const fake = await host()
    await expect(run(fake, { caseNames: ['NoSuchCase'] })).rejects.toThrow(
      new ConformanceOptionsError(
        'Unknown test case "NoSuchCase"; pass a case name as printed before ": passed" (e.g. "DoubleLockSequence" of group Locks).',
      ),
    )
    await expect(run(fake, { wopiSrc: `${fake.wopiSrc}?access_token=${TOKEN}` })).rejects.toThrow(
      '--wopisrc must not contain access_token: pass the WOPISrc alone and the token with --token.',
    )
    expect(fake.requests).toHaveLength(0)
  })
})

describe('what a failure shows', () => {
  it("quotes the host's own body and keeps headers, status and body of every exchange, with the token masked", async () => {
    const fake = await host()
    const report = await run(fake, { caseNames: ['WopiDesk.PutRelativeFileNonAsciiName'] })
    const [result] = report.cases
    expect(result!.status).toBe('failed')
    expect(result!.message).toMatch(/→ HTTP 501: .* \(response body: PutRelativeFile is not supported by this host\)$/)
    const request = result!.requests!.find((r) => r.override === 'PUT_RELATIVE')!
    expect(request.requestHeaders).toMatchObject({ 'X-WOPI-Override': 'PUT_RELATIVE', Authorization: 'Bearer ***' })
    expect(request.responseHeaders).toMatchObject({ 'content-type': 'text/plain' })
    expect(request.responseBody).toBe('PutRelativeFile is not supported by this host')
    expect(JSON.stringify(report)).not.toContain(TOKEN)
  })
})

describe('files the run created', () => {
  it('are deleted at the end when a failing case left them (IncludeHostUrls without host URLs: its cleanup has no URL), and listed', async () => {
    const fake = await host({ relativeFiles: true })
    const report = await run(fake, {
      category: 'OfficeOnline',
      caseNames: ['PutRelativeFile.IncludeHostUrls', 'PutRelativeFile.SuggestedName'],
    })
    expect(report.cases.map((c) => c.name)).toEqual(['PutRelativeFile.SuggestedName', 'PutRelativeFile.IncludeHostUrls'])
    expect(fake.createdFiles()).toEqual([])
    // SuggestedName passes and deletes its own file; IncludeHostUrls fails (the fake gives no host URLs) before saving the URL its cleanup needs
    expect(report.cleanup).toEqual({ removed: ['new_file.wopitest'], leftovers: [] })
  })

  it('are named as leftovers when the host refuses to delete them', async () => {
    const fake = await host({ relativeFiles: true })
    const report = await run(fake, {
      category: 'OfficeOnline',
      caseNames: ['PutRelativeFile.IncludeHostUrls'],
      // the host answers DeleteFile with 409 here: the file stays and the report says so
      fetchImpl: (input, init) =>
        (init?.headers as [string, string][]).some(([n, v]) => n === 'X-WOPI-Override' && v === 'DELETE')
          ? Promise.resolve(new Response(null, { status: 409 }))
          : fetch(input, init),
    })
    expect(report.cleanup).toEqual({ removed: [], leftovers: ['new_file.wopitest (DeleteFile answered HTTP 409)'] })
  })
})

describe("WOPI Desk's supplementary cases", () => {
  it('run by default as groups of their own, and all pass against a correct host', async () => {
    const fake = await host()
    const report = await run(fake, { groups: ['WopiDesk.Locks', 'WopiDesk.GetLock', 'WopiDesk.PutFile'] })
    expect(report.cases.every((c) => c.suite === 'wopi-desk')).toBe(true)
    expect(casesWithStatus(report, 'failed')).toEqual([])
    expect(report.passed).toBe(7)
    const all = await run(fake, { caseNames: ['WopiDesk.GetLockOnUnlockedFile'] })
    expect(all.cases[0]).toMatchObject({ group: 'WopiDesk.GetLock', suite: 'wopi-desk', status: 'passed' })
    expect(ownGroups).toEqual(['WopiDesk.Locks', 'WopiDesk.GetLock', 'WopiDesk.PutFile', 'WopiDesk.PutRelativeFile', 'WopiDesk.RenameFile'])
  })

  it.each([
    ['getLockUnlocked404', ['WopiDesk.GetLockOnUnlockedFile', 'WopiDesk.GetLockDoesNotLock'], /→ HTTP 404: expected HTTP 200/],
    ['relockUnlockedFile', ['WopiDesk.UnlockAndRelockUnlockedFile'], /→ HTTP 200: expected HTTP 409/],
    ['putConflictWithoutLockHeader', ['WopiDesk.PutFileWithoutLockOnLockedFile'], /→ HTTP 409: response header X-WOPI-Lock is missing/],
  ] as const)('catch what Microsoft misses: %s fails %s', async (bug, failing, message) => {
    const fake = await host({ bugs: { [bug]: true } })
    const ours = await run(fake, { groups: ['WopiDesk.Locks', 'WopiDesk.GetLock', 'WopiDesk.PutFile'] })
    expect(casesWithStatus(ours, 'failed')).toEqual(failing)
    expect(ours.cases.find((c) => c.name === failing[0])!.message).toMatch(message)
    const theirs = await run(fake, {
      cases: microsoft,
      groups: ['Locks', 'GetLock', 'EditFlows'],
    })
    expect(casesWithStatus(theirs, 'failed')).toEqual([])
  })

  it('load on their own and refuse nothing Microsoft defines: merged, Microsoft keeps its own prerequisites', () => {
    expect(suite.prereqCases.filter((c) => c.name === 'WopiValidatorPrereq')).toHaveLength(1)
    expect(suite.prereqCases.find((c) => c.name === 'WopiValidatorPrereq')).toBe(
      microsoft.prereqCases.find((c) => c.name === 'WopiValidatorPrereq'),
    )
    expect(supplementary.groups.flatMap((g) => g.cases).every((c) => c.name.startsWith('WopiDesk.') && c.category === 'WopiCore')).toBe(
      true,
    )
  })
})

describe('signing', () => {
  it('with a key pair every request carries proofs, and the report says it was signed', async () => {
    const pair = {
      current: generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey,
      old: generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey,
    }
    const fake = await host()
    const report = await run(fake, { groups: ['GetLock'], proofKeys: pair })
    expect(report.signed).toBe(true)
    expect(fake.requests.length).toBeGreaterThan(0)
    expect(
      fake.requests.every((r) => typeof r.headers['x-wopi-proof'] === 'string' && typeof r.headers['x-wopi-proofold'] === 'string'),
    ).toBe(true)
    const shown = report.cases[0]!.requests![0]!.requestHeaders!
    expect(shown['X-WOPI-Proof']).toBe('<signed>')
  })
})
