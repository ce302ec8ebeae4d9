import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import type { ConformanceCaseDto } from '../../contract/dto'
import { ConformanceOptionsError, runConformance } from '../../core/doctor/conformance/run-conformance'
import { loadTestCases, TestCasesError } from '../../core/doctor/conformance/load-test-cases'
import { CliError } from '../cli-error'
import type { CliCommand } from '../commands'
import type { CliIo } from '../io'
import { parseFlags, requireFlag } from '../parse-flags'

// `validate`: runs Microsoft's WOPI validator test cases (TestCases.xml) against any WOPI host over HTTP.

const usage =
  'wopi-desk validate --wopisrc <url> --token <token> --cases <TestCases.xml> [--category <c>] [--token-ttl <ms>] [--group <name>] [--json]'

export const validateCommand: CliCommand = {
  name: 'validate',
  summary: "Run Microsoft's WOPI validator test cases against a WOPI host (exit 1 when a case fails).",
  usage,
  async run(argv: string[], io: CliIo): Promise<number> {
    const { values } = parseFlags(
      'validate',
      argv,
      {
        wopisrc: { type: 'string' },
        token: { type: 'string' },
        cases: { type: 'string' },
        category: { type: 'string' },
        'token-ttl': { type: 'string' },
        group: { type: 'string' },
        json: { type: 'boolean' },
      },
      { min: 0, max: 0, usage },
    )
    const wopiSrc = requireFlag('validate', values.wopisrc, '--wopisrc', usage)
    const token = requireFlag('validate', values.token, '--token', usage)
    const casesPath = resolve(io.cwd, requireFlag('validate', values.cases, '--cases', usage))
    const ttlText = values['token-ttl'] ?? '0'
    if (!/^\d{1,16}$/.test(ttlText)) {
      throw new CliError(`validate: --token-ttl must be the token's expiry in milliseconds since 1970 (or 0), got "${ttlText}".`)
    }

    let xml: string
    try {
      xml = await readFile(casesPath, 'utf8')
    } catch (error) {
      throw new CliError(`validate: cannot read --cases ${casesPath} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}). Pass the path of Microsoft's TestCases.xml.`)
    }
    let suite
    try {
      suite = loadTestCases(xml)
    } catch (error) {
      if (error instanceof TestCasesError) throw new CliError(`validate: ${casesPath}: ${error.message}`)
      throw error
    }

    const printCase = (result: ConformanceCaseDto) => {
      io.out(`${result.group} / ${result.name}: ${result.status}${result.message ? ` - ${result.message}` : ''}`)
    }
    let report
    try {
      report = await runConformance({
        wopiSrc,
        accessToken: token,
        accessTokenTtl: Number(ttlText),
        cases: suite,
        ...(values.category ? { category: values.category } : {}),
        ...(values.group ? { groups: [values.group] } : {}),
        ...(values.json ? {} : { onCase: printCase }),
      })
    } catch (error) {
      if (error instanceof ConformanceOptionsError) throw new CliError(`validate: ${error.message}`)
      throw error
    }
    if (values.json) io.out(JSON.stringify(report, null, 2))
    else io.out(`${report.passed} passed, ${report.failed} failed, ${report.skipped} skipped`)
    return report.failed > 0 ? 1 : 0
  },
}
