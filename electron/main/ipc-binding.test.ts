import { EventEmitter } from 'node:events'
import { describe, expect, it } from 'vitest'
import { IPC_EVENT_CHANNEL, IPC_INVOKE_PREFIX } from '../contract/api'
import { channelNames } from '../contract/channel-names'
import type { ApiImplementation } from '../contract/channels'
import { createEventBus } from '../core/event-bus'
import { bindContractOverIpc, forwardEvents, isTrustedSender } from './ipc-binding'

type Handler = (event: unknown, ...args: unknown[]) => Promise<unknown>

function fakeIpcMain() {
  const handlers = new Map<string, Handler>()
  return {
    handlers,
    handle: (channel: string, handler: Handler) => {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`)
      handlers.set(channel, handler)
    },
    removeHandler: (channel: string) => handlers.delete(channel),
  }
}

const mainFrame = { url: 'wopi-desk://console/index.html' }
const consoleContents = { mainFrame }
const api = Object.fromEntries(
  channelNames.map((c) => [c, async (...args: unknown[]) => ({ channel: c, args })]),
) as unknown as ApiImplementation

describe('IPC binding of the contract', () => {
  it('binds every contract channel exactly once, and unbinding removes them all', () => {
    const ipcMain = fakeIpcMain()
    const unbind = bindContractOverIpc(ipcMain as never, api, () => consoleContents as never)
    expect([...ipcMain.handlers.keys()].sort()).toEqual(channelNames.map((c) => IPC_INVOKE_PREFIX + c).sort())
    unbind()
    expect(ipcMain.handlers.size).toBe(0)
  })

  it('answers the console top frame with a result envelope after validating arguments', async () => {
    const ipcMain = fakeIpcMain()
    bindContractOverIpc(ipcMain as never, api, () => consoleContents as never)
    const handler = ipcMain.handlers.get(IPC_INVOKE_PREFIX + 'catalog:rename-app')!
    const event = { sender: consoleContents, senderFrame: mainFrame }
    await expect(handler(event, 'app1', 'Writer')).resolves.toEqual({
      ok: true,
      value: { channel: 'catalog:rename-app', args: ['app1', 'Writer'] },
    })
    await expect(handler(event, 'app1', 42)).resolves.toMatchObject({ ok: false, error: { code: 'invalid-argument' } })
  })

  it('refuses other senders: a subframe, another window, a foreign page in the console window', async () => {
    const ipcMain = fakeIpcMain()
    bindContractOverIpc(ipcMain as never, api, () => consoleContents as never)
    const handler = ipcMain.handlers.get(IPC_INVOKE_PREFIX + 'catalog:list')!
    const subframe = { sender: consoleContents, senderFrame: { url: 'wopi-desk://console/index.html' } }
    const otherWindow = { sender: { mainFrame }, senderFrame: mainFrame }
    const navigatedAway = { url: 'https://evil.example/' }
    const foreign = { sender: { mainFrame: navigatedAway }, senderFrame: navigatedAway }
    for (const event of [subframe, otherWindow]) {
      await expect(handler(event)).resolves.toMatchObject({ ok: false, error: { code: 'forbidden' } })
    }
    expect(isTrustedSender(foreign as never, () => foreign.sender as never)).toBe(false)
    expect(isTrustedSender({ sender: consoleContents, senderFrame: null } as never, () => consoleContents as never)).toBe(false)
  })

  it('forwards core events to the console and stops when the window is destroyed', () => {
    const bus = createEventBus()
    const sent: unknown[][] = []
    const contents = Object.assign(new EventEmitter(), {
      destroyed: false,
      send: (...args: unknown[]) => sent.push(args),
      isDestroyed: () => false,
    })
    forwardEvents(bus, contents as never)
    bus.emit('files:changed', { paths: ['a'] })
    expect(sent).toEqual([[IPC_EVENT_CHANNEL, 'files:changed', { paths: ['a'] }]])
    contents.emit('destroyed')
    expect(bus.listenerCount()).toBe(0)
  })
})
