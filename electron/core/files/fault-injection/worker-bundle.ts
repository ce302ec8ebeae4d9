import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { isAbsolute, join } from 'node:path'
import { fileURLToPath } from 'node:url'

// The crash suite's child processes run plain Node, which cannot load the TypeScript sources: the worker is
// bundled once per run with rolldown (already installed as Vite's bundler); packages stay outside the bundle
// and load from node_modules as usual (better-sqlite3's native module included).

export async function bundleWorker(entry: string): Promise<string> {
  const { rolldown } = await import('rolldown')
  const out = await mkdtemp(join(tmpdir(), 'wopi-desk-fault-worker-'))
  const bundle = await rolldown({
    input: fileURLToPath(new URL(entry, import.meta.url)),
    platform: 'node',
    external: (id) => !id.startsWith('.') && !isAbsolute(id),
    logLevel: 'silent',
  })
  const file = join(out, 'worker.cjs')
  await bundle.write({ file, format: 'cjs' })
  await bundle.close()
  return file
}
