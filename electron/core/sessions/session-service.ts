import { basename } from 'node:path'
import type { AppDto, NewDocumentRequest, OpenRequest, OpenResult, VersionDto } from '../../contract/dto'
import { ApiError } from '../../contract/envelope'
import type { HostPageData } from '../../contract/host-page'
import type { Catalog } from '../catalog/catalog'
import type { FileRow } from '../db/file-repo'
import type { Db } from '../db/open-db'
import { createSessionRepo, type SessionRow } from '../db/session-repo'
import type { IssuedAccess, IssueTokenOptions } from '../host'
import { randomId, type Clock, type Log, type Random } from '../deps'
import { buildActionUrl } from '../discovery/action-url'
import { splitExtension } from '../files/file-names'
import type { FileStore } from '../files/file-store'
import type { DeskSettings } from '../settings/settings'
import type { HostUrlsProvider } from '../wopi/host-urls'
import { hashToken } from '../wopi/tokens'
import { createHostLinks } from './host-links'
import { createLiveSessions } from './live-sessions'
import { createNewDocument } from './new-document'
import { toOpenError } from './session-errors'
import { createSessionHostUrls } from './session-host-urls'
import { userMayWrite } from './write-access'
import { editorUiLocale, pageLanguage } from '../settings/ui-language'

// "Open this file with that app": pick the app and action, mint a token bound to the app (so its proof keys
// are enforced) and to a new session id, build the action URL, and remember the session. The token never
// goes to the database: only its hash (the tokens table's key). The token itself stays in this process's
// memory for as long as it lives, because the host page has to put it into its form POST (spec 11.1); after
// a restart an open session's page cannot be served again, and the user reopens the document.

/** Actions that save: with them the token may write, when the user may write the file (spec 8.1, 10.3). */
export const WRITE_ACTIONS: ReadonlySet<string> = new Set([
  'edit',
  'editnew',
  'mobileEdit',
  'formsubmit',
  'formedit',
  'embededit',
  'convert',
  // Collabora's PDF action: comments are saved back into the file.
  'view_comment',
])

/** Asked-for actions that a 0-byte file left by an abandoned `editnew` must not get (spec 3.3). */
const REOPENED_AS_NEW: ReadonlySet<string> = new Set(['view', 'edit', 'mobileView', 'mobileEdit', 'embedview', 'view_comment'])

export type SessionCatalog = Pick<Catalog, 'handlersFor' | 'resolveApp' | 'pickAction' | 'listEndpoints' | 'getApp' | 'getEndpoint'>

export interface SessionDeps {
  db: Db
  files: FileStore
  /** the desk's issueToken: a token bound to one file, user, app and session */
  issueToken(relPath: string, options?: IssueTokenOptions): Promise<IssuedAccess>
  /** the desk's token service: ends every token issued for a session */
  revokeSessionTokens(sessionId: string): void
  catalog: SessionCatalog
  /** the desk's settings: the token goes to the local user (`userId`), the editor gets `locale` */
  settings: () => Pick<DeskSettings, 'locale' | 'language' | 'maxFileSizeBytes' | 'userId'>
  /** origin of the host page as the user's browser reaches it (PostMessageOrigin) */
  hostPageOrigin: () => string
  clock: Clock
  random: Random
  log: Log
}

/** What the host page needs to frame the editor: everything about a live session, its token included. */
export interface PageSession extends Pick<
  HostPageData,
  | 'sessionId'
  | 'fileName'
  | 'appName'
  | 'endpointName'
  | 'editorKind'
  | 'action'
  | 'canWrite'
  | 'mayWrite'
  | 'actionUrl'
  | 'editorOrigin'
  | 'language'
> {
  fileId: string
  appId: string | null
  wopiSrc: string
  accessToken: string
  accessTokenTtl: number
}

