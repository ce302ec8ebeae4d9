import { generateKeyPairSync } from 'node:crypto'
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { TEST_CASES_PATH } from '../../../fixtures'
import type { ProofKeySet } from '../../core/wopi/proof-keys'
import { startFakeWopiHost, validatorTarget, type FakeWopiHost } from '../../core/test-support/fake-wopi-host'
import { main } from '../index'
import type { CliIo } from '../io'

const casesPath = TEST_CASES_PATH
const TOKEN = 'cli-token-123456'
const hosts: FakeWopiHost[] = []
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
    const host = await startFakeWopiHost(validatorTarget({ token: TOKEN }))
    hosts.push(host)
    const io = captureIo()
    const status = await main(
      ['validate', '--wopisrc', host.wopiSrc, '--token', TOKEN, '--cases', TEST_CASES_PATH, '--group', 'GetLock'],
      io,
    )
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
    const host = await startFakeWopiHost(validatorTarget({ token: TOKEN, bugs: { getLockWrongValue: true } }))
    hosts.push(host)
    const io = captureIo()
    const status = await main(
      ['validate', '--wopisrc', host.wopiSrc, '--token', TOKEN, '--cases', TEST_CASES_PATH, '--group', 'GetLock', '--token-ttl', '0'],
      io,
    )
    expect(status).toBe(1)
    expect(io.lines[0]).toBe(
      'GetLock / files.GetLock: failed - GetLock (request 2 of 2, POST /wopi/files/test, X-WOPI-Override: GET_LOCK) → HTTP 200: response header X-WOPI-Lock is "LockString-other", expected "LockString"',
    )
    expect(io.lines.at(-1)).toBe('1 passed, 2 failed, 0 skipped')

    const json = captureIo()
    expect(
      await main(
        ['validate', '--wopisrc', host.wopiSrc, '--token', TOKEN, '--cases', TEST_CASES_PATH, '--group', 'GetLock', '--json'],
        json,
      ),
    ).toBe(1)
    expect(json.lines).toHaveLength(1)
    const report = JSON.parse(json.lines[0]!)
    expect(report).toMatchObject({ passed: 1, failed: 2, skipped: 0, category: 'WopiCore' })
    expect(json.lines[0]).not.toContain(TOKEN)
  })

  it.each([
    [['--token', 'x', '--cases', TEST_CASES_PATH], /--wopisrc is required/],
    [
      ['--wopisrc', 'http://127.0.0.1:9/wopi/files/x', '--token', 'x', '--cases', '/nonexistent/TestCases.xml'],
      /cannot read --cases \/nonexistent\/TestCases.xml \(ENOENT\)/,
    ],
    [
      ['--wopisrc', 'http://127.0.0.1:9/wopi/files/x', '--token', 'x', '--cases', casesPath, '--category', 'Everything'],
      /Unknown category "Everything"/,
    ],
    [
      ['--wopisrc', 'http://127.0.0.1:9/wopi/files/x', '--token', 'x', '--cases', casesPath, '--group', 'Nope'],
      /Unknown test group "Nope"/,
    ],
    [['--wopisrc', 'http://127.0.0.1:9/wopi/files/x', '--token', 'x', '--cases', casesPath, '--token-ttl', 'soon'], /--token-ttl must be/],
    [['--wopisrc', 'x', '--token', 'x', '--cases', casesPath, '--colour'], /Unknown option '--colour'/],
    [
      ['--wopisrc', 'http://127.0.0.1:9/wopi/files/x?access_token=abc', '--token', 'abc'],
      /^validate: --wopisrc must not contain access_token: pass the WOPISrc alone and the token with --token\.$/,
    ],
    [['--wopisrc', 'http://127.0.0.1:9/wopi/files/x', '--token', 'x', '--timeout', '0'], /--timeout must be the seconds to wait/],
    [['--wopisrc', 'http://127.0.0.1:9/wopi/files/x', '--token', 'x', '--case', 'Nope'], /Unknown test case "Nope"/],
    [
      ['--wopisrc', 'http://127.0.0.1:9/wopi/files/x', '--token', 'x', '--proof-keys', '/nonexistent/keys.pem'],
      /cannot read --proof-keys \/nonexistent\/keys.pem \(ENOENT\)\. Create a key pair file with: wopi-desk validate --create-proof-keys/,
    ],
    [['--print-proof-key'], /--print-proof-key needs --proof-keys <file>/],
  ])('bad input %# gets one clear line and exit 2', async (args, message) => {
    const io = captureIo()
    expect(await main(['validate', ...args], io)).toBe(2)
    expect(io.errors).toHaveLength(1)
    expect(io.errors[0]).toMatch(message)
    expect(io.lines).toEqual([])
  })
})

