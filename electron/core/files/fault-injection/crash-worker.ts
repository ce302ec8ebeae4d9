import { readFile, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import type { FileRow } from '../../db/file-repo'
import { createHost } from '../../host'

// Run in a child process by the crash suite (bundled first, see worker-bundle.ts), killed with SIGKILL at a random
// moment. It loops saves, renames, deletes, restores, locks and unlocks on the documents of the served folder,
// and prints one line per operation once it has returned ("ack ..."), so the suite knows what was reported done.
// Argument: JSON { dataDir, root, seed, ops: ('save' | 'rename' | 'delete' | 'lock' | 'folder')[] }; 'folder' renames
// the folder a document is in (the suite gives each its own, "box-...").

interface WorkerArgs {
  dataDir: string
  root: string
  seed: number
  ops: ('save' | 'rename' | 'delete' | 'lock' | 'folder')[]
}

function rng(seed: number): () => number {
  let state = seed >>> 0 || 1
  return () => {
    state ^= state << 13
    state ^= state >>> 17
    state ^= state << 5
    return (state >>> 0) / 0x100000000
  }
}

const ack = (line: string) => process.stdout.write(`ack ${line}\n`)
/** Before each operation: the one begun last and never acknowledged was in flight when the kill came. */
const begin = (line: string) => process.stdout.write(`begin ${line}\n`)

async function main(): Promise<void> {
  const args = JSON.parse(process.argv[2] ?? '{}') as WorkerArgs
  const random = rng(args.seed)
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!
  const host = await createHost({ dataDir: args.dataDir, root: args.root, port: 0, sweepIntervalMs: 0 })
  const { files, locks } = host
  let generation = args.seed * 1_000_000
  // Documents put into the folder by the suite get their ids here; known ones keep theirs.
  for (const name of await readdir(files.root)) {
    if (name.startsWith('doc-')) await files.ensureFile(name)
    if (name.startsWith('box-')) {
      for (const inner of await readdir(join(files.root, name))) if (inner.startsWith('doc-')) await files.ensureFile(`${name}/${inner}`)
    }
  }
  process.stdout.write('ready\n')
  for (;;) {
    const live = files.liveRows()
    const op = pick(args.ops)
    const restoring = op === 'delete' && random() < 0.5 && files.listTrash().length > 0
    if (!restoring && live.length === 0) {
      await new Promise((resolve) => setTimeout(resolve, 1))
      continue
    }
    try {
      if (restoring) {
        const entry = pick(files.listTrash())
        begin(`restore ${entry.fileId}`)
        const row = await files.restoreFromTrash(entry.id)
        ack(`restore ${row.id}`)
      } else {
        const row = pick(live)
        begin(`${op} ${row.id}`)
        await step(row, op)
      }
    } catch (error) {
      // Refusals (a name taken, a file changed meanwhile) are part of the loop, not a failure of the suite.
      process.stdout.write(`refused ${op} ${(error as NodeJS.ErrnoException).code ?? (error as Error).name}\n`)
    }
  }

  async function step(row: FileRow, op: WorkerArgs['ops'][number]): Promise<void> {
    const doc = (await readFile(join(files.root, ...row.relPath.split('/')), 'utf8').catch(() => '')).split(':')[0]
    if (!doc?.startsWith('doc-')) return
    switch (op) {
      case 'save': {
        const content = `${doc}:gen-${++generation}:${'x'.repeat(Math.floor(random() * 200_000))}`
        await files.withFile(row.id, () =>
          files.replaceContent(row.id, Readable.from([Buffer.from(content)]), { maxBytes: 1 << 30, reason: 'put-file' }),
        )
        ack(`save ${row.id} ${generation}`)
        break
      }
      case 'rename': {
        const name = `${doc}-${Math.floor(random() * 1000)}.txt`
        const renamed = await files.withFile(row.id, () => files.withNamespace(() => files.rename(row.id, name)))
        ack(`rename ${row.id} ${renamed.relPath}`)
        break
      }
      case 'folder': {
        const dir = row.relPath.split('/').slice(0, -1).join('/')
        if (!dir) break
        // One document per folder: its mutex is the mutex of every file below.
        const name = `box-${Math.floor(random() * 1000)}`
        const renamed = await files.withFile(row.id, () => files.withNamespace(() => files.renameFolder(dir, name)))
        ack(`folder ${row.id} ${renamed}`)
        break
      }
      case 'delete': {
        if (locks.current(row.id)) break
        await files.withFile(row.id, () => files.withNamespace(() => files.trash(row.id)))
        ack(`delete ${row.id}`)
        break
      }
      case 'lock': {
        const held = locks.current(row.id)
        if (held) {
          locks.unlock(row.id, held.lockId)
          ack(`unlock ${row.id}`)
        } else {
          const lockId = `lock-${++generation}`
          const outcome = locks.lock(row.id, lockId, { userId: 'fault', client: 'fault-injection' })
          if (outcome.ok) ack(`lock ${row.id} ${lockId}`)
        }
        break
      }
    }
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`worker failed: ${(error as Error).stack ?? String(error)}\n`)
  process.exit(1)
})
