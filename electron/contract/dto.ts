// Data shapes that cross the console boundary (IPC or HTTP). Plain JSON only: no Dates, no Buffers, no class
// instances. Tokens and proof material never appear in any of them.

// ---------- catalog ----------

export type EndpointKind = 'collabora' | 'onlyoffice' | 'office' | 'builtin' | 'unknown'

export interface ActionDto {
  name: string
  ext: string // lower case, no dot; '' for MIME-type apps
  progid?: string
  requires: string[]
  isDefault: boolean
  /** false when `requires` names something this host does not support */
  supported: boolean
  targetext?: string
  newext?: string
}

export interface AppDto {
  id: string
  endpointId: string
  discoveredName: string
  name: string // display name: the admin's override, else the discovered name
  renamed: boolean
  /** console-relative URL of the icon to show, or null when the app has none */
  iconUrl: string | null
  iconSource: 'discovered' | 'custom' | 'none'
  enabled: boolean
  present: boolean
  extensions: string[]
  mimeTypes: string[]
  actions: ActionDto[]
}

export interface ProofKeySummary {
  present: boolean
  hasOldKey: boolean
  /** SHA-256 fingerprint (hex, first 16 chars) of the current public key: safe to show */
  fingerprint?: string
  /** one plain sentence: whether requests from this editor are signature-checked, and why */
  detail?: string
}

export interface EndpointDto {
  id: string
  name: string
  kind: EndpointKind
  discoveryUrl: string
  enabled: boolean
  insecureTls: boolean
  zone: string
  zones: string[]
  proofKeys: ProofKeySummary
  fetchedAt: number
  lastAttemptAt: number | null
  lastError: string | null
  /** plain sentences from the last import or refresh (icons that failed, skipped actions, scheme mismatches) */
  notes?: string[]
  apps: AppDto[]
}

/** Whether an imported editor answers right now, and what it says it is (Collabora's /hosting/capabilities). */
export interface EndpointStatusDto {
  endpointId: string
  reachable: boolean
  /** one sentence: what answered, or why nothing did */
  detail: string
  productName: string | null
  productVersion: string | null
  checkedAt: number
}

export interface ImportRequest {
  url: string
  insecureTls?: boolean
}

export interface ImportProgress {
  requestId: string
  stage: 'fetching' | 'parsing' | 'storing' | 'icons' | 'done' | 'failed'
  message: string
}

export interface CatalogChange {
  kind:
    | 'app-added'
    | 'app-removed'
    | 'action-added'
    | 'action-removed'
    | 'urlsrc-changed'
    | 'proof-key-rotated'
    | 'proof-key-added'
    | 'proof-key-removed'
    | 'zone-changed'
  app?: string
  action?: string
  ext?: string
  detail: string
}

export interface RefreshReport {
  endpointId: string
  ok: boolean
  error?: string
  changes: CatalogChange[]
}

export interface ImportResult {
  endpoint: EndpointDto
  created: boolean
  changes: CatalogChange[]
}

export interface IconUpload {
  fileName: string
  mimeType: string
  base64: string
}

export interface HandlerDto {
  appId: string
  appName: string
  endpointId: string
  endpointName: string
  iconUrl: string | null
  actions: string[]
  isDefault: boolean
}

// ---------- files ----------

export interface LockDto {
  lockId: string // opaque lock id as the editor sent it
  client: string | null
  expiresAt: number
  desktopOwner?: string // a LibreOffice/MS Office owner file names this holder
}

export interface FileEntryDto {
  path: string // '/'-separated, relative to the served root
  name: string
  kind: 'file' | 'folder'
  ext: string
  size: number
  modifiedAt: number
  lock: LockDto | null
}

export interface FileListing {
  root: string
  /** the place listed (PlaceDto.id); 'root' is the served folder */
  place?: string
  dir: string
  /** the requested window of the folder (or of the search results), sorted as asked, folders first */
  entries: FileEntryDto[]
  /** position of entries[0] in the whole sorted folder */
  offset: number
  /** how many entries the whole folder (or search) has, so a virtual list can size itself */
  total: number
  /** a search stopped early (too many matches or too large a tree) */
  truncated: boolean
}

export interface FileListRequest {
  /** the place to list (PlaceDto.id); the served folder when left out */
  place?: string
  dir: string
  query?: string
  offset?: number
  limit?: number
  sort?: 'name' | 'modified' | 'size'
  direction?: 'asc' | 'desc'
}

export interface VersionDto {
  id: number
  version: number
  name: string
  size: number
  createdAt: number
  reason: string
}

