import { EventEmitter } from 'node:events'
import { describe, expect, it } from 'vitest'
import { IPC_EVENT_CHANNEL, IPC_INVOKE_PREFIX, IPC_OPEN_DROPPED_CHANNEL, IPC_PICK_PATH_CHANNEL } from '../contract/api'
import { channelNames } from '../contract/channel-names'
import { buildWopiDeskApi, exposeWopiDesk, MAX_DROPPED_FILES, WopiDeskError } from './expose-api'

function fakeIpcRenderer(answer: (channel: string, args: unknown[]) => unknown) {
  const emitter = new EventEmitter()
  const invoked: [string, unknown[]][] = []
  return {
    invoked,
    emitter,
    invoke: async (channel: string, ...args: unknown[]) => {
      invoked.push([channel, args])
      return answer(channel, args)
    },
    on: (channel: string, listener: (...args: unknown[]) => void) => {
      emitter.on(channel, listener)
      return undefined as never
    },
    removeListener: (channel: string, listener: (...args: unknown[]) => void) => {
      emitter.removeListener(channel, listener)
      return undefined as never
    },
  }
}

describe('preload bridge', () => {
  it('exposes one verb per contract channel under window.wopiDesk and nothing else', () => {
    const exposed: Record<string, unknown> = {}
    exposeWopiDesk(
      { exposeInMainWorld: (key, value) => (exposed[key] = value) },
      fakeIpcRenderer(() => ({ ok: true, value: null })) as never,
    )
    const api = exposed['wopiDesk'] as Record<string, Record<string, unknown>>
    expect(Object.keys(exposed)).toEqual(['wopiDesk'])
    const verbs = Object.entries(api).flatMap(([domain, v]) =>
      typeof v === 'function' ? [] : Object.keys(v).map((verb) => `${domain}.${verb}`),
    )
    expect(verbs).toHaveLength(channelNames.length)
    expect(verbs).toContain('catalog.renameApp')
    expect(verbs).toContain('files.restoreVersion')
    expect(Object.keys(api)).not.toContain('invoke')
  })

  it('invokes the prefixed channel with the arguments and unwraps the envelope', async () => {
    const ipc = fakeIpcRenderer(() => ({ ok: true, value: { id: 'a1', name: 'Writer' } }))
    const api = buildWopiDeskApi(ipc as never)
    await expect(api.catalog.renameApp('a1', 'Writer')).resolves.toEqual({ id: 'a1', name: 'Writer' })
    expect(ipc.invoked).toEqual([[IPC_INVOKE_PREFIX + 'catalog:rename-app', ['a1', 'Writer']]])
  })

  it('turns an error envelope into a rejection that keeps code and message across the context bridge', async () => {
    const api = buildWopiDeskApi(fakeIpcRenderer(() => ({ ok: false, error: { code: 'not-found', message: 'No such app.' } })) as never)
    const reason = await api.catalog.renameApp('zz', 'x').catch((error: unknown) => error)
    // A plain object: contextBridge would strip `code` from an Error.
    expect(Object.getPrototypeOf(reason)).toBe(Object.prototype)
    expect(structuredClone(reason)).toEqual({ name: 'WopiDeskError', code: 'not-found', message: 'No such app.' })
  })

  it('delivers only the payload of the subscribed event, and unsubscribe really removes the listener', () => {
    const ipc = fakeIpcRenderer(() => null)
    const api = buildWopiDeskApi(ipc as never)
    const got: unknown[] = []
    const off = api.on('files:changed', (payload) => got.push(payload))
    ipc.emitter.emit(IPC_EVENT_CHANNEL, { sender: 'secret' }, 'files:changed', { paths: ['a'] })
    ipc.emitter.emit(IPC_EVENT_CHANNEL, { sender: 'secret' }, 'catalog:changed', { endpointId: null })
    expect(got).toEqual([{ paths: ['a'] }])
    expect(ipc.emitter.listenerCount(IPC_EVENT_CHANNEL)).toBe(1)
    off()
    expect(ipc.emitter.listenerCount(IPC_EVENT_CHANNEL)).toBe(0)
    ipc.emitter.emit(IPC_EVENT_CHANNEL, {}, 'files:changed', { paths: ['b'] })
    expect(got).toHaveLength(1)
  })

  it('offers the system picker for a folder or a file, and passes on only a path or null', async () => {
    const answers: unknown[] = [
      { ok: true, value: '/home/me/Documents' },
      { ok: true, value: null },
      { ok: true, value: { evil: 1 } },
      { ok: false, error: { code: 'forbidden', message: 'No.' } },
    ]
    const ipc = fakeIpcRenderer(() => answers.shift())
    const api = buildWopiDeskApi(ipc as never)
    await expect(api.pickPath!('folder')).resolves.toBe('/home/me/Documents')
    await expect(api.pickPath!('file')).resolves.toBeNull()
    await expect(api.pickPath!('folder')).rejects.toMatchObject({ code: 'invalid' })
    await expect(api.pickPath!('folder')).rejects.toMatchObject({ code: 'forbidden', message: 'No.' })
    expect(ipc.invoked.slice(0, 2)).toEqual([
      [IPC_PICK_PATH_CHANNEL, ['folder']],
      [IPC_PICK_PATH_CHANNEL, ['file']],
    ])
    await expect(api.pickPath!('/etc' as never)).rejects.toMatchObject({ code: 'invalid' })
    expect(ipc.invoked).toHaveLength(4)
  })

  it('opens dropped files by the paths only the preload can read, at most a few per drop', async () => {
    const ipc = fakeIpcRenderer(() => ({ ok: true, value: null }))
    const files = Array.from({ length: MAX_DROPPED_FILES + 5 }, (_, index) => ({ name: `f${index}.odt` }))
    const webUtils = {
      getPathForFile: (file: { name: string }) => {
        if (file.name === 'f1.odt') throw new Error('not a dropped file')
        return file.name === 'f2.odt' ? '' : `/docs/${file.name}`
      },
    }
    const api = buildWopiDeskApi(ipc as never, webUtils as never)
    await api.openDroppedFiles!(files)
    const sent = ipc.invoked[0]!
    expect(sent[0]).toBe(IPC_OPEN_DROPPED_CHANNEL)
    expect((sent[1][0] as string[]).length).toBe(MAX_DROPPED_FILES - 2)
    expect((sent[1][0] as string[])[0]).toBe('/docs/f0.odt')
    await api.openDroppedFiles!([{ name: 'f1.odt' }])
    expect(ipc.invoked).toHaveLength(1)
    // Without webUtils (a test, another host) there is no drop support at all.
    expect(buildWopiDeskApi(ipc as never).openDroppedFiles).toBeUndefined()
  })

  it('refuses unknown event names', () => {
    const api = buildWopiDeskApi(fakeIpcRenderer(() => null) as never)
    expect(() => api.on('evil:event' as never, () => undefined)).toThrow(WopiDeskError)
  })
})
