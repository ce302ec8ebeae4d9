import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

// A string a person reads, written straight into JSX, is a string no translator sees. This parses every .tsx file
// of the renderer and fails on JSX text and on text-bearing attributes given a literal instead of t('...').

const SRC = join(__dirname, '..')

/** Attributes whose value is read by people (or screen readers). */
const TEXT_ATTRIBUTE =
  /^(label|title|alt|placeholder|helperText|primary|secondary|tooltip|aria-label|aria-description|aria-valuetext|aria-roledescription|confirmLabel|submitLabel|headerName|emptyText|description|message|detail|caption)$/i

/** Literal text that is not language: product and protocol names, symbols. Each with why it stays. */
const ALLOWED: Record<string, string> = {
  'WOPI Desk': 'the product name',
  WOPI: 'the protocol name',
  Collabora: 'a product name',
  ONLYOFFICE: 'a product name',
  'Office Online Server': 'a product name',
  PostMessage: 'a protocol term',
  CheckFileInfo: 'a WOPI operation name',
  PutFile: 'a WOPI operation name',
  JSON: 'a format name',
  CSV: 'a format name',
  URL: 'the same word in every language we ship',
  W: "the logo's letter",
  'wopi-desk console': 'a command to type',
  'npm run -s cli -- console': 'a command to type',
}
const ALLOWED_BY_LENGTH = Object.keys(ALLOWED).sort((a, b) => b.length - a.length)

interface Literal {
  file: string
  line: number
  text: string
}

function tsxFiles(dir: string): string[] {
  const out: string[] = []
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) out.push(...tsxFiles(path))
    else if (entry.name.endsWith('.tsx')) out.push(path)
  }
  return out
}

/** Letters left once the allowed names are taken out: '· WOPI Desk' is not language, 'Open WOPI Desk' is. */
function isLanguage(text: string): boolean {
  let rest = text
  for (const name of ALLOWED_BY_LENGTH) rest = rest.split(name).join(' ')
  return /\p{L}/u.test(rest)
}

function literalsIn(fileName: string, source: string): Literal[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX)
  const found: Literal[] = []
  const report = (node: ts.Node, text: string) =>
    found.push({ file: fileName, line: file.getLineAndCharacterOfPosition(node.getStart()).line + 1, text: text.trim().slice(0, 80) })
  const literalText = (node: ts.Expression | undefined): string | null => {
    if (!node) return null
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text
    if (ts.isTemplateExpression(node)) return [node.head.text, ...node.templateSpans.map((span) => span.literal.text)].join(' ')
    if (ts.isConditionalExpression(node)) return literalText(node.whenTrue) ?? literalText(node.whenFalse)
    if (
      ts.isBinaryExpression(node) &&
      (node.operatorToken.kind === ts.SyntaxKind.BarBarToken ||
        node.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken ||
        node.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken)
    ) {
      return literalText(node.right)
    }
    if (ts.isParenthesizedExpression(node)) return literalText(node.expression)
    return null
  }
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node) && isLanguage(node.text)) report(node, node.text)
    if (ts.isJsxExpression(node) && node.parent && (ts.isJsxElement(node.parent) || ts.isJsxFragment(node.parent))) {
      const text = literalText(node.expression)
      if (text !== null && isLanguage(text)) report(node, text)
    }
    if (ts.isJsxAttribute(node) && TEXT_ATTRIBUTE.test(node.name.getText(file))) {
      const init = node.initializer
      const text = init && ts.isStringLiteral(init) ? init.text : init && ts.isJsxExpression(init) ? literalText(init.expression) : null
      if (text !== null && isLanguage(text)) report(node, `${node.name.getText(file)}="${text}"`)
    }
    ts.forEachChild(node, visit)
  }
  visit(file)
  return found
}

describe('no language text left in JSX', () => {
  const files = tsxFiles(SRC).map((path) => relative(SRC, path).split('\\').join('/'))
  const literals = new Map(files.map((file) => [file, literalsIn(file, readFileSync(join(SRC, file), 'utf8'))]))

  it('finds JSX text, literal labels and literal expressions (the check itself)', () => {
    const sample = `const a = <Button title="Delete file" aria-label={'Close'} label={busy ? 'Saving' : t('x')}>Rename {'now'}<b>:</b> WOPI Desk</Button>`
    expect(literalsIn('sample.tsx', sample).map((literal) => literal.text)).toEqual([
      'title="Delete file"',
      'aria-label="Close"',
      'label="Saving"',
      'Rename',
      'now',
    ])
    expect(
      literalsIn('ok.tsx', `const b = <Button title={t('files:delete')} aria-hidden="true">{t('common:ok')} · WOPI Desk</Button>`),
    ).toEqual([])
  })

  it('every page passes every text through t()', () => {
    expect(files.length).toBeGreaterThan(40)
    const offending = [...literals.values()].flat()
    expect(offending.map((literal) => `${literal.file}:${literal.line} ${literal.text}`)).toEqual([])
  })
})
