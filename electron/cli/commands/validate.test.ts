import { afterEach, describe, expect, it } from 'vitest'
import { TEST_CASES_PATH } from '../../../fixtures'
import { startFakeWopiHost, type FakeHost } from '../../core/doctor/conformance/testing/fake-wopi-host'
import { main } from '../index'
import type { CliIo } from '../io'

const TOKEN = 'cli-token-123456'
const hosts: FakeHost[] = []
afterEach(async () => {
  await Promise.all(hosts.splice(0).map((host) => host.close()))
})

function captureIo(): CliIo & { lines: string[]; errors: string[] } {
  const lines: string[] = []
  const errors: string[] = []
  return {
    lines,
    errors,
    out: (line) => lines.push(line),
    err: (line) => errors.push(line),
    waitForStop: () => new Promise(() => {}),
    env: {},
    cwd: process.cwd(),
  }
}

describe('wopi-desk validate', () => {
  it('prints each case and the summary, exit 0 when nothing failed', async () => {
    const host = await startFakeWopiHost({ token: TOKEN })
    hosts.push(host)
    const io = captureIo()
    const status = await main(['validate', '--wopisrc', host.wopiSrc, '--token', TOKEN, '--cases', TEST_CASES_PATH, '--group', 'GetLock'], io)
    expect(io.errors).toEqual([])
    expect(io.lines).toEqual([
      'GetLock / files.GetLock: passed',
      'GetLock / files.GetLockAfterChange: passed',
      'GetLock / files.GetLockOnUnlockedFile: passed',
      '3 passed, 0 failed, 0 skipped',
    ])
    expect(status).toBe(0)
  })

  it('exits 1 and explains the failure when a case fails; --json prints the report without the token', async () => {
    const host = await startFakeWopiHost({ token: TOKEN, bugs: { getLockWrongValue: true } })
    hosts.push(host)
    const io = captureIo()
    const status = await main(['validate', '--wopisrc', host.wopiSrc, '--token', TOKEN, '--cases', TEST_CASES_PATH, '--group', 'GetLock', '--token-ttl', '0'], io)
    expect(status).toBe(1)
    expect(io.lines[0]).toBe(
      'GetLock / files.GetLock: failed - GetLock (request 2 of 2, POST /wopi/files/test, X-WOPI-Override: GET_LOCK) → HTTP 200: response header X-WOPI-Lock is "LockString-other", expected "LockString"',
    )
    expect(io.lines.at(-1)).toBe('1 passed, 2 failed, 0 skipped')

    const json = captureIo()
    expect(await main(['validate', '--wopisrc', host.wopiSrc, '--token', TOKEN, '--cases', TEST_CASES_PATH, '--group', 'GetLock', '--json'], json)).toBe(1)
    expect(json.lines).toHaveLength(1)
    const report = JSON.parse(json.lines[0]!)
    expect(report).toMatchObject({ passed: 1, failed: 2, skipped: 0, category: 'WopiCore' })
    expect(json.lines[0]).not.toContain(TOKEN)
  })

  it.each([
    [['--token', 'x', '--cases', TEST_CASES_PATH], /--wopisrc is required/],
    [['--wopisrc', 'http://127.0.0.1:9/wopi/files/x', '--token', 'x', '--cases', '/nonexistent/TestCases.xml'], /cannot read --cases \/nonexistent\/TestCases.xml \(ENOENT\)/],
    [['--wopisrc', 'http://127.0.0.1:9/wopi/files/x', '--token', 'x', '--cases', TEST_CASES_PATH, '--category', 'Everything'], /Unknown category "Everything"/],
    [['--wopisrc', 'http://127.0.0.1:9/wopi/files/x', '--token', 'x', '--cases', TEST_CASES_PATH, '--group', 'Nope'], /Unknown test group "Nope"/],
    [['--wopisrc', 'http://127.0.0.1:9/wopi/files/x', '--token', 'x', '--cases', TEST_CASES_PATH, '--token-ttl', 'soon'], /--token-ttl must be/],
    [['--wopisrc', 'x', '--token', 'x', '--cases', TEST_CASES_PATH, '--verbose'], /Unknown option '--verbose'/],
  ])('bad input %# gets one clear line and exit 2', async (args, message) => {
    const io = captureIo()
    expect(await main(['validate', ...args], io)).toBe(2)
    expect(io.errors).toHaveLength(1)
    expect(io.errors[0]).toMatch(message)
    expect(io.lines).toEqual([])
  })
})
