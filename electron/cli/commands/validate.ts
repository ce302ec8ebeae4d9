import { readFile, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import type { ConformanceCaseDto } from '../../contract/dto'
import { ConformanceOptionsError, runConformance, type RunnerProofKeys } from '../../core/conformance'
import { junitXml } from '../../core/conformance/junit-report'
import { loadTestCases, TestCasesError } from '../../core/conformance/load-test-cases'
import type { TestSuite } from '../../core/conformance/model'
import { loadSupplementaryCases, mergeSuites, SUPPLEMENTARY_CASES_FILE } from '../../core/conformance/supplementary-cases'
import { appPaths } from '../app-paths'
import { CliError } from '../cli-error'
import type { CliCommand } from '../commands'
import type { CliIo } from '../io'
import { parseFlags, parsePort, requireFlag } from '../parse-flags'
import { caseLine, closingLines, exchangeLines, exitStatus } from './validate-output'
import { createProofKeys, printProofKey, readProofKeys, serveDiscovery } from './validate-proof-keys'

// `validate`: runs Microsoft's WOPI validator test cases (TestCases.xml) and WOPI Desk's supplementary cases
// (WopiDeskCases.xml) against any WOPI host over HTTP. Made for CI as much as for support: it fails when nothing
// was tested, stops after a failed gate, writes JUnit XML, and removes the files its cases created.

const usage =
  'wopi-desk validate --wopisrc <url> --token <token> [--cases <TestCases.xml>] [--category <c>] [--group <names>] [--case <names>] ' +
  '[--timeout <seconds>] [--proof-keys <file>] [--no-supplementary] [--token-ttl <ms>] [--verbose] [--json] [--junit <file>]\n' +
  '       wopi-desk validate --create-proof-keys <file> | --proof-keys <file> --print-proof-key | --proof-keys <file> --serve-discovery [--port <n>]'

const DEFAULT_TIMEOUT_SECONDS = 30

export const validateCommand: CliCommand = {
  name: 'validate',
  summary:
    "Run Microsoft's WOPI validator test cases and WOPI Desk's own against a WOPI host (exit 1 when a case fails or nothing was tested).",
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
        case: { type: 'string' },
        timeout: { type: 'string' },
        verbose: { type: 'boolean' },
        json: { type: 'boolean' },
        junit: { type: 'string' },
        'no-supplementary': { type: 'boolean' },
        'proof-keys': { type: 'string' },
        'create-proof-keys': { type: 'string' },
        'print-proof-key': { type: 'boolean' },
        'serve-discovery': { type: 'boolean' },
        port: { type: 'string' },
      },
      { min: 0, max: 0, usage },
    )
    if (values['create-proof-keys']) return createProofKeys(io, values['create-proof-keys'])
    const proofKeys: RunnerProofKeys | undefined = values['proof-keys'] ? await readProofKeys(io, values['proof-keys']) : undefined
    if (values['print-proof-key'] || values['serve-discovery']) {
      if (!proofKeys)
        throw new CliError(
          `validate: ${values['print-proof-key'] ? '--print-proof-key' : '--serve-discovery'} needs --proof-keys <file> (create one with --create-proof-keys <file>).`,
        )
      if (values['print-proof-key']) return printProofKey(io, proofKeys)
      return serveDiscovery(io, proofKeys, parsePort('validate', values.port) ?? 0)
    }

    const wopiSrc = requireFlag('validate', values.wopisrc, '--wopisrc', usage)
    const token = requireFlag('validate', values.token, '--token', usage)
    const ttlText = values['token-ttl'] ?? '0'
    if (!/^\d{1,16}$/.test(ttlText)) {
      throw new CliError(`validate: --token-ttl must be the token's expiry in milliseconds since 1970 (or 0), got "${ttlText}".`)
    }
    const timeoutText = values.timeout ?? String(DEFAULT_TIMEOUT_SECONDS)
    const timeoutSeconds = Number(timeoutText)
    if (!/^\d+(\.\d+)?$/.test(timeoutText) || timeoutSeconds <= 0 || timeoutSeconds > 3600) {
      throw new CliError(
        `validate: --timeout must be the seconds to wait for each answer, more than 0 and at most 3600, got "${timeoutText}".`,
      )
    }
    const casesPath = resolve(io.cwd, values.cases ?? join(appPaths.resourcesDir, 'wopi-validator', 'TestCases.xml'))
    let suite = await readSuite(casesPath, values.cases ? '--cases' : 'the shipped test cases', loadTestCases)
    if (!values['no-supplementary']) {
      const supplementaryPath = join(appPaths.resourcesDir, 'wopi-validator', SUPPLEMENTARY_CASES_FILE)
      suite = mergeSuites(suite, await readSuite(supplementaryPath, "WOPI Desk's supplementary cases", loadSupplementaryCases))
    }
    const list = (text: string | undefined) =>
      text
        ?.split(',')
        .map((name) => name.trim())
        .filter(Boolean)

    const streaming = !values.json
    const onCase = (result: ConformanceCaseDto) => {
      if (streaming) {
        io.out(caseLine(result))
        if (values.verbose) for (const line of exchangeLines(result)) io.out(line)
      }
    }
    let report
    try {
      report = await runConformance({
        wopiSrc,
        accessToken: token,
        accessTokenTtl: Number(ttlText),
        cases: suite,
        requestTimeoutMs: Math.round(timeoutSeconds * 1000),
        ...(values.category ? { category: values.category } : {}),
        ...(list(values.group) ? { groups: list(values.group) } : {}),
        ...(list(values.case) ? { caseNames: list(values.case) } : {}),
        ...(proofKeys ? { proofKeys } : {}),
        onCase,
        // stdout carries the JSON: progress goes to stderr so a CI log still shows where a slow run is
        ...(values.json
          ? { onCaseStart: ({ index, total, group, name }) => io.err(`validate: [${index}/${total}] ${group} / ${name}`) }
          : {}),
      })
    } catch (error) {
      if (error instanceof ConformanceOptionsError) throw new CliError(`validate: ${error.message}`)
      throw error
    }
    if (values.junit) {
      const junitPath = resolve(io.cwd, values.junit)
      try {
        await writeFile(junitPath, junitXml(report))
      } catch (error) {
        throw new CliError(
          `validate: cannot write --junit ${junitPath} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`,
        )
      }
    }
    if (values.json) io.out(JSON.stringify(report, null, 2))
    else for (const line of closingLines(report)) io.out(line)
    return exitStatus(report)
  },
}

async function readSuite(path: string, what: string, load: (xml: string) => TestSuite): Promise<TestSuite> {
  let xml: string
  try {
    xml = await readFile(path, 'utf8')
  } catch (error) {
    const hint =
      what === '--cases'
        ? " Pass the path of Microsoft's TestCases.xml."
        : ' Reinstall WOPI Desk, or pass --cases <TestCases.xml> and --no-supplementary.'
    throw new CliError(
      `validate: cannot read ${what === '--cases' ? '--cases ' : ''}${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).${hint}`,
    )
  }
  try {
    return load(xml)
  } catch (error) {
    if (error instanceof TestCasesError) throw new CliError(`validate: ${path}: ${error.message}`)
    throw error
  }
}