export interface SessionService {
  open(request: OpenRequest): Promise<OpenResult>
  /** `inFolder`: the real folder of another place than the served folder, which `request.dir` is relative to */
  newDocument(request: NewDocumentRequest, inFolder?: string): Promise<OpenResult>
  /**
   * Marks the session closed and revokes its tokens (its own and those of files it was given) at once; false
   * when it was closed already; throws for unknown ids.
   */
  close(sessionId: string): boolean
  /** a live session (open, not expired, token still in memory) with its token, or null */
  forPage(sessionId: string): PageSession | null
  /** the stored session when it is neither closed nor expired (the token may be gone after a restart) */
  openRow(sessionId: string): SessionRow | null
  /**
   * Binds a live session's page to the first browser that loads it: returns a new page key the first time
   * (the page sets it as an HttpOnly cookie), null afterwards or for a session that is not live.
   */
  claimPage(sessionId: string): string | null
  /** true when `pageKey` is the key of the browser the session's page was bound to */
  pageKeyMatches(sessionId: string, pageKey: string | undefined): boolean
  /**
   * Starts a sibling session for the same app with the other mode (HostEditUrl/HostViewUrl, UI_Edit) and closes
   * this one. `fileId` names another file this session was given (a PutRelativeFile copy). Edit needs the
   * local user's consent: the page key of the window the session was opened in (the editor has the session id
   * from HostEditUrl, never that key), else it is refused with 'forbidden'.
   */
  switchMode(sessionId: string, mode: 'edit' | 'view', fileId?: string, consent?: { pageKey: string }): Promise<OpenResult>
  /**
   * Opens the file of a signed host page link (HostViewUrl/HostEditUrl of a token without a session) in its
   * default editor; throws ApiError 'forbidden' for a link that is not ours or has expired.
   */
  openLink(fileId: string, mode: 'view' | 'edit', expiresAt: number, signature: string): Promise<OpenResult>
  /** the current name of the session's file, for pages about a session that may be closed already */
  fileName(sessionId: string): string | null
  /** kept versions of the session's file (or of another file it was given), newest first */
  versions(sessionId: string, fileId?: string): VersionDto[]
  /** CheckFileInfo's host page properties (spec 2.5, 2.6) */
  hostUrls: HostUrlsProvider
  hostPageOrigin(): string
  /** forgets tokens of expired sessions; returns how many */
  sweep(): number
}

export interface OpenChoice {
  appId?: string | null | undefined
  action?: string | undefined
  /** 'view': the read-only default action with a read-only token */
  mode?: 'view'
  /** the extension the action is declared for, when it differs from the file's (editnew with newext) */
  actionExt?: string
}

