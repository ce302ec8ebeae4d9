import { describe, expect, it } from 'vitest'
import type { CheckResultDto } from '../../../../electron/contract/dto'
import { countByStatus, filterGroups, groupChecks, upsertResult } from './doctor-logic'

const check = (id: string, endpointId: string | null, status: CheckResultDto['status']): CheckResultDto => ({
  id,
  title: id,
  endpointId,
  status,
  detail: '',
  fix: '',
})

describe('doctor results', () => {
  const names = { thisHost: 'This host', removedEditor: 'Removed editor' }
  const endpoints = [
    { id: 'code', name: 'Collabora CODE' },
    { id: 'oo', name: 'ONLYOFFICE' },
  ]

  it('groups by editor: groups with failures, then warnings first; then This host first; failures first within a group', () => {
    const groups = groupChecks(
      [
        check('discovery', 'oo', 'pass'),
        check('listening', null, 'pass'),
        check('proof', 'oo', 'fail'),
        check('alias', 'code', 'warn'),
        check('old', 'gone', 'skip'),
      ],
      endpoints,
      names,
    )
    expect(groups.map((group) => group.title)).toEqual(['ONLYOFFICE', 'Collabora CODE', 'This host', 'Removed editor'])
    expect(groups[0]!.checks.map((c) => c.id)).toEqual(['proof', 'discovery'])
    const healthy = groupChecks(
      [check('discovery', 'oo', 'pass'), check('listening', null, 'pass'), check('alias', 'code', 'pass')],
      endpoints,
      names,
    )
    expect(healthy.map((group) => group.title)).toEqual(['This host', 'Collabora CODE', 'ONLYOFFICE'])
  })

  it('shows only the checks of a pressed summary chip, dropping emptied groups', () => {
    const groups = groupChecks(
      [check('discovery', 'oo', 'pass'), check('listening', null, 'pass'), check('proof', 'oo', 'fail')],
      endpoints,
      names,
    )
    expect(filterGroups(groups, 'fail').map((group) => [group.title, group.checks.map((c) => c.id)])).toEqual([['ONLYOFFICE', ['proof']]])
    expect(filterGroups(groups, null)).toEqual(groups)
  })

  it('counts statuses', () => {
    expect(countByStatus([check('a', null, 'pass'), check('b', null, 'fail'), check('c', null, 'fail')])).toEqual({
      pass: 1,
      warn: 0,
      fail: 2,
      skip: 0,
    })
  })

  it('replaces a live result for the same check and editor', () => {
    const first = upsertResult([], check('discovery', 'oo', 'warn'))
    const second = upsertResult(first, check('discovery', 'code', 'pass'))
    const third = upsertResult(second, check('discovery', 'oo', 'pass'))
    expect(third.map((c) => `${c.endpointId}:${c.status}`)).toEqual(['oo:pass', 'code:pass'])
  })
})
