import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

// House rule 1: electron/core is plain Node. It runs under the CLI, in tests and in the Electron main process
// alike, so nothing in it may load Electron's module (statically, dynamically or via require).

const coreDir = fileURLToPath(new URL('.', import.meta.url))
const ELECTRON_IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|\bimport\s+)['"]electron(?:\/[^'"]*)?['"]/

async function sourceFiles(dir: string): Promise<string[]> {
  const out: string[] = []
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name)
    if (entry.isDirectory()) out.push(...(await sourceFiles(full)))
    else if (/\.(ts|tsx|js|mjs|cjs)$/.test(entry.name)) out.push(full)
  }
  return out
}

describe('electron/core', () => {
  it('recognises every form of an electron import', () => {
    // The samples are assembled, so this file holds no import of the module and is scanned like every other.
    const module = 'electron'
    for (const line of [
      `import { app } from '${module}'`,
      `import electron from "${module}"`,
      `const e = require('${module}')`,
      `await import('${module}')`,
      `import '${module}'`,
      `import type { App } from '${module}/main'`,
    ]) {
      expect(ELECTRON_IMPORT.test(line), line).toBe(true)
    }
    for (const line of ["import x from 'electron-vite'", "// talks to 'electron' later", "import { y } from './electron-helpers'"]) {
      expect(ELECTRON_IMPORT.test(line), line).toBe(false)
    }
  })

  it('never imports electron', async () => {
    const files = await sourceFiles(coreDir)
    expect(files.length).toBeGreaterThan(10)
    const offenders: string[] = []
    for (const file of files) {
      if (ELECTRON_IMPORT.test(await readFile(file, 'utf8'))) offenders.push(file.slice(coreDir.length))
    }
    expect(offenders).toEqual([])
  })
})
