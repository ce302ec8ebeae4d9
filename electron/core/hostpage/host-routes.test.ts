import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { httpRequest, startSessionStack, type SessionStack } from '../sessions/test-support/session-stack'
import { hostPageOriginFor } from './host-page-origin'
import type { HostPageData } from '../../contract/host-page'

// The host page routes on a real desk's WOPI listener, with sessions opened in the built-in editor.

let stack: SessionStack

beforeEach(async () => {
  stack = await startSessionStack({ files: { 'notes.txt': 'hello\n', 'report.md': '# Report\n' } })
})

afterEach(async () => {
  await stack.close()
})

function sessionData(html: string): HostPageData {
  const match = /<script type="application\/json" id="session">([^<]*)<\/script>/.exec(html)
  if (!match) throw new Error('no session block in the page')
  return JSON.parse(match[1]!) as HostPageData
}

/** What a browser keeps from the first load of a page: its page key cookie, as a Cookie header. */
async function openInBrowser(hostPageUrl: string): Promise<string> {
  const page = await httpRequest(hostPageUrl)
  expect(page.status).toBe(200)
  return cookieOf(page.header('set-cookie'))
}

function cookieOf(setCookie: string | undefined): string {
  if (!setCookie) throw new Error('no Set-Cookie')
  return setCookie.split(';')[0]!
}

function sessionCount(): number {
  return (stack.host.desk.db.prepare('SELECT COUNT(*) AS n FROM sessions').get() as { n: number }).n
}

