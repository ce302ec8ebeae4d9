import { afterEach, describe, expect, it } from 'vitest'
import { startTestHost, type TestHost } from '../wopi/test-kit'
import { httpRequest } from './test-support/session-stack'
import { createSessionWiring } from './session-wiring'

describe('session wiring', () => {
  let host: TestHost | null = null
  afterEach(async () => {
    await host?.close()
    host = null
  })

  it('answers the host page with 503 until the sessions are attached, and leaves other paths alone', async () => {
    const wiring = createSessionWiring()
    host = await startTestHost({ files: { 'a.txt': 'a' }, desk: { hostUrls: wiring.hostUrls, extraRoutes: wiring.extraRoutes } })
    const origin = host.desk.wopiBase()
    const starting = await httpRequest(`${origin}/host/AAAAAAAAAAAAAAAAAAAAAA`)
    expect(starting.status).toBe(503)
    expect(starting.header('retry-after')).toBe('1')
    expect((await httpRequest(`${origin}/elsewhere`)).status).toBe(404)
    // No host page properties yet: CheckFileInfo carries only what the settings say.
    const access = await host.desk.issueToken('a.txt', { sessionId: 'x' })
    const info = (await (await fetch(`${access.wopiSrc}?access_token=${access.accessToken}`)).json()) as Record<string, unknown>
    expect(info).not.toHaveProperty('CloseUrl')
  })
})
