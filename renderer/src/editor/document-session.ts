import type { EditorError, LoadedDocument, SaveAsResult, ViewOnly } from '../../../electron/contract/editor-page'
import type { StoredDraft } from './draft-store'

// What the built-in editor knows about its document between two renders: which file, whether the text on
// screen is saved, what went wrong and what waits for the user's decision. A pure reducer, so every transition
// of save, conflict and draft recovery is testable without a browser (document-session.test.ts). The text
// itself lives in the textarea; `revision` counts its changes, and the text is saved when the saved revision
// caught up with it.

export type SaveStatus = { kind: 'clean' } | { kind: 'saving' } | { kind: 'saved'; at: number } | { kind: 'failed' }
export type Aside = { title: string; note: string; text: string } | null

export interface DocumentSessionState {
  fileName: string
  documentKey: string
  mode: 'edit' | 'view'
  viewOnly: ViewOnly | null
  canRename: boolean
  encoding: LoadedDocument['encoding']
  /** changes of the text on screen so far */
  revision: number
  /** the revision the file on the host holds */
  savedRevision: number
  status: SaveStatus
  /** a failure to show above the document; the user may retry */
  banner: EditorError | null
  /** the session cannot save any more (expired, file gone, ended) */
  fatal: EditorError | null
  /** the conflict dialog is open for this */
  conflict: EditorError | null
  conflictBusy: boolean
  /** a save was refused by a conflict and the user has not resolved it yet */
  conflictPending: boolean
  /** text the user may still need, shown beside the document */
  aside: Aside
  /** a draft from an earlier visit was put back silently, written at this time */
  restoredFrom: number | null
  /** a draft from an earlier visit whose base changed since: the user chooses */
  draftOffer: StoredDraft | null
  toast: string | null
}

export type DocumentSessionAction =
  | { type: 'edited'; revision: number }
  | { type: 'text-replaced'; revision: number; clean: boolean }
  | { type: 'save-started' }
  | { type: 'save-failed'; error: EditorError }
  | { type: 'failed'; error: EditorError }
  | { type: 'saved'; revision: number; at: number }
  | { type: 'conflict-busy'; busy: boolean }
  | { type: 'conflict-shown'; conflict: EditorError | null }
  | { type: 'reload-failed'; error: EditorError }
  | { type: 'theirs-loaded'; encoding: LoadedDocument['encoding']; aside: Aside }
  | { type: 'saved-as'; result: SaveAsResult; revision: number; at: number; toast: string; viewOnly: ViewOnly | null }
  | { type: 'took-over'; mode: 'edit' | 'view'; toast: string }
  | { type: 'draft-restored'; at: number }
  | { type: 'draft-offered'; draft: StoredDraft | null }
  | { type: 'set'; patch: Partial<Pick<DocumentSessionState, 'banner' | 'fatal' | 'aside' | 'toast' | 'restoredFrom' | 'fileName'>> }

export function initialSessionState(initial: LoadedDocument): DocumentSessionState {
  return {
    fileName: initial.fileName,
    documentKey: initial.documentKey,
    mode: initial.mode,
    viewOnly: initial.viewOnly,
    canRename: initial.canRename,
    encoding: initial.encoding,
    revision: 0,
    savedRevision: 0,
    status: { kind: 'clean' },
    banner: null,
    fatal: null,
    conflict: null,
    conflictBusy: false,
    conflictPending: false,
    aside: null,
    restoredFrom: null,
    draftOffer: null,
    toast: null,
  }
}

export const isDirty = (state: DocumentSessionState): boolean => state.revision !== state.savedRevision

/** Where a failure goes: a conflict waits for the user, an ended session stops saving, the rest is a banner. */
function withFailure(state: DocumentSessionState, error: EditorError): DocumentSessionState {
  switch (error.code) {
    case 'changed-on-disk':
    case 'locked':
    case 'lock-lost':
      return { ...state, conflict: error, conflictPending: true }
    case 'session-expired':
    case 'not-found':
    case 'session-ended':
      return { ...state, fatal: error }
    default:
      return { ...state, banner: error }
  }
}

export function documentSessionReducer(state: DocumentSessionState, action: DocumentSessionAction): DocumentSessionState {
  switch (action.type) {
    case 'edited':
      return { ...state, revision: action.revision }
    case 'text-replaced':
      return { ...state, revision: action.revision, savedRevision: action.clean ? action.revision : state.savedRevision }
    case 'save-started':
      return { ...state, status: { kind: 'saving' } }
    case 'save-failed':
      return withFailure({ ...state, status: { kind: 'failed' } }, action.error)
    case 'failed':
      return withFailure(state, action.error)
    case 'saved':
      return {
        ...state,
        savedRevision: action.revision,
        status: { kind: 'saved', at: action.at },
        banner: null,
        conflictPending: false,
        restoredFrom: null,
      }
    case 'conflict-busy':
      return { ...state, conflictBusy: action.busy }
    case 'conflict-shown':
      return { ...state, conflict: action.conflict }
    case 'reload-failed':
      return withFailure({ ...state, conflict: null }, action.error)
    case 'theirs-loaded':
      return { ...state, conflict: null, conflictPending: false, encoding: action.encoding, status: { kind: 'clean' }, aside: action.aside }
    case 'saved-as': {
      const { result } = action
      if (!result.switched) {
        return {
          ...state,
          toast: action.toast,
          ...(result.warning ? { banner: { code: 'unexpected-response', message: result.warning } } : {}),
        }
      }
      // The editor works on the copy from now on: its name, key, mode and lock; the text on screen is saved there.
      return {
        ...state,
        fileName: result.fileName,
        documentKey: result.documentKey,
        mode: result.mode,
        canRename: result.canRename,
        viewOnly: action.viewOnly,
        savedRevision: action.revision,
        status: { kind: 'saved', at: action.at },
        conflict: null,
        conflictPending: false,
        banner: null,
        toast: action.toast,
      }
    }
    case 'took-over':
      return { ...state, mode: action.mode, viewOnly: null, toast: action.toast }
    case 'draft-restored':
      return { ...state, restoredFrom: action.at }
    case 'draft-offered':
      return { ...state, draftOffer: action.draft }
    case 'set':
      return { ...state, ...action.patch }
  }
}