describe('wopi-desk validate in CI and for support staff', () => {
  it('exits 1 when nothing was tested: an unreachable host fails the gate once, within --timeout', async () => {
    const io = captureIo()
    const status = await main(['validate', '--wopisrc', 'http://127.0.0.1:1/wopi/files/x', '--token', 'abc', '--timeout', '2'], io)
    expect(status).toBe(1)
    expect(io.lines[0]).toMatch(
      /^CheckFileInfoSchema \/ FullCheckFileInfoSchema: skipped - prerequisite WopiValidatorPrereq failed: CheckFileInfo .*no HTTP response/,
    )
    expect(io.lines[1]).toMatch(/: skipped - not run: the host did not answer WopiValidatorPrereq/)
    expect(io.lines.at(-2)).toMatch(/^Nothing after the gate was tested: the host did not answer WopiValidatorPrereq/)
    expect(io.lines.at(-1)).toMatch(/^0 passed, 0 failed, \d+ skipped$/)
  })

  it('a host that checks proofs answers 500 to unsigned requests: the gate fails and the output says which flag helps', async () => {
    const pair = generateKeyPairSync('rsa', { modulusLength: 1024 })
    const jwk = pair.publicKey.export({ format: 'jwk' })
    const host = await startFakeWopiHost(
      validatorTarget({
        token: TOKEN,
        proofKeys: { current: { modulus: Buffer.from(jwk.n!, 'base64url').toString('base64'), exponent: 'AQAB' } },
      }),
    )
    hosts.push(host)
    const io = captureIo()
    expect(await main(['validate', '--wopisrc', host.wopiSrc, '--token', TOKEN, '--group', 'GetLock'], io)).toBe(1)
    expect(io.lines.at(-2)).toBe(
      'A host that checks proof keys answers 500 to unsigned requests: pass --proof-keys <file> with a key pair it trusts (see --create-proof-keys).',
    )
    expect(host.requests).toHaveLength(1)
  })

  it('runs the supplementary cases by default (their own summary), --no-supplementary leaves them out', async () => {
    const host = await startFakeWopiHost(validatorTarget({ token: TOKEN, bugs: { relockUnlockedFile: true } }))
    hosts.push(host)
    const io = captureIo()
    expect(await main(['validate', '--wopisrc', host.wopiSrc, '--token', TOKEN, '--group', 'GetLock,WopiDesk.Locks'], io)).toBe(1)
    expect(io.lines).toContain(
      'WopiDesk.Locks / WopiDesk.UnlockAndRelockUnlockedFile: failed - UnlockAndRelock (request 1 of 1, POST /wopi/files/test, X-WOPI-Override: LOCK) → HTTP 200: expected HTTP 409, got HTTP 200',
    )
    expect(io.lines.at(-2)).toBe('WOPI Desk supplementary cases: 2 passed, 1 failed, 0 skipped')
    const without = captureIo()
    expect(
      await main(
        ['validate', '--wopisrc', host.wopiSrc, '--token', TOKEN, '--group', 'GetLock,WopiDesk.Locks', '--no-supplementary'],
        without,
      ),
    ).toBe(2)
    expect(without.errors[0]).toMatch(/Unknown test group "WopiDesk.Locks"/)
  })

  it('--verbose shows each exchange with the token masked; --case picks cases', async () => {
    const host = await startFakeWopiHost(validatorTarget({ token: TOKEN }))
    hosts.push(host)
    const io = captureIo()
    expect(await main(['validate', '--wopisrc', host.wopiSrc, '--token', TOKEN, '--case', 'files.GetLock', '--verbose'], io)).toBe(0)
    expect(io.lines[0]).toBe('GetLock / files.GetLock: passed')
    expect(io.lines).toContain('    > POST /wopi/files/test?access_token=***&access_token_ttl=0')
    expect(io.lines).toContain('    >   X-WOPI-Override: GET_LOCK')
    expect(io.lines).toContain('    >   Authorization: Bearer ***')
    expect(io.lines).toContain('    <   x-wopi-lock: LockString')
    expect(io.lines.join('\n')).not.toContain(TOKEN)
    expect(io.lines.at(-1)).toBe('1 passed, 0 failed, 0 skipped')
  })

  it('--junit writes JUnit XML next to --json, with progress on stderr', async () => {
    const host = await startFakeWopiHost(validatorTarget({ token: TOKEN, bugs: { getLockWrongValue: true } }))
    hosts.push(host)
    const dir = await mkdtemp(join(tmpdir(), 'validate-junit-'))
    const io = { ...captureIo(), cwd: dir }
    expect(
      await main(['validate', '--wopisrc', host.wopiSrc, '--token', TOKEN, '--group', 'GetLock', '--json', '--junit', 'report.xml'], io),
    ).toBe(1)
    const xml = await readFile(join(dir, 'report.xml'), 'utf8')
    expect(xml).toContain('<testsuite name="GetLock" tests="3" failures="2" skipped="0">')
    expect(xml).toContain('<testcase classname="GetLock" name="files.GetLockOnUnlockedFile"/>')
    expect(xml).toMatch(/<failure message="GetLock \(request 2 of 2, .*expected &quot;LockString&quot;">/)
    expect(xml).not.toContain(TOKEN)
    expect(io.errors).toEqual([
      'validate: [1/3] GetLock / files.GetLock',
      'validate: [2/3] GetLock / files.GetLockAfterChange',
      'validate: [3/3] GetLock / files.GetLockOnUnlockedFile',
    ])
    await rm(dir, { recursive: true, force: true })
  })

  it('its own proof key pair: created once (never overwritten), printed as <proof-key>, served as discovery, signs every request', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'validate-keys-'))
    const io = { ...captureIo(), cwd: dir }
    expect(await main(['validate', '--create-proof-keys', 'keys.pem'], io)).toBe(0)
    expect((await stat(join(dir, 'keys.pem'))).mode & 0o777).toBe(0o600)
    const element = io.lines.find((line) => line.startsWith('<proof-key '))!
    expect(element).toMatch(
      /^<proof-key value="[^"]+" modulus="[^"]+" exponent="AQAB" oldvalue="[^"]+" oldmodulus="[^"]+" oldexponent="AQAB"\/>$/,
    )
    const again = { ...captureIo(), cwd: dir }
    expect(await main(['validate', '--create-proof-keys', 'keys.pem'], again)).toBe(2)
    expect(again.errors[0]).toMatch(/already exists/)

    const printed = { ...captureIo(), cwd: dir }
    expect(await main(['validate', '--proof-keys', 'keys.pem', '--print-proof-key'], printed)).toBe(0)
    expect(printed.lines).toEqual([element])

    let stop: () => void = () => undefined
    const served = { ...captureIo(), cwd: dir, waitForStop: () => new Promise<string>((resolve) => (stop = () => resolve('SIGTERM'))) }
    const serving = main(['validate', '--proof-keys', 'keys.pem', '--serve-discovery'], served)
    await vi.waitFor(() =>
      expect(served.lines[0]).toMatch(/^Discovery with validate's proof keys: http:\/\/127\.0\.0\.1:\d+\/hosting\/discovery$/),
    )
    const discovery = await (await fetch(served.lines[0]!.split(': ')[1]!)).text()
    expect(discovery).toContain(element)
    expect(discovery).toContain('<action name="getinfo" ext="wopitest"')
    stop()
    expect(await serving).toBe(0)

    // the host trusts exactly what was printed
    const attribute = (name: string) => new RegExp(` ${name}="([^"]+)"`).exec(element)![1]!
    const trusted: ProofKeySet = {
      current: { value: attribute('value') },
      old: { modulus: attribute('oldmodulus'), exponent: attribute('oldexponent') },
    }
    const host = await startFakeWopiHost(validatorTarget({ token: TOKEN, proofKeys: trusted }))
    hosts.push(host)
    const run = { ...captureIo(), cwd: dir }
    expect(
      await main(
        [
          'validate',
          '--wopisrc',
          host.wopiSrc,
          '--token',
          TOKEN,
          '--category',
          'OfficeOnline',
          '--group',
          'ProofKeys',
          '--proof-keys',
          'keys.pem',
        ],
        run,
      ),
    ).toBe(0)
    expect(run.lines.at(-1)).toBe('7 passed, 0 failed, 0 skipped')
    await rm(dir, { recursive: true, force: true })
  })
})
