import { appPaths } from '../app-paths'
import { cliInvocation } from '../invocation'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { channelNames } from '../../contract/channel-names'
import type { ApiImplementation } from '../../contract/channels'
import type { OpenRequest, OpenResult } from '../../contract/dto'
import { ApiError } from '../../contract/envelope'
import { silentLog } from '../../core/deps'
import { createEventBus } from '../../core/event-bus'
import { createPlacesApi } from '../../core/places/places-api'
import { startConsoleListener, type ConsoleListener } from '../../core/server/console-listener'
import { SERVE_INFO_FILE } from '../../core/server/serve-info'
import { httpRequest, startSessionStack, type SessionStack } from '../../core/sessions/test-support/session-stack'
import { main } from '../index'
import { testIo } from './cli-test-io'

// `open` against what serve runs: the console listener with the real session channels over a real desk,
// catalog and built-in editor, and a serve.json naming that listener.

const SECRET = 'open-test-secret-0123456789abcdefghij'

let stack: SessionStack
let listener: ConsoleListener
const requests: OpenRequest[] = []

function apiFor(stack: SessionStack): ApiImplementation {
  const unavailable = Object.fromEntries(
    channelNames.map((channel) => [
      channel,
      async () => {
        throw new ApiError('unavailable', `${channel} is not available in this test`)
      },
    ]),
  ) as unknown as ApiImplementation
  // As the desk composes them: places:list, and files:open that resolves a place's path before the session opens it.
  const placesApi = createPlacesApi({
    places: stack.host.desk.places,
    open: (request) => stack.api['files:open'](request),
    newDocument: (request) => stack.api['files:new-document'](request),
    lockedFiles: () => [],
    openSessions: () => [],
    closeSession: () => undefined,
    log: silentLog,
  })
  return {
    ...unavailable,
    ...stack.api,
    'places:list': placesApi['places:list'],
    'files:open': async (request) => {
      requests.push(request)
      return placesApi['files:open'](request)
    },
    'settings:get': async () => stack.host.desk.settingsDto(),
  }
}

async function writeServeJson(extra: Record<string, unknown> = {}): Promise<void> {
  const info = {
    pid: process.pid,
    wopiBase: stack.host.desk.wopiBase(),
    startedAt: Date.now(),
    consoleUrl: listener.url,
    consoleSecret: SECRET,
    ...extra,
  }
  await writeFile(join(stack.host.dataDir, SERVE_INFO_FILE), JSON.stringify(info), { mode: 0o600 })
}

async function open(...argv: string[]) {
  const io = testIo(stack.host.root)
  const status = await main(['open', ...argv, '--data', stack.host.dataDir], io)
  return { status, out: io.lines, err: io.errors }
}

beforeEach(async () => {
  requests.length = 0
  stack = await startSessionStack({ files: { 'notes.txt': 'hello\n', 'sub/plan.md': '# Plan\n', 'data.xyz': 'x' } })
  listener = await startConsoleListener({ api: apiFor(stack), events: createEventBus(), staticDir: null, secret: SECRET, log: silentLog })
  await writeServeJson()
})

afterEach(async () => {
  await listener.close()
  await stack.close()
})

