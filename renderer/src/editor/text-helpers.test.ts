import { describe, expect, it } from 'vitest'
import { createI18n } from '../i18n/create-i18n'
import { editorResources } from '../i18n/editor-resources'
import { caretPosition, decoratedName, jsonProblem, stemOf } from './text-helpers'

const english = createI18n(editorResources, 'en')

describe('editor text helpers', () => {
  it('finds line and column of a caret', () => {
    expect(caretPosition('ab\ncd\n', 0)).toEqual({ line: 1, column: 1 })
    expect(caretPosition('ab\ncd\n', 4)).toEqual({ line: 2, column: 2 })
    expect(caretPosition('ab\ncd\n', 6)).toEqual({ line: 3, column: 1 })
    expect(caretPosition('ab', 99)).toEqual({ line: 1, column: 3 })
  })

  it('builds copy names that keep the extension', () => {
    expect(decoratedName('plan.md', '.md', 'my version')).toBe('plan (my version).md')
    expect(decoratedName('README', '', 'copy')).toBe('README (copy)')
    expect(stemOf('Data.CSV', '.csv')).toBe('Data')
  })

  it('locates JSON errors by line', () => {
    expect(jsonProblem('{"a": 1}', english.t)).toBeNull()
    expect(jsonProblem('{\n  "a": 1,\n}', english.t)).toMatch(/^JSON error at line 3/)
    expect(jsonProblem('{\n  "a": 1,\n}', createI18n(editorResources, 'de').t)).toMatch(/^JSON-Fehler in Zeile 3, Spalte \d+$/)
  })
})
