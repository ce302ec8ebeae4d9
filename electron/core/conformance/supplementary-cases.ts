import { loadTestCases } from './load-test-cases'
import type { TestSuite } from './model'

// WOPI Desk's own cases (resources/wopi-validator/WopiDeskCases.xml) run after Microsoft's, in the same runner,
// reported as groups of their own ("WopiDesk.*", suite "wopi-desk"). The file repeats the prerequisite cases it
// uses so it loads alone; merged, the first suite's definitions win, so results stay comparable with Microsoft's.

export const SUPPLEMENTARY_CASES_FILE = 'WopiDeskCases.xml'

export function loadSupplementaryCases(xmlText: string): TestSuite {
  const suite = loadTestCases(xmlText)
  return { ...suite, groups: suite.groups.map((group) => ({ ...group, suite: 'wopi-desk' as const })) }
}

export function mergeSuites(first: TestSuite, second: TestSuite): TestSuite {
  const resourceIds = new Set(first.resources.map((resource) => resource.id))
  const prereqNames = new Set(first.prereqCases.map((testCase) => testCase.name))
  const groupNames = new Set(first.groups.map((group) => group.name))
  return {
    resources: [...first.resources, ...second.resources.filter((resource) => !resourceIds.has(resource.id))],
    prereqCases: [...first.prereqCases, ...second.prereqCases.filter((testCase) => !prereqNames.has(testCase.name))],
    // a group of the same name would be ambiguous for --group: the first file's group is kept
    groups: [...first.groups, ...second.groups.filter((group) => !groupNames.has(group.name))],
  }
}
