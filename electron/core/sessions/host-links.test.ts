import { afterEach, describe, expect, it } from 'vitest'
import { startSessionStack, httpRequest, type SessionStack } from './test-support/session-stack'

// Every token the host issues gets host page URLs (HostViewUrl, HostEditUrl), also those of `wopi-desk token`
// that belong to no session: signed links that open the file in its default editor, no more than the token allows.

let stack: SessionStack | null = null
afterEach(async () => {
  await stack?.close()
  stack = null
})

async function checkFileInfo(access: { wopiSrc: string; accessToken: string }): Promise<Record<string, unknown>> {
  return (await (await fetch(`${access.wopiSrc}?access_token=${encodeURIComponent(access.accessToken)}`)).json()) as Record<string, unknown>
}

describe('host page links for tokens without a session', () => {
  it('a write token gets HostViewUrl and HostEditUrl; the edit link opens an editing session of that file', async () => {
    stack = await startSessionStack({ files: { 'notes.txt': 'hello' } })
    const access = await stack.host.desk.issueToken('notes.txt', { write: true })
    const info = await checkFileInfo(access)
    expect(info['HostViewUrl']).toMatch(new RegExp(`^${stack.origin}/host/open/${access.fileId}/view\\?exp=\\d+&sig=[\\w-]+$`))
    expect(info['HostEditUrl']).toMatch(new RegExp(`^${stack.origin}/host/open/${access.fileId}/edit\\?exp=\\d+&sig=[\\w-]+$`))
    const opened = await httpRequest(String(info['HostEditUrl']))
    expect(opened.status).toBe(303)
    const page = await httpRequest(`${stack.origin}${opened.header('location')}`)
    expect(page.status).toBe(200)
    const sessionId = /^\/host\/([\w-]+)$/.exec(opened.header('location') ?? '')![1]!
    expect(stack.sessions.forPage(sessionId)).toMatchObject({ fileId: access.fileId, canWrite: true })
  })

  it('a read-only token gets only HostViewUrl, and it opens a read-only session', async () => {
    stack = await startSessionStack({ files: { 'notes.txt': 'hello' } })
    const access = await stack.host.desk.issueToken('notes.txt', { write: false })
    const info = await checkFileInfo(access)
    expect(info).not.toHaveProperty('HostEditUrl')
    const opened = await httpRequest(String(info['HostViewUrl']))
    expect(opened.status).toBe(303)
    const sessionId = /^\/host\/([\w-]+)$/.exec(opened.header('location') ?? '')![1]!
    expect(stack.sessions.forPage(sessionId)).toMatchObject({ canWrite: false })
  })

  it('a tampered, re-targeted or expired link opens nothing', async () => {
    stack = await startSessionStack({ files: { 'notes.txt': 'hello', 'other.txt': 'x' } })
    const access = await stack.host.desk.issueToken('notes.txt', { write: false })
    const view = String((await checkFileInfo(access))['HostViewUrl'])
    const other = await stack.host.desk.issueToken('other.txt', { write: false })
    const cases = [
      view.replace(/sig=[\w-]+/, 'sig=AAAA'),
      view.replace('/view?', '/edit?'),
      view.replace(access.fileId, other.fileId),
      view.replace(/exp=\d+/, (match) => `exp=${Number(match.slice(4)) + 1}`),
    ]
    for (const url of cases) {
      const answer = await httpRequest(url)
      expect(answer.status, url).toBe(403)
      expect(answer.body).toContain('This link has expired or was made by an earlier start of WOPI Desk')
    }
    stack.host.clock.advance(24 * 3600 * 1000)
    expect((await httpRequest(view)).status).toBe(403)
    expect((await httpRequest(view, { method: 'HEAD' })).status).toBe(405)
  })
})
