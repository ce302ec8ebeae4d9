import { createCatalog, type Catalog } from '../../catalog/catalog'
import { createProofGate } from '../../catalog/proof-gate'
import { listenHost } from '../../host'
import { silentLog, systemClock } from '../../deps'
import { createHttpFetcher } from '../../discovery/http-fetch'
import { startTestHost, type TestHost } from '../../wopi/test-kit'
import { ENDPOINT_CHECKS, HOST_CHECKS } from '../checks'
import type { CheckResultDto, DoctorReport } from '../../../contract/dto'
import type { DoctorDeps } from '../context'
import { runDoctor, type RunDoctorOptions } from '../run-doctor'

// Test-only: the product's real host (listening on 127.0.0.1 port 0 over a temp folder unless `listen: false`), a catalog on
// its database, and a runner limited to the checks a test is about. The network edge stays real but only ever
// reaches the test's own fake editors; name resolution and this machine's LAN addresses are fixed.

export interface DoctorHarness {
  host: TestHost
  catalog: Catalog
  deps: DoctorDeps
  /** imports a fake editor's discovery; returns the endpoint id */
  addEditor(discoveryUrl: string, options?: { insecureTls?: boolean }): Promise<string>
  run(ids: string[], options?: RunDoctorOptions): Promise<DoctorReport>
  /** the one result of `id` (for one editor) */
  check(id: string, options?: RunDoctorOptions): Promise<CheckResultDto>
  close(): Promise<void>
}

export interface HarnessOptions {
  files?: Record<string, string | Buffer>
  /** extra certificate authorities (test CA) for editors */
  ca?: string
  /** host name -> addresses; unknown names fail to resolve */
  names?: Record<string, string[]>
  deps?: Partial<DoctorDeps>
  listen?: boolean
  publicUrl?: string
  /** verify proof keys of tokens bound to an app, with the catalog's keys (as the app does) */
  proofs?: boolean
  /** send the hostPageOrigin setting as PostMessageOrigin, as the app's sessions do (default: none is sent) */
  postMessageOrigin?: boolean
}

export async function startDoctorHarness(options: HarnessOptions = {}): Promise<DoctorHarness> {
  // Opened first, listening once the catalog and its proof gate exist, as the app starts.
  const host = await startTestHost({
    files: options.files ?? { 'Plan.docx': 'PK\x03\x04 plan' },
    listen: false,
    desk: options.publicUrl ? { publicUrl: options.publicUrl } : {},
  })
  const catalog = createCatalog({
    db: host.desk.db,
    dataDir: host.dataDir,
    clock: systemClock,
    log: silentLog,
    fetcher: createHttpFetcher(options.ca ? { ca: options.ca } : {}),
  })
  if (options.listen !== false) {
    await listenHost(host.desk, {
      ...(options.proofs ? { proofGate: createProofGate({ catalog, clock: systemClock, log: silentLog }) } : {}),
      ...(options.postMessageOrigin
        ? {
            hostUrls: () => {
              const origin = host.desk.settings.get().hostPageOrigin
              return origin ? { PostMessageOrigin: origin } : undefined
            },
          }
        : {}),
    })
  }
  const names = options.names ?? {}
  const deps: DoctorDeps = {
    desk: host.desk,
    catalog,
    // The doctor judges the desk's data (lock expiry, traffic times) by the desk's clock, as in the app.
    clock: host.clock,
    lookup: async (name) => {
      const found = names[name]
      if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${name}`), { code: 'ENOTFOUND' })
      return found
    },
    lanAddresses: () => ['192.168.1.20'],
    canaryWaitMs: 1500,
    serveInfo: async () => null,
    ...(options.ca ? { ca: options.ca } : {}),
    ...options.deps,
  }
  const run = (ids: string[], runOptions: RunDoctorOptions = {}) =>
    runDoctor(deps, {
      store: null,
      checks: {
        host: HOST_CHECKS.filter((check) => ids.includes(check.id)),
        endpoint: ENDPOINT_CHECKS.filter((check) => ids.includes(check.id)),
      },
      ...runOptions,
    })
  return {
    host,
    catalog,
    deps,
    async addEditor(discoveryUrl, importOptions = {}) {
      const result = await catalog.importEndpoint({ url: discoveryUrl, insecureTls: importOptions.insecureTls ?? false })
      return result.endpoint.id
    },
    run,
    async check(id, runOptions) {
      const report = await run([id], runOptions)
      if (report.checks.length !== 1) throw new Error(`expected one result for ${id}, got ${report.checks.length}`)
      return report.checks[0]!
    },
    async close() {
      catalog.stop()
      await catalog.idle()
      await host.close()
    },
  }
}
