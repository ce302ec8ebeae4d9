import type { ApiImplementation } from '../contract/channels'
import type { OpenFromSystemResult, OpenResult } from '../contract/dto'
import { englishText, type Translate } from './main-i18n'

// A document the system hands over (argv, open-file, a second launch, drag and drop, File > Open…) opens wherever
// it lives. The core decides through the contract channel `documents:open-from-system`: it opens a document of a
// served folder at once, and for one outside them asks whether to open just this file or serve its folder. This
// module asks that question with a native message box.

export type OpenFromSystem = ApiImplementation['documents:open-from-system']

export interface MessageBoxAsker {
  showMessageBox(options: {
    type: 'question'
    title: string
    message: string
    detail: string
    buttons: string[]
    defaultId: number
    cancelId: number
    noLink: boolean
  }): Promise<{ response: number }>
}

/** The box's buttons in the user's language, in the order the answer is read: this file, its folder, cancel. */
export function choiceButtons(t: Translate = englishText): string[] {
  return [t('openFromSystem.thisFile'), t('openFromSystem.serveFolder'), t('openFromSystem.cancel')]
}

export const CHOICE_BUTTONS = choiceButtons()

/** Opens a document from the system, asking once when it lies outside every served folder. Null when cancelled. */
export async function openDocumentFromSystem(
  open: OpenFromSystem,
  dialog: MessageBoxAsker,
  path: string,
  t: Translate = englishText,
): Promise<OpenResult | null> {
  const first = await open({ path })
  if (first.kind === 'opened') return withoutKind(first)
  const { response } = await dialog.showMessageBox({
    type: 'question',
    title: 'WOPI Desk',
    message: t('openFromSystem.message', { path: first.path }),
    detail: t('openFromSystem.detail', { folder: first.folder }),
    buttons: choiceButtons(t),
    defaultId: 0,
    cancelId: 2,
    noLink: true,
  })
  if (response !== 0 && response !== 1) return null
  const second = await open({ path: first.path, choice: response === 0 ? 'this-file' : 'serve-folder' })
  return second.kind === 'opened' ? withoutKind(second) : null
}

function withoutKind(result: Extract<OpenFromSystemResult, { kind: 'opened' }>): OpenResult {
  const { kind: _kind, ...opened } = result
  return opened
}
