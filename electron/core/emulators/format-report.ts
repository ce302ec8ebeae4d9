import type { EmulationReport, StepRecord } from './types'

// Plain-text rendering of an emulation report for the CLI and the clipboard. The report is already redacted.

const EDITOR_NAMES = { collabora: 'Collabora Online', onlyoffice: 'ONLYOFFICE Docs' } as const
const MARKS = { ok: '✓', deviation: '!', fatal: '✗', skipped: '-' } as const

function requestLine(record: StepRecord): string {
  if (!record.request) return ''
  // Not re-parsed with URL(): that would percent-encode the <redacted> marker.
  const path = record.request.url.replace(/^[a-z]+:\/\/[^/]+/i, '')
  const override = record.request.headers['X-WOPI-Override']
  const status = record.status === null ? 'no answer' : String(record.status)
  return `${record.request.method} ${path}${override ? ` (${override})` : ''} -> ${status}`
}

export function formatReport(report: EmulationReport): string[] {
  const lines = [`${report.client ?? EDITOR_NAMES[report.editor]} emulation against ${report.wopiSrc}`]
  for (const record of report.steps) {
    lines.push(`${MARKS[record.outcome]} ${record.step}: ${record.finding}`)
    const request = requestLine(record)
    if (request) lines.push(`    ${request}`)
    if (record.consequence) lines.push(`    => ${record.consequence}`)
  }
  lines.push(summaryLine(report))
  for (const leftover of report.leftovers) lines.push(`  to do: ${leftover}`)
  return lines
}

export function summaryLine(report: EmulationReport): string {
  const name = report.client ?? EDITOR_NAMES[report.editor]
  const checked = `${report.steps.length} observation${report.steps.length === 1 ? '' : 's'}`
  const verdict = report.fatal
    ? `${name} would stop here`
    : report.readOnly
      ? `${name} opens the document read-only (${report.readOnly}): editing is impossible`
      : report.deviations === 0
        ? `this host gives ${name} everything it needs`
        : `${name} works with limitations`
  const deviations = `${report.deviations} deviation${report.deviations === 1 ? '' : 's'}`
  return `Summary: ${checked}, ${deviations}${report.fatal ? ', 1 fatal' : ''}: ${verdict}.`
}
