import { describe, expect, it } from 'vitest'
import type { WopiDeskApi } from '../../../electron/contract/api'
import { ApiCallError } from './api-call-error'
import { createIpcTransport } from './ipc-transport'

// The preload bridge is the edge of the renderer: a plain object with the same shape stands in for it.
function fakeBridge() {
  const calls: { verb: string; args: unknown[] }[] = []
  const listeners: { event: string; listener: (payload: unknown) => void }[] = []
  const bridge = {
    catalog: {
      renameApp: async (...args: unknown[]) => {
        calls.push({ verb: 'catalog.renameApp', args })
        return { id: args[0], name: args[1] }
      },
      refresh: async (...args: unknown[]) => {
        calls.push({ verb: 'catalog.refresh', args })
        return []
      },
      list: async () => {
        throw Object.assign(new Error('The catalog database is locked.'), { code: 'unavailable' })
      },
    },
    on(event: string, listener: (payload: unknown) => void) {
      const entry = { event, listener }
      listeners.push(entry)
      return () => listeners.splice(listeners.indexOf(entry), 1)
    },
  }
  return { bridge: bridge as unknown as WopiDeskApi, calls, listeners }
}

describe('createIpcTransport', () => {
  it('calls the verb of the channel with the arguments', async () => {
    const { bridge, calls } = fakeBridge()
    const transport = createIpcTransport(bridge)
    expect(transport.kind).toBe('ipc')
    const app = await transport.call('catalog:rename-app', 'app-1', 'Writer')
    expect(app).toEqual({ id: 'app-1', name: 'Writer' })
    expect(calls).toEqual([{ verb: 'catalog.renameApp', args: ['app-1', 'Writer'] }])
  })

  it('leaves out a trailing optional argument', async () => {
    const { bridge, calls } = fakeBridge()
    await createIpcTransport(bridge).call('catalog:refresh', undefined)
    expect(calls[0]!.args).toEqual([])
  })

  it('rethrows failures as ApiCallError with code and message', async () => {
    const { bridge } = fakeBridge()
    const failure = createIpcTransport(bridge).call('catalog:list')
    await expect(failure).rejects.toBeInstanceOf(ApiCallError)
    await expect(failure).rejects.toMatchObject({ code: 'unavailable', message: 'The catalog database is locked.' })
  })

  it('says plainly when the bridge lacks a verb', async () => {
    const { bridge } = fakeBridge()
    await expect(createIpcTransport(bridge).call('doctor:last')).rejects.toThrow(/cannot do "doctor:last"/)
  })

  it('subscribes through the bridge and unsubscribes', () => {
    const { bridge, listeners } = fakeBridge()
    const seen: unknown[] = []
    const unsubscribe = createIpcTransport(bridge).on('files:changed', (payload) => seen.push(payload))
    expect(listeners).toHaveLength(1)
    listeners[0]!.listener({ paths: ['a.docx'] })
    expect(seen).toEqual([{ paths: ['a.docx'] }])
    unsubscribe()
    expect(listeners).toHaveLength(0)
  })
})
