import { mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { reportJson } from '../../core/doctor'
import { startFakeEditor, type FakeEditor } from '../../core/doctor/test-support/fake-editor'
import { main } from '../index'
import { testIo, type TestIo } from './cli-test-io'

// `doctor` and `report` from the command line, with `serve` running on the same data folder (in this process,
// as the serve tests do) and without it; a fake ONLYOFFICE editor on 127.0.0.1 plays the editor.

let base: string
let root: string
let data: string
let editor: FakeEditor
let serveIo: TestIo | null = null
let serving: Promise<number> | null = null

beforeEach(async () => {
  base = await mkdtemp(join(tmpdir(), 'wopi-desk-cli-doctor-'))
  root = join(base, 'Documents')
  data = join(base, 'data')
  await mkdir(root)
  await writeFile(join(root, 'Plan.docx'), 'PK\x03\x04 plan')
  editor = await startFakeEditor({ flavour: 'onlyoffice' })
})
afterEach(async () => {
  if (serveIo && serving) {
    serveIo.stop()
    await serving
  }
  serveIo = null
  serving = null
  await editor.close()
  await rm(base, { recursive: true, force: true })
})

async function startServe(): Promise<string> {
  serveIo = testIo(base)
  serving = main(['serve', '--root', root, '--data', data, '--port', '0', '--editor-port', '0'], serveIo)
  const line = await serveIo.waitForLine(/^WOPI host: /)
  return line.slice('WOPI host: '.length)
}

async function importEditor(): Promise<string> {
  const io = testIo(base)
  expect(await main(['discovery', 'import', editor.discoveryUrl, '--data', data], io)).toBe(0)
  const list = testIo(base)
  await main(['discovery', 'list', '--data', data, '--json'], list)
  // The built-in editor is in the catalog too (serve imports it): pick the fake editor.
  const endpoints = JSON.parse(list.lines.join('\n')) as { id: string; discoveryUrl: string }[]
  return endpoints.find((endpoint) => endpoint.discoveryUrl.startsWith(editor.origin))!.id
}

async function doctor(...args: string[]): Promise<{ code: number; io: TestIo }> {
  const io = testIo(base)
  const code = await main(['doctor', '--data', data, ...args], io)
  return { code, io }
}

type CheckJson = { id: string; title: string; status: string; detail: string; fix: string; endpointId: string | null }

describe('wopi-desk doctor', () => {
  it('--json while serve runs: exactly {"checks":[...]}, the editor reached the host through serve, exit status from the failures', async () => {
    const wopiBase = await startServe()
    const endpointId = await importEditor()
    const { code, io } = await doctor('--json', '--timeout', '5')
    const parsed = JSON.parse(io.lines.join('\n')) as { checks: CheckJson[] }
    expect(Object.keys(parsed)).toEqual(['checks'])
    for (const check of parsed.checks) {
      expect(Object.keys(check)).toEqual(['id', 'title', 'status', 'detail', 'fix', 'endpointId'])
      expect(['pass', 'warn', 'fail', 'skip']).toContain(check.status)
    }
    const byId = (id: string) =>
      parsed.checks.find((check) => check.id === id && (check.endpointId === endpointId || check.endpointId === null))!
    expect(byId('host.listener')).toMatchObject({ status: 'pass', endpointId: null })
    expect(byId('host.listener').detail).toContain(`wopi-desk serve (pid ${process.pid}) answers as a WOPI host at ${wopiBase}`)
    expect(byId('host.reachable-from-editor')).toMatchObject({ status: 'pass', endpointId })
    expect(byId('discovery.reachable').status).toBe('pass')
    // serve's sessions send the host page origin as PostMessageOrigin.
    expect(byId('host.postmessage-origin').status).toBe('pass')
    expect(code).toBe(parsed.checks.some((check) => check.status === 'fail') ? 1 : 0)
    expect(io.errors).toEqual([])
    // The canary the CLI created was served by `serve`, then removed.
    expect(await readdir(root)).toEqual(['Plan.docx'])
  })

  it('human output groups by editor with a symbol per status and the fix under problems', async () => {
    await startServe()
    const endpointId = await importEditor()
    const { io } = await doctor('--endpoint', endpointId, '--timeout', '5')
    const text = io.lines.join('\n')
    expect(io.lines[0]).toBe('This host')
    expect(text).toContain(`ONLYOFFICE Docs (${new URL(editor.origin).host}) [${endpointId}]`)
    expect(text).toMatch(/ {2}✓ The WOPI host answers: /)
    expect(text).toMatch(/ {2}✓ PostMessageOrigin matches the host page: /)
    // Every warning or failure is followed by its fix.
    const problems = io.lines.flatMap((line, index) => (/^ {2}[✗!] /.test(line) ? [index] : []))
    expect(problems.length).toBeGreaterThan(0)
    for (const index of problems) expect(io.lines[index + 1]).toMatch(/^ {6}fix: /)
    expect(io.lines.at(-1)).toMatch(/^\d+ checks: \d+ passed, \d+ warnings, \d+ failed, \d+ skipped$/)
    expect(io.errors[0]).toContain('this takes a few seconds')
  })

  it('without serve: the host checks say it is not running and how to start it', async () => {
    await startServe()
    await importEditor()
    serveIo!.stop()
    await serving
    serving = null
    const { code, io } = await doctor('--json', '--timeout', '1')
    const checks = (JSON.parse(io.lines.join('\n')) as { checks: CheckJson[] }).checks
    const listener = checks.find((check) => check.id === 'host.listener')!
    expect(listener.status).toBe('fail')
    expect(listener.detail).toContain('not running')
    expect(listener.fix).toContain('wopi-desk serve')
    expect(checks.find((check) => check.id === 'host.reachable-from-editor')!).toMatchObject({ status: 'skip' })
    expect(code).toBe(1)
  })

  it('bad input: one line, exit status 2, nothing run', async () => {
    await startServe()
    const cases: [string[], RegExp][] = [
      [['doctor'], /no WOPI Desk data in .*WOPI Desk/],
      [['doctor', '--data', join(base, 'nowhere')], /no WOPI Desk data in .*nowhere/],
      [['doctor', '--data', data, '--endpoint', 'nope'], /There is no editor with id "nope"/],
      [['doctor', '--data', data, '--colour'], /Unknown option '--colour'/],
      [['doctor', '--data', data, '--timeout', 'soon'], /--timeout must be a number of seconds/],
    ]
    for (const [argv, message] of cases) {
      const io = testIo(base)
      io.env['HOME'] = join(base, 'home')
      io.env['XDG_CONFIG_HOME'] = join(base, 'home', '.config')
      expect(await main(argv, io)).toBe(2)
      expect(io.errors.join('\n')).toMatch(message)
      expect(io.lines).toEqual([])
    }
  })
})

describe('wopi-desk report', () => {
  it('writes one redacted file (into a folder if --out is one) and says where', async () => {
    await startServe()
    await importEditor()
    const io = testIo(base)
    expect(await main(['report', '--data', data, '--out', base, '--timeout', '5'], io)).toBe(0)
    const written = io.lines[0]!.match(/^Wrote (.+) \(\d+ KiB\)\. Attach it to your support ticket\.$/)![1]!
    expect(written.startsWith(join(base, 'wopi-desk-report-'))).toBe(true)
    expect((await stat(written)).mode & 0o777).toBe(0o600)
    const text = await readFile(written, 'utf8')
    const json = reportJson(text)
    expect(json['settings']).toMatchObject({ root: '<served folder>', dataDir: '<data folder>' })
    expect((json['doctor'] as { checks: unknown[] }).checks.length).toBeGreaterThan(10)
    expect(text).not.toContain(root)
    expect(text).not.toContain(data)
  })

  it('needs --out', async () => {
    const io = testIo(base)
    expect(await main(['report', '--data', data], io)).toBe(2)
    expect(io.errors[0]).toMatch(/--out is required/)
  })
})
