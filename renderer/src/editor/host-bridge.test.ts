import { describe, expect, it } from 'vitest'
import { formatWopiMessage as formatHostMessage, parseWopiMessage as parseHostMessage } from '../components/wopi-message'
import { createHostBridge, type MessageSource } from './host-bridge'

function fakeWindow() {
  const listeners = new Set<(event: MessageEvent) => void>()
  const sent: Array<{ data: string; origin: string }> = []
  const parent = { postMessage: (data: string, origin: string) => sent.push({ data, origin }) } as unknown as Window
  const source: MessageSource = {
    addEventListener: (_type, listener) => listeners.add(listener),
    removeEventListener: (_type, listener) => listeners.delete(listener),
  }
  const dispatch = (data: unknown, origin: string, from: unknown = parent) => {
    for (const listener of listeners) listener({ data, origin, source: from } as MessageEvent)
  }
  return { parent, source, sent, dispatch, listeners }
}

describe('host bridge (spec 11.2)', () => {
  it('parses Collabora-style JSON strings and objects, rejects the rest', () => {
    expect(parseHostMessage('{"MessageId":"Host_PostmessageReady","SendTime":5,"Values":{}}')).toEqual({
      MessageId: 'Host_PostmessageReady',
      SendTime: 5,
      Values: {},
    })
    expect(parseHostMessage({ MessageId: 'Grab_Focus' })).toEqual({ MessageId: 'Grab_Focus', SendTime: 0, Values: {} })
    expect(parseHostMessage('not json')).toBeNull()
    expect(parseHostMessage({ Values: {} })).toBeNull()
    expect(JSON.parse(formatHostMessage('UI_Close', {}, 7))).toEqual({ MessageId: 'UI_Close', SendTime: 7, Values: {} })
  })

  it('sends only to PostMessageOrigin, never *, and only once it is known', () => {
    const w = fakeWindow()
    const bridge = createHostBridge({ source: w.source, parent: () => w.parent, now: () => 1 })
    bridge.send('App_LoadingStatus', { Status: 'Frame_Ready' })
    expect(w.sent).toHaveLength(0)
    bridge.setOrigin('http://127.0.0.1:17890')
    bridge.send('App_LoadingStatus', { Status: 'Document_Loaded', DocumentLoadedTime: 1 })
    expect(w.sent).toEqual([
      {
        origin: 'http://127.0.0.1:17890',
        data: '{"MessageId":"App_LoadingStatus","SendTime":1,"Values":{"Status":"Document_Loaded","DocumentLoadedTime":1}}',
      },
    ])
    bridge.setOrigin(null)
    bridge.send('UI_Close')
    expect(w.sent).toHaveLength(1)
  })

  it('accepts messages only from the parent at that origin, including ones that arrived early', () => {
    const w = fakeWindow()
    const bridge = createHostBridge({ source: w.source, parent: () => w.parent })
    const seen: string[] = []
    bridge.on('Grab_Focus', () => seen.push('focus'))
    w.dispatch('{"MessageId":"Host_PostmessageReady","Values":{}}', 'http://127.0.0.1:17890') // before the origin is known
    w.dispatch('{"MessageId":"Grab_Focus","Values":{}}', 'http://evil.example')
    w.dispatch('{"MessageId":"Grab_Focus","Values":{}}', 'http://127.0.0.1:17890', {}) // not from the parent
    expect(bridge.hostReady()).toBe(false)
    bridge.setOrigin('http://127.0.0.1:17890')
    expect(bridge.hostReady()).toBe(true)
    expect(seen).toEqual([])
    w.dispatch('{"MessageId":"Grab_Focus","Values":{}}', 'http://127.0.0.1:17890')
    expect(seen).toEqual(['focus'])
    bridge.dispose()
    expect(w.listeners.size).toBe(0)
  })
})
