import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron'
import { channelNames } from '../contract/channel-names'
import type { ApiImplementation } from '../contract/channels'
import { dispatch, type DispatchLog } from '../contract/dispatch'
import { IPC_EVENT_CHANNEL, IPC_INVOKE_PREFIX } from '../contract/api'
import type { EventBus } from '../core/event-bus'
import { isConsoleUrl } from './app-protocol'

/**
 * Electron security checklist item 17: validate the sender of every IPC message. Only the top frame of the
 * console window, showing our own console page, may call the contract.
 */
export function isTrustedSender(
  event: Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>,
  consoleContents: () => WebContents | null,
): boolean {
  const contents = consoleContents()
  const frame = event.senderFrame
  if (!contents || !frame || event.sender !== contents) return false
  if (frame !== contents.mainFrame) return false
  return isConsoleUrl(frame.url)
}

/** Binds every contract channel on IPC: one handler per channel, all through the shared dispatch. */
export function bindContractOverIpc(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  api: ApiImplementation,
  consoleContents: () => WebContents | null,
  log?: DispatchLog,
): () => void {
  for (const channel of channelNames) {
    ipcMain.handle(IPC_INVOKE_PREFIX + channel, async (event, ...args: unknown[]) => {
      if (!isTrustedSender(event, consoleContents)) {
        return { ok: false, error: { code: 'forbidden', message: 'This window may not use the WOPI Desk console API.' } }
      }
      return dispatch(api, channel, args, log)
    })
  }
  return () => {
    for (const channel of channelNames) ipcMain.removeHandler(IPC_INVOKE_PREFIX + channel)
  }
}

/** Pushes core events to the console window until it goes away. */
export function forwardEvents(events: EventBus, contents: Pick<WebContents, 'send' | 'isDestroyed' | 'once'>): () => void {
  const unsubscribe = events.subscribeAll((event, payload) => {
    if (!contents.isDestroyed()) contents.send(IPC_EVENT_CHANNEL, event, payload)
  })
  contents.once('destroyed', unsubscribe)
  return unsubscribe
}
