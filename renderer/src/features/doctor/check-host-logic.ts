import type { TFunction } from 'i18next'
import type { ConformanceCaseDto, ConformanceReport, ConformanceRequestDto } from '../../../../electron/contract/dto'

// What "Check another host" shows of a conformance report: cases in order of concern (failed, then skipped, then
// passed), the headline, and one exchange as text a support engineer can read or copy.

export type CaseFilter = 'problems' | 'all'

const ORDER: Record<ConformanceCaseDto['status'], number> = { failed: 0, skipped: 1, passed: 2 }

export function casesToShow(report: ConformanceReport, filter: CaseFilter): ConformanceCaseDto[] {
  const cases = filter === 'all' ? report.cases : report.cases.filter((testCase) => testCase.status !== 'passed')
  return [...cases].sort((a, b) => ORDER[a.status] - ORDER[b.status])
}

export function headline(report: ConformanceReport, t: TFunction): { severity: 'success' | 'warning' | 'error'; text: string } {
  if (report.gate) return { severity: 'error', text: t('doctor:headline.gate', { message: report.gate.message }) }
  if (report.passed + report.failed === 0) return { severity: 'warning', text: t('doctor:headline.nothing') }
  if (report.failed > 0) return { severity: 'error', text: t('doctor:headline.failed', { count: report.failed }) }
  return { severity: 'success', text: t('doctor:conformance.allPassed') }
}

/** One exchange as the CLI's --verbose prints it (already redacted by the runner). */
export function exchangeText(request: ConformanceRequestDto): string {
  if (!request.method) return `${request.name}: not sent (${request.failures.join('; ')})`
  const lines = [`> ${request.method} ${request.url}${request.cleanup ? '  (cleanup)' : ''}`]
  for (const [name, value] of Object.entries(request.requestHeaders ?? {})) lines.push(`>   ${name}: ${value}`)
  lines.push(request.status === 0 ? `< no answer${request.error ? `: ${request.error}` : ''}` : `< ${request.status}`)
  for (const [name, value] of Object.entries(request.responseHeaders ?? {})) lines.push(`<   ${name}: ${value}`)
  if (request.responseBody) lines.push(`<   body: ${request.responseBody}`)
  for (const failure of request.failures) lines.push(`! ${failure}`)
  return lines.join('\n')
}

/** WOPISrc + token, or a host page URL alone; null when the input can be sent. */
export function inputProblem(target: string, token: string, t: TFunction): string | null {
  const trimmed = target.trim()
  if (!trimmed) return t('doctor:input.empty')
  let url: URL
  try {
    url = new URL(trimmed)
  } catch {
    return t('doctor:input.absolute')
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return t('doctor:input.absolute')
  if (token.trim() && url.searchParams.has('access_token')) return t('doctor:input.token')
  return null
}