describe('a view session becomes a write session only with the local user (issue 13 item 4)', () => {
  it('the first load of the page binds it to that browser with an HttpOnly, SameSite=Lax key; later loads get none', async () => {
    const viewed = await stack.sessions.open({ path: 'notes.txt', action: 'view' })
    const first = await httpRequest(viewed.hostPageUrl)
    const setCookie = first.header('set-cookie') ?? ''
    expect(setCookie).toMatch(new RegExp(`^wopi-desk-page-${viewed.sessionId}=[A-Za-z0-9_-]{20,};`))
    expect(setCookie).toContain(`Path=/host/${viewed.sessionId}`)
    expect(setCookie).toContain('HttpOnly')
    // Lax: sent when an editor navigates the window to HostViewUrl/HostEditUrl; a switch to edit still needs
    // a same-origin request with a click, and the key is only sent to this session's paths.
    expect(setCookie).toContain('SameSite=Lax')
    // The editor learns the session id only from the page's form POST, so it always comes second.
    const second = await httpRequest(viewed.hostPageUrl)
    expect(second.status).toBe(200)
    expect(second.header('set-cookie')).toBeUndefined()
  })

  it('HostEditUrl fetched by the editor (no page key) mints no write token: it gets a page asking the user, and a POST is refused', async () => {
    const viewed = await stack.sessions.open({ path: 'notes.txt', action: 'view' })
    await openInBrowser(viewed.hostPageUrl)
    const info = (await wopiCheckFileInfo(viewed)) as { HostEditUrl: string }
    const before = sessionCount()

    const fetched = await httpRequest(info.HostEditUrl)
    expect(fetched.status).toBe(200)
    expect(fetched.body).toContain('method="post"')
    expect(fetched.body).not.toContain('access_token')
    expect(fetched.header('x-frame-options')).toBe('DENY')
    expect(fetched.header('location')).toBeUndefined()
    expect(fetched.header('set-cookie')).toBeUndefined()

    const attempts: Record<string, string>[] = [
      {},
      { 'Sec-Fetch-Site': 'same-origin' },
      { Cookie: `wopi-desk-page-${viewed.sessionId}=forged-key-forged-key-forged` },
    ]
    for (const headers of attempts) {
      const posted = await httpRequest(info.HostEditUrl, { method: 'POST', headers })
      expect(posted.status).toBe(403)
      expect(posted.body).toContain('Files page')
    }
    expect(sessionCount()).toBe(before)
    expect(stack.sessions.openRow(viewed.sessionId)).not.toBeNull()
  })

  it("a cross-site navigation to HostEditUrl in the user's browser asks first; the user's Edit click (same-origin POST) switches", async () => {
    const viewed = await stack.sessions.open({ path: 'notes.txt', action: 'view' })
    const cookie = await openInBrowser(viewed.hostPageUrl)
    const before = sessionCount()
    const asked = await httpRequest(`${viewed.hostPageUrl}/edit`, { headers: { Cookie: cookie, 'Sec-Fetch-Site': 'cross-site' } })
    expect(asked.status).toBe(200)
    expect(asked.body).toContain(`action="/host/${viewed.sessionId}/edit"`)
    expect(asked.header('content-security-policy')).toContain("form-action 'self'")
    expect(sessionCount()).toBe(before)
    // A cross-site POST carrying the cookie (a browser would not send it; a forged one) is refused too.
    expect(
      (await httpRequest(`${viewed.hostPageUrl}/edit`, { method: 'POST', headers: { Cookie: cookie, 'Sec-Fetch-Site': 'cross-site' } }))
        .status,
    ).toBe(403)

    const confirmed = await httpRequest(`${viewed.hostPageUrl}/edit`, {
      method: 'POST',
      headers: { Cookie: cookie, 'Sec-Fetch-Site': 'same-origin' },
    })
    expect(confirmed.status).toBe(303)
    const newId = confirmed.header('location')!.split('/').pop()!
    expect(stack.sessions.forPage(newId)).toMatchObject({ action: 'edit', canWrite: true })
  })

  it('a view switch the editor makes by itself (no page key) leads to a page nobody can claim for editing', async () => {
    const viewed = await stack.sessions.open({ path: 'notes.txt', action: 'view' })
    await openInBrowser(viewed.hostPageUrl)
    const info = (await wopiCheckFileInfo(viewed)) as { HostViewUrl: string }
    const switched = await httpRequest(info.HostViewUrl)
    expect(switched.status).toBe(303)
    expect(switched.header('set-cookie')).toBeUndefined()
    const next = `${stack.origin}${switched.header('location')}`
    // The editor loads the new page first: it gets no key, so it cannot turn the new session into a write one.
    const page = await httpRequest(next)
    expect(page.status).toBe(200)
    expect(page.header('set-cookie')).toBeUndefined()
    const forged = { 'Sec-Fetch-Site': 'same-origin', 'Sec-Fetch-User': '?1' }
    expect((await httpRequest(`${next}/edit`, { headers: forged })).status).toBe(200)
    expect((await httpRequest(`${next}/edit`, { method: 'POST', headers: forged })).status).toBe(403)
  })

  it("the page key cookie is Lax: an editor navigating the window to HostViewUrl keeps the page the user's", async () => {
    const edited = await stack.sessions.open({ path: 'notes.txt' })
    const cookie = await openInBrowser(edited.hostPageUrl)
    expect((await httpRequest(edited.hostPageUrl, {})).status).toBe(200)
    const switched = await httpRequest(`${edited.hostPageUrl}/view`, { headers: { Cookie: cookie, 'Sec-Fetch-Site': 'cross-site' } })
    expect(switched.status).toBe(303)
    expect(switched.header('set-cookie')).toMatch(/SameSite=Lax/)
  })

  it('the session service itself refuses edit without the page key', async () => {
    const viewed = await stack.sessions.open({ path: 'notes.txt', action: 'view' })
    await expect(stack.sessions.switchMode(viewed.sessionId, 'edit')).rejects.toMatchObject({ code: 'forbidden' })
    await expect(stack.sessions.switchMode(viewed.sessionId, 'edit', undefined, { pageKey: 'x'.repeat(43) })).rejects.toMatchObject({
      code: 'forbidden',
    })
    expect(stack.sessions.openRow(viewed.sessionId)).not.toBeNull()
  })
})

async function wopiCheckFileInfo(opened: { fileId: string; sessionId: string }): Promise<Record<string, unknown>> {
  const res = await httpRequest(
    `${stack.host.desk.wopiSrc(opened.fileId)}?access_token=${stack.sessions.forPage(opened.sessionId)!.accessToken}`,
  )
  expect(res.status).toBe(200)
  return JSON.parse(res.body) as Record<string, unknown>
}

