import type { EditorAction, LineEnding, TextEncodingInfo, ViewOnly } from '../../contract/editor-page'
import type { FileFacts } from './file-facts'
import { decodeText } from './text-codec'
import { formatBytes } from '../format-bytes'

// Why a document opens read-only, in words for the page: too large, not text, not UTF-8, not editable by this
// user, or locked by someone else.

export function tooLargeReason(size: number, maxBytes: number): ViewOnly {
  return {
    code: 'too-large',
    message: `This file is ${formatBytes(size)}; the built-in editor opens text files up to ${formatBytes(maxBytes)}.`,
  }
}

/** What keeps the user from editing this file, whatever its content; null when nothing does. */
export function editBlock(action: EditorAction, current: FileFacts): ViewOnly | null {
  if (action === 'view') return { code: 'view-action', message: 'Opened for viewing.' }
  if (!current.userCanWrite || current.readOnly) return { code: 'read-only', message: 'You have read-only access to this file.' }
  if (!current.supportsUpdate)
    return { code: 'no-update', message: 'The WOPI host does not accept saves for this file, so it is open read-only.' }
  return null
}

export type ReadContent =
  | { readable: true; text: string; encoding: TextEncodingInfo; notices: string[] }
  | { readable: false; text: string | null; encoding: TextEncodingInfo | null; problem: ViewOnly }

/** The text of a file's bytes, or why it can only be shown (a preview) or not at all. */
export function readContent(bytes: Buffer, defaultLineEnding: LineEnding): ReadContent {
  const decoded = decodeText(bytes, defaultLineEnding)
  if (decoded.ok) {
    const notices = decoded.encoding.mixedLineEndings
      ? [`This file mixes line endings; saving writes ${decoded.encoding.lineEnding} everywhere.`]
      : []
    return { readable: true, text: decoded.text, encoding: decoded.encoding, notices }
  }
  if (decoded.reason === 'binary') {
    return {
      readable: false,
      text: null,
      encoding: null,
      problem: { code: 'binary', message: 'This file is not text (it contains binary data), so the built-in editor cannot show it.' },
    }
  }
  return {
    readable: false,
    text: decoded.preview,
    encoding: { bom: false, lineEnding: defaultLineEnding, mixedLineEndings: false, label: decoded.label },
    problem: {
      code: 'not-utf8',
      message:
        decoded.label === 'not UTF-8'
          ? 'This file is not UTF-8 text (it may use an older encoding such as Windows-1252); the built-in editor only edits UTF-8, so it is open read-only.'
          : `This file is ${decoded.label} text; the built-in editor only edits UTF-8, so it is open read-only.`,
    },
  }
}

/**
 * A lock refused with 409: by an earlier session of this editor (`ownSession` names it, and whether it is gone)
 * or by someone else, named by X-WOPI-LockFailureReason when the host sends one.
 */
export function lockedReason(holderHeader: string | null, ownSession: { gone: boolean } | null): ViewOnly {
  const holder = holderHeader?.trim() || undefined
  if (ownSession) {
    return {
      code: 'locked-stale',
      message: ownSession.gone
        ? 'An earlier session of this editor did not close cleanly and still holds the lock on this file.'
        : 'This file is open for editing in another WOPI Desk editor window.',
      ...(holder ? { holder } : {}),
    }
  }
  return {
    code: 'locked',
    // X-WOPI-LockFailureReason is free text ("Sam (Collabora)", "the file is open in LibreOffice by erin").
    message: holder
      ? `This file is open read-only because it is locked: ${holder}.`
      : 'Someone else is editing this file, so it is open read-only.',
    ...(holder ? { holder } : {}),
  }
}
