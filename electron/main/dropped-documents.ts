import { isAbsolute } from 'node:path'
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron'
import { IPC_OPEN_DROPPED_CHANNEL } from '../contract/api'
import { isTrustedSender } from './ipc-binding'

// Documents dropped on the console window open like those the system hands over. The preload reads their paths
// (the page cannot); this checks the sender and the shape before anything opens.

export const MAX_DROPPED_PATHS = 20

function isDroppedPaths(value: unknown): value is string[] {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    value.length <= MAX_DROPPED_PATHS &&
    value.every((path) => typeof path === 'string' && path.length <= 4096 && isAbsolute(path))
  )
}

export function bindDroppedDocuments(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  consoleContents: () => WebContents | null,
  open: (path: string) => void,
): () => void {
  ipcMain.handle(IPC_OPEN_DROPPED_CHANNEL, (event: IpcMainInvokeEvent, ...args: unknown[]) => {
    if (!isTrustedSender(event, consoleContents))
      return { ok: false, error: { code: 'forbidden', message: 'This window may not open documents.' } }
    if (args.length !== 1 || !isDroppedPaths(args[0]))
      return { ok: false, error: { code: 'invalid', message: `Drop up to ${MAX_DROPPED_PATHS} documents from this computer.` } }
    for (const path of args[0]) open(path)
    return { ok: true, value: null }
  })
  return () => ipcMain.removeHandler(IPC_OPEN_DROPPED_CHANNEL)
}
