import { ApiError } from '../../contract/envelope'
import type { Host } from '../../core/host'
import { openCommandDesk } from '../command-desk'
import { createDoctorRunRepo, formatChecks, runDoctor, type DoctorDeps } from '../../core/doctor'
import { CliError } from '../cli-error'
import { dataDirOption } from '../data-dir'
import type { CliCommand } from '../commands'
import type { CliIo } from '../io'
import { parseFlags } from '../parse-flags'

// `doctor`: the connection doctor from a terminal. Works while `serve` runs on the same data folder (it reads
// <data>/serve.json to learn where the host listens) and when it does not (the host checks then say so).
// --json prints exactly {"checks":[{"id","title","status","detail","fix","endpointId"}]}. Exit status 1 when a
// check fails.

const usage = 'wopi-desk doctor [--data <dir>] [--endpoint <id>] [--json] [--timeout <seconds>]'

export interface OpenedDoctor {
  desk: Host
  deps: DoctorDeps
  close(): Promise<void>
}

/** The desk of a data folder (no listener), as the doctor and the report need it. */
export async function openDoctor(command: string, dataDir: string, io: Pick<CliIo, 'env'>, canaryWaitMs?: number): Promise<OpenedDoctor> {
  const desk = await openCommandDesk(command, dataDir, io, { needs: 'serve-first' })
  return {
    desk: desk.host,
    deps: { desk: desk.host, catalog: desk.catalog, ...(canaryWaitMs !== undefined ? { canaryWaitMs } : {}) },
    close: () => desk.close(),
  }
}

export function parseSeconds(command: string, value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined
  const seconds = Number(value)
  if (!/^\d+(\.\d+)?$/.test(value) || seconds <= 0 || seconds > 120)
    throw new CliError(`${command}: ${flag} must be a number of seconds from 0.1 to 120, got "${value}".`)
  return Math.round(seconds * 1000)
}

export const doctorCommand: CliCommand = {
  name: 'doctor',
  summary: 'Find out why an editor will not open or save documents, and how to fix it (exit status 1 when a check fails).',
  usage,
  async run(argv: string[], io: CliIo): Promise<number> {
    const { values } = parseFlags(
      'doctor',
      argv,
      { data: { type: 'string' }, endpoint: { type: 'string' }, json: { type: 'boolean' }, timeout: { type: 'string' } },
      { min: 0, max: 0, usage },
    )
    const dataDir = dataDirOption(values.data, io)
    if (values.endpoint !== undefined && !values.endpoint.trim())
      throw new CliError('doctor: --endpoint needs an editor id (see wopi-desk discovery list).')
    const waitMs = parseSeconds('doctor', values.timeout, '--timeout')
    const opened = await openDoctor('doctor', dataDir, io, waitMs)
    try {
      if (!values.json)
        io.err(
          `Checking the host and ${values.endpoint ? `editor ${values.endpoint}` : 'every enabled editor'}; this takes a few seconds...`,
        )
      let report
      try {
        report = await runDoctor(opened.deps, {
          ...(values.endpoint ? { endpointId: values.endpoint.trim() } : {}),
          store: createDoctorRunRepo(opened.desk.db),
        })
      } catch (error) {
        if (error instanceof ApiError && error.code === 'not-found') throw new CliError(`doctor: ${error.message}`)
        throw error
      }
      if (values.json) {
        io.out(
          JSON.stringify(
            {
              checks: report.checks.map(({ id, title, status, detail, fix, endpointId }) => ({
                id,
                title,
                status,
                detail,
                fix,
                endpointId,
              })),
            },
            null,
            2,
          ),
        )
      } else {
        const names = new Map(opened.deps.catalog.listEndpoints().map((endpoint) => [endpoint.id, endpoint.name]))
        for (const line of formatChecks(report.checks, names)) io.out(line)
      }
      return report.checks.some((check) => check.status === 'fail') ? 1 : 0
    } finally {
      await opened.close()
    }
  },
}