export interface OpenRequest {
  path: string
  appId?: string
  action?: string
  /** the place `path` is relative to (PlaceDto.id); the served folder when left out */
  place?: string
}

export interface OpenResult {
  sessionId: string
  hostPageUrl: string
  actionUrl: string
  appId: string
  appName: string
  action: string
  fileId: string
  canWrite: boolean
}

export interface NewDocumentRequest {
  dir: string
  name: string
  appId?: string
  /** the place `dir` is relative to (PlaceDto.id); the served folder when left out */
  place?: string
}

// ---------- places ----------

/**
 * A served place: the configured root (always first, id 'root'), another folder, or one file served on its own
 * ("open just this file": nothing else in its folder is listable or openable).
 */
export interface PlaceDto {
  id: string
  kind: 'folder' | 'file'
  /** real path of the folder, or of the one file */
  path: string
  /** the folder the place's files live in (the file's folder for a single-file place) */
  folder: string
  name: string
  isRoot: boolean
  /** false when the folder (or the file) is gone since it was added: nothing of it is served until it is back */
  available: boolean
}

export interface AddPlaceRequest {
  path: string
  kind: 'folder' | 'file'
}

export type OpenFromSystemChoice = 'this-file' | 'serve-folder'

export interface OpenFromSystemRequest {
  path: string
  choice?: OpenFromSystemChoice
}

/**
 * A document handed over by the system (argv, open-file, second instance, drag and drop, File > Open...): opened,
 * or, for a file outside every place whose folder has no remembered choice, the question to ask.
 */
export type OpenFromSystemResult = ({ kind: 'opened' } & OpenResult) | { kind: 'choose'; path: string; folder: string }

// ---------- activity ----------

export interface RequestDto {
  id: number
  ts: number
  operation: string
  method: string
  fileId: string | null
  fileName: string | null
  userId: string | null
  sessionId: string | null
  wopiSessionId: string | null
  correlationId: string | null
  client: string | null
  status: number
  durationMs: number
  lockId: string | null
  oldLockId: string | null
  proof: string | null
  error: string | null
  /** sent by the conformance runner or a WOPI validator: test traffic, kept out of Errors by default */
  conformance?: boolean
}

/** One request in full for Activity's detail panel; `details` is redacted when recorded (traffic-view.ts). */
export interface RequestDetailDto {
  request: RequestDto
  details: {
    path?: string
    userAgent?: string
    clientVersion?: string
    requestHeaders?: Record<string, string>
    responseHeaders?: Record<string, string>
    responseBody?: string
    [key: string]: unknown
  } | null
}

export interface ActivityFilter {
  operation?: string
  fileId?: string
  sessionId?: string
  status?: 'ok' | 'error'
  since?: number
  until?: number
  limit?: number
}

export interface SessionSummaryDto {
  id: string
  fileId: string
  fileName: string
  appName: string | null
  action: string
  createdAt: number
  closedAt: number | null
  requests: number
  lastStatus: number | null
}

// ---------- updates ----------

/** The app's version and where its updates stand (electron-updater in the desktop app, npm for the CLI). */
export interface UpdateStatusDto {
  version: string
  /** disabled: no update feed (development builds, builds without one, headless mode) */
  state: 'disabled' | 'idle' | 'checking' | 'up-to-date' | 'available' | 'downloading' | 'downloaded' | 'error'
  /** the version on offer, once one is */
  availableVersion: string | null
  /** 0-100 while downloading */
  percent: number | null
  /** one sentence for the user: why updates are off, what failed, what happens next (English) */
  detail: string | null
  checkedAt: number | null
  /**
   * which sentence `detail` is, so a console says it in its own language; null when there is none. Absent from
   * hosts older than this field, and a console shows `detail` as it comes for a code it does not know.
   */
  detailCode?: UpdateDetailCode | null
  /** the sentence's values: `version` for 'installs-on-quit', `error` (the updater's own message) for 'check-failed' */
  detailValues?: { version?: string; error?: string } | null
}

/** The sentences of UpdateStatusDto.detail. */
export type UpdateDetailCode =
  /** a development build: updates are off */
  | 'development-build'
  /** a packaged build without an update feed: new versions are installed by hand */
  | 'no-feed'
  /** `wopi-desk serve`: the command line is updated through npm */
  | 'npm'
  /** the downloaded version is installed when the app quits */
  | 'installs-on-quit'
  /** the check failed; `error` says why */
  | 'check-failed'

// ---------- host ----------

/** Issue 14: Pause host. While paused, editors get 503 + Retry-After; tokens, locks and sessions are kept. */
export interface HostStatusDto {
  paused: boolean
  /** ms since the epoch; null while serving */
  pausedAt: number | null
}

