import { readdir, readFile } from 'node:fs/promises'
import { join, relative, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

// Issue 11: one SQL style. Every statement lives in a repository under electron/core/db, and nothing else opens
// the database, so a schema change is one folder to read. Tests and their helpers may look into the database
// directly to check what a repository wrote; production code outside db/ goes through a repository.

const electronDir = fileURLToPath(new URL('../..', import.meta.url))
const dbDir = fileURLToPath(new URL('.', import.meta.url))
const SQLITE_IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|\bimport\s+)['"]better-sqlite3['"]/
const PREPARE_CALL = /\.prepare\s*(?:<[^>]*>\s*)?\(/

function isTestCode(path: string): boolean {
  const parts = path.split(sep)
  return /\.test\.tsx?$/.test(path) || parts.includes('test-support') || parts.includes('testing')
}

async function sourceFiles(dir: string): Promise<string[]> {
  const out: string[] = []
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name)
    if (entry.isDirectory()) out.push(...(await sourceFiles(full)))
    else if (/\.(ts|tsx|js|mjs|cjs)$/.test(entry.name)) out.push(full)
  }
  return out
}

/** The rule a line breaks, or null. */
function offence(source: string): string | null {
  if (SQLITE_IMPORT.test(source)) return 'imports better-sqlite3'
  if (PREPARE_CALL.test(source)) return 'prepares SQL'
  return null
}

describe('SQL stays in electron/core/db', () => {
  it('recognises an import of better-sqlite3 and a prepared statement in every form', () => {
    for (const line of [
      "import Database from 'better-sqlite3'",
      'import type { Database } from "better-sqlite3"',
      "const sqlite = require('better-sqlite3')",
      "await import('better-sqlite3')",
      "db.prepare('SELECT 1').get()",
      "deps.db.prepare<[string], { id: string }>('SELECT id FROM files WHERE id = ?')",
      'host.db\n  .prepare(`SELECT 1`)',
    ]) {
      expect(offence(line), line).not.toBeNull()
    }
    for (const line of [
      "// better-sqlite3's nativeBinding",
      "import { openDb } from '../db/open-db'",
      'prepareSession(request)',
      "const sql = 'better-sqlite3 is synchronous'",
    ]) {
      expect(offence(line), line).toBeNull()
    }
  })

  it('no production file outside electron/core/db prepares a statement or imports better-sqlite3', async () => {
    const files = (await sourceFiles(electronDir)).filter((file) => !file.startsWith(dbDir) && !isTestCode(relative(electronDir, file)))
    expect(files.length).toBeGreaterThan(100)
    const offenders: string[] = []
    for (const file of files) {
      const found = offence(await readFile(file, 'utf8'))
      if (found) offenders.push(`${relative(electronDir, file)} ${found}; move the statement into a repository under electron/core/db`)
    }
    expect(offenders).toEqual([])
  })
})
