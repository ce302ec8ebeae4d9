import { spawn } from 'node:child_process'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHost, type Host } from '../../host'
import { consistencyProblems, generationOf } from './consistency'
import { bundleWorker } from './worker-bundle'

// Fault injection, part 1 (issue 13): a child process loops saves, renames, deletes/restores and locks on a
// temp folder and is killed with SIGKILL at a random moment; the desk is restarted on the same folders (which
// reconciles) and must agree with itself (files, versions, trash, database; every document exactly once) and
// with what the child had reported done (acknowledged deletes stay deleted, acknowledged locks survive, no
// acknowledged save is lost). The operation in flight at the kill may have happened or not, never half.

const DOCS = ['doc-1', 'doc-2', 'doc-3', 'doc-4']
// More kills for a soak run: WOPI_DESK_FAULT_CYCLES=50 npx vitest run electron/core/files/fault-injection
const CYCLES = Number(process.env['WOPI_DESK_FAULT_CYCLES'] ?? 5)
/** `boxed`: each document in a folder of its own, which the 'folder' operation renames */
const SCENARIOS: { name: string; ops: string[]; boxed?: boolean }[] = [
  { name: 'saves', ops: ['save'] },
  { name: 'renames', ops: ['rename', 'save'] },
  { name: 'deletes and restores', ops: ['delete', 'save'] },
  { name: 'locks', ops: ['lock', 'save'] },
  { name: 'everything at once', ops: ['save', 'rename', 'delete', 'lock'] },
  { name: 'folder renames', ops: ['folder', 'save'], boxed: true },
]

interface Expected {
  deleted: boolean
  lock: string | null
  gen: number
}

function runAndKill(workerFile: string, args: object, killAfterMs: number): Promise<string[]> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [workerFile, JSON.stringify(args)], {
      env: { ...process.env, NODE_PATH: resolve('node_modules') },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    let err = ''
    let killed = false
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8')
      if (!killed && out.includes('ready\n')) {
        killed = true
        setTimeout(() => child.kill('SIGKILL'), killAfterMs)
      }
    })
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')))
    child.on('error', reject)
    child.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`the worker ended by itself (${code}): ${err.slice(0, 2000)}`))
      // A line cut by the kill was never reported.
      else resolvePromise(out.split('\n').slice(0, -1))
    })
  })
}

async function contentOf(host: Host, fileId: string): Promise<string | null> {
  const row = host.files.get(fileId)
  // A live row without its file is reported by the consistency check; here it only has no content.
  if (row) return readFile(join(host.files.root, ...row.relPath.split('/')), 'utf8').catch(() => null)
  const entry = host.files.listTrash().find((candidate) => candidate.fileId === fileId)
  return entry ? readFile(join(host.dataDir, ...entry.storePath.split('/')), 'utf8') : null
}

describe('fault injection: kill -9 in save, rename, delete and lock loops', () => {
  let workerFile: string
  beforeAll(async () => {
    workerFile = await bundleWorker('./crash-worker.ts')
  }, 60_000)
  afterAll(async () => {
    if (workerFile) await rm(join(workerFile, '..'), { recursive: true, force: true })
  })

  for (const [index, scenario] of SCENARIOS.entries()) {
    it(
      `${scenario.name}: every kill leaves a consistent desk that kept what it reported`,
      { timeout: 60_000 * Math.max(1, CYCLES / 5) },
      async () => {
        const base = await mkdtemp(join(tmpdir(), 'wopi-desk-crash-'))
        const root = join(base, 'root')
        const dataDir = join(base, 'data')
        await mkdir(root)
        for (const doc of DOCS) {
          const folder = scenario.boxed ? join(root, `box-${doc}`) : root
          await mkdir(folder, { recursive: true })
          await writeFile(join(folder, `${doc}.txt`), `${doc}:gen-0:`)
        }
        const expected = new Map<string, Expected>()
        let acknowledged = 0
        try {
          for (let cycle = 0; cycle < CYCLES; cycle++) {
            const seed = 1 + index * 100 + cycle
            const lines = await runAndKill(workerFile, { dataDir, root, seed, ops: scenario.ops }, 30 + ((seed * 7919) % 350))
            let inFlight: string | null = null
            for (const line of lines) {
              const [kind, op, id, detail] = line.split(' ')
              if (kind === 'begin') inFlight = id ?? null
              if (kind !== 'ack' || !id) continue
              inFlight = null
              acknowledged++
              const state = expected.get(id) ?? { deleted: false, lock: null, gen: 0 }
              if (op === 'save') state.gen = Math.max(state.gen, Number(detail))
              if (op === 'delete') state.deleted = true
              if (op === 'restore') state.deleted = false
              if (op === 'lock') state.lock = detail ?? null
              if (op === 'unlock') state.lock = null
              expected.set(id, state)
            }

            const host = await createHost({ dataDir, root, port: 0, sweepIntervalMs: 0 })
            try {
              const problems = await consistencyProblems(host, { docs: DOCS })
              for (const [id, state] of expected) {
                const content = await contentOf(host, id)
                if (content === null) {
                  problems.push(`file ${id} is neither in the folder nor in the trash`)
                  continue
                }
                if (generationOf(content) < state.gen)
                  problems.push(`file ${id} lost an acknowledged save (has gen ${generationOf(content)}, acknowledged ${state.gen})`)
                const live = host.files.get(id) !== undefined
                const lock = host.locks.current(id)?.lockId ?? null
                if (id === inFlight) {
                  // Either outcome is allowed for the operation the kill interrupted: learn which one happened.
                  state.deleted = !live
                  state.lock = lock
                  continue
                }
                if (live === state.deleted)
                  problems.push(`file ${id} should be ${state.deleted ? 'in the trash' : 'live'} after an acknowledged operation`)
                if (lock !== state.lock) problems.push(`file ${id} should hold lock ${state.lock}, has ${lock}`)
              }
              expect(problems, `cycle ${cycle} (seed ${seed})`).toEqual([])
            } finally {
              await host.close()
            }
          }
          // The loop did real work: a kill before any acknowledged operation would prove nothing.
          expect(acknowledged).toBeGreaterThan(CYCLES)
        } finally {
          await rm(base, { recursive: true, force: true })
        }
      },
    )
  }
})
