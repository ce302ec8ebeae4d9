import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { ApiError } from '../../contract/envelope'
import type { Db } from '../db/open-db'
import { silentLog, systemClock, systemRandom } from '../deps'
import { createConformanceApi } from './conformance-api'
import { readHostPage } from './host-page-target'
import { startFakeWopiHost, validatorTarget, type FakeWopiHost } from '../test-support/fake-wopi-host'

// "Check another host" on the Doctor page: the same runner as `wopi-desk validate`, from a WOPISrc and token or
// from a host page that carries both.

const TOKEN = 'other-host-token-123'
const testCasesPath = fileURLToPath(new URL('../../../resources/wopi-validator/TestCases.xml', import.meta.url))
const closers: (() => Promise<void>)[] = []
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()))
})

function api() {
  // check-host never touches the served folder or the database: those belong to 'conformance:run'
  return createConformanceApi({
    db: {} as Db,
    dataDir: '/nonexistent',
    testCasesPath,
    root: () => '',
    issueWriteToken: () => Promise.reject(new Error('not used')),
    clock: systemClock,
    random: systemRandom,
    log: silentLog,
  })['conformance:check-host']
}

async function fakeHost(): Promise<FakeWopiHost> {
  const host = await startFakeWopiHost(validatorTarget({ token: TOKEN, noWriteRelative: true }))
  closers.push(() => host.close())
  return host
}

async function pageServer(html: string): Promise<string> {
  const server: Server = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html' })
    res.end(html)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  closers.push(() => new Promise((resolve) => server.close(() => resolve())))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/host/page`
}

describe('conformance:check-host', () => {
  it("runs Microsoft's cases and WOPI Desk's own against a WOPISrc and token; the report has skip reasons and exchanges, never the token", async () => {
    const host = await fakeHost()
    const report = await api()({ target: host.wopiSrc, token: TOKEN })
    expect(report.passed).toBeGreaterThan(30)
    expect(report.cases.filter((c) => c.status === 'failed').map((c) => `${c.name}: ${c.message}`)).toEqual([])
    expect(report.cases.some((c) => c.suite === 'wopi-desk' && c.status === 'passed')).toBe(true)
    const skipped = report.cases.find((c) => c.status === 'skipped')!
    expect(skipped.message).toBeTruthy()
    expect(report.cases.find((c) => c.status === 'passed')!.requests![0]!.requestHeaders).toBeDefined()
    expect(JSON.stringify(report)).not.toContain(TOKEN)
  }, 60_000)

  it('reads WOPISrc and token from a host page URL', async () => {
    const host = await fakeHost()
    const action = `https://editor.example/browser/cool.html?WOPISrc=${encodeURIComponent(host.wopiSrc)}&amp;lang=en`
    const page = await pageServer(`<html><body><form id="office_form" target="office_frame" action="${action}" method="post">
      <input name="access_token" value="${TOKEN}" type="hidden"><input name="access_token_ttl" value="0" type="hidden"></form></body></html>`)
    const report = await api()({ target: page, category: 'WopiCore' })
    expect(report.failed).toBe(0)
    expect(host.requests[0]!.query.get('access_token')).toBe(TOKEN)
  }, 60_000)

  it.each([
    [{ target: 'http://127.0.0.1:9/not-a-host-page' }, /^The host page could not be loaded/],
    [
      { target: 'http://127.0.0.1:9/wopi/files/x?access_token=abc', token: 'abc' },
      /^the WOPISrc must not contain access_token: pass the WOPISrc alone and the token with the token field\.$/,
    ],
  ])('bad input %# is refused with one clear message', async (input, message) => {
    const error = await api()(input).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(ApiError)
    expect((error as ApiError).message).toMatch(message)
  })

  it('a page without an editor form says what to paste instead', async () => {
    const page = await pageServer('<html><body><h1>Please sign in</h1></body></html>')
    await expect(api()({ target: page })).rejects.toThrow(
      /has no editor form with an access_token and a WOPISrc .* Paste the WOPISrc and the access token instead\./,
    )
  })
})

describe('readHostPage', () => {
  it("reads WOPI Desk's own host page form (entities decoded, ttl kept)", () => {
    const html = `<form id="editor-form" method="post" target="editor" action="http://127.0.0.1:9980/browser/x/cool.html?WOPISrc=http%3A%2F%2F127.0.0.1%3A17890%2Fwopi%2Ffiles%2Fabc&amp;lang=en-US" hidden><input type="hidden" name="access_token" value="t&amp;k"><input type="hidden" name="access_token_ttl" value="1900000000000"></form>`
    expect(readHostPage(html, 'http://127.0.0.1:17890/host/s/edit')).toEqual({
      wopiSrc: 'http://127.0.0.1:17890/wopi/files/abc',
      accessToken: 't&k',
      accessTokenTtl: 1_900_000_000_000,
    })
  })
})
