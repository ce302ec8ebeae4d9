import { createServer, type Server } from 'node:net'
import { afterAll, describe, expect, it } from 'vitest'
import { createMainI18n } from './main-i18n'
import { askAboutTakenPort, canListen, nextFreePort, portTakenMessage } from './port-taken'

const servers: Server[] = []
afterAll(() => Promise.all(servers.map((server) => new Promise((done) => server.close(done)))))

describe('a taken WOPI port', () => {
  it('is told from a free one', async () => {
    const server = createServer()
    servers.push(server)
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
    const port = (server.address() as { port: number }).port
    expect(await canListen(port)).toBe(false)
  })

  it('gets the next free port, skipping the built-in editor’s', async () => {
    expect(await nextFreePort(17890, async (port) => port !== 17892)).toBe(17893)
    expect(await nextFreePort(100, async () => false, 3)).toBeNull()
  })

  it('explains what an editor’s allow-list needs, and offers the free port for this launch', async () => {
    const asked: { message: string; detail: string; buttons: string[] }[] = []
    const answer = await askAboutTakenPort(
      { showMessageBox: async (options) => (asked.push(options), { response: 0 }) },
      17890,
      async () => true,
    )
    expect(answer).toEqual({ kind: 'use', port: 17892 })
    expect(asked[0]!.message).toBe('Port 17890 is in use by another program.')
    expect(asked[0]!.detail).toContain("add http://127.0.0.1:17892 to each editor's allow-list")
    expect(asked[0]!.buttons).toEqual(['Use port 17892 this time', 'Quit'])
  })

  it('quits when the user says so or no port is free', async () => {
    expect(await askAboutTakenPort({ showMessageBox: async () => ({ response: 1 }) }, 17890, async () => true)).toEqual({ kind: 'quit' })
    expect(await askAboutTakenPort({ showMessageBox: async () => ({ response: 0 }) }, 17890, async () => false)).toEqual({ kind: 'quit' })
    expect(portTakenMessage(17890, null).buttons).toEqual(['Quit'])
  })
})

describe('the taken port in German', () => {
  it('explains the allow-list and offers the free port in the chosen language', async () => {
    const asked: { message: string; detail: string; buttons: string[] }[] = []
    const answer = await askAboutTakenPort(
      { showMessageBox: async (options) => (asked.push(options), { response: 0 }) },
      17890,
      async () => true,
      createMainI18n('de', () => []).t,
    )
    expect(answer).toEqual({ kind: 'use', port: 17892 })
    expect(asked[0]!.message).toBe('Port 17890 wird von einem anderen Programm verwendet.')
    expect(asked[0]!.buttons).toEqual(['Diesmal Port 17892 verwenden', 'Beenden'])
    expect(asked[0]!.detail).toContain('http://127.0.0.1:17892 in die Zulassungsliste')
  })
})