export function createSessionService(deps: SessionDeps): SessionService {
  const { files, catalog, clock, log } = deps
  const repo = createSessionRepo(deps.db)
  const links = createHostLinks(deps.random)
  const live = createLiveSessions(clock, deps.random)
  const sweep = () => live.sweep()

  function extOf(relPath: string): string {
    return splitExtension(basename(relPath)).ext.replace(/^\./, '').toLowerCase()
  }

  function defaultApp(ext: string, fileName: string): string {
    const handler = catalog.handlersFor(ext)[0]
    if (handler) return handler.appId
    if (!ext) {
      throw new ApiError(
        'not-found',
        `"${fileName}" has no extension, so no editor is known for it. Rename it with an extension such as .docx or .txt.`,
      )
    }
    throw new ApiError('not-found', `No editor handles .${ext} files. Import an editor on the Editors page, or enable one.`)
  }

  function offersEditnew(app: AppDto, ext: string): boolean {
    return app.actions.some((action) => action.name === 'editnew' && action.ext === ext && action.supported)
  }

  async function openFile(file: FileRow, choice: OpenChoice): Promise<OpenResult> {
    const realPath = await files.locate(file)
    const mayWrite = await userMayWrite(realPath)
    const fileName = basename(file.relPath)
    const ext = extOf(file.relPath)
    const actionExt = choice.actionExt ?? ext
    const app = catalog.resolveApp(choice.appId ?? defaultApp(ext, fileName))
    let actionName = choice.action
    // Spec 3.3: a 0-byte file is what an abandoned `editnew` leaves; view or edit would show an editor error.
    if (file.size === 0 && (actionName === undefined || REOPENED_AS_NEW.has(actionName)) && offersEditnew(app, actionExt)) {
      if (!mayWrite) {
        throw new ApiError(
          'forbidden',
          `"${fileName}" is empty (a new document that was never saved), and it is read-only on disk, so ${app.name} cannot create it. Make it writable, or delete it.`,
        )
      }
      actionName = 'editnew'
    }
    const viewOnly = choice.mode === 'view'
    const picked = catalog.pickAction(app.id, actionExt, viewOnly ? undefined : actionName, { canWrite: viewOnly ? false : mayWrite })
    const canWrite = !viewOnly && mayWrite && WRITE_ACTIONS.has(picked.action)

    const sessionId = randomId(deps.random, 16)
    // By its real path: a file of another place than the served folder is found in its own place.
    const issued = await deps.issueToken(realPath, { write: canWrite, appId: picked.appId, sessionId })
    const settings = deps.settings()
    const actionUrl = buildActionUrl(picked.urlsrc, issued.wopiSrc, editorUiLocale(settings), {
      hostSessionId: sessionId,
      dataLocale: settings.locale,
    })
    const now = clock.now()
    repo.insert({
      id: sessionId,
      fileId: issued.fileId,
      appId: picked.appId,
      action: picked.action,
      tokenHash: hashToken(issued.accessToken),
      actionUrl,
      userId: deps.settings().userId,
      canWrite,
      createdAt: now,
      expiresAt: issued.accessTokenTtl,
      closedAt: null,
    })
    live.add(sessionId, {
      token: issued.accessToken,
      expiresAt: issued.accessTokenTtl,
      appName: picked.appName,
      endpointName: picked.endpointName,
      kind: picked.kind,
      wopiSrc: issued.wopiSrc,
    })
    live.rememberMayWrite(sessionId, issued.fileId, mayWrite)
    sweep()
    log.info('document opened', { sessionId, fileId: issued.fileId, appId: picked.appId, action: picked.action, canWrite })
    return {
      sessionId,
      hostPageUrl: `${deps.hostPageOrigin()}/host/${sessionId}`,
      actionUrl,
      appId: picked.appId,
      appName: picked.appName,
      action: picked.action,
      fileId: issued.fileId,
      canWrite,
    }
  }

  async function open(request: OpenRequest): Promise<OpenResult> {
    try {
      const file = await files.ensureFile(request.path)
      return await openFile(file, { appId: request.appId, action: request.action })
    } catch (error) {
      throw toOpenError(error, request.path)
    }
  }

  const newDocument = createNewDocument({ files, catalog, settings: deps.settings, openFile })

  function openRow(sessionId: string): SessionRow | null {
    const row = repo.get(sessionId)
    if (!row || row.closedAt !== null || row.expiresAt <= clock.now()) return null
    return row
  }

  /** the session's own file, or another file it was given by the host (a PutRelativeFile copy) */
  function fileOf(row: SessionRow, fileId?: string): FileRow | null {
    if (fileId === undefined || fileId === row.fileId) return files.get(row.fileId) ?? null
    if (!repo.sessionHasFile(row.id, fileId)) return null
    return files.get(fileId) ?? null
  }

  function close(sessionId: string): boolean {
    const row = repo.get(sessionId)
    if (!row) throw new ApiError('not-found', `There is no document session "${sessionId}".`)
    live.forget(sessionId)
    // One transaction: a session is never marked closed while its tokens still work.
    const closed = deps.db.transaction(() => {
      deps.revokeSessionTokens(sessionId)
      return repo.close(sessionId, clock.now())
    })()
    if (closed) log.info('document session closed', { sessionId, fileId: row.fileId })
    return closed
  }

  return {
    open,
    newDocument,
    close,
    openRow,

    claimPage: (sessionId) => (openRow(sessionId) ? live.claim(sessionId) : null),

    pageKeyMatches: (sessionId, pageKey) => live.pageKeyMatches(sessionId, pageKey),

    forPage(sessionId) {
      sweep()
      const entry = live.get(sessionId)
      const row = openRow(sessionId)
      if (!entry || !row) return null
      const file = files.get(row.fileId)
      if (!file) return null
      let editorOrigin: string
      try {
        editorOrigin = new URL(row.actionUrl).origin
      } catch {
        return null
      }
      return {
        sessionId,
        fileId: row.fileId,
        fileName: basename(file.relPath),
        appId: row.appId,
        appName: entry.appName,
        endpointName: entry.endpointName,
        editorKind: entry.kind,
        action: row.action,
        canWrite: row.canWrite,
        mayWrite: live.knownMayWrite(sessionId, row.fileId) ?? row.canWrite,
        actionUrl: row.actionUrl,
        editorOrigin,
        wopiSrc: entry.wopiSrc,
        accessToken: entry.token,
        accessTokenTtl: entry.expiresAt,
        language: pageLanguage(deps.settings()),
      }
    },

    async switchMode(sessionId, mode, fileId, consent) {
      const row = openRow(sessionId)
      if (!row) throw new ApiError('not-found', 'This document session has ended. Open the document again from WOPI Desk.')
      // Issue 13 item 4: an editor knows HostEditUrl; a URL it already has must never turn its view into a write.
      if (mode === 'edit' && !live.pageKeyMatches(sessionId, consent?.pageKey)) {
        throw new ApiError(
          'forbidden',
          "Switching to editing needs your OK in the window this document was opened in. Use its Edit button, or open the document for editing from WOPI Desk's Files page.",
        )
      }
      const file = fileOf(row, fileId)
      if (!file) throw new ApiError('not-found', 'This document is no longer in the served folder. Refresh the Files page.')
      let result: OpenResult
      try {
        const { row: current, path } = await files.observe(file.id)
        if (mode === 'edit' && !(await userMayWrite(path))) {
          throw new ApiError(
            'forbidden',
            `"${basename(current.relPath)}" is read-only on disk, so it can only be viewed. Make it writable to edit it.`,
          )
        }
        result = await openFile(current, mode === 'edit' ? { appId: row.appId, action: 'edit' } : { appId: row.appId, mode: 'view' })
      } catch (error) {
        throw toOpenError(error, basename(file.relPath))
      }
      // The sibling's page belongs to whoever holds this page's key (the caller claims it at once); without the
      // key nobody does, or an editor that fetched HostViewUrl could claim the new page and then switch to edit.
      if (!live.pageKeyMatches(sessionId, consent?.pageKey)) live.makeUnclaimable(result.sessionId)
      // The page that asked is being replaced by the sibling's.
      close(sessionId)
      return result
    },

    async openLink(fileId, mode, expiresAt, signature) {
      if (!links.verify(fileId, mode, expiresAt, signature, deps.clock.now())) {
        throw new ApiError(
          'forbidden',
          'This link has expired or was made by an earlier start of WOPI Desk. Open the document from its Files page.',
        )
      }
      const file = files.get(fileId)
      if (!file) throw new ApiError('not-found', 'This document no longer exists in the served folder.')
      try {
        return await openFile(file, mode === 'edit' ? { action: 'edit' } : { mode: 'view' })
      } catch (error) {
        throw toOpenError(error, file.relPath)
      }
    },

    fileName(sessionId) {
      const row = repo.get(sessionId)
      const file = row && files.get(row.fileId)
      return file ? basename(file.relPath) : null
    },

    versions(sessionId, fileId) {
      const row = openRow(sessionId)
      const file = row && fileOf(row, fileId)
      if (!file) throw new ApiError('not-found', 'This document session has ended. Open the document again from WOPI Desk.')
      return files.listVersions(file.id).map((version) => ({
        id: version.id,
        version: version.version,
        name: basename(version.relPath),
        size: version.size,
        createdAt: version.createdAt,
        reason: version.reason,
      }))
    },

    hostUrls: createSessionHostUrls({ repo, files, links, live, hostPageOrigin: deps.hostPageOrigin }),

    hostPageOrigin: () => deps.hostPageOrigin(),
    sweep,
  }
}
