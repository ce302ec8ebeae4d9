import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

// Where the built renderer (out/renderer) and the shipped resources live. The CLI runs from the bundle
// (out/main/cli.js) and, in tests, from source (electron/cli/...): both find the package root by walking up to
// WOPI Desk's package.json.

function packageRoot(from: string): string {
  let dir = dirname(fileURLToPath(from))
  for (;;) {
    const manifest = join(dir, 'package.json')
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'wopi-desk') return dir
      } catch {
        // keep walking
      }
    }
    const parent = dirname(dir)
    if (parent === dir) throw new Error('cannot find the WOPI Desk package folder')
    dir = parent
  }
}

const root = packageRoot(import.meta.url)
// Run from source (the tests), a worker entry built earlier may be older than the code that would talk to it.
const fromBundle = !fileURLToPath(import.meta.url).endsWith('.ts')

export const appPaths = {
  root,
  staticDir: join(root, 'out', 'renderer'),
  resourcesDir: join(root, 'resources'),
  /** the traffic log's worker thread, built beside the CLI; undefined when the CLI runs from source */
  requestLogWorker: fromBundle ? join(root, 'out', 'main', 'request-log-worker.js') : undefined,
  version: (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version,
}
