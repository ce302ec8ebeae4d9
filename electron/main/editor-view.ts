import { mkdtempSync } from 'node:fs'
import { copyFile, rename, rm, unlink } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import type {
  BrowserWindow,
  DownloadItem,
  MessageBoxOptions,
  MessageBoxReturnValue,
  SaveDialogOptions,
  SaveDialogReturnValue,
  Session,
  WebContents,
} from 'electron'
import type { OpenResult } from '../contract/dto'
import { createBurstGate } from './burst-gate'
import { configureEditorSession, editorPartition, originOfUrl } from './editor-session'
import { englishText, type Translate } from './main-i18n'
import { createSecureWindow, type BrowserWindowConstructor } from './secure-window'
import { guardWebContents, isHttpsUrl } from './security-guards'

export { EDITOR_ORIGIN_PERMISSIONS, EDITOR_PERMISSIONS } from './editor-session'

// The window a document opens in: the host page (served by our WOPI listener) framing the editor. It is
// remote content, so it gets everything the Electron security checklist asks for: its editor's own persistent
// session partition (editor-session.ts: nothing shared with the console or another editor), no preload (the page
// never reaches the app; it talks HTTP to its own listener), navigation limited to the host page and the
// editor origins, no new windows, permissions denied except what editors use, downloads only where the user
// says, and a burst of links or downloads only with the user's OK.

/** How long the editor gets to unload (pagehide: unlock, flush) before the window closes regardless. */
export const UNLOAD_GRACE_MS = 3_000

/** A second link or download within this period asks the user first: a document cannot open a flood of tabs. */
export const EXTERNAL_LINK_INTERVAL_MS = 1_000

export interface EditorViewOptions {
  BrowserWindow: BrowserWindowConstructor
  session: { fromPartition(partition: string): Session }
  dialog: {
    showSaveDialog(window: BrowserWindow, options: SaveDialogOptions): Promise<SaveDialogReturnValue>
    /** asks before a burst of links or downloads; without it such a burst is refused */
    showMessageBox?(window: BrowserWindow, options: MessageBoxOptions): Promise<MessageBoxReturnValue>
  }
  shell: { openExternal(url: string): Promise<void> }
  result: OpenResult
  /** scheme://host:port of result.actionUrl */
  editorOrigin: string
  /** SHA-256 (hex) of the editor's certificate, trusted without a CA as its import chose; null or absent: the usual checks */
  pinnedFingerprint?: string | null
  /** the console window: owner of a save dialog when the document window is gone already */
  parent?: BrowserWindow | null
  /**
   * called once the window is gone, for each session the window showed (the first, and the sibling a
   * view/edit switch started in the same window); the composition root passes sessions.close
   */
  onClosed(sessionId: string): void
  /** where downloads land until the user has chosen their place (a private folder per download); default the OS temp dir */
  downloadsDir?: string
  now?: () => number
  log?: { warn(message: string, fields?: Record<string, unknown>): void }
  /** the desktop's text in the language chosen in Settings; default English */
  t?: Translate
}

/** The origin of a URL for the allow-list; blob: URLs carry their creator's origin. Null for opaque ones. */
export const originOf = originOfUrl

