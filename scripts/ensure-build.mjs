// Builds (electron-vite) when out/ is missing or older than any source, so `npm start`, `npm run serve`,
// `npm run e2e` and `npm run bench` need nothing but `npm ci` before them.
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(fileURLToPath(new URL('..', import.meta.url)))
const stamp = join(root, 'out', '.build-stamp')
const sources = ['electron', 'renderer', 'resources', 'electron.vite.config.ts', 'package.json', 'tsconfig.json']

function newestMtime(path) {
  if (!existsSync(path)) return 0
  const stat = statSync(path)
  if (!stat.isDirectory()) return stat.mtimeMs
  let newest = stat.mtimeMs
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.endsWith('.test.ts')) continue
    newest = Math.max(newest, newestMtime(join(path, entry.name)))
  }
  return newest
}

export function buildIsCurrent() {
  if (!existsSync(stamp)) return false
  const built = statSync(stamp).mtimeMs
  return sources.every((source) => newestMtime(join(root, source)) <= built)
}

export function ensureBuild({ quiet = false } = {}) {
  if (buildIsCurrent()) return
  if (!quiet) process.stderr.write('Building WOPI Desk (electron-vite build)...\n')
  const result = spawnSync(join(root, 'node_modules', '.bin', 'electron-vite'), ['build'], {
    cwd: root,
    // The build's progress goes to stderr: stdout belongs to the command that needed the build (`npm pack --json`).
    stdio: quiet ? ['ignore', 'ignore', 'inherit'] : ['ignore', process.stderr, 'inherit'],
  })
  if (result.status !== 0) {
    process.stderr.write('The build failed; see the errors above.\n')
    process.exit(result.status ?? 1)
  }
  writeFileSync(stamp, new Date().toISOString() + '\n')
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) ensureBuild()
