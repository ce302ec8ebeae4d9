// The wire format between the built-in editor's page and its own server (same origin). Pure types and
// constants, no imports: the page (renderer/src/editor) imports this file type-only, so a change here is a
// compile error on both sides instead of a runtime surprise. WOPI itself never crosses this boundary: the
// server is the WOPI client, the page only ever sees plain words and the document text.

/** Every API request carries this header: a cross-site form or image cannot set it (CSRF guard). */
export const EDITOR_API_HEADER = 'X-WOPI-Desk-Editor'
export const EDITOR_API_HEADER_VALUE = '1'

export type EditorAction = 'view' | 'edit' | 'editnew'
export type DocumentKind = 'text' | 'markdown' | 'csv' | 'tsv' | 'json' | 'xml' | 'yaml' | 'ini' | 'log'
export type LineEnding = 'LF' | 'CRLF' | 'CR'

export type ViewOnlyCode =
  | 'view-action' // opened with the WOPI `view` action
  | 'read-only' // CheckFileInfo: UserCanWrite false / ReadOnly true
  | 'no-update' // the host does not support PutFile (SupportsUpdate false)
  | 'locked' // Lock answered 409: another client holds the lock
  | 'locked-stale' // ...and the lock is one this editor left behind (offer to take it over)
  | 'not-utf8'
  | 'binary'
  | 'too-large'

export interface ViewOnly {
  code: ViewOnlyCode
  message: string
  /** who holds the lock, from X-WOPI-LockFailureReason, when the host says */
  holder?: string
}

export interface TextEncodingInfo {
  bom: boolean
  lineEnding: LineEnding
  mixedLineEndings: boolean
  /** 'UTF-8', 'UTF-8 with BOM', 'UTF-16 LE'... */
  label: string
}

export interface HostIntegration {
  /** CheckFileInfo PostMessageOrigin, validated as an http(s) origin; null = send no messages */
  postMessageOrigin: string | null
  closePostMessage: boolean
  editModePostMessage: boolean
  editNotificationPostMessage: boolean
  closeUrl: string | null
  hostEditUrl: string | null
}

export interface LoadedDocument {
  /** opaque, stable per file (hash of the WOPISrc): the page keys its sessionStorage drafts with it */
  documentKey: string
  fileName: string
  /** with the dot, lower case: '.md' */
  extension: string
  kind: DocumentKind
  /** null when the content cannot be shown (too large, binary) */
  text: string | null
  mode: 'edit' | 'view'
  viewOnly: ViewOnly | null
  /** CheckFileInfo LastModifiedTime the text is based on (what a save sends as X-COOL-WOPI-Timestamp) */
  lastModifiedTime: string | null
  size: number
  encoding: TextEncodingInfo
  userName: string | null
  canSaveAs: boolean
  canRename: boolean
  host: HostIntegration
  /** access_token_ttl (ms since epoch) when the host gave one */
  tokenExpiresAt: number | null
  uiLanguage: string | null
  /** largest text the editor opens or saves, in bytes */
  maxBytes: number
  /** plain sentences worth showing once (e.g. "mixed line endings were normalised") */
  notices: string[]
}

export type EditorErrorCode =
  | 'changed-on-disk'
  | 'locked'
  | 'lock-lost'
  | 'session-expired'
  | 'not-found'
  | 'too-large'
  | 'host-error'
  | 'not-supported'
  | 'unreachable'
  | 'redirected'
  | 'unexpected-response'
  | 'name-taken'
  | 'invalid-name'
  | 'read-only'
  | 'session-ended'
  | 'bad-request'

export interface EditorError {
  code: EditorErrorCode
  /** one or two plain sentences for the user */
  message: string
  /** technical detail for support (status, X-WOPI-ServerError, correlation id); never a token */
  detail?: string
  holder?: string
  /** PutRelativeFile 409/400: the host's X-WOPI-ValidRelativeTarget, decoded */
  suggestedName?: string
  /** on a failed load: the host page origin, when CheckFileInfo got that far (to report App_LoadingStatus Failed) */
  postMessageOrigin?: string
}

export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: EditorError }

export interface SaveResult {
  lastModifiedTime: string | null
  /** ms since epoch, editor server clock */
  savedAt: number
}

export interface SaveAsResult {
  fileName: string
  /** the new file's documentKey when switched, else the original's */
  documentKey: string
  /** true when the editor now works on the new file (it took its token, lock and timestamp) */
  switched: boolean
  mode: 'edit' | 'view'
  lastModifiedTime: string | null
  canRename: boolean
  /** why the editor stayed on the original although the copy was written */
  warning?: string
}

export interface RenameResult {
  fileName: string
}

export interface ReloadResult {
  text: string
  lastModifiedTime: string | null
  encoding: TextEncodingInfo
}

export interface HeartbeatResult {
  /** something that happened in the background (lock lost on refresh, token expired) */
  notice: EditorError | null
}

export interface TakeOverResult {
  mode: 'edit' | 'view'
}

/** Query parameters of `POST /editor/api/<session>/save` (the body is the text itself). */
export interface SaveParams {
  /** LastModifiedTime the text is based on; omitted = what the server last knew */
  base?: string
  /** overwrite whatever is on disk: PutFile without X-COOL-WOPI-Timestamp */
  force?: boolean
  autosave?: boolean
  exit?: boolean
}

export type SaveAsMode = 'suggested' | 'specific'