// ---------- settings ----------

/** The language of WOPI Desk's own pages: 'system' follows the browser's (or the desktop's) preferred languages. */
export type ConsoleLanguage = 'system' | 'en' | 'de' | 'zh-Hans'

export interface SettingsDto {
  root: string
  dataDir: string
  bind: string
  port: number
  publicUrl: string | null
  /** what editors are told to call, derived from publicUrl or the listener */
  effectiveWopiBase: string
  tokenTtlSeconds: number
  versionRetention: number
  /** days a deleted file stays in the trash; 0 = until the trash is emptied */
  trashRetentionDays: number
  maxFileSizeBytes: number
  locale: string
  userName: string
  /** WOPI Desk's own pages: the console, the host page and the built-in editor */
  language: ConsoleLanguage
}

export type SettingsPatch = Partial<
  Pick<
    SettingsDto,
    | 'publicUrl'
    | 'tokenTtlSeconds'
    | 'versionRetention'
    | 'trashRetentionDays'
    | 'maxFileSizeBytes'
    | 'locale'
    | 'userName'
    | 'root'
    | 'bind'
    | 'port'
    | 'language'
  >
>

export interface SettingsUpdateResult {
  settings: SettingsDto
  /** settings that take effect only after a restart of the host */
  restartRequired: string[]
}

// ---------- doctor ----------

export type CheckStatus = 'pass' | 'warn' | 'fail' | 'skip'

export interface CheckResultDto {
  id: string
  title: string
  endpointId: string | null
  status: CheckStatus
  detail: string
  fix: string
}

export interface DoctorProgress {
  runId: string
  done: number
  total: number
  current?: string
  result?: CheckResultDto
}

export interface DoctorReport {
  runId: string
  startedAt: number
  finishedAt: number
  checks: CheckResultDto[]
}

/** One HTTP exchange of a conformance case. The URL has its access_token redacted; no proof headers. */
export interface ConformanceRequestDto {
  /** the request element of TestCases.xml, e.g. 'Lock' */
  name: string
  method: string
  url: string
  /** X-WOPI-Override sent, if any */
  override?: string
  /** HTTP status; 0 when no response arrived */
  status: number
  /** what the validators found wrong; empty when this request passed */
  failures: string[]
  /** cleanup requests run after the case; their results never fail it */
  cleanup: boolean
  /** the headers that matter to a host (X-WOPI-*, Authorization and proofs masked), for a verbose view */
  requestHeaders?: Record<string, string>
  /** X-WOPI-*, Content-Type, Content-Length and Location of the answer */
  responseHeaders?: Record<string, string>
  /** the first characters of a textual answer (tokens redacted), or "<N bytes>" for a binary one */
  responseBody?: string
  /** why no HTTP answer arrived (refused, timeout) */
  error?: string
}

export interface ConformanceCaseDto {
  group: string
  name: string
  status: 'passed' | 'failed' | 'skipped'
  message?: string
  /** TestCases.xml category of the case (WopiCore, OfficeOnline, ...) */
  category?: string
  /** for a skipped case: the prerequisite case that did not pass */
  failedPrereq?: string
  /** the exchanges of the case (or, when skipped, of the failing prerequisite) */
  requests?: ConformanceRequestDto[]
  /** 'wopi-desk' for WOPI Desk's supplementary cases; absent for Microsoft's */
  suite?: 'wopi-desk'
}

export interface ConformanceReport {
  passed: number
  failed: number
  skipped: number
  cases: ConformanceCaseDto[]
  /** the category that was run ('WopiCore', 'All', ...) */
  category?: string
  /** set when the gate failed (the first prerequisite, or a host that stopped answering): nothing after it ran */
  gate?: { name: string; message: string }
  /** files the run created (PutRelativeFile) and removed afterwards, and those it could not remove */
  cleanup?: { removed: string[]; leftovers: string[] }
  /** whether requests were signed with a proof key pair */
  signed?: boolean
}

// ---------- trash ----------

/** A deleted file, restorable until it is deleted for good (trash:list, trash:restore, trash:delete, trash:empty). */
export interface TrashEntryDto {
  id: number
  /** where it was, relative to its place's folder (the served folder's for entries of no served place) */
  path: string
  size: number
  deletedAt: number
  /** when the retention setting removes it for good; null when kept until emptied */
  expiresAt: number | null
  /** the place it was deleted from (PlaceDto.id), where a restore puts it back; left out when no longer served */
  place?: string
  /** that place's name, to show beside the path */
  placeName?: string
}
