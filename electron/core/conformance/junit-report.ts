import type { ConformanceReport } from '../../contract/dto'

// JUnit XML of a conformance report, the format CI systems (GitHub Actions, GitLab, Jenkins) show as test
// results: one <testsuite> per test group, a <failure> or <skipped> with the runner's message.

export function junitXml(report: ConformanceReport, suiteName = 'WOPI conformance'): string {
  const groups = new Map<string, ConformanceReport['cases']>()
  for (const testCase of report.cases) {
    const list = groups.get(testCase.group) ?? []
    list.push(testCase)
    groups.set(testCase.group, list)
  }
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${xmlText(suiteName)}" tests="${report.cases.length}" failures="${report.failed}" skipped="${report.skipped}">`,
  ]
  for (const [group, cases] of groups) {
    const failures = cases.filter((testCase) => testCase.status === 'failed').length
    const skipped = cases.filter((testCase) => testCase.status === 'skipped').length
    lines.push(`  <testsuite name="${xmlText(group)}" tests="${cases.length}" failures="${failures}" skipped="${skipped}">`)
    for (const testCase of cases) {
      const open = `    <testcase classname="${xmlText(group)}" name="${xmlText(testCase.name)}"`
      const message = xmlText(testCase.message ?? '')
      if (testCase.status === 'passed') lines.push(`${open}/>`)
      else if (testCase.status === 'failed')
        lines.push(`${open}>`, `      <failure message="${message}">${message}</failure>`, '    </testcase>')
      else lines.push(`${open}>`, `      <skipped message="${message}"/>`, '    </testcase>')
    }
    lines.push('  </testsuite>')
  }
  lines.push('</testsuites>', '')
  return lines.join('\n')
}

/** Escapes for both text and attribute values; drops characters XML 1.0 cannot carry. */
function xmlText(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
}
