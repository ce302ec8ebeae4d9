import { generateKeyPairSync } from 'node:crypto'
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_CASES_PATH } from '../../../fixtures'
import type { ConformanceReport } from '../../contract/dto'
import { createHost, type Host } from '../host'
import type { ProofGate } from '../wopi/proof-gate'
import { verifyProofEitherTokenForm, type ProofKeySet } from '../wopi/proof-keys'
import { loadTestCases } from './load-test-cases'
import { proofKeyAttributes } from './proof-key-discovery'
import { runConformance } from './run-conformance'
import { loadSupplementaryCases, mergeSuites } from './supplementary-cases'

// Microsoft's WOPI validator test cases (WopiCore) against the product's own host: createHost on port 0 over a
// temp folder holding a fresh test.wopitest, a write token, every WopiCore case over real HTTP.

const MUST_RUN = [
  'Locks',
  'GetLock',
  'ExtendedLockLength',
  'EditFlows',
  'FileVersion',
  'PutUserInfo',
  'PutRelativeFile',
  'RenameFileIfCreateChildFileIsNotSupported',
  'CheckFileInfoSchema',
  'BaseWopiViewing',
]

const loadSuite = async () => loadTestCases(await readFile(TEST_CASES_PATH, 'utf8'))

async function startHost(proofGate?: ProofGate): Promise<{ desk: Host; root: string; cleanup: () => Promise<void> }> {
  const root = await mkdtemp(join(tmpdir(), 'wopi-desk-conformance-root-'))
  const dataDir = await mkdtemp(join(tmpdir(), 'wopi-desk-conformance-data-'))
  await writeFile(join(root, 'test.wopitest'), '')
  const desk = await createHost({
    dataDir,
    root,
    bind: '127.0.0.1',
    port: 0,
    sweepIntervalMs: 0,
    env: {},
    ...(proofGate ? { proofGate } : {}),
  })
  return {
    desk,
    root,
    cleanup: async () => {
      await desk.close()
      await rm(root, { recursive: true, force: true })
      await rm(dataDir, { recursive: true, force: true })
    },
  }
}

describe('WOPI validator test cases against the WOPI Desk host', () => {
  let host: Awaited<ReturnType<typeof startHost>> | undefined
  let report: ConformanceReport

  beforeAll(async () => {
    host = await startHost()
    const access = await host.desk.issueToken('test.wopitest', { write: true })
    const suite = await loadSuite()
    report = await runConformance({
      wopiSrc: access.wopiSrc,
      accessToken: access.accessToken,
      accessTokenTtl: access.accessTokenTtl,
      cases: suite,
      category: 'WopiCore',
    })
  }, 120_000)

  afterAll(async () => {
    await host?.cleanup()
  })

  it('fails no WopiCore case', () => {
    const failures = report.cases
      .filter((testCase) => testCase.status === 'failed')
      .map((testCase) => `${testCase.group} / ${testCase.name}: ${testCase.message}`)
    expect(failures).toEqual([])
    expect(report.passed + report.skipped).toBe(121)
  })

  it.each(MUST_RUN)('runs group %s (not skipped)', (group) => {
    const cases = report.cases.filter((testCase) => testCase.group === group)
    expect(cases.length).toBeGreaterThan(0)
    expect(cases.filter((testCase) => testCase.status === 'skipped').map((testCase) => `${testCase.name}: ${testCase.message}`)).toEqual([])
  })
})

describe("ProofKeys cases against the host, with a proof gate trusting the runner's published keys", () => {
  let host: Awaited<ReturnType<typeof startHost>> | undefined
  afterAll(async () => {
    await host?.cleanup()
  })

  it('passes all seven, so the runner signs the URL and token the host verifies', async () => {
    const keys = {
      current: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey,
      old: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey,
    }
    // what a host would read from the runner's <proof-key> element
    const published = proofKeyAttributes(keys)
    const trusted: ProofKeySet = {
      current: { value: published.value },
      old: { modulus: published.oldmodulus, exponent: published.oldexponent },
    }
    const gate: ProofGate = {
      async verify(input) {
        const header = (name: string) => [input.headers[name]].flat()[0]
        const outcome = verifyProofEitherTokenForm(
          trusted,
          {
            accessToken: input.accessToken,
            url: input.signedUrl,
            timestamp: header('x-wopi-timestamp'),
            proof: header('x-wopi-proof'),
            proofOld: header('x-wopi-proofold'),
          },
          input.rawAccessToken,
          Date.now(),
        )
        return outcome.ok ? { required: true, ok: true, via: outcome.via } : { required: true, ok: false, reason: outcome.reason }
      },
    }
    host = await startHost(gate)
    const access = await host.desk.issueToken('test.wopitest', { write: true, appId: 'conformance-runner' })
    const report = await runConformance({
      wopiSrc: access.wopiSrc,
      accessToken: access.accessToken,
      accessTokenTtl: access.accessTokenTtl,
      cases: await loadSuite(),
      category: 'OfficeOnline',
      groups: ['ProofKeys'],
      proofKeys: keys,
    })
    expect(
      report.cases.map((testCase) => `${testCase.name}: ${testCase.status}${testCase.message ? ` - ${testCase.message}` : ''}`),
    ).toEqual([
      'ProofKeys.CurrentValid.OldValid: passed',
      'ProofKeys.CurrentValid.OldInvalid: passed',
      'ProofKeys.CurrentInvalid.OldValidSignedWithCurrentKey: passed',
      'ProofKeys.CurrentValidSignedWithOldKey.OldInvalid: passed',
      'ProofKeys.CurrentInvalid.OldValidSignedWithOldKey: passed',
      'ProofKeys.CurrentInvalid.OldInvalid: passed',
      'ProofKeys.TimestampOlderThan20Min: passed',
    ])
  }, 60_000)
})

describe("WOPI Desk's supplementary cases and the OfficeOnline category against the host", () => {
  let host: Awaited<ReturnType<typeof startHost>> | undefined
  afterAll(async () => {
    await host?.cleanup()
  })

  it('passes every supplementary case and leaves no file behind in the served folder', async () => {
    host = await startHost()
    const access = await host.desk.issueToken('test.wopitest', { write: true })
    const supplementary = loadSupplementaryCases(
      await readFile(new URL('../../../resources/wopi-validator/WopiDeskCases.xml', import.meta.url), 'utf8'),
    )
    const report = await runConformance({
      wopiSrc: access.wopiSrc,
      accessToken: access.accessToken,
      accessTokenTtl: access.accessTokenTtl,
      cases: mergeSuites(await loadSuite(), supplementary),
      category: 'OfficeOnline',
      groups: [...supplementary.groups.map((group) => group.name), 'PutRelativeFile'],
    })
    const own = report.cases.filter((testCase) => testCase.suite === 'wopi-desk')
    expect(own.map((testCase) => `${testCase.name}: ${testCase.status}${testCase.message ? ` - ${testCase.message}` : ''}`)).toEqual(
      supplementary.groups.flatMap((group) => group.cases).map((testCase) => `${testCase.name}: passed`),
    )
    expect(report.cleanup).toEqual({ removed: ['new_file.wopitest'], leftovers: [] })
    expect(await readdir(host.root)).toEqual(['test.wopitest'])
  }, 120_000)
})
