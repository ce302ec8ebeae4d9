import { randomUUID } from 'node:crypto'
import type { CheckResultDto, DoctorProgress, DoctorReport } from '../../contract/dto'
import { silentLog, systemClock } from '../deps'
import { ENDPOINT_CHECKS, HOST_CHECKS } from './checks'
import type { CheckOutcome, EndpointCheck, EndpointInfo, HostCheck } from './checks/types'
import { createDoctorContext, type DoctorContext, type DoctorDeps } from './context'
import { createDoctorRunRepo, type DoctorRunRepo } from '../db/doctor-run-repo'

// The connection doctor's runner: every host check once and every editor check once per editor, a few at a time,
// each within a time limit; progress after each check; results in registry order, redacted; the run stored
// for 'doctor:last'; canary files and tokens removed at the end, whatever happened.

export interface RunDoctorOptions {
  /** only this editor (host checks still run) */
  endpointId?: string
  /** the console's id for progress events; default a fresh UUID */
  runId?: string
  onProgress?: (progress: DoctorProgress) => void
  /** checks running at the same time; default 4 */
  concurrency?: number
  /** time limit per check unless the check sets its own; default 20 s */
  checkTimeoutMs?: number
  /** where the run is stored; null = not stored; default the doctor_runs table of the desk's database */
  store?: DoctorRunRepo | null
  /** how long checks that overran their limit may take to stop before the canaries are removed; default 3 s */
  cleanupGraceMs?: number
  /** the registry to run (tests narrow it); default every check */
  checks?: { host?: readonly HostCheck[]; endpoint?: readonly EndpointCheck[] }
  signal?: AbortSignal
}

export const DEFAULT_CONCURRENCY = 4
export const DEFAULT_CHECK_TIMEOUT_MS = 20_000

interface Task {
  id: string
  title: string
  endpoint: EndpointInfo | null
  timeoutMs: number
  run(ctx: DoctorContext): Promise<CheckOutcome>
}

function withTimeout(work: Promise<CheckOutcome>, ms: number): Promise<CheckOutcome> {
  let timer: NodeJS.Timeout | undefined
  const limit = new Promise<CheckOutcome>((resolve) => {
    timer = setTimeout(
      () =>
        resolve({
          status: 'warn',
          detail: `The check did not finish within ${ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${ms} ms`}, so it says nothing about this part.`,
          fix: 'Run the doctor again; if it keeps timing out, something on the way answers very slowly (check the network to the editor).',
        }),
      ms,
    )
  })
  return Promise.race([work, limit]).finally(() => clearTimeout(timer))
}

export async function runDoctor(deps: DoctorDeps, options: RunDoctorOptions = {}): Promise<DoctorReport> {
  const clock = deps.clock ?? systemClock
  const log = deps.log ?? silentLog
  const runId = options.runId ?? randomUUID()
  const startedAt = clock.now()
  const controller = new AbortController()
  const onOuterAbort = () => controller.abort()
  options.signal?.addEventListener('abort', onOuterAbort)
  const ctx = await createDoctorContext(deps, { endpointId: options.endpointId, signal: controller.signal })
  const limit = options.checkTimeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS
  const hostChecks = options.checks?.host ?? HOST_CHECKS
  const endpointChecks = options.checks?.endpoint ?? ENDPOINT_CHECKS
  const tasks: Task[] = [
    ...hostChecks.map((check) => ({
      id: check.id,
      title: check.title,
      endpoint: null,
      timeoutMs: check.timeoutMs ?? limit,
      run: (c: DoctorContext) => check.run(c),
    })),
    ...ctx.endpoints.flatMap((endpoint) =>
      endpointChecks.map((check) => ({
        id: check.id,
        title: check.title,
        endpoint,
        timeoutMs: check.timeoutMs ?? limit,
        run: (c: DoctorContext) => check.run(c, endpoint),
      })),
    ),
  ]
  const total = tasks.length
  const results: (CheckResultDto | undefined)[] = new Array(total)
  const running = new Set<Promise<unknown>>()
  let done = 0
  const emit = (progress: Omit<DoctorProgress, 'runId'>) => {
    try {
      options.onProgress?.({ runId, ...progress })
    } catch (error) {
      log.warn('doctor progress listener failed', { error: (error as Error).message })
    }
  }
  emit({ done, total })

  let next = 0
  const worker = async () => {
    while (next < tasks.length) {
      if (controller.signal.aborted) return
      const index = next++
      const task = tasks[index]!
      emit({ done, total, current: ctx.redact(task.endpoint ? `${task.title} (${task.endpoint.name})` : task.title) })
      const work = task.run(ctx).catch((error: unknown): CheckOutcome => ({
        status: 'warn',
        detail: `The check could not run: ${(error as Error)?.message ?? String(error)}`,
        fix: 'Run the doctor again; if it persists, attach the diagnostics report (wopi-desk report) to a support ticket.',
      }))
      running.add(work)
      void work.finally(() => running.delete(work))
      const outcome = await withTimeout(work, task.timeoutMs)
      const result: CheckResultDto = {
        id: task.id,
        title: task.title,
        endpointId: task.endpoint?.id ?? null,
        status: outcome.status,
        detail: ctx.redact(outcome.detail),
        fix: ctx.redact(outcome.fix),
      }
      results[index] = result
      done++
      emit({ done, total, result })
    }
  }
  try {
    await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency ?? DEFAULT_CONCURRENCY, total || 1)) }, worker))
  } finally {
    controller.abort()
    options.signal?.removeEventListener('abort', onOuterAbort)
    // Checks that overran their limit get a moment to notice the abort before their canaries are removed.
    if (running.size > 0)
      await Promise.race([
        Promise.allSettled([...running]),
        new Promise((resolve) => setTimeout(resolve, options.cleanupGraceMs ?? 3000).unref()),
      ])
    await ctx.cleanup()
  }
  const checks = results.filter((result): result is CheckResultDto => result !== undefined)
  const report: DoctorReport = { runId, startedAt, finishedAt: clock.now(), checks }
  const store = options.store === undefined ? createDoctorRunRepo(deps.desk.db) : options.store
  try {
    store?.save(report, options.endpointId ?? null)
  } catch (error) {
    log.warn('could not store the doctor run', { error: (error as Error).message })
  }
  const count = (status: string) => checks.filter((check) => check.status === status).length
  log.info('doctor run finished', {
    runId,
    checks: checks.length,
    pass: count('pass'),
    warn: count('warn'),
    fail: count('fail'),
    skip: count('skip'),
  })
  return report
}
