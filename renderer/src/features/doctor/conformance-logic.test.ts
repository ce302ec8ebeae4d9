import { describe, expect, it } from 'vitest'
import type { ConformanceCaseDto } from '../../../../electron/contract/dto'
import { consoleResources } from '../../i18n/console-resources'
import { createI18n } from '../../i18n/create-i18n'
import { skipReasons } from './conformance-logic'

const english = createI18n(consoleResources, 'en')

const testCase = (name: string, status: ConformanceCaseDto['status'], message?: string): ConformanceCaseDto =>
  ({ group: 'Locks', name, status, ...(message ? { message } : {}), requests: [] }) as unknown as ConformanceCaseDto

describe('skip reasons', () => {
  it('groups skipped cases by reason, most common first, and ignores the rest', () => {
    const reasons = skipReasons(
      [
        testCase('A', 'skipped', 'needs proof keys'),
        testCase('B', 'passed'),
        testCase('C', 'skipped', 'not supported: UserCanRename is false'),
        testCase('D', 'skipped', 'needs proof keys'),
        testCase('E', 'skipped'),
        { ...testCase('F', 'skipped'), failedPrereq: 'Lock' },
      ],
      english.t,
    )
    expect(reasons).toEqual([
      { reason: 'needs proof keys', cases: ['Locks › A', 'Locks › D'] },
      { reason: 'Its prerequisite Lock did not pass', cases: ['Locks › F'] },
      { reason: 'No reason given', cases: ['Locks › E'] },
      { reason: 'not supported: UserCanRename is false', cases: ['Locks › C'] },
    ])
  })

  it("words its own fallbacks in the page language; the runner's reasons stay as they came", () => {
    const german = createI18n(consoleResources, 'de')
    const reasons = skipReasons(
      [testCase('A', 'skipped', 'needs proof keys'), testCase('E', 'skipped'), { ...testCase('F', 'skipped'), failedPrereq: 'Lock' }],
      german.t,
    ).map((entry) => entry.reason)
    expect(reasons.sort()).toEqual(['Die Voraussetzung Lock wurde nicht bestanden', 'Kein Grund angegeben', 'needs proof keys'])
  })
})