describe('wopi-desk open', () => {
  it('prints one line, the host page URL of a session created inside the running host', async () => {
    const { status, out, err } = await open('notes.txt')
    expect({ status, err }).toEqual({ status: 0, err: [] })
    expect(out).toHaveLength(1)
    expect(requests).toEqual([{ path: 'notes.txt' }])
    const sessionId = out[0]!.split('/').pop()!
    expect(out[0]).toBe(`${stack.origin}/host/${sessionId}`)
    expect(stack.sessions.forPage(sessionId)).toMatchObject({ action: 'edit', appName: 'WOPI Desk Text' })
    const page = await httpRequest(out[0]!)
    expect(page.status).toBe(200)
  })

  it('passes --app and --action on, accepts an absolute path inside the root, and prints the whole result with --json', async () => {
    const { status, out } = await open(join(stack.host.root, 'sub', 'plan.md'), '--app', 'WOPI Desk Text', '--action', 'view', '--json')
    expect(status).toBe(0)
    expect(requests).toEqual([{ path: 'sub/plan.md', appId: 'WOPI Desk Text', action: 'view' }])
    const result = JSON.parse(out[0]!) as OpenResult
    expect(result).toMatchObject({ appId: stack.builtinAppId, action: 'view', canWrite: false })
    expect(Object.keys(result).sort()).toEqual([
      'action',
      'actionUrl',
      'appId',
      'appName',
      'canWrite',
      'fileId',
      'hostPageUrl',
      'sessionId',
    ])
  })

  it('opens an absolute path of another place, and names Places for a path outside every place', async () => {
    const elsewhere = await mkdtemp(join(tmpdir(), 'wopi-desk-cli-open-place-'))
    try {
      await mkdir(join(elsewhere, 'Shared'))
      await writeFile(join(elsewhere, 'Shared', 'minutes.md'), '# Minutes\n')
      await writeFile(join(elsewhere, 'stray.md'), 'not served')
      const place = stack.host.desk.places.add({ path: join(elsewhere, 'Shared'), kind: 'folder' })

      const opened = await open(join(elsewhere, 'Shared', 'minutes.md'), '--json')
      expect({ status: opened.status, err: opened.err }).toEqual({ status: 0, err: [] })
      expect(requests).toEqual([{ path: 'minutes.md', place: place.id }])
      const result = JSON.parse(opened.out[0]!) as OpenResult
      expect(stack.sessions.forPage(result.sessionId)).toMatchObject({ action: 'edit' })
      expect(stack.host.desk.files.get(result.fileId)?.relPath).toBe('minutes.md')

      requests.length = 0
      const outside = await open(join(elsewhere, 'stray.md'))
      expect(outside.status).toBe(2)
      expect(outside.out).toEqual([])
      expect(outside.err).toEqual([
        expect.stringMatching(/stray\.md is outside every place WOPI Desk serves \(.*Shared.*\).*Places on the Settings page/),
      ])
      expect(requests).toEqual([])
    } finally {
      await rm(elsewhere, { recursive: true, force: true })
    }
  })

  it('says when no host runs for the data folder (exit 2)', async () => {
    for (const prepare of [
      () => writeFile(join(stack.host.dataDir, SERVE_INFO_FILE), 'not json'),
      () => writeServeJson({ pid: 2_147_483_000 }),
    ]) {
      await prepare()
      const { status, err, out } = await open('notes.txt')
      expect(status).toBe(2)
      expect(out).toEqual([])
      expect(err).toEqual([
        `open: No WOPI Desk host is running for ${stack.host.dataDir}. Start it with: ${cliInvocation(process.env, appPaths.root)} serve --root <folder> --data ${stack.host.dataDir}`,
      ])
    }
    await listener.close()
    await writeServeJson()
    expect((await open('notes.txt')).status).toBe(2)
    expect(requests).toEqual([])
  })

  it('refuses a serve.json without the console, or with a console that is not loopback', async () => {
    await writeServeJson({ consoleUrl: undefined })
    const old = await open('notes.txt')
    expect(old.status).toBe(2)
    expect(old.err[0]).toContain('does not take open requests')
    await writeServeJson({ consoleUrl: 'http://192.0.2.1:80' })
    expect((await open('notes.txt')).err[0]).toContain('does not take open requests')
  })

  it('turns an error of the host into one line and a non-zero exit', async () => {
    const { status, err, out } = await open('data.xyz')
    expect(status).toBe(1)
    expect(out).toEqual([])
    expect(err).toEqual(['open: No editor handles .xyz files. Import an editor on the Editors page, or enable one.'])
    const missing = await open('missing.txt')
    expect(missing.status).toBe(1)
    expect(missing.err).toHaveLength(1)
  })

  it('reports a secret that does not match', async () => {
    await writeServeJson({ consoleSecret: 'wrong-secret-wrong-secret-wrong-secret' })
    const { status, err } = await open('notes.txt')
    expect(status).toBe(2)
    expect(err[0]).toContain('refused the request')
    expect(requests).toEqual([])
  })

  it('checks its arguments before calling anyone', async () => {
    const io = testIo(stack.host.root)
    expect(await main(['open', 'notes.txt'], io)).toBe(2)
    // Without --data it looks in the app's own data folder, where no host runs here.
    expect(io.errors[0]).toMatch(/No WOPI Desk host is running for .*WOPI Desk/)
    expect((await open('notes.txt', '--action', 'edit now')).status).toBe(2)
    expect((await open('a.txt', 'b.txt')).status).toBe(2)
    expect(requests).toEqual([])
  })
})
