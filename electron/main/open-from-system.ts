import { dirname, isAbsolute, relative, sep } from 'node:path'
import type { ApiImplementation } from '../contract/channels'
import type { OpenResult } from '../contract/dto'

// A document the system hands over (argv, open-file, a second launch, drag and drop, File > Open…) opens wherever
// it lives. The core decides through the contract channel `documents:open-from-system`: it opens a document of a
// served folder at once, and for one outside them asks whether to open just this file or serve its folder. This
// module asks that question with a native message box. Until the channel is part of the contract, the adapter
// below answers with the one served folder the core has today.

export const OPEN_FROM_SYSTEM = 'documents:open-from-system'

export interface OpenFromSystemRequest {
  path: string
  choice?: 'this-file' | 'serve-folder'
}

export type OpenFromSystemResult = ({ kind: 'opened' } & OpenResult) | { kind: 'choose'; path: string; folder: string }

export type OpenFromSystem = (request: OpenFromSystemRequest) => Promise<OpenFromSystemResult>

export interface MessageBoxAsker {
  showMessageBox(options: { type: 'question'; title: string; message: string; detail: string; buttons: string[]; defaultId: number; cancelId: number; noLink: boolean }): Promise<{ response: number }>
}

/** The core's channel when it has one; else the same contract over the single served folder. */
export function openFromSystemAdapter(api: ApiImplementation, root: () => string): OpenFromSystem {
  const channel = (api as unknown as Record<string, OpenFromSystem | undefined>)[OPEN_FROM_SYSTEM]
  if (channel) return (request) => channel(request)
  return async (request) => {
    const served = root()
    const inside = relative(served, request.path)
    if (served && inside && !inside.startsWith('..') && !isAbsolute(inside)) {
      return { kind: 'opened', ...(await api['files:open']({ path: inside.split(sep).join('/') })) }
    }
    const folder = dirname(request.path)
    if (request.choice === 'serve-folder') {
      const { restartRequired } = await api['settings:update']({ root: folder })
      // Today's core switches its one folder only at the next start.
      if (restartRequired.includes('root')) throw new Error(`WOPI Desk serves ${folder} from its next start. Quit WOPI Desk, start it again, and open the document once more.`)
      return { kind: 'opened', ...(await api['files:open']({ path: relative(folder, request.path).split(sep).join('/') })) }
    }
    if (request.choice === 'this-file') {
      throw new Error(`${request.path} is not in the served folder (${served}), and this version of WOPI Desk can only open a file outside it by serving its folder. Choose "Serve its folder".`)
    }
    return { kind: 'choose', path: request.path, folder }
  }
}

export const CHOICE_BUTTONS = ['Open just this file', 'Serve its folder', 'Cancel'] as const

/** Opens a document from the system, asking once when it lies outside every served folder. Null when cancelled. */
export async function openDocumentFromSystem(open: OpenFromSystem, dialog: MessageBoxAsker, path: string): Promise<OpenResult | null> {
  const first = await open({ path })
  if (first.kind === 'opened') return withoutKind(first)
  const { response } = await dialog.showMessageBox({
    type: 'question',
    title: 'WOPI Desk',
    message: `${first.path} is outside the folders WOPI Desk serves.`,
    detail: `Open just this file, or serve its folder (${first.folder}) so that the documents beside it open too.`,
    buttons: [...CHOICE_BUTTONS],
    defaultId: 0,
    cancelId: 2,
    noLink: true,
  })
  if (response !== 0 && response !== 1) return null
  const second = await open({ path: first.path, choice: response === 0 ? 'this-file' : 'serve-folder' })
  return second.kind === 'opened' ? withoutKind(second) : null
}

function withoutKind(result: { kind: 'opened' } & OpenResult): OpenResult {
  const { kind: _kind, ...opened } = result
  return opened
}
