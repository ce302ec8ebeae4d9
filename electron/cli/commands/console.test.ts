import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { writeServeInfo } from '../../core/server/serve-info'
import { main } from '../index'
import { testIo } from './cli-test-io'

describe('wopi-desk console', () => {
  let data: string
  beforeEach(async () => {
    data = await mkdtemp(join(tmpdir(), 'wopi-desk-console-cmd-'))
  })
  afterEach(() => rm(data, { recursive: true, force: true }))

  it("prints the running serve's current Console URL", async () => {
    await writeServeInfo(data, {
      pid: process.pid,
      wopiBase: 'http://127.0.0.1:17890',
      startedAt: Date.now(),
      consoleUrl: 'http://127.0.0.1:40123',
      consoleSecret: 's3cret-key',
    })
    const io = testIo()
    expect(await main(['console', '--data', data], io)).toBe(0)
    expect(io.lines).toEqual(['http://127.0.0.1:40123/?key=s3cret-key'])
    const json = testIo()
    expect(await main(['console', '--data', data, '--json'], json)).toBe(0)
    expect(JSON.parse(json.lines[0]!)).toEqual({ consoleUrl: 'http://127.0.0.1:40123/?key=s3cret-key' })
  })

  it('says how to start serve when none runs (exit 1)', async () => {
    const io = testIo()
    expect(await main(['console', '--data', data], io)).toBe(1)
    expect(io.errors).toHaveLength(1)
    expect(io.errors[0]).toMatch(/no WOPI Desk host is running for .*Start it with: .*serve --data/)
  })
})
