import type { BrowserWindow, Dialog, IpcMain, IpcMainInvokeEvent, WebContents } from 'electron'
import { IPC_PICK_FOLDER_CHANNEL } from '../contract/api'
import { isTrustedSender } from './ipc-binding'

// Native pickers for the console, outside the contract because only the desktop app has them: the preload offers
// `pickFolder` only there, and the console shows Browse… only when it is offered. Same sender check as the
// contract; no arguments are taken from the page, so it cannot steer the dialog.

export const PICK_FOLDER_CHANNEL = IPC_PICK_FOLDER_CHANNEL

export function bindNativePickers(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  dialog: Pick<Dialog, 'showOpenDialog'>,
  consoleWindow: () => BrowserWindow | null,
): () => void {
  const consoleContents = (): WebContents | null => consoleWindow()?.webContents ?? null
  ipcMain.handle(PICK_FOLDER_CHANNEL, async (event: IpcMainInvokeEvent, ...args: unknown[]) => {
    const owner = consoleWindow()
    if (args.length || !owner || !isTrustedSender(event, consoleContents)) return { ok: false, error: { code: 'forbidden', message: 'This window may not open a folder picker.' } }
    const answer = await dialog.showOpenDialog(owner, { title: 'Choose the folder to serve', properties: ['openDirectory', 'createDirectory'] })
    return { ok: true, value: answer.canceled || !answer.filePaths[0] ? null : answer.filePaths[0] }
  })
  return () => ipcMain.removeHandler(PICK_FOLDER_CHANNEL)
}
