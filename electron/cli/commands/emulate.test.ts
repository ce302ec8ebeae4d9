import { generateKeyPairSync } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { startFakeWopiHost, type FakeWopiHost } from '../../core/test-support/fake-wopi-host'
import { main } from '../index'
import { testIo } from './cli-test-io'

// `wopi-desk emulate` end to end against a fake WOPI host on port 0: output, exit status, --json, --no-write.

let host: FakeWopiHost | undefined
const dirs: string[] = []
afterEach(async () => {
  await host?.close()
  host = undefined
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })))
})

describe('wopi-desk emulate', () => {
  it('prints each step with ✓ and a summary, exit 0 on a host that gives the editor what it needs', async () => {
    host = await startFakeWopiHost()
    const io = testIo()
    const status = await main(['emulate', 'collabora', '--wopisrc', host.wopiSrc, '--token', host.token], io)
    expect(io.errors).toEqual([])
    expect(status).toBe(0)
    expect(io.lines[0]).toBe(`Collabora Online emulation against ${host.wopiSrc}`)
    expect(io.lines[1]).toMatch(/^✓ CheckFileInfo: 200 JSON: "Report 2025.docx"/)
    expect(io.lines[2]).toBe('    GET /wopi/files/doc-1?access_token=<redacted> -> 200')
    expect(io.lines.filter((line) => /^[!✗]/.test(line))).toEqual([])
    expect(io.lines).toContain(
      '✓ Conflict check (PutFile of the unchanged document with an outdated X-COOL-WOPI-Timestamp): 409 with COOLStatusCode 1010 for X-COOL-WOPI-Timestamp "2025-03-01T09:00:03.534000Z": after a change outside the editor, Collabora shows "Document has been changed in storage" and lets the user choose',
    )
    expect(io.lines.at(-1)).toBe('Summary: 14 observations, 0 deviations: this host gives Collabora Online everything it needs.')
    expect(io.lines.join('\n')).not.toContain(host.token)
    // non-destructive by default
    expect(host.file().bytes.toString()).toBe('PK\x03\x04 original document')
    expect(host.file().name).toBe('Report 2025.docx')
  })

  it('--lool replays LibreOffice Online (X-LOOL-WOPI-Timestamp as loolwsd echoes it); refused with onlyoffice', async () => {
    host = await startFakeWopiHost({ misbehave: { millisecondTimes: true } })
    const io = testIo()
    expect(await main(['emulate', 'collabora', '--wopisrc', host.wopiSrc, '--token', host.token, '--lool'], io)).toBe(1)
    const save = host.requests.find((request) => request.headers['x-wopi-override'] === 'PUT')!
    expect(save.headers['x-lool-wopi-timestamp']).toBe('2025-03-01T10:00:01.000534Z')
    expect(io.lines[0]).toBe(`LibreOffice Online emulation against ${host.wopiSrc}`)
    expect(io.lines.at(-1)).toMatch(/: LibreOffice Online works with limitations\.$/)
    const refused = testIo()
    expect(await main(['emulate', 'onlyoffice', '--wopisrc', host.wopiSrc, '--token', host.token, '--lool'], refused)).toBe(2)
    expect(refused.errors).toEqual(['emulate: --lool replays LibreOffice Online, Collabora\'s predecessor: use it with "collabora".'])
  })

  it('marks deviations with "!" and their consequence, exit 1', async () => {
    host = await startFakeWopiHost({ misbehave: { checkFileInfo: { UserFriendlyName: undefined } } })
    const io = testIo()
    const status = await main(['emulate', 'collabora', '--wopisrc', host.wopiSrc, '--token', host.token, '--no-write'], io)
    expect(status).toBe(1)
    const at = io.lines.indexOf('! CheckFileInfo: CheckFileInfo has no UserFriendlyName')
    expect(at).toBeGreaterThan(0)
    expect(io.lines[at + 2]).toBe('    => Collabora shows the author as UnknownUser_u1 in comments, tracked changes and the user list.')
    expect(io.lines.at(-1)).toBe('Summary: 3 observations, 1 deviation: Collabora Online works with limitations.')
    expect(host.requests.map((request) => request.method)).toEqual(['GET', 'GET'])
  })

  it('marks a fatal step with "✗" and --json prints the report without the token', async () => {
    host = await startFakeWopiHost({ misbehave: { checkFileInfoStatus: 404 } })
    const io = testIo()
    const status = await main(['emulate', 'onlyoffice', '--wopisrc', host.wopiSrc, '--token', host.token, '--json'], io)
    expect(status).toBe(1)
    expect(io.lines).toHaveLength(1)
    const report = JSON.parse(io.lines[0]!)
    expect(report).toMatchObject({
      editor: 'onlyoffice',
      fatal: true,
      deviations: 0,
      steps: [{ step: 'CheckFileInfo', status: 404, outcome: 'fatal' }],
    })
    expect(io.lines[0]).not.toContain(host.token)

    const text = testIo()
    await main(['emulate', 'onlyoffice', '--wopisrc', host.wopiSrc, '--token', host.token], text)
    expect(text.lines[1]).toBe('✗ CheckFileInfo: CheckFileInfo answered 404')
    expect(text.lines.at(-1)).toBe('Summary: 1 observation, 0 deviations, 1 fatal: ONLYOFFICE Docs would stop here.')
  })

  it('signs with --proof-key (PEM)', async () => {
    host = await startFakeWopiHost()
    const dir = await mkdtemp(join(tmpdir(), 'wopi-desk-emulate-'))
    dirs.push(dir)
    const pem = join(dir, 'proof.pem')
    await writeFile(pem, generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'pem', type: 'pkcs8' }))
    const io = testIo(dir)
    expect(
      await main(['emulate', 'collabora', '--wopisrc', host.wopiSrc, '--token', host.token, '--no-write', '--proof-key', 'proof.pem'], io),
    ).toBe(0)
    expect(host.requests.every((request) => typeof request.headers['x-wopi-proof'] === 'string')).toBe(true)
  })

  it.each([
    [
      ['emulate', 'word', '--wopisrc', 'http://h/wopi/files/1', '--token', 't'],
      'emulate: the editor must be "collabora" or "onlyoffice", got "word".',
    ],
    [['emulate', 'collabora', '--token', 't'], 'emulate: --wopisrc is required.'],
    [['emulate', 'collabora', '--wopisrc', 'http://h/wopi/files/1'], 'emulate: --token is required.'],
    [
      ['emulate', 'collabora', '--wopisrc', 'h/wopi/files/1', '--token', 't'],
      'emulate: --wopisrc must be an absolute URL such as https://host/wopi/files/<id>, got "h/wopi/files/1".',
    ],
    [
      ['emulate', 'collabora', '--wopisrc', 'http://h/wopi/files/1?access_token=x', '--token', 't'],
      'emulate: --wopisrc must not contain access_token: pass the WOPISrc alone and the token with --token.',
    ],
    [
      ['emulate', 'collabora', '--wopisrc', 'http://h/wopi/files/1', '--token', 't', '--proof-key-old', 'x.pem'],
      'emulate: --proof-key-old needs --proof-key (the current key) as well.',
    ],
    [
      ['emulate', 'collabora', '--wopisrc', 'http://h/wopi/files/1', '--token', 't', '--proof-key', 'missing.pem'],
      'emulate: cannot read --proof-key',
    ],
  ])('rejects bad input with one clear line, exit 2: %j', async (argv, message) => {
    const io = testIo()
    expect(await main(argv, io)).toBe(2)
    expect(io.errors).toHaveLength(1)
    expect(io.errors[0]!.startsWith(message)).toBe(true)
    expect(io.lines).toEqual([])
  })
})
