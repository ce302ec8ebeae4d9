import { join } from 'node:path'
import { afterEach, beforeEach } from 'vitest'
import { catalogSnapshot } from '../../../core/catalog/test-support/harness'
import { DB_FILE_NAME, openDb } from '../../../core/db/open-db'
import { tempDir } from '../../../core/discovery/test-support/discovery-docs'
import { discoveryHandler, startServer, type LocalServer } from '../../../core/discovery/test-support/local-server'
import { main } from '../../index'
import type { CliIo } from '../../io'

// Test-only: the catalog commands run in-process, in a temp folder that is also the CLI's home (never the
// developer's), against a local editor on 127.0.0.1 whose discovery answer a test can change.

export interface CliWithLocalEditor {
  /** the running test's temp folder: the CLI's working folder and home */
  readonly dir: string
  /** the local editor; its discovery answer is `body()` */
  readonly server: LocalServer
  /** what the editor answers for discovery; a test replaces it to make the editor misbehave */
  body: () => string
  /** what the last cli() call printed */
  readonly output: { out: string[]; err: string[] }
  /** runs `wopi-desk <argv>` and returns its exit code */
  cli(...argv: string[]): Promise<number>
  /** the catalog in ./data as one comparable string, to prove a command changed nothing */
  snapshot(): string
}

/** Registers the hooks in the calling test file; `discovery` is the editor's answer at the start of every test. */
export function useCliWithLocalEditor(discovery: (origin: string) => string): CliWithLocalEditor {
  let current: { temp: { dir: string; remove: () => void }; server: LocalServer } | undefined
  let output = { out: [] as string[], err: [] as string[] }
  const running = () => {
    if (!current) throw new Error('The CLI fixture exists only while a test runs: use it inside it(), not at load time.')
    return current
  }

  const fixture: CliWithLocalEditor = {
    get dir() {
      return running().temp.dir
    },
    get server() {
      return running().server
    },
    body: () => '',
    get output() {
      return output
    },
    cli(...argv) {
      output = { out: [], err: [] }
      const dir = fixture.dir
      const io: CliIo = {
        out: (line) => void output.out.push(line),
        err: (line) => void output.err.push(line),
        waitForStop: () => new Promise(() => undefined),
        env: { HOME: dir, XDG_CONFIG_HOME: join(dir, '.config') },
        cwd: dir,
      }
      return main(argv, io)
    },
    snapshot() {
      const dataDir = join(fixture.dir, 'data')
      const db = openDb(join(dataDir, DB_FILE_NAME))
      try {
        return catalogSnapshot(db, dataDir)
      } finally {
        db.close()
      }
    },
  }

  beforeEach(async () => {
    const temp = tempDir('wopi-desk-cli-')
    const server = await startServer((request, response) => discoveryHandler(() => fixture.body())(request, response))
    current = { temp, server }
    fixture.body = () => discovery(server.origin)
  })
  afterEach(async () => {
    if (!current) return
    const { temp, server } = current
    current = undefined
    await server.close()
    temp.remove()
  })
  return fixture
}
