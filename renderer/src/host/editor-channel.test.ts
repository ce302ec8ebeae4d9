import { describe, expect, it } from 'vitest'
import { formatWopiMessage, parseWopiMessage } from '../components/wopi-message'
import { createEditorChannel, type ChannelWindow } from './editor-channel'

const EDITOR = 'https://editor.example:9980'

function harness() {
  const listeners = new Set<(event: MessageEvent) => void>()
  const sent: Array<{ message: string; origin: string }> = []
  const frame = { postMessage: (message: string, origin: string) => void sent.push({ message, origin }) }
  const otherFrame = { postMessage: () => undefined }
  let current: typeof frame | null = frame
  const window: ChannelWindow = {
    addEventListener: (_type, listener) => void listeners.add(listener),
    removeEventListener: (_type, listener) => void listeners.delete(listener),
  }
  const received: string[] = []
  const channel = createEditorChannel({
    window,
    frameWindow: () => current,
    editorOrigin: EDITOR,
    onMessage: (m) => received.push(m.MessageId),
    now: () => 42,
  })
  const dispatch = (data: unknown, origin: string, source: unknown) => {
    for (const listener of listeners) listener({ data, origin, source } as MessageEvent)
  }
  return { channel, sent, received, dispatch, frame, otherFrame, listeners, dropFrame: () => (current = null) }
}

describe('editor channel (spec 11.2)', () => {
  it('parses JSON text and objects; rejects anything without a MessageId', () => {
    expect(parseWopiMessage('{"MessageId":"App_LoadingStatus","SendTime":1,"Values":{"Status":"Document_Loaded"}}')).toEqual({
      MessageId: 'App_LoadingStatus',
      SendTime: 1,
      Values: { Status: 'Document_Loaded' },
    })
    expect(parseWopiMessage({ MessageId: 'UI_Close' })).toEqual({ MessageId: 'UI_Close', SendTime: 0, Values: {} })
    for (const bad of ['{not json', '"text"', 42, null, [], { Values: {} }, { MessageId: '' }, { MessageId: 7 }])
      expect(parseWopiMessage(bad)).toBeNull()
    expect(JSON.parse(formatWopiMessage('Host_PostmessageReady', {}, 9))).toEqual({
      MessageId: 'Host_PostmessageReady',
      SendTime: 9,
      Values: {},
    })
  })

  it('accepts only messages from the editor frame window at the editor origin', () => {
    const h = harness()
    h.dispatch('{"MessageId":"A"}', EDITOR, h.frame)
    h.dispatch('{"MessageId":"wrong-origin"}', 'https://evil.example', h.frame)
    h.dispatch('{"MessageId":"wrong-port"}', 'https://editor.example:9981', h.frame)
    h.dispatch('{"MessageId":"other-source"}', EDITOR, h.otherFrame)
    h.dispatch('{"MessageId":"no-source"}', EDITOR, null)
    h.dispatch('garbage', EDITOR, h.frame)
    expect(h.received).toEqual(['A'])
  })

  it('posts JSON text to the editor origin, never *', () => {
    const h = harness()
    expect(h.channel.send('Host_PostmessageReady')).toBe(true)
    expect(h.sent).toEqual([{ message: '{"MessageId":"Host_PostmessageReady","SendTime":42,"Values":{}}', origin: EDITOR }])
    h.dropFrame()
    expect(h.channel.send('Grab_Focus')).toBe(false)
    expect(h.sent).toHaveLength(1)
  })

  it('stops listening when disposed', () => {
    const h = harness()
    h.channel.dispose()
    expect(h.listeners.size).toBe(0)
  })
})
