import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { main } from '../index'
import { wopi } from '../../core/wopi/test-kit'
import { testIo } from './cli-test-io'

describe('wopi-desk serve', () => {
  let base: string
  let root: string
  let data: string
  let blocker: Server | null = null
  let child: ChildProcess | null = null
  beforeEach(async () => {
    base = await mkdtemp(join(tmpdir(), 'wopi-desk-cli-serve-'))
    root = join(base, 'Documents')
    data = join(base, 'data')
    await mkdir(root)
    await writeFile(join(root, 'Plan.docx'), 'plan')
  })
  afterEach(async () => {
    await new Promise<void>((resolve) => (blocker ? blocker.close(() => resolve()) : resolve()))
    blocker = null
    child?.kill()
    child = null
    await rm(base, { recursive: true, force: true })
  })

  it('serves the folder, announces itself, works with token, and stops cleanly', async () => {
    const io = testIo(base)
    const running = main(['serve', '--root', 'Documents', '--data', 'data', '--port', '0', '--editor-port', '0'], io)
    const announced = await io.waitForLine(/^WOPI host: /)
    const consoleLine = await io.waitForLine(/^Console: /)
    const wopiBase = announced.slice('WOPI host: '.length)
    expect(wopiBase).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(io.lines).toContain(`Serving: ${root}`)
    expect(io.lines.some((line) => /^Built-in editor: http:\/\/127\.0\.0\.1:\d+$/.test(line))).toBe(true)
    const info = JSON.parse(await readFile(join(data, 'serve.json'), 'utf8')) as Record<string, unknown>
    expect(info).toMatchObject({ pid: process.pid, wopiBase })
    // The console URL logs a browser in: it answers with the session cookie and drops the secret from the address.
    const consoleUrl = consoleLine.slice('Console: '.length)
    expect(consoleUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?key=[A-Za-z0-9_-]{20,}$/)
    expect(consoleUrl.startsWith(String(info['consoleUrl']))).toBe(true)
    const login = await fetch(consoleUrl, { redirect: 'manual' })
    expect(login.status).toBe(303)
    expect(login.headers.get('set-cookie')).toMatch(/HttpOnly/)
    expect((await stat(join(data, 'serve.json'))).mode & 0o777).toBe(0o600)

    const tokenIo = testIo(base)
    expect(await main(['token', 'Plan.docx', '--data', 'data', '--write'], tokenIo)).toBe(0)
    const issued = JSON.parse(tokenIo.lines[0]!) as { wopiSrc: string; accessToken: string }
    expect(issued.wopiSrc.startsWith(`${wopiBase}/wopi/files/`)).toBe(true)
    const response = await wopi(issued)
    expect(response.status).toBe(200)
    expect(response.json()).toMatchObject({ BaseFileName: 'Plan.docx', UserCanWrite: true })

    io.stop('SIGINT')
    expect(await running).toBe(0)
    expect(io.lines).toContain('Stopping (SIGINT).')
    expect(existsSync(join(data, 'serve.json'))).toBe(false)
    await expect(fetch(`${wopiBase}/wopi/files/x`)).rejects.toThrow()
  })

  it('remembers root, port and public URL in the settings', async () => {
    const io = testIo(base)
    const running = main(
      ['serve', '--root', root, '--data', data, '--port', '0', '--editor-port', '0', '--public-url', 'https://desk.example.test/'],
      io,
    )
    await io.waitForLine(/^WOPI host: /)
    expect(io.lines[0]).toBe('WOPI host: https://desk.example.test')
    expect(io.lines.some((line) => /^Listening on: http:\/\/127\.0\.0\.1:\d+$/.test(line))).toBe(true)
    io.stop()
    await running
    const tokenIo = testIo(base)
    await main(['token', 'Plan.docx', '--data', data], tokenIo)
    expect(JSON.parse(tokenIo.lines[0]!).wopiSrc).toMatch(/^https:\/\/desk\.example\.test\/wopi\/files\//)
  })

  it('says clearly what is wrong: missing flags, missing folder, unknown flag, bad port', async () => {
    const cases: [string[], RegExp][] = [
      [['serve', '--root', join(base, 'nope'), '--data', data], /folder not found: .*nope/],
      [['serve', '--root', join(root, 'Plan.docx'), '--data', data], /is a file/],
      [['serve', '--root', root, '--data', data, '--colour'], /Unknown option '--colour'/],
      [['serve', '--root', root, '--data', data, '--port', 'http'], /--port must be a number/],
      [['serve', '--root', root, '--data', data, '--public-url', 'ftp://x'], /--public-url/],
    ]
    for (const [argv, message] of cases) {
      const io = testIo(base)
      expect(await main(argv, io), argv.join(' ')).not.toBe(0)
      expect(io.errors).toHaveLength(1)
      expect(io.errors[0]).toMatch(message)
    }
    expect(existsSync(join(data, 'wopi-desk.db'))).toBe(false)
  })

  it('with no arguments serves ~/WOPI Desk with a welcome document and the data in the app data folder, then the same folder again', async () => {
    const home = join(base, 'home')
    await mkdir(home)
    const io = testIo(base)
    io.env['HOME'] = home
    io.env['XDG_CONFIG_HOME'] = join(home, '.config')
    const running = main(['serve', '--port', '0', '--editor-port', '0'], io)
    await io.waitForLine(/^Console: /)
    expect(io.lines).toContain(`Created ${join(home, 'WOPI Desk')} with a welcome document.`)
    expect(io.lines).toContain(`Serving: ${join(home, 'WOPI Desk')}`)
    expect(io.lines).toContain(`Data: ${join(home, '.config', 'WOPI Desk')}`)
    expect(await readFile(join(home, 'WOPI Desk', 'Welcome.md'), 'utf8')).toMatch(/^# Welcome to WOPI Desk/)
    io.stop()
    expect(await running).toBe(0)

    // The folder chosen last time is served again, and a deleted welcome document is not recreated.
    await rm(join(home, 'WOPI Desk', 'Welcome.md'))
    const other = join(base, 'Other')
    await mkdir(other)
    const first = testIo(base)
    Object.assign(first.env, { HOME: home, XDG_CONFIG_HOME: join(home, '.config') })
    const choose = main(['serve', '--root', other, '--port', '0', '--editor-port', '0'], first)
    await first.waitForLine(/^Console: /)
    first.stop()
    await choose
    const again = testIo(base)
    Object.assign(again.env, { HOME: home, XDG_CONFIG_HOME: join(home, '.config') })
    const rerun = main(['serve', '--port', '0', '--editor-port', '0'], again)
    await again.waitForLine(/^Console: /)
    expect(again.lines).toContain(`Serving: ${other}`)
    again.stop()
    await rerun
    expect(existsSync(join(home, 'WOPI Desk', 'Welcome.md'))).toBe(false)
  })

  it('reports a port in use', async () => {
    blocker = createServer()
    await new Promise<void>((resolve) => blocker!.listen(0, '127.0.0.1', resolve))
    const port = (blocker.address() as { port: number }).port
    const io = testIo(base)
    expect(await main(['serve', '--root', root, '--data', data, '--port', String(port)], io)).toBe(2)
    expect(io.errors).toEqual([`serve: port ${port} is in use; pick another with --port.`])
    // The data folder was new: the failed start leaves nothing behind.
    expect(existsSync(data)).toBe(false)
  })

  it('refuses a taken editor port the same way, and says so', async () => {
    blocker = createServer()
    await new Promise<void>((resolve) => blocker!.listen(0, '127.0.0.1', resolve))
    const port = (blocker.address() as { port: number }).port
    await mkdir(data, { recursive: true })
    const io = testIo(base)
    expect(await main(['serve', '--root', root, '--data', data, '--port', '0', '--editor-port', String(port)], io)).toBe(2)
    expect(io.errors.at(-1)).toBe(
      `serve: the built-in editor's port ${port} is in use; pick another with --editor-port (0 lets the system choose).`,
    )
    // The folder existed (empty): it stays, without a database.
    expect(existsSync(data)).toBe(true)
    expect(existsSync(join(data, 'wopi-desk.db'))).toBe(false)
  })

  it('refuses to start a second host while the one serve.json names answers (issue 13 item 11)', async () => {
    const firstIo = testIo(base)
    const first = main(['serve', '--root', root, '--data', data, '--port', '0', '--editor-port', '0'], firstIo)
    const announced = await firstIo.waitForLine(/^WOPI host: /)
    // The running host as another process would see it: its record names a pid other than ours.
    child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 20000)'], { stdio: 'ignore' })
    const info = JSON.parse(await readFile(join(data, 'serve.json'), 'utf8')) as Record<string, unknown>
    await writeFile(join(data, 'serve.json'), JSON.stringify({ ...info, pid: child.pid, pidStartTime: undefined }))
    const io = testIo(base)
    expect(await main(['serve', '--root', root, '--data', data, '--port', '0', '--editor-port', '0'], io)).toBe(2)
    expect(io.errors[0]).toMatch(/another WOPI Desk host \(pid \d+\) already serves/)
    expect(io.errors[0]).toContain(announced.slice('WOPI host: '.length))
    firstIo.stop('SIGINT')
    expect(await first).toBe(0)
  })

  it('starts over a stale serve.json whose pid now belongs to another program (a crash, then a reboot)', async () => {
    child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 20000)'], { stdio: 'ignore' })
    await mkdir(data, { recursive: true })
    const records = [
      { pid: child.pid, wopiBase: 'http://127.0.0.1:1', startedAt: Date.now() },
      {
        pid: child.pid,
        wopiBase: 'http://127.0.0.1:1',
        startedAt: Date.now(),
        consoleUrl: 'http://127.0.0.1:1',
        consoleSecret: 'gone-secret-0123456789',
      },
      // what `pid 1` after a reboot looks like: alive, never a WOPI Desk
      { pid: 1, wopiBase: 'http://127.0.0.1:1', startedAt: Date.now(), pidStartTime: 'not-its-start-time' },
    ]
    for (const record of records) {
      await writeFile(join(data, 'serve.json'), JSON.stringify(record))
      const io = testIo(base)
      const running = main(['serve', '--root', root, '--data', data, '--port', '0', '--editor-port', '0'], io)
      await io.waitForLine(/^WOPI host: /)
      expect(io.errors.join('\n')).not.toContain('another WOPI Desk host')
      const info = JSON.parse(await readFile(join(data, 'serve.json'), 'utf8')) as Record<string, unknown>
      expect(info['pid']).toBe(process.pid)
      io.stop('SIGINT')
      expect(await running).toBe(0)
    }
  })
})
