import { execFileSync } from 'node:child_process'
import { rm } from 'node:fs/promises'
import { createServer, type Server } from 'node:net'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { IssuedAccess } from '../../host'
import { encodeUtf7Header } from '../../wopi/utf7-header'
import { startTestHost, wopi, type TestHost, type WopiRequestInit } from '../../wopi/test-kit'
import { consistencyProblems } from './consistency'

// Fault injection, part 3 (issue 13): FIFOs, sockets and devices where documents or their desktop owner files
// should be. No operation may open them for reading (a FIFO would block a thread, or the whole process, until
// someone writes to it); every request is answered, and another document stays served meanwhile.

type Kind = 'fifo' | 'socket' | 'device'

const OPERATIONS: { name: string; init: (lock: string) => WopiRequestInit }[] = [
  { name: 'CheckFileInfo', init: () => ({}) },
  { name: 'GetFile', init: () => ({ path: '/contents' }) },
  { name: 'GetLock', init: () => ({ override: 'GET_LOCK' }) },
  { name: 'Lock', init: (lock) => ({ override: 'LOCK', headers: { 'X-WOPI-Lock': lock } }) },
  { name: 'PutFile', init: (lock) => ({ path: '/contents', override: 'PUT', headers: { 'X-WOPI-Lock': lock }, body: 'saved' }) },
  {
    name: 'RenameFile',
    init: (lock) => ({ override: 'RENAME_FILE', headers: { 'X-WOPI-Lock': lock, 'X-WOPI-RequestedName': 'renamed' } }),
  },
  {
    name: 'PutRelativeFile',
    init: () => ({ override: 'PUT_RELATIVE', headers: { 'X-WOPI-SuggestedTarget': encodeUtf7Header('copy.docx') }, body: 'copy' }),
  },
  { name: 'Unlock', init: (lock) => ({ override: 'UNLOCK', headers: { 'X-WOPI-Lock': lock } }) },
  { name: 'DeleteFile', init: () => ({ override: 'DELETE' }) },
]

function answered<T>(promise: Promise<T>, what: string, ms = 3000): Promise<T> {
  let timer!: NodeJS.Timeout
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} got no answer within ${ms} ms`)), ms)
    }),
  ])
}

describe('fault injection: special files in the served folder', () => {
  let host: TestHost
  let servers: Server[] = []
  beforeEach(async () => {
    host = await startTestHost({ files: { 'Plan.docx': 'plan', 'Other.docx': 'other', 'notes.txt': 'notes' } })
  })
  afterEach(async () => {
    for (const server of servers) server.close()
    servers = []
    await host.close()
  })

  async function make(kind: Kind, path: string): Promise<string | null> {
    await rm(path, { force: true })
    if (kind === 'fifo') execFileSync('mkfifo', [path])
    if (kind === 'socket') {
      const server = createServer()
      servers.push(server)
      await new Promise<void>((resolve) => server.listen(path, resolve))
    }
    if (kind === 'device') {
      if (process.getuid?.() !== 0) return 'creating a device node needs root'
      // The same device as /dev/null: harmless if opened, but it must not be.
      execFileSync('mknod', [path, 'c', '1', '3'])
    }
    return null
  }

  async function everyOperation(access: IssuedAccess, bystander: IssuedAccess, label: string): Promise<number[]> {
    const statuses: number[] = []
    for (const operation of OPERATIONS) {
      const response = await answered(wopi(access, operation.init('L1')), `${operation.name} (${label})`)
      statuses.push(response.status)
      // Meanwhile another document is still served at once.
      expect((await answered(wopi(bystander), `CheckFileInfo of another document (${label})`, 1000)).status).toBe(200)
    }
    return statuses
  }

  for (const kind of ['fifo', 'socket', 'device'] as const) {
    it(`a ${kind} as the desktop owner files of a document is no lock and blocks nothing`, async (context) => {
      const access = await host.token('Plan.docx')
      const bystander = await host.token('Other.docx', { write: false })
      for (const owner of ['.~lock.Plan.docx#', '~$Plan.docx', '~$an.docx']) {
        const reason = await make(kind, join(host.root, owner))
        if (reason) {
          console.warn(`skipped: ${reason}`)
          context.skip(reason)
        }
      }
      const statuses = await everyOperation(access, bystander, `${kind} owner files`)
      // CheckFileInfo, GetFile, GetLock, Lock, PutFile and RenameFile succeed: the document itself is fine.
      expect(statuses.slice(0, 6)).toEqual([200, 200, 200, 200, 200, 200])
      expect(await consistencyProblems(host.desk)).toEqual([])
    })

    it(`a ${kind} in a document's place is never opened and answers 404`, async (context) => {
      const access = await host.token('notes.txt')
      const bystander = await host.token('Other.docx', { write: false })
      const reason = await make(kind, join(host.root, 'notes.txt'))
      if (reason) {
        console.warn(`skipped: ${reason}`)
        context.skip(reason)
      }
      const statuses = await everyOperation(access, bystander, `${kind} as the document`)
      for (const [i, status] of statuses.entries()) expect(status, OPERATIONS[i]!.name).toBeGreaterThanOrEqual(400)
      expect(statuses.slice(0, 2)).toEqual([404, 404])
      await expect(host.token('notes.txt')).rejects.toThrow()
    })
  }
})
