import { describe, expect, it } from 'vitest'
import {
  fileNameMaxLength,
  fileNameProblem,
  fitName,
  nameKey,
  numberedName,
  sanitiseFileName,
  splitExtension,
  utf8Length,
} from './file-names'

describe('fileNameProblem', () => {
  it('accepts ordinary names, also non-ASCII ones', () => {
    for (const name of ['Budget 2025.xlsx', 'Résumé.docx', '报告.docx', 'a', 'notes.v2.md', 'CONSOLE.txt', 'lpt10.txt']) {
      expect(fileNameProblem(name), name).toBeNull()
    }
  })

  it('refuses names that are invalid on Windows, macOS or Linux', () => {
    const bad = [
      '',
      ' ',
      '.',
      '..',
      'a<b.docx',
      'a>b',
      'a:b',
      'a"b',
      'a/b',
      'a\\b',
      'a|b',
      'a?b',
      'a*b',
      'tab\there',
      'nul\u0000x',
      'trailing.',
      'trailing ',
      '.hidden.docx',
      '~$lock.docx',
    ]
    for (const name of bad) expect(fileNameProblem(name), JSON.stringify(name)).not.toBeNull()
  })

  it('refuses reserved device names with or without extension, in any case', () => {
    for (const name of ['CON', 'con.txt', 'Prn.docx', 'AUX', 'nul.tar.gz', 'COM1', 'com9.xlsx', 'LPT1', 'lpt9.doc', 'CON .txt']) {
      expect(fileNameProblem(name), name).toMatch(/reserved/)
    }
  })

  it('refuses names over 255 UTF-8 bytes or 250 stem characters', () => {
    expect(fileNameProblem('a'.repeat(250) + '.docx')).toBeNull()
    expect(fileNameProblem('a'.repeat(251) + '.docx')).toMatch(/255 bytes/)
    expect(fileNameProblem('a'.repeat(251))).toMatch(/250 characters/)
    // 100 three-byte characters = 300 bytes
    expect(fileNameProblem('报'.repeat(100) + '.docx')).toMatch(/255 bytes/)
  })
})

describe('sanitiseFileName', () => {
  it('replaces illegal characters and keeps the extension', () => {
    expect(sanitiseFileName('a<b>:c.docx', 'source')).toBe('a_b__c.docx')
    expect(sanitiseFileName('report?.xlsx', 'source')).toBe('report_.xlsx')
  })

  it('strips leading dots and trailing dots or spaces', () => {
    expect(sanitiseFileName('..secret.docx', 'source')).toBe('secret.docx')
    expect(sanitiseFileName('name. . ', 'source')).toBe('name')
  })

  it('prefixes reserved device names', () => {
    expect(sanitiseFileName('CON.docx', 'source')).toBe('_CON.docx')
    expect(sanitiseFileName('com1', 'source')).toBe('_com1')
  })

  it('falls back to the given stem for an empty name', () => {
    expect(sanitiseFileName('.docx', 'source')).toBe('docx')
    expect(sanitiseFileName('   ', 'source')).toBe('source')
  })

  it('cuts long names to fit while keeping the extension', () => {
    const name = sanitiseFileName('x'.repeat(600) + '.wopitestx', 'source')
    expect(name.endsWith('.wopitestx')).toBe(true)
    expect(fileNameProblem(name)).toBeNull()
    const wide = sanitiseFileName('报'.repeat(200) + '.docx', 'source')
    expect(utf8Length(wide)).toBeLessThanOrEqual(255)
    expect(fileNameProblem(wide)).toBeNull()
  })

  it('always returns a valid name', () => {
    for (const proposal of ['', '...', '~$x.docx', 'a'.repeat(300), '\u0001\u0002', 'LPT3.   ', 'x.' + 'y'.repeat(300)]) {
      expect(fileNameProblem(sanitiseFileName(proposal, 'source')), JSON.stringify(proposal)).toBeNull()
    }
  })
})

describe('helpers', () => {
  it('splits the last extension', () => {
    expect(splitExtension('a.tar.gz')).toEqual({ stem: 'a.tar', ext: '.gz' })
    expect(splitExtension('README')).toEqual({ stem: 'README', ext: '' })
  })

  it('numbers names within the limits', () => {
    expect(numberedName('Report', '.docx', 2)).toBe('Report (2).docx')
    const long = numberedName('a'.repeat(250), '.docx', 12)
    expect(long.endsWith(' (12).docx')).toBe(true)
    expect(fileNameProblem(long)).toBeNull()
    expect(fitName('abc. ', '.txt')).toBe('abc.txt')
  })

  it('folds case and Unicode normalisation for collisions', () => {
    expect(nameKey('Résumé.DOCX')).toBe(nameKey('re\u0301sume\u0301.docx'.replace('re\u0301', 'R\u00e9')))
    expect(nameKey('A.txt')).toBe(nameKey('a.TXT'))
  })

  it('reports FileNameMaxLength without the extension', () => {
    expect(fileNameMaxLength('.docx')).toBe(250)
    expect(fileNameMaxLength('.' + 'x'.repeat(20))).toBe(234)
  })
})
