import { statSync } from 'node:fs'
import { chmod, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import packageJson from '../../../package.json' with { type: 'json' }
import { createDoctorApi } from '../../core/doctor'
import { CliError } from '../cli-error'
import { dataDirOption } from '../data-dir'
import type { CliCommand } from '../commands'
import type { CliIo } from '../io'
import { parseFlags, requireFlag } from '../parse-flags'
import { openDoctor, parseSeconds } from './doctor'

// `report`: writes the diagnostics report, one file to attach to a support ticket (tokens, proof keys, document
// contents and paths outside the served folder removed). Runs the connection doctor first unless a run from the
// last hour is stored.

const usage = 'wopi-desk report [--data <dir>] --out <file or folder> [--timeout <seconds>]'

export const reportCommand: CliCommand = {
  name: 'report',
  summary:
    'Write a diagnostics report (versions, settings, editors, doctor results, recent requests; secrets removed) to attach to a support ticket.',
  usage,
  async run(argv: string[], io: CliIo): Promise<number> {
    const { values } = parseFlags(
      'report',
      argv,
      { data: { type: 'string' }, out: { type: 'string' }, timeout: { type: 'string' } },
      { min: 0, max: 0, usage },
    )
    const dataDir = dataDirOption(values.data, io)
    let out = resolve(io.cwd, requireFlag('report', values.out, '--out', usage))
    const waitMs = parseSeconds('report', values.timeout, '--timeout')
    const opened = await openDoctor('report', dataDir, io, waitMs)
    try {
      const api = createDoctorApi({ ...opened.deps, report: { appVersion: packageJson.version } })
      const report = await api['doctor:report']()
      let isDir = false
      try {
        isDir = statSync(out).isDirectory()
      } catch {
        // a new file
      }
      if (isDir) out = join(out, report.fileName)
      try {
        await writeFile(out, report.text, { mode: 0o600 })
        await chmod(out, 0o600)
      } catch (error) {
        throw new CliError(
          `report: cannot write ${out} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); choose another --out.`,
        )
      }
      io.out(`Wrote ${out} (${Math.max(1, Math.round(Buffer.byteLength(report.text) / 1024))} KiB). Attach it to your support ticket.`)
      return 0
    } finally {
      await opened.close()
    }
  },
}
