import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { Server } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { listen, openDesk, type Desk } from './desk'
import { testDeskOptions } from './desk-test-options'
import { freePort, portIsFree } from './server/test-support/port-probe'

// One way to start: openDesk builds everything with no socket, listen opens only the listeners asked for, and
// close undoes both.

describe('openDesk and listen', () => {
  let base: string
  let desk: Desk | null = null

  beforeEach(async () => {
    base = await mkdtemp(join(tmpdir(), 'wopi-desk-start-'))
    await mkdir(join(base, 'Documents'))
    await writeFile(join(base, 'Documents', 'notes.md'), '# Notes\n')
  })
  afterEach(async () => {
    vi.restoreAllMocks()
    await desk?.close()
    desk = null
    await rm(base, { recursive: true, force: true })
  })

  it('builds the whole desk without opening a socket', async () => {
    const port = await freePort()
    const listenCalls = vi.spyOn(Server.prototype, 'listen')
    desk = await openDesk(testDeskOptions(base, { port }))
    expect(listenCalls).not.toHaveBeenCalled()
    expect(desk.addresses()).toEqual({ wopi: null, console: null, editor: null })
    expect(desk.console).toBeNull()
    expect(desk.editor).toBeNull()
    expect(await portIsFree(port)).toBe(true)
    // Everything a command needs works already: the files, the catalog, tokens.
    expect((await desk.api['files:list']({ dir: '' })).entries.map((entry) => entry.name)).toEqual(['notes.md'])
    expect(await desk.api['catalog:list']()).toEqual([])
    expect((await desk.host.issueToken('notes.md')).wopiSrc).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${port}/wopi/files/`))
  })

  it('opens only the listeners asked for, on free ports, and says where', async () => {
    desk = await openDesk(testDeskOptions(base, { port: 0 }))
    const listenCalls = vi.spyOn(Server.prototype, 'listen')
    const addresses = await listen(desk, { wopi: true, console: { port: 0 }, editor: { port: 0 } })
    expect(listenCalls).toHaveBeenCalledTimes(3)
    expect(addresses.wopi?.port).toBeGreaterThan(0)
    expect(addresses.wopi).toEqual({
      url: `http://127.0.0.1:${addresses.wopi!.port}`,
      port: addresses.wopi!.port,
      hostPageOrigin: `http://127.0.0.1:${addresses.wopi!.port}`,
    })
    expect(addresses.console?.port).toBeGreaterThan(0)
    expect(addresses.editor?.origin).toBe(`http://127.0.0.1:${addresses.editor!.port}`)
    expect(desk.addresses()).toEqual(addresses)
    expect((await fetch(`${addresses.wopi!.url}/wopi/files/nope`)).status).toBe(401)
    expect((await fetch(addresses.editor!.discoveryUrl)).status).toBe(200)
    expect((await fetch(addresses.console!.loginUrl, { redirect: 'manual' })).status).toBeLessThan(400)
    // The built-in editor listens, so it is in the catalog; the console lists it.
    expect((await desk.api['catalog:list']()).map((endpoint) => endpoint.discoveryUrl)).toEqual([addresses.editor!.discoveryUrl])
    await expect(listen(desk, { wopi: true })).rejects.toThrow(/listens already/)
  })

  it('listens with the WOPI host alone (the desktop app adds the editor, never the console)', async () => {
    desk = await openDesk(testDeskOptions(base, { port: 0 }))
    const addresses = await listen(desk, { wopi: true })
    expect(addresses.wopi).not.toBeNull()
    expect(addresses.console).toBeNull()
    expect(addresses.editor).toBeNull()
  })

  it('close stops every listener and closes the database', async () => {
    desk = await openDesk(testDeskOptions(base, { port: 0 }))
    const addresses = await listen(desk, { wopi: true, console: { port: 0 }, editor: { port: 0 } })
    const ports = [addresses.wopi!.port, addresses.console!.port, addresses.editor!.port]
    for (const port of ports) expect(await portIsFree(port)).toBe(false)
    await desk.close()
    for (const port of ports) expect(await portIsFree(port)).toBe(true)
    expect(desk.host.db.open).toBe(false)
    await expect(listen(desk, { wopi: true })).rejects.toThrow(/closed/)
  })
})
