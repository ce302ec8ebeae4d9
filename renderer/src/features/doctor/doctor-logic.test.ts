import { describe, expect, it } from 'vitest'
import type { CheckResultDto } from '../../../../electron/contract/dto'
import { countByStatus, groupChecks, upsertResult } from './doctor-logic'

const check = (id: string, endpointId: string | null, status: CheckResultDto['status']): CheckResultDto => ({
  id,
  title: id,
  endpointId,
  status,
  detail: '',
  fix: '',
})

describe('doctor results', () => {
  const endpoints = [
    { id: 'code', name: 'Collabora CODE' },
    { id: 'oo', name: 'ONLYOFFICE' },
  ]

  it('groups by editor with This host first and failures first within a group', () => {
    const groups = groupChecks(
      [check('discovery', 'oo', 'pass'), check('listening', null, 'pass'), check('proof', 'oo', 'fail'), check('alias', 'code', 'warn'), check('old', 'gone', 'skip')],
      endpoints,
    )
    expect(groups.map((group) => group.title)).toEqual(['This host', 'Collabora CODE', 'ONLYOFFICE', 'Removed editor'])
    expect(groups[2]!.checks.map((c) => c.id)).toEqual(['proof', 'discovery'])
  })

  it('counts statuses', () => {
    expect(countByStatus([check('a', null, 'pass'), check('b', null, 'fail'), check('c', null, 'fail')])).toEqual({ pass: 1, warn: 0, fail: 2, skip: 0 })
  })

  it('replaces a live result for the same check and editor', () => {
    const first = upsertResult([], check('discovery', 'oo', 'warn'))
    const second = upsertResult(first, check('discovery', 'code', 'pass'))
    const third = upsertResult(second, check('discovery', 'oo', 'pass'))
    expect(third.map((c) => `${c.endpointId}:${c.status}`)).toEqual(['oo:pass', 'code:pass'])
  })
})
