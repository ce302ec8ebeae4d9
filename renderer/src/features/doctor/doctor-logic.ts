import type { CheckResultDto, CheckStatus, EndpointDto } from '../../../../electron/contract/dto'

export interface CheckGroup {
  key: string
  endpointId: string | null
  title: string
  checks: CheckResultDto[]
}

const severity: Record<CheckStatus, number> = { fail: 0, warn: 1, pass: 2, skip: 3 }

/**
 * Groups with failures first, then groups with warnings (so a problem is never three screens down); otherwise
 * "This host" first, then each editor in catalog order. Within a group, failures first.
 */
export function groupChecks(
  checks: readonly CheckResultDto[],
  endpoints: readonly Pick<EndpointDto, 'id' | 'name'>[],
  /** the group titles in the page's language */
  names: { thisHost: string; removedEditor: string },
): CheckGroup[] {
  const groups = new Map<string, CheckGroup>()
  for (const check of checks) {
    const key = check.endpointId ?? ''
    let group = groups.get(key)
    if (!group) {
      const title =
        check.endpointId === null
          ? names.thisHost
          : (endpoints.find((endpoint) => endpoint.id === check.endpointId)?.name ?? names.removedEditor)
      groups.set(key, (group = { key: key || 'host', endpointId: check.endpointId, title, checks: [] }))
    }
    group.checks.push(check)
  }
  const order = (group: CheckGroup) =>
    group.endpointId === null ? -1 : endpoints.findIndex((endpoint) => endpoint.id === group.endpointId) + 1 || endpoints.length + 1
  const worst = (group: CheckGroup) => Math.min(severity.pass, ...group.checks.map((check) => severity[check.status]))
  return [...groups.values()]
    .sort((a, b) => worst(a) - worst(b) || order(a) - order(b))
    .map((group) => ({ ...group, checks: [...group.checks].sort((a, b) => severity[a.status] - severity[b.status]) }))
}

/** Only the checks with `status` (a summary chip pressed); groups left without a check are dropped. */
export function filterGroups(groups: readonly CheckGroup[], status: CheckStatus | null): CheckGroup[] {
  if (status === null) return [...groups]
  return groups
    .map((group) => ({ ...group, checks: group.checks.filter((check) => check.status === status) }))
    .filter((group) => group.checks.length > 0)
}

export function countByStatus(checks: readonly CheckResultDto[]): Record<CheckStatus, number> {
  const counts: Record<CheckStatus, number> = { pass: 0, warn: 0, fail: 0, skip: 0 }
  for (const check of checks) counts[check.status]++
  return counts
}

/** Adds a live result, replacing an earlier one for the same check and editor. */
export function upsertResult(results: readonly CheckResultDto[], result: CheckResultDto): CheckResultDto[] {
  const index = results.findIndex((candidate) => candidate.id === result.id && candidate.endpointId === result.endpointId)
  if (index < 0) return [...results, result]
  const next = [...results]
  next[index] = result
  return next
}

/** The key of each status's word in the doctor namespace. */
export const statusLabelKeys = {
  pass: 'doctor:status.pass',
  warn: 'doctor:status.warn',
  fail: 'doctor:status.fail',
  skip: 'doctor:status.skip',
} as const satisfies Record<CheckStatus, string>
