import type { ContextBridge, IpcRenderer, IpcRendererEvent, WebUtils } from 'electron'
import {
  IPC_EVENT_CHANNEL,
  IPC_INVOKE_PREFIX,
  IPC_OPEN_DROPPED_CHANNEL,
  IPC_PICK_PATH_CHANNEL,
  verbPath,
  type WopiDeskApi,
} from '../contract/api'
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
/** At most this many documents open from one drop: a drop of a whole folder's files is not meant as that. */
export const MAX_DROPPED_FILES = 20

export function buildWopiDeskApi(
  ipcRenderer: Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>,
  webUtils?: Pick<WebUtils, 'getPathForFile'>,
): WopiDeskApi {
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
  // The system's folder or file picker: only the kind goes to the main process, and only a path or null comes back.
  const pickPath = async (kind: unknown): Promise<string | null> => {
    if (kind !== 'folder' && kind !== 'file') throw { name: 'WopiDeskError', code: 'invalid', message: 'Pick a "folder" or a "file".' }
    const envelope = (await ipcRenderer.invoke(IPC_PICK_PATH_CHANNEL, kind)) as Envelope<unknown>
    if (!envelope.ok) throw { name: 'WopiDeskError', code: envelope.error.code, message: envelope.error.message }
    if (envelope.value === null || (typeof envelope.value === 'string' && envelope.value.length > 0 && envelope.value.length <= 4096))
      return envelope.value
    throw { name: 'WopiDeskError', code: 'invalid', message: 'The folder picker gave an answer that is not a folder path.' }
  }
  // A dropped file's path is readable only here (webUtils), never in the page; only paths go to the main process.
  const openDroppedFiles = async (files: readonly object[]): Promise<void> => {
    const paths = [...files].slice(0, MAX_DROPPED_FILES).flatMap((file) => {
      try {
        const path = webUtils!.getPathForFile(file as Parameters<WebUtils['getPathForFile']>[0])
        return path ? [path] : []
      } catch {
        return [] // not a File from a drop
      }
    })
    if (!paths.length) return
    const envelope = (await ipcRenderer.invoke(IPC_OPEN_DROPPED_CHANNEL, paths)) as Envelope<unknown>
    if (!envelope.ok) throw { name: 'WopiDeskError', code: envelope.error.code, message: envelope.error.message }
  }
  return Object.freeze({ ...api, on, pickPath, ...(webUtils ? { openDroppedFiles } : {}) }) as unknown as WopiDeskApi
}

export function exposeWopiDesk(
  contextBridge: Pick<ContextBridge, 'exposeInMainWorld'>,
  ipcRenderer: Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>,
  webUtils?: Pick<WebUtils, 'getPathForFile'>,
): void {
  contextBridge.exposeInMainWorld('wopiDesk', buildWopiDeskApi(ipcRenderer, webUtils))
}
