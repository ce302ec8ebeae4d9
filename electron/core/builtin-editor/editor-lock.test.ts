import { describe, expect, it } from 'vitest'
import { silentLog, systemRandom } from '../deps'
import { createEditorLock, type EditorLockDeps } from './editor-lock'
import { newLockId } from './editor-lock-ids'
import { WopiCallError, type WopiClient, type WopiTarget } from './wopi-client'

// The lock's own rules, against a scripted client: what each WOPI answer makes of the lock and of what the
// user is told. The whole session against a real host is in builtin-editor.test.ts.

const target: WopiTarget = { wopiSrc: new URL('http://127.0.0.1:1/wopi/files/f'), token: 't', sessionId: 'me' }

function conflict(operation: 'Lock' | 'RefreshLock', headers: Record<string, string>): WopiCallError {
  return new WopiCallError(operation, 'http', 409, new Headers(headers), Buffer.alloc(0), 'c', '409')
}

function lockWith(client: Partial<WopiClient>, overrides: Partial<EditorLockDeps> = {}) {
  let now = 1_000
  const calls: string[] = []
  const record =
    (name: string) =>
    async (_target: WopiTarget, ...rest: unknown[]) => {
      calls.push(`${name} ${rest.map(String).join(' ')}`.trim())
      const scripted = (client as Record<string, ((...args: unknown[]) => unknown) | undefined>)[name]
      return scripted ? scripted(_target, ...rest) : undefined
    }
  const lock = createEditorLock({
    client: {
      lock: record('lock'),
      unlock: record('unlock'),
      refreshLock: record('refreshLock'),
      unlockAndRelock: record('unlockAndRelock'),
    } as unknown as WopiClient,
    clock: { now: () => now },
    random: systemRandom,
    log: silentLog,
    installId: 'install',
    wopiSessionId: 'me',
    target: () => target,
    sessionState: () => 'gone',
    endSession: async () => undefined,
    lockTakenFrom: () => undefined,
    leaveWaitMs: 0,
    ...overrides,
  })
  return { lock, calls, advance: (ms: number) => (now += ms) }
}

describe('editor lock', () => {
  it('holds the lock it took, refreshes it only when due, and releases it once', async () => {
    const { lock, calls, advance } = lockWith({})
    expect(await lock.acquire()).toBeNull()
    const id = lock.id!
    expect(JSON.parse(id)).toMatchObject({ S: 'me', I: 'install' })
    expect(await lock.maintain(60_000)).toBeNull()
    advance(60_000)
    expect(await lock.maintain(60_000)).toBeNull()
    await lock.release()
    await lock.release()
    expect(calls).toEqual([`lock ${id}`, `refreshLock ${id}`, `unlock ${id}`])
    expect(lock.id).toBeNull()
  })

  it('names the holder of a lock someone else has, and remembers a lock an earlier window of this editor left', async () => {
    const theirs = lockWith({ lock: () => Promise.reject(conflict('Lock', { 'x-wopi-lock': 'other', 'x-wopi-lockfailurereason': 'Sam' })) })
    expect(await theirs.lock.acquire()).toEqual({
      code: 'locked',
      message: 'This file is open read-only because it is locked: Sam.',
      holder: 'Sam',
    })
    expect(theirs.lock.stale).toBeNull()

    const left = newLockId('earlier', 'install', systemRandom)
    const taken: string[] = []
    const ours = lockWith(
      { lock: () => Promise.reject(conflict('Lock', { 'x-wopi-lock': left })) },
      { lockTakenFrom: (session) => void taken.push(session) },
    )
    expect((await ours.lock.acquire())?.code).toBe('locked-stale')
    expect(ours.lock.stale).toBe(left)
    await ours.lock.takeOver()
    expect(ours.calls.at(-1)).toBe(`unlockAndRelock ${left} ${ours.lock.id}`)
    expect(taken).toEqual(['earlier'])
    expect(ours.lock.stale).toBeNull()
  })

  it('takes an expired lock again on refresh, and says so when someone else took it', async () => {
    const expired = lockWith({ refreshLock: () => Promise.reject(conflict('RefreshLock', { 'x-wopi-lock': '' })) })
    await expired.lock.acquire()
    expired.advance(60_000)
    expect(await expired.lock.maintain(1)).toBeNull()
    expect(expired.calls.map((call) => call.split(' ')[0])).toEqual(['lock', 'refreshLock', 'lock'])

    const stolen = lockWith({
      refreshLock: () => Promise.reject(conflict('RefreshLock', { 'x-wopi-lock': 'theirs', 'x-wopi-lockfailurereason': 'Erin' })),
    })
    await stolen.lock.acquire()
    stolen.advance(60_000)
    expect(await stolen.lock.maintain(1)).toMatchObject({ code: 'lock-lost', holder: 'Erin' })
    expect(stolen.lock.id).toBeNull()
  })
})
