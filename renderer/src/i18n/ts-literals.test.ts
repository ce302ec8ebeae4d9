import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

// The plain .ts modules (host page, diagnosis, helpers) put text on screen too, without JSX for
// jsx-literals.test.ts to see. This parses every non-test .ts file of the renderer and fails on a string literal
// that reads like a sentence ("The editor cannot…", "Served folder") unless it is listed below with why it stays.

const SRC = join(__dirname, '..')

/** A capitalised word followed by another word, three words in a row, or words ending in a full stop. */
const SENTENCE = /\p{Lu}\p{Ll}+\s+\p{L}|\p{L}{2,}\s+\p{L}{2,}\s+\p{L}{2,}|\p{L}{2,}\s+\p{L}+[.!?]$/u

/** Product and protocol names: not language. */
const NAMES = ['WOPI Desk', 'Collabora Online', 'ONLYOFFICE Docs', 'Office Online Server']

/** Files whose sentences stay English by agreement, each with why. */
const ENGLISH_FILES: Record<string, string> = {
  'api/api-call-error.ts': 'the API layer: its errors stay English like the core API messages they stand beside',
  'api/envelope.ts': 'the API layer (see api-call-error.ts)',
  'api/http-transport.ts': 'the API layer (see api-call-error.ts)',
  'api/ipc-transport.ts': 'the API layer (see api-call-error.ts)',
  'components/brand.ts': 'font family names',
  'components/file-type.ts': 'lists of file extensions',
  'features/doctor/check-host-logic.ts': 'the exchange transcript, the same text the CLI prints with --verbose',
}

/** Single strings that stay, each with why. */
const ENGLISH_STRINGS: Record<string, string> = {
  'Built-in editor': 'the default name the core gives the endpoint (shown translated through endpointKindLabel)',
  'WOPI editor': 'the default name the core gives an unknown endpoint (shown translated through endpointKindLabel)',
}

interface Literal {
  file: string
  line: number
  text: string
}

function tsFiles(dir: string): string[] {
  const out: string[] = []
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) out.push(...tsFiles(path))
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') && !entry.name.endsWith('.d.ts')) out.push(path)
  }
  return out
}

function isSentence(text: string): boolean {
  if (text in ENGLISH_STRINGS) return false
  let rest = text
  for (const name of NAMES) rest = rest.split(name).join(' ')
  return SENTENCE.test(rest.trim())
}

function sentencesIn(fileName: string, source: string): Literal[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS)
  const found: Literal[] = []
  const report = (node: ts.Node, text: string) =>
    found.push({ file: fileName, line: file.getLineAndCharacterOfPosition(node.getStart()).line + 1, text: text.slice(0, 80) })
  const visit = (node: ts.Node) => {
    // Module names and type-level strings are not shown to anyone.
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node) || ts.isLiteralTypeNode(node)) return
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
      if (isSentence(node.text)) report(node, node.text)
    } else if (ts.isTemplateExpression(node)) {
      const parts = [node.head.text, ...node.templateSpans.map((span) => span.literal.text)]
      if (parts.some(isSentence) || isSentence(parts.join('x'))) report(node, parts.join('${…}'))
    }
    ts.forEachChild(node, visit)
  }
  visit(file)
  return found
}

describe('no language text left in plain .ts modules', () => {
  it('finds sentences in literals and templates, not names, classes or keys (the check itself)', () => {
    const sample = [
      "const a = 'The versions could not be read.'",
      'const b = `${name} is read-only on disk`',
      "const c = { fallback: 'Served folder' }",
      "const d = el('div', { class: 'overlay overlay-dim' }, t('host:problem.title'))",
      "const e = 'WOPI Desk'",
      "const f = 'Collabora Online'",
      "const g: 'Left alone' = x",
    ].join('\n')
    expect(sentencesIn('sample.ts', sample).map((literal) => literal.text)).toEqual([
      'The versions could not be read.',
      '${…} is read-only on disk',
      'Served folder',
    ])
  })

  it('every text a person reads goes through t()', () => {
    const files = tsFiles(SRC)
      .map((path) => relative(SRC, path).split('\\').join('/'))
      .filter((file) => !(file in ENGLISH_FILES))
    expect(files.length).toBeGreaterThan(40)
    const offending = files.flatMap((file) => sentencesIn(file, readFileSync(join(SRC, file), 'utf8')))
    expect(offending.map((literal) => `${literal.file}:${literal.line} ${literal.text}`)).toEqual([])
  })
})
