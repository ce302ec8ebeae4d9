import { afterEach } from 'vitest'
import type { ConformanceReport } from '../../../contract/dto'
import { startFakeWopiHost, validatorTarget, type FakeWopiHost, type ValidatorTargetOptions } from '../../test-support/fake-wopi-host'
import type { TestSuite } from '../model'
import { runConformance, type ConformanceOptions } from '../run-conformance'

// Test-only: what the conformance runner's tests share. Fake hosts that accept one token and are closed after
// each test, and a run against such a host that only names what the test is about.

/** The token every fake host accepts; a report must never contain it. */
export const TOKEN = 'valid-token-1234'

export interface RunnerFixture {
  /** a fake WOPI host that accepts TOKEN, closed after the test */
  host(options?: Partial<ValidatorTargetOptions>): Promise<FakeWopiHost>
  /** runs the fixture's cases against `fake` with TOKEN; `options` add to or replace any of these */
  run(fake: FakeWopiHost, options?: Partial<ConformanceOptions>): Promise<ConformanceReport>
}

/** Registers the clean-up in the calling test file; `cases` are what a run runs unless it names others. */
export function useRunnerFixture(cases: TestSuite): RunnerFixture {
  const hosts: FakeWopiHost[] = []
  afterEach(async () => {
    await Promise.all(hosts.splice(0).map((started) => started.close()))
  })
  return {
    async host(options = {}) {
      const started = await startFakeWopiHost(validatorTarget({ token: TOKEN, ...options }))
      hosts.push(started)
      return started
    },
    run: (fake, options = {}) => runConformance({ wopiSrc: fake.wopiSrc, accessToken: TOKEN, cases, ...options }),
  }
}

/** The names of the cases that ended with `status`, in report order. */
export const casesWithStatus = (report: ConformanceReport, status: string): string[] =>
  report.cases.filter((testCase) => testCase.status === status).map((testCase) => testCase.name)
