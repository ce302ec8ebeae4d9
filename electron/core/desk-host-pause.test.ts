import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { HostStatusDto } from '../contract/dto'
import { createDesk, type Desk } from './desk'
import { testDeskOptions } from './desk-test-options'
import { lockFile, wopi } from './wopi/test-kit'

// Issue 14: the console's "Paused — Resume" banner drives host:pause / host:resume over the console's HTTP
// transport, and every console hears host:changed on the event stream.

describe('Pause host over the console transport', () => {
  let base: string
  let desk: Desk | null = null

  beforeEach(async () => {
    base = await mkdtemp(join(tmpdir(), 'wopi-desk-pause-'))
    await mkdir(join(base, 'Documents'))
    await writeFile(join(base, 'Documents', 'notes.md'), '# Notes\n')
  })
  afterEach(async () => {
    await desk?.close()
    desk = null
    await rm(base, { recursive: true, force: true })
  })

  async function consoleCaller(started: Desk) {
    const login = await fetch(started.console!.loginUrl, { redirect: 'manual' })
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!
    const call = async (channel: string): Promise<unknown> => {
      const answer = await fetch(`${started.console!.url}/api/call/${channel}`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json', 'x-wopi-desk': '1' },
        body: JSON.stringify({ args: [] }),
      })
      return answer.json()
    }
    return { call, cookie }
  }

  it('pauses (WOPI answers 503, the lock stays), reports it, tells every console, and resumes', async () => {
    desk = await createDesk(testDeskOptions(base, { console: { port: 0 } }))
    const access = await desk.host.issueToken('notes.md', { write: true })
    expect((await lockFile(access, 'editor-lock')).status).toBe(200)
    const { call, cookie } = await consoleCaller(desk)

    const stream = await fetch(`${desk.console!.url}/api/events`, { headers: { cookie } })
    const reader = stream.body!.getReader()

    expect(await call('host:status')).toEqual({ ok: true, value: { paused: false, pausedAt: null } })
    const paused = (await call('host:pause')) as { ok: true; value: HostStatusDto }
    expect(paused.ok).toBe(true)
    expect(paused.value.paused).toBe(true)
    expect(paused.value.pausedAt).toEqual(expect.any(Number))
    expect(await call('host:status')).toEqual(paused)

    let seen = ''
    while (!seen.includes('host:changed')) {
      const chunk = await reader.read()
      if (chunk.done) break
      seen += Buffer.from(chunk.value).toString('utf8')
    }
    expect(seen).toMatch(/host:changed[\s\S]*"paused":true/)
    await reader.cancel()

    const refused = await wopi(access)
    expect(refused.status).toBe(503)
    expect(refused.headers['retry-after']).toBeDefined()
    expect(desk.host.locks.current(access.fileId)?.lockId).toBe('editor-lock')
    // The console itself keeps working while the host is paused.
    expect(await call('files:locks')).toMatchObject({ ok: true, value: [{ lockId: 'editor-lock' }] })

    expect(await call('host:resume')).toEqual({ ok: true, value: { paused: false, pausedAt: null } })
    expect((await wopi(access)).status).toBe(200)
  })
})
