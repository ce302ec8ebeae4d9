import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import type { ApiImplementation } from '../../contract/channels'
import { ApiError } from '../../contract/envelope'
import { createConformanceCleanupRepo } from '../db/conformance-cleanup-repo'
import type { Db } from '../db/open-db'
import type { Clock, Log, Random } from '../deps'
import { randomId } from '../deps'
import { fetchHostPage, HostPageError } from './host-page-target'
import { loadTestCases } from './load-test-cases'
import { ConformanceOptionsError, runConformance } from './run-conformance'
import type { TestSuite } from './model'
import { loadSupplementaryCases, mergeSuites, SUPPLEMENTARY_CASES_FILE } from './supplementary-cases'

// "Check conformance" on the Doctor page: Microsoft's validator cases against this very host, on a temporary
// .wopitest file in a hidden folder of its own (the cases create, rename and delete files next to it), which
// is removed afterwards with everything in it: the user's documents are never touched.
// "Check another host" runs the same cases, and WOPI Desk's supplementary ones, against any host, as
// `wopi-desk validate` does: from a WOPISrc and its token, or from a host page that carries both.

export interface ConformanceApiDeps {
  db: Db
  dataDir: string
  /** resources/wopi-validator/TestCases.xml as shipped with the app */
  testCasesPath: string
  root(): string
  issueWriteToken(relPath: string): Promise<{ fileId: string; wopiSrc: string; accessToken: string; accessTokenTtl: number }>
  clock: Clock
  random: Random
  log: Log
  fetchImpl?: typeof fetch
}

/** per request, as `validate` waits by default: a silent host costs one wait (the run stops after the gate) */
const OTHER_HOST_TIMEOUT_MS = 30_000

export function createConformanceApi(deps: ConformanceApiDeps): Pick<ApiImplementation, 'conformance:run' | 'conformance:check-host'> {
  let suite: TestSuite | null = null
  let fullSuite: TestSuite | null = null
  let running = false
  let checkingOtherHost = false

  /** Microsoft's cases and WOPI Desk's supplementary ones, as `validate` runs them by default. */
  async function allCases(): Promise<TestSuite> {
    if (!fullSuite) {
      const path = join(dirname(deps.testCasesPath), SUPPLEMENTARY_CASES_FILE)
      let xml: string
      try {
        xml = await readFile(path, 'utf8')
      } catch {
        throw new ApiError('unavailable', `WOPI Desk's supplementary test cases are missing (${path}). Reinstall WOPI Desk.`)
      }
      fullSuite = mergeSuites(await cases(), loadSupplementaryCases(xml))
    }
    return fullSuite
  }

  async function cases(): Promise<TestSuite> {
    if (!suite) {
      let xml: string
      try {
        xml = await readFile(deps.testCasesPath, 'utf8')
      } catch {
        throw new ApiError(
          'unavailable',
          `The validator test cases are missing (${deps.testCasesPath}). Reinstall WOPI Desk, or run wopi-desk validate --cases <TestCases.xml>.`,
        )
      }
      suite = loadTestCases(xml)
    }
    return suite
  }

  /** Removes the run's folder, and the trash entries and ids of everything that lived in it. */
  async function cleanUp(folder: string): Promise<void> {
    await rm(join(deps.root(), folder), { recursive: true, force: true })
    const prefix = folder + '/'
    const stored = createConformanceCleanupRepo(deps.db)
    for (const fileId of stored.fileIdsUnder(prefix)) {
      for (const entry of stored.trashOf(fileId)) {
        // Each trashed file sits in a folder of its own (trash/<id>-<random>/<name>).
        await rm(dirname(join(deps.dataDir, ...entry.storePath.split('/'))), { recursive: true, force: true })
        stored.deleteTrashEntry(entry.id)
      }
      stored.deleteLock(fileId)
      stored.markDeleted(fileId, deps.clock.now())
    }
  }

  return {
    'conformance:check-host': async ({ target, token, category }) => {
      if (checkingOtherHost) throw new ApiError('conflict', 'Another host is being checked already; wait for it to finish.')
      checkingOtherHost = true
      try {
        const fetchImpl = deps.fetchImpl ?? fetch
        let access: { wopiSrc: string; accessToken: string; accessTokenTtl: number }
        if (token) access = { wopiSrc: target, accessToken: token, accessTokenTtl: 0 }
        else {
          try {
            access = await fetchHostPage(target, fetchImpl)
          } catch (error) {
            if (error instanceof HostPageError) throw new ApiError('invalid-argument', error.message)
            throw error
          }
        }
        return await runConformance({
          ...access,
          cases: await allCases(),
          category: category ?? 'WopiCore',
          requestTimeoutMs: OTHER_HOST_TIMEOUT_MS,
          fetchImpl,
          clock: deps.clock,
          random: deps.random,
        })
      } catch (error) {
        if (error instanceof ConformanceOptionsError)
          throw new ApiError('invalid-argument', error.message.replace(/--wopisrc/g, 'the WOPISrc').replace(/--token/g, 'the token field'))
        throw error
      } finally {
        checkingOtherHost = false
      }
    },
    'conformance:run': async ({ category }) => {
      if (!deps.root()) throw new ApiError('unavailable', 'No folder is served yet, so there is nowhere to put the test file.')
      if (running) throw new ApiError('conflict', 'A conformance check is already running; wait for it to finish.')
      running = true
      const folder = `.wopi-desk-conformance-${randomId(deps.random, 6).replace(/[^A-Za-z0-9]/g, 'x')}`
      try {
        const testSuite = await cases()
        await mkdir(join(deps.root(), folder))
        const relPath = `${folder}/WOPI Desk conformance.wopitest`
        await writeFile(join(deps.root(), folder, 'WOPI Desk conformance.wopitest'), '')
        const access = await deps.issueWriteToken(relPath)
        const report = await runConformance({
          wopiSrc: access.wopiSrc,
          accessToken: access.accessToken,
          accessTokenTtl: access.accessTokenTtl,
          cases: testSuite,
          category: category ?? 'WopiCore',
          ...(deps.fetchImpl ? { fetchImpl: deps.fetchImpl } : {}),
          clock: deps.clock,
          random: deps.random,
        })
        return report
      } finally {
        running = false
        await cleanUp(folder).catch((error: unknown) => deps.log.warn('conformance clean-up failed', { error: (error as Error).message }))
      }
    },
  }
}
