import type { ContextBridge, IpcRenderer, IpcRendererEvent } from 'electron'
import { IPC_EVENT_CHANNEL, IPC_INVOKE_PREFIX, verbPath, type WopiDeskApi } from '../contract/api'
import { channelNames, eventNameList } from '../contract/channel-names'
import type { Envelope } from '../contract/envelope'

export class WopiDeskError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'WopiDeskError'
  }
}

/**
 * Builds window.wopiDesk: verbs only, never ipcRenderer itself (Electron security checklist item 20;
 * ARCHITECTURE house rule 4).
 */
export function buildWopiDeskApi(ipcRenderer: Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>): WopiDeskApi {
  const api: Record<string, Record<string, (...args: unknown[]) => Promise<unknown>>> = {}
  for (const channel of channelNames) {
    const [domain, verb] = verbPath(channel)
    api[domain] ??= {}
    api[domain][verb] = async (...args: unknown[]) => {
      const envelope = (await ipcRenderer.invoke(IPC_INVOKE_PREFIX + channel, ...args)) as Envelope<unknown>
      if (envelope.ok) return envelope.value
      // contextBridge copies an Error with its message only (custom properties such as `code` are lost), so
      // the renderer gets a plain { name, code, message } object it can read on the other side.
      throw { name: 'WopiDeskError', code: envelope.error.code, message: envelope.error.message }
    }
  }
  const knownEvents = new Set<string>(eventNameList)
  const on: WopiDeskApi['on'] = (event, listener) => {
    if (!knownEvents.has(event)) throw new WopiDeskError(`Unknown event "${String(event)}".`)
    // The renderer gets only the payload, never the IPC event (which exposes the sender).
    const wrapper = (_event: IpcRendererEvent, name: string, payload: unknown) => {
      if (name === event) (listener as (payload: unknown) => void)(payload)
    }
    ipcRenderer.on(IPC_EVENT_CHANNEL, wrapper)
    // Removes exactly this wrapper: the unsubscribe really unsubscribes (mattermost's bug was the opposite).
    return () => {
      ipcRenderer.removeListener(IPC_EVENT_CHANNEL, wrapper)
    }
  }
  return Object.freeze({ ...api, on }) as unknown as WopiDeskApi
}

export function exposeWopiDesk(contextBridge: Pick<ContextBridge, 'exposeInMainWorld'>, ipcRenderer: Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>): void {
  contextBridge.exposeInMainWorld('wopiDesk', buildWopiDeskApi(ipcRenderer))
}
