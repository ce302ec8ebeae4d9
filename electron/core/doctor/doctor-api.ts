import type { ApiImplementation, EventName, EventPayloads } from '../../contract/channels'
import type { DoctorReport } from '../../contract/dto'
import { ApiError } from '../../contract/envelope'
import { systemClock } from '../deps'
import type { DoctorDeps } from './context'
import { createDoctorRunRepo } from '../db/doctor-run-repo'
import { buildDiagnosticsReport, type ReportEnvironment } from './report/diagnostics-report'
import { runDoctor, type RunDoctorOptions } from './run-doctor'

// The contract's doctor channels: run the doctor (progress as 'doctor:progress' events under the console's run
// id), read the last run, and produce the diagnostics report. One run at a time: a second request waits for the
// first instead of racing it for the same editors and canaries.

export type DoctorChannel = 'doctor:run' | 'doctor:last' | 'doctor:report'

export type DoctorEmit = <E extends EventName>(event: E, payload: EventPayloads[E]) => void

export interface DoctorApiDeps extends DoctorDeps {
  emit?: DoctorEmit
  /** versions for the diagnostics report */
  report: ReportEnvironment
  /** runner settings (concurrency, time limits) */
  run?: Omit<RunDoctorOptions, 'endpointId' | 'runId' | 'onProgress'>
  /** the report reuses a doctor run younger than this; otherwise it runs one; default 1 h */
  reportMaxRunAgeMs?: number
}

export const DEFAULT_REPORT_MAX_RUN_AGE_MS = 60 * 60 * 1000

export function createDoctorApi(deps: DoctorApiDeps): Pick<ApiImplementation, DoctorChannel> {
  const clock = deps.clock ?? systemClock
  const store = createDoctorRunRepo(deps.desk.db)
  let queue: Promise<unknown> = Promise.resolve()

  const run = (endpointId: string | undefined, runId: string | undefined): Promise<DoctorReport> => {
    const task = queue.then(() =>
      runDoctor(deps, {
        ...deps.run,
        store,
        ...(endpointId !== undefined ? { endpointId } : {}),
        ...(runId !== undefined ? { runId } : {}),
        onProgress: (progress) => deps.emit?.('doctor:progress', progress),
      }),
    )
    queue = task.catch(() => undefined)
    return task.catch((error: unknown) => {
      if (error instanceof ApiError) throw error
      throw new ApiError('internal', `The connection doctor stopped: ${(error as Error)?.message ?? String(error)}`)
    })
  }

  return {
    'doctor:run': (options, runId) => run(options.endpointId, runId),
    'doctor:last': async () => store.last(),
    'doctor:report': async () => {
      let doctor = store.last()
      if (!doctor || clock.now() - doctor.finishedAt > (deps.reportMaxRunAgeMs ?? DEFAULT_REPORT_MAX_RUN_AGE_MS))
        doctor = await run(undefined, undefined)
      return buildDiagnosticsReport({ desk: deps.desk, catalog: deps.catalog, doctor, env: deps.report, now: clock.now() })
    },
  }
}
