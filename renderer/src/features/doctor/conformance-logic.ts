import type { TFunction } from 'i18next'
import type { ConformanceCaseDto } from '../../../../electron/contract/dto'

export interface SkipReason {
  reason: string
  cases: string[]
}

/** Skipped cases grouped by the reason the runner gave (its own words stay English), most common first (the CLI lists the same reasons). */
export function skipReasons(cases: readonly ConformanceCaseDto[], t: TFunction): SkipReason[] {
  const byReason = new Map<string, string[]>()
  for (const testCase of cases) {
    if (testCase.status !== 'skipped') continue
    const reason =
      testCase.message?.trim() ||
      (testCase.failedPrereq
        ? t('doctor:conformance.prerequisiteFailed', { name: testCase.failedPrereq })
        : t('doctor:conformance.noReason'))
    const list = byReason.get(reason) ?? []
    list.push(`${testCase.group} › ${testCase.name}`)
    byReason.set(reason, list)
  }
  return [...byReason]
    .map(([reason, names]) => ({ reason, cases: names }))
    .sort((a, b) => b.cases.length - a.cases.length || a.reason.localeCompare(b.reason))
}