describe('GET /host/<sid>', () => {
  it('serves the page with no-store headers, a CSP naming the editor origin, and the token only in the form body', async () => {
    const result = await stack.sessions.open({ path: 'notes.txt' })
    const token = stack.sessions.forPage(result.sessionId)!.accessToken
    const res = await httpRequest(result.hostPageUrl)
    expect(res.status).toBe(200)
    expect(res.header('content-type')).toBe('text/html; charset=utf-8')
    expect(res.header('cache-control')).toBe('no-cache, no-store')
    expect(res.header('expires')).toBe('-1')
    expect(res.header('pragma')).toBe('no-cache')
    // Only the origin: the editor's server tells the host page from another site by it, never sees the path.
    expect(res.header('referrer-policy')).toBe('strict-origin')
    expect(res.header('x-content-type-options')).toBe('nosniff')
    const csp = res.header('content-security-policy')!
    const directives = new Map(
      csp
        .split(';')
        .map((part) => part.trim().split(/\s+/))
        .map(([name, ...values]) => [name!, values.join(' ')]),
    )
    expect(directives.get('default-src')).toBe("'self'")
    expect(directives.get('script-src')).toBe("'self'")
    expect(directives.get('frame-src')).toBe(stack.editor.origin)
    expect(directives.get('form-action')).toBe(stack.editor.origin)
    expect(directives.get('connect-src')).toBe("'self'")
    expect(directives.get('base-uri')).toBe("'none'")
    expect(directives.get('object-src')).toBe("'none'")

    // The token: exactly once, as the hidden input of the form that posts to the action URL.
    expect(res.body.split(token).length - 1).toBe(1)
    expect(res.body).toContain(`<input type="hidden" name="access_token" value="${token}">`)
    expect(res.body).toMatch(/<input type="hidden" name="access_token_ttl" value="\d{13}">/)
    const form = /<form id="editor-form" method="post" target="editor-frame" action="([^"]+)" hidden>/.exec(res.body)
    expect(form?.[1]?.replace(/&#38;/g, '&')).toBe(result.actionUrl)
    for (const [name, value] of Object.entries(res.headers)) expect(`${name}: ${String(value)}`).not.toContain(token)

    const data = sessionData(res.body)
    expect(JSON.stringify(data)).not.toContain(token)
    expect(data).toMatchObject({
      sessionId: result.sessionId,
      fileName: 'notes.txt',
      appName: 'WOPI Desk Text',
      editorKind: 'builtin',
      action: 'edit',
      canWrite: true,
      editorOrigin: stack.editor.origin,
      hostOrigin: stack.origin,
      wopiBase: stack.host.desk.wopiBase(),
      iconUrl: `/host/${result.sessionId}/icon`,
      urls: { close: `/host/${result.sessionId}/close`, versions: `/host/${result.sessionId}/versions` },
    })
    expect(res.body).toContain('<title>notes.txt – WOPI Desk Text</title>')
  })

  it('escapes what it injects: a file name cannot end the JSON block or add markup', async () => {
    const name = '<b>x & "y"<!--.txt'
    await stack.host.put(name, 'x')
    const result = await stack.sessions.open({ path: name })
    const res = await httpRequest(result.hostPageUrl)
    expect(res.body).not.toContain('<b>x')
    expect(res.body).not.toContain('<!--')
    expect(sessionData(res.body).fileName).toBe(name)
    expect(res.body).toContain('<title>&#60;b&#62;x &#38; &#34;y&#34;&#60;!--.txt – WOPI Desk Text</title>')
  })

  it('answers unknown, closed and expired sessions with a friendly 404 that says to open the document again', async () => {
    for (const path of ['/host/AAAAAAAAAAAAAAAAAAAAAA', '/host/short', '/host/AAAAAAAAAAAAAAAAAAAAAA/unknown-verb']) {
      const res = await httpRequest(`${stack.origin}${path}`)
      expect(res.status, path).toBe(404)
      expect(res.body).toContain('Open the document again from WOPI Desk')
      expect(res.header('cache-control')).toBe('no-cache, no-store')
    }
    const closed = await stack.sessions.open({ path: 'notes.txt' })
    const token = stack.sessions.forPage(closed.sessionId)!.accessToken
    stack.sessions.close(closed.sessionId)
    const afterClose = await httpRequest(closed.hostPageUrl)
    expect(afterClose.status).toBe(404)
    expect(afterClose.body).not.toContain(token)

    const expiring = await stack.sessions.open({ path: 'notes.txt' })
    stack.host.clock.set(stack.sessions.forPage(expiring.sessionId)!.accessTokenTtl + 1)
    expect((await httpRequest(expiring.hostPageUrl)).status).toBe(404)
  })

  it('serves the built assets under /host/assets/ and nothing outside them', async () => {
    const asset = await httpRequest(`${stack.origin}/host/assets/host-test.js`)
    expect(asset.status).toBe(200)
    expect(asset.header('content-type')).toBe('text/javascript; charset=utf-8')
    expect(asset.body).toContain('host page')
    expect((await httpRequest(`${stack.origin}/host/assets/..%2Fhost.html`)).status).toBe(404)
    expect((await httpRequest(`${stack.origin}/host/assets/missing.js`)).status).toBe(404)
  })

  it('says so when host.html was never built', async () => {
    const { rm } = await import('node:fs/promises')
    await rm(`${stack.staticDir}/host.html`)
    const result = await stack.sessions.open({ path: 'notes.txt' })
    const res = await httpRequest(result.hostPageUrl)
    expect(res.status).toBe(500)
    expect(res.body).toContain('npm run build')
  })
})

