import { readdir, readFile } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

// String.prototype.replace reads `$&`, `$'`, `` $` ``, `$$` and `$1` in a string replacement as patterns, so a
// replacement built from a file name, a header or anything else from outside changes what it says (a host page
// titled "a$'b.txt" got the rest of the page in its title). Replacements are literals or functions; a function's
// return value is taken as it is. This test keeps the whole class out of the code base.

const repoDir = fileURLToPath(new URL('../..', import.meta.url))
const SCANNED = ['electron', 'renderer/src', 'scripts', 'bench', 'e2e']

/** Replacements that are fixed tables of literal patterns, never data: file -> why. */
const CONSTANT_TABLES: Record<string, string> = {
  'electron/core/doctor/redact.ts': 'PATTERNS is a constant table of regex/replacement pairs such as "$1REDACTED"',
}

async function sourceFiles(dir: string): Promise<string[]> {
  const out: string[] = []
  let entries
  try {
    entries = await readdir(dir, { withFileTypes: true })
  } catch {
    return out
  }
  for (const entry of entries) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue
    const full = join(dir, entry.name)
    if (entry.isDirectory()) out.push(...(await sourceFiles(full)))
    else if (/\.(ts|tsx|mts|cts)$/.test(entry.name)) out.push(full)
  }
  return out
}

/** `file:line: call` for each replace/replaceAll whose replacement is neither a literal nor a function. */
export function patternReplacements(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(
    fileName,
    text,
    ts.ScriptTarget.Latest,
    true,
    fileName.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
  )
  const found: string[] = []
  const visit = (node: ts.Node): void => {
    if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      (node.expression.name.text === 'replace' || node.expression.name.text === 'replaceAll') &&
      node.arguments.length === 2
    ) {
      const replacement = node.arguments[1]!
      const safe =
        ts.isStringLiteral(replacement) ||
        ts.isNoSubstitutionTemplateLiteral(replacement) ||
        ts.isArrowFunction(replacement) ||
        ts.isFunctionExpression(replacement)
      if (!safe)
        found.push(`${fileName}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}: ${node.getText().slice(0, 100)}`)
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
  return found
}

describe('String.replace with a replacement built from data', () => {
  it('is recognised in its forms, and literals and functions are not', () => {
    expect(patternReplacements('a.ts', 'html.replace(/<title>/, `<title>${name}`)')).toHaveLength(1)
    expect(patternReplacements('a.ts', 's.replaceAll("x", name)')).toHaveLength(1)
    expect(patternReplacements('a.ts', 's.replace(/x/, "a" + name)')).toHaveLength(1)
    expect(
      patternReplacements('a.ts', "s.replace(/x/, 'y'); s.replace(/x/, () => name); s.replace(/x/, function () { return name })"),
    ).toEqual([])
  })

  it('is nowhere in the code base', async () => {
    const offenders: string[] = []
    let scanned = 0
    for (const dir of SCANNED) {
      for (const file of await sourceFiles(join(repoDir, dir))) {
        const name = relative(repoDir, file).split('\\').join('/')
        if (name in CONSTANT_TABLES) continue
        scanned++
        offenders.push(...patternReplacements(name, await readFile(file, 'utf8')))
      }
    }
    expect(scanned).toBeGreaterThan(100)
    expect(offenders).toEqual([])
  })
})
