import utf7 from 'utf7'
import type { EditorError } from '../../contract/editor-page'
import { WopiCallError, type WopiOperation } from './wopi-client'

// WOPI answers in plain words for the page (clients.md 2.1: how Collabora reads PutFile/Lock answers). Every
// message that follows a failed save ends by saying the text is still there: nothing typed is ever dropped.

/**
 * `textKept` false for failures before any text was shown (opening the document): there is nothing to keep,
 * and saying so would mislead.
 */
export function describeFailure(error: unknown, textKept = true): EditorError {
  const described = describe(error, textKept)
  return { ...described, message: tidy(described.message) }
}

function describe(error: unknown, textKept: boolean): EditorError {
  const KEPT = textKept ? 'Your text is kept here.' : ''
  if (!(error instanceof WopiCallError)) {
    return { code: 'unexpected-response', message: `Something went wrong in the editor: ${(error as Error).message}. ${KEPT}` }
  }
  const detail = technicalDetail(error)
  const op = error.operation
  switch (error.kind) {
    case 'network':
      return {
        code: 'unreachable',
        message: `The editor could not reach the WOPI host. Check that WOPI Desk is running, then try again. ${KEPT}`,
        detail,
      }
    case 'timeout':
      return { code: 'unreachable', message: `The WOPI host did not answer in time. Try again in a moment. ${KEPT}`, detail }
    case 'redirect':
      return {
        code: 'redirected',
        message: `The WOPI host answered ${describeOperation(op)} with a redirect instead of the file (a login page or a proxy rule?). ${KEPT}`,
        detail,
      }
    case 'bad-response':
      return { code: 'unexpected-response', message: `The WOPI host sent an answer the editor does not understand (${op}).`, detail }
    case 'too-large':
      return { code: 'too-large', message: 'The file is larger than the built-in editor opens (20 MiB).', detail }
    case 'http':
      break
  }
  switch (error.status) {
    case 401:
    case 403:
      return {
        code: 'session-expired',
        message: textKept
          ? `Your session expired: reopen the document. ${KEPT}`
          : 'Your access to this document expired or is not valid. Open it again from WOPI Desk.',
        detail,
      }
    case 404:
      return {
        code: 'not-found',
        message: `The file no longer exists (it was moved or deleted).${textKept ? ' Your text is kept here: copy it to keep it.' : ''}`,
        detail,
      }
    case 409: {
      if (error.isDocumentChanged) {
        return { code: 'changed-on-disk', message: 'The file was changed on disk by someone else since you opened it.', detail }
      }
      if (op === 'PutRelativeFile') {
        const suggested = decodeName(error.header('x-wopi-validrelativetarget'))
        const lock = error.header('x-wopi-lock')
        if (lock)
          return { code: 'locked', message: 'A file with that name exists and someone else is editing it. Choose another name.', detail }
        return {
          code: 'name-taken',
          message: suggested ? `A file with that name already exists. "${suggested}" is free.` : 'A file with that name already exists.',
          ...(suggested ? { suggestedName: suggested } : {}),
          detail,
        }
      }
      const holder = error.header('x-wopi-lockfailurereason')?.trim() || undefined
      const lock = error.header('x-wopi-lock')
      // Empty X-WOPI-Lock: no WOPI lock holds the file. With a reason, something else does (a desktop
      // program's lock file, as our host reports it); without one, our own lock simply expired.
      if ((lock === '' || lock === null) && !holder) {
        return { code: 'lock-lost', message: `The editor's lock on the file expired. ${KEPT}`, detail }
      }
      return {
        code: 'locked',
        message: holder ? `The file is locked by someone else: ${holder}.` : 'The file is locked by someone else.',
        ...(holder ? { holder } : {}),
        detail,
      }
    }
    case 400: {
      if (op === 'RenameFile' || op === 'PutRelativeFile') {
        const reason = error.header('x-wopi-invalidfilenameerror')
        const suggested = decodeName(error.header('x-wopi-validrelativetarget'))
        return {
          code: 'invalid-name',
          message: `The host does not accept that file name${reason ? ` (${reason})` : ''}. Choose another name.`,
          ...(suggested ? { suggestedName: suggested } : {}),
          detail,
        }
      }
      return { code: 'unexpected-response', message: `The WOPI host rejected ${describeOperation(op)} as malformed. ${KEPT}`, detail }
    }
    case 412:
    case 413:
      return { code: 'too-large', message: `The file is too large for the WOPI host to accept. ${KEPT}`, detail }
    case 501:
      return { code: 'not-supported', message: `The WOPI host does not support ${describeOperation(op)}.`, detail }
    default: {
      if (error.status >= 500) {
        const reason = error.header('x-wopi-servererror')
        return {
          code: 'host-error',
          message: `The WOPI host could not ${verb(op)}${reason ? `: ${reason}` : ''}. ${KEPT}`,
          detail,
        }
      }
      return {
        code: 'unexpected-response',
        message: `The WOPI host answered ${describeOperation(op)} with HTTP ${error.status}. ${KEPT}`,
        detail,
      }
    }
  }
}

function tidy(message: string): string {
  return message.replace(/\s+/g, ' ').trim()
}

function technicalDetail(error: WopiCallError): string {
  const parts = [`${error.operation}`, error.status ? `HTTP ${error.status}` : error.kind]
  const serverError = error.header('x-wopi-servererror')
  if (serverError) parts.push(`X-WOPI-ServerError: ${serverError}`)
  parts.push(`correlation id ${error.correlationId}`)
  return parts.join(' · ')
}

function describeOperation(op: WopiOperation): string {
  switch (op) {
    case 'CheckFileInfo':
      return 'the file information request'
    case 'GetFile':
      return 'the download'
    case 'PutFile':
      return 'the save'
    case 'PutRelativeFile':
      return 'save as'
    case 'RenameFile':
      return 'the rename'
    default:
      return 'the lock request'
  }
}

function verb(op: WopiOperation): string {
  switch (op) {
    case 'PutFile':
      return 'save the file'
    case 'PutRelativeFile':
      return 'save the copy'
    case 'RenameFile':
      return 'rename the file'
    case 'GetFile':
    case 'CheckFileInfo':
      return 'open the file'
    default:
      return 'lock the file'
  }
}

function decodeName(value: string | null): string | undefined {
  if (!value) return undefined
  try {
    return utf7.decode(value)
  } catch {
    return undefined
  }
}