describe('session actions from the page', () => {
  it('POST close closes the session; a cross-site request cannot', async () => {
    const result = await stack.sessions.open({ path: 'notes.txt' })
    const closeUrl = `${result.hostPageUrl}/close`
    expect((await httpRequest(closeUrl, { method: 'POST', headers: { 'Sec-Fetch-Site': 'cross-site' } })).status).toBe(403)
    expect(stack.sessions.openRow(result.sessionId)).not.toBeNull()
    expect((await httpRequest(closeUrl)).status).toBe(405)
    const closed = await httpRequest(closeUrl, { method: 'POST', headers: { 'Sec-Fetch-Site': 'same-origin' } })
    expect(closed.status).toBe(204)
    expect(stack.sessions.openRow(result.sessionId)).toBeNull()
    expect((await httpRequest(closeUrl, { method: 'POST' })).status).toBe(204)
  })

  it('GET edit from the page that was opened starts an edit session and redirects to its page, keeping wd* parameters', async () => {
    const viewed = await stack.sessions.open({ path: 'notes.txt', action: 'view' })
    const cookie = await openInBrowser(viewed.hostPageUrl)
    const own = { Cookie: cookie, 'Sec-Fetch-Site': 'same-origin' }
    // Without a click (an editor posting UI_Edit by itself), even the page's own navigation is asked about.
    const unclicked = await httpRequest(`${viewed.hostPageUrl}/edit`, { headers: own })
    expect(unclicked.status).toBe(200)
    expect(unclicked.body).toContain('method="post"')
    const res = await httpRequest(`${viewed.hostPageUrl}/edit?wdPreviousSession=abc&wdOrigin=x&other=1`, {
      headers: { ...own, 'Sec-Fetch-User': '?1' },
    })
    expect(res.status).toBe(303)
    const location = new URL(res.header('location')!, stack.origin)
    const newId = location.pathname.split('/').pop()!
    expect(location.pathname).toBe(`/host/${newId}`)
    expect([...location.searchParams.keys()]).toEqual(['wdPreviousSession', 'wdOrigin'])
    expect(stack.sessions.forPage(newId)).toMatchObject({ action: 'edit', canWrite: true, fileName: 'notes.txt' })
    expect(stack.sessions.openRow(viewed.sessionId)).toBeNull()
    // The new page belongs to the same window: its key comes with the redirect.
    const newCookie = cookieOf(res.header('set-cookie'))
    expect(res.header('set-cookie')).toContain(`Path=/host/${newId}`)
    const page = await httpRequest(`${stack.origin}${location.pathname}`, { headers: { Cookie: newCookie } })
    expect(page.status).toBe(200)

    const back = await httpRequest(`${stack.origin}/host/${newId}/view`)
    expect(back.status).toBe(303)
    const viewId = back.header('location')!.split('/').pop()!
    expect(stack.sessions.forPage(viewId)).toMatchObject({ action: 'view', canWrite: false })
  })

  it('a switch from an ended session explains itself', async () => {
    const result = await stack.sessions.open({ path: 'notes.txt' })
    stack.sessions.close(result.sessionId)
    const res = await httpRequest(`${result.hostPageUrl}/edit`)
    expect(res.status).toBe(404)
    expect(res.body).toContain('Open the document again from WOPI Desk')
  })

  it('GET versions lists the kept versions as JSON, and as a page for a browser', async () => {
    const result = await stack.sessions.open({ path: 'report.md' })
    const access = {
      wopiSrc: stack.host.desk.wopiSrc(result.fileId),
      accessToken: stack.sessions.forPage(result.sessionId)!.accessToken,
      fileId: result.fileId,
      accessTokenTtl: 0,
    }
    const { putContents, lockFile } = await import('../wopi/test-kit')
    expect((await lockFile(access, 'lock-1')).status).toBe(200)
    expect((await putContents(access, '# Report v2\n', { 'X-WOPI-Lock': 'lock-1' })).status).toBe(200)
    const res = await httpRequest(`${result.hostPageUrl}/versions`, { headers: { Accept: 'application/json' } })
    expect(res.status).toBe(200)
    expect(res.header('content-type')).toBe('application/json; charset=utf-8')
    const body = JSON.parse(res.body) as { ok: boolean; value: { name: string; size: number; reason: string; version: number }[] }
    expect(body.ok).toBe(true)
    expect(body.value).toHaveLength(1)
    expect(body.value[0]).toMatchObject({ name: 'report.md', size: 9, reason: 'put-file' })
    const page = await httpRequest(`${result.hostPageUrl}/versions`, { headers: { Accept: 'text/html,application/xhtml+xml' } })
    expect(page.header('content-type')).toBe('text/html; charset=utf-8')
    expect(page.body).toContain('1 earlier version kept')
    expect((await httpRequest(`${result.hostPageUrl}/versions?file=someoneelse`, { headers: { Accept: 'application/json' } })).status).toBe(
      404,
    )
  })

  it('GET closed closes the session and says the document is closed', async () => {
    const result = await stack.sessions.open({ path: 'notes.txt' })
    const res = await httpRequest(`${result.hostPageUrl}/closed`)
    expect(res.status).toBe(200)
    expect(res.body).toContain('notes.txt is closed')
    expect(stack.sessions.openRow(result.sessionId)).toBeNull()
  })

  it('GET icon serves the app icon; status lists the WOPI requests of the session', async () => {
    const result = await stack.sessions.open({ path: 'notes.txt' })
    const icon = await httpRequest(`${result.hostPageUrl}/icon`)
    expect(icon.status).toBe(200)
    expect(icon.header('content-type')).toBe('image/svg+xml')
    expect(icon.header('content-security-policy')).toContain('sandbox')

    const empty = JSON.parse((await httpRequest(`${result.hostPageUrl}/status`)).body) as { value: { requests: unknown[] } }
    expect(empty.value.requests).toEqual([])
    const { checkFileInfo } = await import('../wopi/test-kit')
    await checkFileInfo({
      wopiSrc: stack.host.desk.wopiSrc(result.fileId),
      accessToken: stack.sessions.forPage(result.sessionId)!.accessToken,
      fileId: result.fileId,
      accessTokenTtl: 0,
    })
    stack.host.desk.requestLog.flush()
    const seen = JSON.parse((await httpRequest(`${result.hostPageUrl}/status`)).body) as {
      value: { requests: { operation: string; status: number }[] }
    }
    expect(seen.value.requests).toEqual([expect.objectContaining({ operation: 'CheckFileInfo', status: 200 })])
  })

  it('leaves every other path to the next handler', async () => {
    expect((await httpRequest(`${stack.origin}/hostx`)).status).toBe(404)
    expect((await httpRequest(`${stack.origin}/wopi/files/nope?access_token=x`)).status).toBe(401)
  })
})

describe('host page origin', () => {
  it('is loopback for loopback and wildcard binds, else the bound address', () => {
    expect(hostPageOriginFor('127.0.0.1', 17890)).toBe('http://127.0.0.1:17890')
    expect(hostPageOriginFor('0.0.0.0', 17890)).toBe('http://127.0.0.1:17890')
    expect(hostPageOriginFor('::', 80)).toBe('http://127.0.0.1:80')
    expect(hostPageOriginFor('192.168.1.20', 17890)).toBe('http://192.168.1.20:17890')
    expect(hostPageOriginFor('::1', 17890)).toBe('http://[::1]:17890')
    expect(hostPageOriginFor('Desk.Local', 5)).toBe('http://desk.local:5')
  })
})
