import type { KeyObject } from 'node:crypto'
import type { Clock, Random } from '../deps'

// Shapes shared by the Collabora and ONLYOFFICE client emulators. An emulation replays what one editor sends
// and judges every answer by what THAT editor does with it; nothing here knows which host it talks to.

export type EditorKind = 'collabora' | 'onlyoffice'

/** `skipped`: a step the editor would take that this run did not send (never shown as confirmed) */
export type StepOutcome = 'ok' | 'deviation' | 'fatal' | 'skipped'

/** What was sent, safe to show: the access token is replaced, proof signatures are not included. */
export interface RequestSummary {
  method: 'GET' | 'POST'
  /** the request URL with `access_token=<redacted>` */
  url: string
  /** the headers the editor sends that matter to the host (X-WOPI-Override, X-WOPI-Lock, ...); proofs shown as `<signed>` */
  headers: Record<string, string>
  bodyBytes: number
}

/**
 * One judged observation. A request can yield several (a CheckFileInfo with three problems gives three
 * deviations); `ok` entries say what was confirmed.
 */
export interface StepRecord {
  step: string
  request: RequestSummary | null
  /** HTTP status, null when the request never got an answer or no request was made */
  status: number | null
  outcome: StepOutcome
  finding: string
  /** what the editor does because of this answer; empty for `ok` */
  consequence: string
}

export interface EmulationReport {
  editor: EditorKind
  /** WOPISrc as given (it carries no token) */
  wopiSrc: string
  steps: StepRecord[]
  deviations: number
  fatal: boolean
  /** things the user should do by hand afterwards (e.g. delete a copy the host could not delete) */
  leftovers: string[]
  /** the client replayed when it is not the editor itself: 'LibreOffice Online' for Collabora's 'lool' flavour */
  client?: string
  /** why the editor would open the document read-only although the user may write (e.g. LOCK refused) */
  readOnly?: string
}

/** The private half of an editor's proof keys; the emulator signs like the editor would. */
export interface ProofSigningKeys {
  current: KeyObject
  /** ONLYOFFICE signs X-WOPI-ProofOld only when both keys exist; Collabora never sends it */
  old?: KeyObject
}

export interface EmulationHooks {
  /** runs after the document is open (CheckFileInfo, lock, GetFile done), before any save */
  afterOpen?: () => Promise<void> | void
  /**
   * Changes the stored file behind the editor's back. When given (and writes are allowed), the Collabora
   * emulation runs the "document changed in storage" flow; on a foreign host the flow is skipped.
   */
  modifyExternally?: () => Promise<void> | void
}

export interface EmulationOptions {
  /** false = read-only steps only (CheckFileInfo, GetFile); default true */
  write?: boolean
  /**
   * The bytes the "editor" saves. Default: exactly the bytes GetFile returned, so a foreign document is left
   * unchanged. A function receives the downloaded bytes and the save number (1-based).
   */
  editedContent?: Buffer | ((downloaded: Buffer, saveNumber: number) => Buffer)
  /** number of ordinary saves in the edit session (Collabora: autosaves chaining LastModifiedTime); default 2 */
  saves?: number
  /** Save As / save a copy through PutRelativeFile; default true */
  saveAs?: boolean
  /** full name for the copy; default `<name> (WOPI Desk check).<ext>` */
  saveAsName?: string
  /** DeleteFile the copy afterwards when the host advertises SupportsDeleteFile; default true */
  deleteCopy?: boolean
  /** RenameFile and rename back; default true */
  rename?: boolean
  /** the requested name (without extension); default `<name> (WOPI Desk rename check)` */
  renameTo?: string
  /** lock refreshes to send (Collabora: LOCK again, ONLYOFFICE: REFRESH_LOCK); default 1 */
  lockRefreshes?: number
  /**
   * Wait before each refresh. The editors wait 900 s (Collabora storage.wopi.locking.refresh) and 10 min
   * (ONLYOFFICE wopi.refreshLockInterval); the product default is 0 so a check does not take a quarter hour.
   */
  lockRefreshIntervalMs?: number
  /** how to wait; tests pass one that moves a fake clock */
  sleep?: (ms: number) => Promise<void>
  /** ONLYOFFICE: the `sc` value from the action URL, echoed as X-WOPI-SessionContext */
  sessionContext?: string
  /** ONLYOFFICE: bytes of its blank template, PutFile'd when CheckFileInfo says Size 0 (no template = step skipped) */
  blankTemplate?: Buffer
  /** ONLYOFFICE: also run the convert-and-edit PutRelativeFile (X-WOPI-FileConversion); default false */
  fileConversion?: boolean
  /** per-request timeout; default 30 s */
  timeoutMs?: number
  /**
   * Collabora only: 'lool' replays LibreOffice Online 2020 (loolwsd) instead: X-LOOL-* headers, and
   * LastModifiedTime's fraction read as a count of microseconds. Default 'collabora'.
   */
  collaboraFlavour?: 'collabora' | 'lool'
}

export interface RunEmulationInput {
  editor: EditorKind
  wopiSrc: string
  accessToken: string
  fetchImpl?: typeof fetch
  proofKeys?: ProofSigningKeys
  hooks?: EmulationHooks
  options?: EmulationOptions
  clock?: Clock
  random?: Random
}
