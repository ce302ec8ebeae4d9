// `npm test`: typecheck, lint, unit and integration tests (vitest), the build, browser end-to-end tests
// (Playwright in Debian's Chromium) and the Electron security scan. Each runner's own summary is read
// from its JSON report, and the last line printed is the one CI reads: "N passed, M failed".
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(fileURLToPath(new URL('..', import.meta.url)))
const results = join(root, '.ci-results')
rmSync(results, { recursive: true, force: true })
mkdirSync(results, { recursive: true })
const bin = (name) => join(root, 'node_modules', '.bin', name)

const tally = { passed: 0, failed: 0, skipped: 0 }
const lines = []

function run(label, command, args, env = {}) {
  process.stdout.write(`\n=== ${label} ===\n`)
  const started = Date.now()
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } })
  const seconds = ((Date.now() - started) / 1000).toFixed(1)
  return { status: result.status ?? 1, seconds }
}

function step(label, command, args) {
  const { status, seconds } = run(label, command, args)
  if (status === 0) tally.passed++
  else tally.failed++
  lines.push(`${label}: ${status === 0 ? 'passed' : 'FAILED'} (${seconds}s)`)
  return status === 0
}

/** "title: reason" of every skipped Playwright test, from its JSON report. */
function skipReasons(json) {
  const reasons = []
  const visit = (suite) => {
    for (const spec of suite.specs ?? []) {
      for (const testRun of spec.tests ?? []) {
        if (testRun.status !== 'skipped') continue
        const annotation = (testRun.annotations ?? []).find((a) => a.type === 'skip')
        reasons.push(`${spec.title}: ${annotation?.description ?? 'no reason given'}`)
      }
    }
    for (const child of suite.suites ?? []) visit(child)
  }
  for (const suite of json.suites ?? []) visit(suite)
  return reasons
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'))
  } catch {
    return null
  }
}

const only = process.argv.slice(2)
const wants = (name) => only.length === 0 || only.includes(name)

if (wants('typecheck')) step('typecheck (tsc -b)', bin('tsc'), ['-b'])

if (wants('lint')) step('lint (eslint)', bin('eslint'), ['.'])

if (wants('format')) step('format (prettier --check)', bin('prettier'), ['--check', '--log-level', 'warn', '.'])

if (wants('unit')) {
  const report = join(results, 'vitest.json')
  const { status, seconds } = run('unit and integration tests (vitest)', bin('vitest'), [
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${report}`,
  ])
  const json = readJson(report)
  if (json) {
    tally.passed += json.numPassedTests
    tally.failed += json.numFailedTests + (json.numRuntimeErrorTestSuites ?? 0)
    tally.skipped += (json.numPendingTests ?? 0) + (json.numTodoTests ?? 0)
    // A suite that fails to load has no tests to count: count it so the failure is never silent.
    const brokenSuites = (json.testResults ?? []).filter((suite) => suite.status === 'failed' && suite.assertionResults.length === 0)
    tally.failed += brokenSuites.length
    lines.push(`vitest: ${json.numPassedTests} passed, ${json.numFailedTests} failed, ${json.numPendingTests ?? 0} skipped (${seconds}s)`)
  } else {
    tally.failed++
    lines.push(`vitest: no report (exit ${status})`)
  }
  if (json && status !== 0 && json.numFailedTests === 0) {
    tally.failed++
    lines.push(`vitest exited ${status} without a failed test: counted as one failure`)
  }
}

if (wants('build') || wants('e2e') || wants('security')) step('build (electron-vite)', process.execPath, ['scripts/ensure-build.mjs'])

/**
 * Adds a Playwright JSON report to the tally, with the reasons of skipped tests; a run that exited non-zero
 * without a failed test (a crash, a config error) counts as one failure, and so does a missing report.
 */
function countPlaywright(label, report, status, seconds) {
  const json = readJson(report)
  if (!json?.stats) {
    tally.failed++
    lines.push(`${label}: no report (exit ${status})`)
    return
  }
  const { expected = 0, unexpected = 0, flaky = 0, skipped = 0 } = json.stats
  tally.passed += expected
  tally.failed += unexpected + flaky
  tally.skipped += skipped
  lines.push(`${label}: ${expected} passed, ${unexpected + flaky} failed, ${skipped} skipped (${seconds}s)`)
  for (const reason of skipReasons(json)) lines.push(`  skipped: ${reason}`)
  if (status !== 0 && unexpected + flaky === 0) {
    tally.failed++
    lines.push(`${label} exited ${status} without a failed test: counted as one failure`)
  }
}

if (wants('e2e')) {
  const report = join(results, 'playwright.json')
  const { status, seconds } = run('end-to-end tests (Playwright, Chromium)', bin('playwright'), ['test'], {
    PLAYWRIGHT_JSON_OUTPUT_FILE: report,
    PLAYWRIGHT_JSON_OUTPUT_NAME: report,
  })
  countPlaywright('playwright', report, status, seconds)
}

if (wants('e2e') || wants('electron')) {
  // The desktop window, where an Electron binary exists (under xvfb-run when there is no display); elsewhere the
  // test skips itself and its reason is printed below.
  const report = join(results, 'playwright-electron.json')
  const useXvfb = !process.env.DISPLAY && spawnSync('sh', ['-c', 'command -v xvfb-run'], { stdio: 'ignore' }).status === 0
  const command = useXvfb ? 'xvfb-run' : bin('playwright')
  const args = useXvfb
    ? ['-a', bin('playwright'), 'test', '-c', 'playwright.electron.config.ts']
    : ['test', '-c', 'playwright.electron.config.ts']
  const { status, seconds } = run('Electron smoke test (Playwright _electron)', command, args, { PLAYWRIGHT_JSON_OUTPUT_FILE: report })
  countPlaywright('electron', report, status, seconds)
}

if (wants('security')) step('security scan (electronegativity)', process.execPath, ['scripts/security-gate.mjs'])

// Packaging against a stub Electron: refusal without an Electron-ABI addon, asar contents, fuses, size budget.
if (wants('packaging')) step('packaging check (electron-builder, stub Electron)', process.execPath, ['scripts/check-packaging.mjs'])

// The `wopi-desk` npm package: pack, install the tarball into an empty prefix, run the CLI with Node alone.
if (wants('package')) step('npm package (pack, install, run)', process.execPath, ['scripts/check-npm-package.mjs'])

process.stdout.write('\n=== summary ===\n' + lines.join('\n') + '\n')
if (tally.skipped) process.stdout.write(`${tally.skipped} skipped\n`)
const summary = `${tally.passed} passed, ${tally.failed} failed`
writeFileSync(join(results, 'summary.txt'), summary + '\n')
process.stdout.write(summary + '\n')
process.exitCode = tally.failed === 0 ? 0 : 1
if (!existsSync(results)) process.exitCode = 1
