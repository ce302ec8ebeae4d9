import type { BrowserWindow, Dialog, IpcMain, IpcMainInvokeEvent, OpenDialogOptions, WebContents } from 'electron'
import { IPC_PICK_PATH_CHANNEL } from '../contract/api'
import { isTrustedSender } from './ipc-binding'
import { englishText, type Translate } from './main-i18n'

// Native pickers for the console, outside the contract because only the desktop app has them: the preload offers
// `pickPath` only there, and the console shows Browse… only when it is offered. Same sender check as the
// contract; the page says only whether it wants a folder or a file, so it cannot steer the dialog anywhere.

export const PICK_PATH_CHANNEL = IPC_PICK_PATH_CHANNEL

function pickerDialog(kind: 'folder' | 'file', t: Translate): OpenDialogOptions {
  return kind === 'folder'
    ? { title: t('pickers.chooseFolder'), properties: ['openDirectory', 'createDirectory'] }
    : { title: t('pickers.chooseDocument'), properties: ['openFile'] }
}

export function bindNativePickers(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  dialog: Pick<Dialog, 'showOpenDialog'>,
  consoleWindow: () => BrowserWindow | null,
  t: Translate = englishText,
): () => void {
  const consoleContents = (): WebContents | null => consoleWindow()?.webContents ?? null
  ipcMain.handle(PICK_PATH_CHANNEL, async (event: IpcMainInvokeEvent, ...args: unknown[]) => {
    const owner = consoleWindow()
    if (!owner || !isTrustedSender(event, consoleContents))
      return { ok: false, error: { code: 'forbidden', message: 'This window may not open a picker.' } }
    const [kind] = args
    if (args.length !== 1 || (kind !== 'folder' && kind !== 'file'))
      return { ok: false, error: { code: 'invalid', message: 'Pick a "folder" or a "file".' } }
    const answer = await dialog.showOpenDialog(owner, pickerDialog(kind, t))
    return { ok: true, value: answer.canceled || !answer.filePaths[0] ? null : answer.filePaths[0] }
  })
  return () => ipcMain.removeHandler(PICK_PATH_CHANNEL)
}
