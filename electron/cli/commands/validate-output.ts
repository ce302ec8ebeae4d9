import type { ConformanceCaseDto, ConformanceReport, ConformanceRequestDto } from '../../contract/dto'

// Text output of `validate`: one line per case (the progress), the exchanges under it with --verbose, and the
// closing lines; the report is already redacted by the runner.

export function caseLine(result: ConformanceCaseDto): string {
  return `${result.group} / ${result.name}: ${result.status}${result.message ? ` - ${result.message}` : ''}`
}

export function exchangeLines(result: ConformanceCaseDto): string[] {
  const lines: string[] = []
  for (const request of result.requests ?? []) lines.push(...requestLines(request))
  return lines
}

function requestLines(request: ConformanceRequestDto): string[] {
  if (!request.method) return [`    ${request.name}: not sent (${request.failures.join('; ')})`]
  // Not re-parsed with URL(): the path is shown as sent, with the token already replaced.
  const path = request.url.replace(/^[a-z]+:\/\/[^/]+/i, '')
  const lines = [`    > ${request.method} ${path}${request.cleanup ? ' (cleanup)' : ''}`]
  for (const [name, value] of Object.entries(request.requestHeaders ?? {})) lines.push(`    >   ${name}: ${value}`)
  lines.push(request.status === 0 ? `    < no answer${request.error ? `: ${request.error}` : ''}` : `    < ${request.status}`)
  for (const [name, value] of Object.entries(request.responseHeaders ?? {})) lines.push(`    <   ${name}: ${value}`)
  if (request.responseBody) lines.push(`    <   body: ${request.responseBody}`)
  for (const failure of request.failures) lines.push(`    ! ${failure}`)
  return lines
}

export function closingLines(report: ConformanceReport): string[] {
  const lines: string[] = []
  const own = report.cases.filter((result) => result.suite === 'wopi-desk')
  if (own.length > 0) {
    const count = (status: ConformanceCaseDto['status']) => own.filter((result) => result.status === status).length
    lines.push(`WOPI Desk supplementary cases: ${count('passed')} passed, ${count('failed')} failed, ${count('skipped')} skipped`)
  }
  if (report.cleanup && report.cleanup.removed.length > 0) lines.push(`Removed files the run created: ${report.cleanup.removed.join(', ')}`)
  if (report.cleanup && report.cleanup.leftovers.length > 0)
    lines.push(`Could not remove files the run created, delete them by hand: ${report.cleanup.leftovers.join(', ')}`)
  if (report.gate) {
    lines.push(`Nothing after the gate was tested: ${report.gate.message}.`)
    if (!report.signed && report.gate.message.includes('HTTP 500')) {
      lines.push(
        'A host that checks proof keys answers 500 to unsigned requests: pass --proof-keys <file> with a key pair it trusts (see --create-proof-keys).',
      )
    }
  } else if (report.passed + report.failed === 0) lines.push('Nothing was tested: every selected case was skipped (see the reasons above).')
  lines.push(`${report.passed} passed, ${report.failed} failed, ${report.skipped} skipped`)
  return lines
}

/** Exit status: 1 when a case failed, the gate failed, or nothing was tested at all. */
export function exitStatus(report: ConformanceReport): number {
  return report.failed > 0 || report.gate !== undefined || report.passed === 0 ? 1 : 0
}
