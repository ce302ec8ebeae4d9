// PostMessage between the host page and the editor frame (spec 11.2). Messages are JSON
// {MessageId, SendTime, Values}; Office and Collabora send JSON text, some editors objects, so both parse.
// A message is accepted only when it comes from the editor frame's own window AND from the editor's origin
// (taken from the action URL): another frame, a popup, this page itself or a page the editor frame was
// navigated to elsewhere are ignored. Messages go out to that origin only, never to '*'.
import { formatWopiMessage, parseWopiMessage, type WopiMessage } from '../components/wopi-message'

export interface MessageTarget {
  postMessage(message: string, targetOrigin: string): void
}

export interface ChannelWindow {
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void
  removeEventListener(type: 'message', listener: (event: MessageEvent) => void): void
}

export interface EditorChannel {
  /** false when there is no frame window to send to */
  send(messageId: string, values?: Record<string, unknown>): boolean
  dispose(): void
}

export function createEditorChannel(options: {
  window: ChannelWindow
  /** the editor iframe's contentWindow, looked up on every message (it changes when the frame navigates) */
  frameWindow: () => (MessageTarget & object) | null
  editorOrigin: string
  onMessage(message: WopiMessage): void
  now?: () => number
}): EditorChannel {
  const now = options.now ?? (() => Date.now())
  const listener = (event: MessageEvent): void => {
    const frame = options.frameWindow()
    if (!frame || event.source !== frame) return
    if (event.origin !== options.editorOrigin) return
    const message = parseWopiMessage(event.data)
    if (message) options.onMessage(message)
  }
  options.window.addEventListener('message', listener)
  return {
    send(messageId, values = {}) {
      const frame = options.frameWindow()
      if (!frame) return false
      frame.postMessage(formatWopiMessage(messageId, values, now()), options.editorOrigin)
      return true
    },
    dispose: () => options.window.removeEventListener('message', listener),
  }
}
