import type { KeyObject } from 'node:crypto'
import { afterEach } from 'vitest'
import { startFakeWopiHost, type FakeWopiHost, type FakeWopiHostOptions, type Misbehaviour } from '../../test-support/fake-wopi-host'
import type { ProofPublicKey } from '../../wopi/proof-keys'
import { runEmulation } from '../run-emulation'
import type { EditorKind, EmulationOptions, EmulationReport, RunEmulationInput, StepRecord } from '../types'

// Test-only: the set-up the editor scenario tests share. One fake WOPI host per test, closed after it, one
// editor's emulation against it, and readers for what the report says and what the host received.

export interface FakeHostEmulation {
  /** the host the running test started; throws when it started none */
  readonly host: FakeWopiHost
  /** starts the running test's host (closed after the test) */
  start(options?: FakeWopiHostOptions): Promise<FakeWopiHost>
  /** starts a host that misbehaves so and runs the editor's emulation against its first document */
  emulate(misbehave?: Misbehaviour, options?: EmulationOptions, extra?: Partial<RunEmulationInput>): Promise<EmulationReport>
  /** each request the host received as "METHOD <path after /wopi/files/> <X-WOPI-Override>", in order */
  overrides(): string[]
}

/** Call once at the top of a test file: registers the afterEach that closes the host. */
export function fakeHostEmulation(editor: EditorKind): FakeHostEmulation {
  let current: FakeWopiHost | undefined
  afterEach(async () => {
    await current?.close()
    current = undefined
  })
  const fixture: FakeHostEmulation = {
    get host(): FakeWopiHost {
      if (!current) throw new Error('this test started no fake WOPI host: call emulate() or start() first')
      return current
    },
    async start(options) {
      current = await startFakeWopiHost(options)
      return current
    },
    async emulate(misbehave = {}, options = {}, extra = {}) {
      const host = await fixture.start({ misbehave })
      return runEmulation({ editor, wopiSrc: host.wopiSrc, accessToken: host.token, options, ...extra })
    },
    overrides: () =>
      fixture.host.requests.map((request) =>
        `${request.method} ${request.path.replace(/^\/wopi\/files\//, '')} ${request.headers['x-wopi-override'] ?? ''}`.trim(),
      ),
  }
  return fixture
}

export const deviations = (report: EmulationReport): StepRecord[] => report.steps.filter((step) => step.outcome === 'deviation')

export const findings = (report: EmulationReport): string[] => deviations(report).map((step) => step.finding)

/** The public half of a proof key the way discovery publishes it (base64 modulus and exponent), for verifyProof. */
export function publicParts(key: KeyObject): ProofPublicKey {
  const jwk = key.export({ format: 'jwk' })
  return { modulus: Buffer.from(jwk.n!, 'base64url').toString('base64'), exponent: Buffer.from(jwk.e!, 'base64url').toString('base64') }
}