export function openEditorView(options: EditorViewOptions): BrowserWindow {
  const { result } = options
  const t = options.t ?? englishText
  const now = options.now ?? (() => Date.now())
  const hostOrigin = new URL(result.hostPageUrl).origin
  const editorOrigin = new URL(options.editorOrigin).origin
  const allowed = new Set([hostOrigin, editorOrigin])
  const allowNavigation = (url: string): boolean => {
    // The host page blanks the editor frame (about:blank) on close; editors use about:blank and srcdoc frames.
    if (url === 'about:blank' || url === 'about:srcdoc') return true
    const origin = originOf(url)
    return origin !== null && allowed.has(origin)
  }

  // Checklist item 5 (permissions) and one persistent partition per editor origin: the editor's cache,
  // settings and sign-in survive between its documents, and are never shared with another editor.
  const partition = editorPartition(editorOrigin)
  const session = options.session.fromPartition(partition)
  configureEditorSession(session, { editorOrigin, hostOrigin, pinnedFingerprint: options.pinnedFingerprint ?? null })

  const window = createSecureWindow(options.BrowserWindow, { title: 'WOPI Desk', width: 1280, height: 860, partition })
  const contents = window.webContents

  const gate = createBurstGate({
    intervalMs: EXTERNAL_LINK_INTERVAL_MS,
    now,
    async ask(what) {
      if (!options.dialog.showMessageBox || window.isDestroyed()) return false
      const { response } = await options.dialog.showMessageBox(window, {
        type: 'question',
        title: 'WOPI Desk',
        message: what,
        detail: t('editorWindow.burstDetail'),
        buttons: [t('editorWindow.allow'), t('editorWindow.deny')],
        defaultId: 1,
        cancelId: 1,
        noLink: true,
      })
      return response === 0
    },
  })
  const whenAllowed = (what: string, go: () => void, refused: () => void = () => undefined) => {
    const verdict = gate(what)
    if (verdict === true) go()
    else if (verdict === false) refused()
    else void verdict.then((allowed) => (allowed ? go() : refused()))
  }

  // Checklist items 13 and 14: top-level navigation and redirects, subframe navigations, and new windows.
  guardWebContents(contents, {
    allowNavigation,
    // Links in documents and editors' help pages are meant for the user's browser. Only https, and a burst
    // only with the user's OK; other schemes (file:, smb:, custom handlers) never leave the app.
    openExternally(url) {
      if (!isHttpsUrl(url)) return
      whenAllowed(t('editorWindow.openLink', { url }), () => {
        options.shell
          .openExternal(url)
          .catch((error: unknown) => options.log?.warn('could not open a link in the browser', { error: (error as Error).message }))
      })
    },
  })
  contents.on('will-frame-navigate', (details) => {
    if (!allowNavigation(details.url)) details.preventDefault()
  })
  // WOPI editors save by themselves when their session ends; a "leave this page?" prompt would only keep
  // the window (and the lock) open.
  contents.on('will-prevent-unload', (event) => event.preventDefault())

  // The partition is shared by the editor's windows: each takes only its own downloads.
  const onDownload = (_event: unknown, item: DownloadItem, from: WebContents) => {
    if (from !== contents) return
    const download = saveWhereTheUserChooses(item)
    whenAllowed(
      t('editorWindow.download', { name: basename(item.getFilename() || t('editorWindow.aFile')) }),
      download.askWhere,
      download.refuse,
    )
  }
  session.on('will-download', onDownload)

  // A view/edit switch replaces the page with a sibling session's (/host/<new id>): that one must close too.
  const shownSessions = new Set([result.sessionId])
  contents.on('did-navigate', (_event, url) => {
    try {
      const parsed = new URL(url)
      const match = /^\/host\/([A-Za-z0-9_-]{16,64})$/.exec(parsed.pathname)
      if (parsed.origin === hostOrigin && match) shownSessions.add(match[1]!)
    } catch {
      // not a URL we track
    }
  })

  function saveWhereTheUserChooses(item: DownloadItem): { askWhere(): void; refuse(): void } {
    const suggested = basename(item.getFilename() || '').replace(/^\.+/, '') || 'download'
    // The save path must be set synchronously here, before the user has answered: the bytes go to a private
    // folder first (0700) and move once the user chose a place; a cancelled dialog cancels the download.
    const privateDir = mkdtempSync(join(options.downloadsDir ?? tmpdir(), 'wopi-desk-download-'))
    const temporary = join(privateDir, suggested)
    item.setSavePath(temporary)
    let target: string | null | undefined
    let state: 'completed' | 'cancelled' | 'interrupted' | undefined
    const cleanup = () => void rm(privateDir, { recursive: true, force: true }).catch(() => undefined)
    const finish = async () => {
      if (state !== 'completed' || !target) return
      try {
        await move(temporary, target)
      } catch (error) {
        options.log?.warn('could not save the download', { error: (error as Error).message })
      } finally {
        cleanup()
      }
    }
    item.once('done', (_event, done) => {
      state = done
      if (done !== 'completed' || target === null) cleanup()
      else void finish()
    })
    const refuse = () => {
      target = null
      if (state === undefined) item.cancel()
      else cleanup()
    }
    const askWhere = () => {
      const owner = !window.isDestroyed() ? window : (options.parent ?? window)
      options.dialog
        .showSaveDialog(owner, { title: t('editorWindow.saveDownloadTitle'), defaultPath: suggested, buttonLabel: t('shell.save') })
        .then((answer) => {
          if (answer.canceled || !answer.filePath) return refuse()
          target = answer.filePath
          void finish()
        })
        .catch(refuse)
    }
    return { askWhere, refuse }
  }

  // Closing: blank the page first so the editor's pagehide runs (it unlocks the file and flushes), then
  // close for real; the session closes when the window is gone.
  let unloaded = false
  let closing = false
  let grace: NodeJS.Timeout | null = null
  window.on('close', (event) => {
    if (unloaded) return
    event.preventDefault()
    if (closing) return
    closing = true
    const finish = () => {
      if (unloaded) return
      unloaded = true
      if (grace) clearTimeout(grace)
      if (!window.isDestroyed()) window.close()
    }
    grace = setTimeout(finish, UNLOAD_GRACE_MS)
    contents.loadURL('about:blank').then(finish, finish)
  })
  window.once('closed', () => {
    if (grace) clearTimeout(grace)
    for (const sessionId of shownSessions) {
      try {
        options.onClosed(sessionId)
      } catch (error) {
        options.log?.warn('could not close a document session', { sessionId, error: (error as Error).message })
      }
    }
    session.removeListener('will-download', onDownload)
  })

  window
    .loadURL(result.hostPageUrl)
    .catch((error: unknown) => options.log?.warn('the host page did not load', { error: (error as Error).message }))
  return window
}

async function move(from: string, to: string): Promise<void> {
  try {
    await rename(from, to)
  } catch (error) {
    // Another disk (EXDEV): copy, then remove the private copy.
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error
    await copyFile(from, to)
    await unlink(from)
  }
}
