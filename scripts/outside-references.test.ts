import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { findOutsideReferences, isTestOrScript } from './outside-references'

const root = fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '')
/**
 * The one path outside the repository a test may use: a real editor for the end-to-end suite (LibreOffice Online
 * beside the repository), used when present and skipped with its reason elsewhere (e2e/support/loolwsd.ts).
 */
const OPTIONAL_REAL_EDITOR = ['..', 'shared', 'tools', 'loolwsd'].join('/')
const NOT_SOURCES = new Set(['node_modules', '.git', 'out', 'dist', 'test-results', 'playwright-report', 'e2e-artifacts', '.ci-results'])

function* repositoryFiles(folder: string): Generator<string> {
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    if (NOT_SOURCES.has(entry.name)) continue
    const path = join(folder, entry.name)
    if (entry.isDirectory()) yield* repositoryFiles(path)
    else if (entry.isFile()) yield relative(root, path)
  }
}

describe('tests and scripts stay inside the repository', () => {
  it('no test, test helper, script, benchmark or .ci/run reads a path outside the repository', () => {
    // this file's own samples below are outside paths on purpose
    const self = relative(root, fileURLToPath(import.meta.url))
    const isData = (file: string) => /\.(?:xml|json|md)$/.test(file) && file !== 'package.json'
    const files = [...repositoryFiles(root)].filter((file) => isTestOrScript(file) && !isData(file) && file !== self)
    expect(files.length).toBeGreaterThan(50)
    expect(files).toContain('.ci/run')
    const found = files
      .flatMap((file) => findOutsideReferences(root, file, readFileSync(join(root, file), 'utf8')))
      .filter((reference) => reference.leadsTo !== OPTIONAL_REAL_EDITOR && !reference.leadsTo.startsWith(`${OPTIONAL_REAL_EDITOR}/`))
    expect(found.map((reference) => `${reference.file}:${reference.line} ${reference.text} -> ${reference.leadsTo}`)).toEqual([])
  })
})

describe('findOutsideReferences', () => {
  const repo = '/home/dev/work/wopi-desk'
  const leads = (file: string, source: string) => findOutsideReferences(repo, file, source).map((reference) => reference.leadsTo)

  it('resolves relative literals from the file’s folder', () => {
    expect(leads('electron/core/x.test.ts', "new URL('../../../sibling/fixtures/a.json', import.meta.url)")).toEqual([
      '../sibling/fixtures/a.json',
    ])
    expect(leads('electron/core/x.test.ts', "new URL('../../fixtures/a.json', import.meta.url)")).toEqual([])
    expect(leads('electron/core/x.test.ts', 'new URL(`../../../sibling/${name}`, import.meta.url)')).toEqual(['../sibling'])
    expect(leads('scripts/a.mjs', "new URL('..', import.meta.url)")).toEqual([])
  })

  it('follows join/resolve from the repository root or the file’s folder', () => {
    expect(leads('e2e/support/a.ts', "resolve(REPO, '..', 'sibling', 'fixtures')")).toEqual(['../sibling/fixtures'])
    expect(leads('e2e/support/a.ts', "join(REPO, 'fixtures', 'discovery')")).toEqual([])
    expect(leads('bench/a.mjs', "join(here, '..', '..', 'other')")).toEqual(['../other'])
  })

  it('finds absolute paths beside the repository, and ../ in a shell script', () => {
    expect(leads('scripts/a.mjs', "readFileSync('/home/dev/work/sibling/x.xml')")).toEqual(['../sibling/x.xml'])
    expect(leads('scripts/a.mjs', "readFileSync('/home/dev/work/wopi-desk/fixtures/x.xml')")).toEqual([])
    expect(leads('.ci/run', 'cd "$(dirname "$0")/.."\ncp ../sibling/x .')).toEqual(['../sibling/x'])
  })

  it('covers tests, helpers, scripts and CI, not product code', () => {
    const covered = [
      'e2e/a.spec.ts',
      'electron/core/a.test.ts',
      'electron/core/catalog/test-support/h.ts',
      'electron/core/wopi/test-kit.ts',
      '.ci/run',
    ]
    expect([...covered, 'vitest.config.ts'].every(isTestOrScript)).toBe(true)
    expect(['electron/core/host.ts', 'renderer/src/App.tsx'].some(isTestOrScript)).toBe(false)
  })
})
