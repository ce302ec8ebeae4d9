import { createHash } from 'node:crypto'
import type { Clock, Log, Random } from '../deps'
import { withExtension, nameProblem } from './document-names'
import { createEditorLock } from './editor-lock'
import { formatBytes } from '../format-bytes'
import { describeFailure } from './error-words'
import { FileInfoError, readFileFacts, type FileFacts } from './file-facts'
import { documentKindFor } from './file-types'
import type {
  EditorAction,
  EditorError,
  HeartbeatResult,
  LineEnding,
  LoadedDocument,
  ReloadResult,
  RenameResult,
  SaveAsMode,
  SaveAsResult,
  SaveParams,
  SaveResult,
  TakeOverResult,
  TextEncodingInfo,
  ViewOnly,
} from '../../contract/editor-page'
import { decodeText, encodeText } from './text-codec'
import { editBlock, readContent, tooLargeReason as tooLargeForEditor } from './view-only-reasons'
import { WopiCallError, randomUuid, type WopiClient, type WopiTarget } from './wopi-client'
import { splitTokenUrl } from './wopi-src'

// One editor session = one document open in one page. The server side of it is the WOPI client session a
// real editor keeps: CheckFileInfo + Lock + GetFile on load, PutFile with X-WOPI-Lock and
// X-COOL-WOPI-Timestamp on save, RefreshLock while it lives, Unlock when it ends. All WOPI calls of a session
// run one at a time (a save never races a lock refresh or a rename).

export { LOCK_EDITOR_MARK } from './editor-lock-ids'

/** A failure already put into words for the page. */
export class EditorFailure extends Error {
  constructor(readonly error: EditorError) {
    super(error.message)
    this.name = 'EditorFailure'
  }
}

export interface SessionDeps {
  client: WopiClient
  clock: Clock
  random: Random
  log: Log
  maxBytes: number
  defaultLineEnding: LineEnding
  installId: string
  /** state of another session of this editor, by its X-WOPI-SessionId: gone, its page left, or active */
  sessionState(wopiSessionId: string): 'gone' | 'left' | 'active'
  /** ends a session whose page left (its draft is saved on exit, its lock released) */
  endSession(wopiSessionId: string): Promise<void>
  /** tells a live session that another window took its lock over (it hears it at its next heartbeat) */
  lockTakenFrom(wopiSessionId: string): void
  /** how long to wait for another window's `leave` before calling its lock a conflict (a reload races) */
  leaveWaitMs?: number
}

export interface SessionInit {
  id: string
  action: EditorAction
  wopiSrc: URL
  token: string
  tokenExpiresAt: number | null
  uiLanguage: string | null
  sessionContext: string | null
}

export type EndReason = 'closed' | 'idle' | 'shutdown'

export interface EditorSession {
  readonly id: string
  readonly wopiSessionId: string
  readonly ended: boolean
  lastSeen(): number
  /** the page has asked for its document at least once (a session nobody loads is only a form POST) */
  pageLoaded(): boolean
  /** frame-ancestors for the page: PostMessageOrigin once known, else the WOPISrc origin */
  frameAncestor(): string
  /** CheckFileInfo ahead of the page (at form POST time) so the page's CSP can name the host page origin */
  prefetch(): Promise<void>
  load(): Promise<LoadedDocument>
  reload(): Promise<ReloadResult>
  save(text: string, params: SaveParams): Promise<SaveResult>
  saveAs(text: string, name: string, mode: SaveAsMode, overwrite: boolean): Promise<SaveAsResult>
  rename(name: string): Promise<RenameResult>
  takeOverLock(): Promise<TakeOverResult>
  heartbeat(): HeartbeatResult
  /** the page is going away (pagehide): keep its unsaved text, saved on exit if the page never comes back */
  leave(draftText: string | null, base: string | null): void
  /** the page said it left and nothing came from it since */
  hasLeft(): boolean
  /** RefreshLock when due */
  maintain(refreshIntervalMs: number): Promise<void>
  /** another window of this editor took over the lock (UnlockAndRelock) */
  lockTakenOver(): void
  end(reason: EndReason): Promise<void>
}

export function createEditorSession(deps: SessionDeps, init: SessionInit): EditorSession {
  const { client, clock, log } = deps
  const wopiSessionId = randomUuid(deps.random)
  let target: WopiTarget = { wopiSrc: init.wopiSrc, token: init.token, sessionId: wopiSessionId }
  let prefetched: Record<string, unknown> | null = null
  let facts: FileFacts | null = null
  let mode: 'edit' | 'view' = 'view'
  let contentReadable = false
  let encoding: TextEncodingInfo = { bom: false, lineEnding: deps.defaultLineEnding, mixedLineEndings: false, label: 'UTF-8' }
  let knownTimestamp: string | null = null
  let lastSavedHash: string | null = null
  let draft: { text: string; base: string | null } | null = null
  let notice: EditorError | null = null
  let lastSeen = clock.now()
  let pageLoaded = false
  let leftAt: number | null = null
  let ended = false
  let queue: Promise<unknown> = Promise.resolve()

  function serial<T>(task: () => Promise<T>): Promise<T> {
    const run = queue.then(task, task)
    queue = run.catch(() => undefined)
    return run
  }

  function ensureLive(): void {
    if (ended)
      throw new EditorFailure({
        code: 'session-ended',
        message: 'This editing session has ended. Reopen the document; your text is kept here.',
      })
  }

  const lock = createEditorLock({ ...deps, wopiSessionId, target: () => target })

  function touch(): void {
    lastSeen = clock.now()
    leftAt = null
  }

  async function checkFileInfo(of: WopiTarget = target): Promise<FileFacts> {
    const json = await client.checkFileInfo(of, init.sessionContext)
    return factsOrFailure(json)
  }

  function factsOrFailure(json: Record<string, unknown>): FileFacts {
    try {
      return readFileFacts(json)
    } catch (error) {
      if (error instanceof FileInfoError) {
        throw new EditorFailure({
          code: 'unexpected-response',
          message: `The WOPI host's file information is incomplete: ${error.message}.`,
        })
      }
      throw error
    }
  }

  function hash(bytes: Buffer): string {
    return createHash('sha256').update(bytes).digest('hex')
  }

  function documentKey(): string {
    return createHash('sha256').update(target.wopiSrc.href).digest('base64url').slice(0, 22)
  }

  function canRename(): boolean {
    return Boolean(facts && facts.supportsRename && facts.userCanRename && mode === 'edit')
  }

  function canSaveAs(): boolean {
    return Boolean(facts && contentReadable && facts.supportsUpdate && !facts.userCanNotWriteRelative)
  }

  const tooLargeReason = (size: number) => tooLargeForEditor(size, deps.maxBytes)

  async function doLoad(): Promise<LoadedDocument> {
    const current = prefetched ? factsOrFailure(prefetched) : await checkFileInfo()
    prefetched = null
    facts = current
    const notices: string[] = []
    let contentProblem: ViewOnly | null = current.size > deps.maxBytes ? tooLargeReason(current.size) : null
    const blocked = editBlock(init.action, current)
    let lockProblem: ViewOnly | null = null
    lock.forgetStale()

    // Lock before reading, so the bytes we show are the bytes nobody else can change under our lock.
    if (!contentProblem && !blocked && current.supportsLocks) lockProblem = await lock.acquire()

    let text: string | null = null
    let knownFacts = current
    contentReadable = false
    if (!contentProblem) {
      try {
        const { bytes, itemVersion } = await client.getFile(target, deps.maxBytes)
        const content = readContent(bytes, deps.defaultLineEnding)
        text = content.text
        if (content.encoding) encoding = content.encoding
        if (content.readable) {
          contentReadable = true
          lastSavedHash = hash(bytes)
          notices.push(...content.notices)
        } else contentProblem = content.problem
        // The file changed between CheckFileInfo and GetFile (an edit on disk): base saves on the new state.
        if (itemVersion !== null && current.version !== null && itemVersion !== current.version) {
          knownFacts = await checkFileInfo()
          facts = knownFacts
        }
      } catch (error) {
        if (error instanceof WopiCallError && error.kind === 'too-large') {
          contentProblem = tooLargeReason(Math.max(current.size, deps.maxBytes + 1))
        } else {
          await lock.release()
          throw error
        }
      }
    }

    const viewOnly = contentProblem ?? blocked ?? lockProblem
    if (viewOnly && lock.id) await lock.release()
    mode = viewOnly ? 'view' : 'edit'
    knownTimestamp = knownFacts.lastModifiedTime
    return {
      documentKey: documentKey(),
      fileName: knownFacts.baseFileName,
      extension: knownFacts.extension,
      kind: documentKindFor(knownFacts.extension),
      text,
      mode,
      viewOnly,
      lastModifiedTime: knownTimestamp,
      size: knownFacts.size,
      encoding,
      userName: knownFacts.userFriendlyName,
      canSaveAs: canSaveAs(),
      canRename: canRename(),
      host: {
        postMessageOrigin: knownFacts.postMessageOrigin,
        closePostMessage: knownFacts.closePostMessage,
        editModePostMessage: knownFacts.editModePostMessage,
        editNotificationPostMessage: knownFacts.editNotificationPostMessage,
        closeUrl: knownFacts.closeUrl,
        hostEditUrl: knownFacts.hostEditUrl,
      },
      tokenExpiresAt: init.tokenExpiresAt,
      uiLanguage: init.uiLanguage,
      maxBytes: deps.maxBytes,
      notices,
    }
  }

  async function put(body: Buffer, timestamp: string | null, params: SaveParams, exitSave: boolean) {
    return client.putFile(target, body, {
      lockId: lock.id,
      timestamp,
      modifiedByUser: true,
      autosave: Boolean(params.autosave),
      exitSave,
    })
  }

  function encodeForSave(text: string): Buffer {
    const body = encodeText(text, encoding)
    if (body.length > deps.maxBytes) {
      throw new EditorFailure({
        code: 'too-large',
        message: `The text is larger than ${formatBytes(deps.maxBytes)}, the most the built-in editor saves. Your text is kept here.`,
      })
    }
    return body
  }

  async function doSave(text: string, params: SaveParams): Promise<SaveResult> {
    if (mode !== 'edit' || !facts)
      throw new EditorFailure({
        code: 'read-only',
        message: 'This document is open read-only, so it cannot be saved. Use Save as to keep your text.',
      })
    const body = encodeForSave(text)
    const timestamp = params.force ? null : (params.base ?? knownTimestamp)
    let saved: { lastModifiedTime: string | null }
    try {
      saved = await put(body, timestamp, params, Boolean(params.exit))
    } catch (error) {
      // Our lock expired and nobody else holds it (409 with an empty X-WOPI-Lock): take it again, retry once.
      if (
        error instanceof WopiCallError &&
        error.kind === 'http' &&
        error.status === 409 &&
        !error.isDocumentChanged &&
        lock.id &&
        !error.header('x-wopi-lock')
      ) {
        await lock.relock()
        saved = await put(body, timestamp, params, Boolean(params.exit))
      } else throw error
    }
    // Collabora reads LastModifiedTime from the PutFile answer; without it, ask CheckFileInfo.
    const lastModifiedTime = saved.lastModifiedTime ?? (await checkFileInfo()).lastModifiedTime
    knownTimestamp = lastModifiedTime
    lastSavedHash = hash(body)
    draft = null
    return { lastModifiedTime, savedAt: clock.now() }
  }

  function checkName(name: string, maxLength: number): void {
    const problem = nameProblem(name, maxLength)
    if (problem) throw new EditorFailure(problem)
  }

  async function doSaveAs(text: string, requested: string, saveAsMode: SaveAsMode, overwrite: boolean): Promise<SaveAsResult> {
    if (!facts || !canSaveAs()) {
      throw new EditorFailure({ code: 'not-supported', message: 'The WOPI host does not let you create new files here.' })
    }
    const original = facts
    const name = withExtension(requested, original.extension)
    checkName(name.slice(0, name.length - original.extension.length), original.fileNameMaxLength)
    const body = encodeForSave(text)
    const answer = await client.putRelativeFile(
      target,
      body,
      saveAsMode === 'suggested' ? { suggested: name } : { relative: name, overwrite },
    )
    const writtenName = typeof answer['Name'] === 'string' && answer['Name'] ? answer['Name'] : name
    const stay = (warning: string): SaveAsResult => ({
      fileName: writtenName,
      documentKey: documentKey(),
      switched: false,
      mode,
      lastModifiedTime: knownTimestamp,
      canRename: canRename(),
      warning,
    })
    const split = splitTokenUrl(answer['Url'], target.wopiSrc)
    if (!split) {
      return stay(`"${writtenName}" was saved, but the host sent no usable address for it, so this window stays on the original.`)
    }
    // Work on the copy from now on, like a desktop Save As: its own token (same expiry: token trading, spec
    // 8.3), its own CheckFileInfo, its own lock. If any of that fails the copy still exists; stay put.
    const next: WopiTarget = { wopiSrc: split.wopiSrc, token: split.token, sessionId: wopiSessionId }
    let nextFacts: FileFacts
    let nextLock: string | null = null
    let nextMode: 'edit' | 'view' = 'view'
    try {
      nextFacts = await checkFileInfo(next)
      if (nextFacts.userCanWrite && !nextFacts.readOnly && nextFacts.supportsUpdate) {
        if (nextFacts.supportsLocks) {
          nextLock = await lock.lockOther(next)
          if (nextLock) nextMode = 'edit'
        } else nextMode = 'edit'
      }
    } catch (error) {
      return stay(
        `"${writtenName}" was saved, but the editor could not open it (${describeFailure(error, false).message}) and stays on the original.`,
      )
    }
    await lock.release()
    target = next
    facts = nextFacts
    lock.adopt(nextLock)
    mode = nextMode
    knownTimestamp = nextFacts.lastModifiedTime
    lastSavedHash = hash(body)
    draft = null
    notice = null
    return {
      fileName: nextFacts.baseFileName,
      documentKey: documentKey(),
      switched: true,
      mode,
      lastModifiedTime: knownTimestamp,
      canRename: canRename(),
    }
  }

  async function doRename(requested: string): Promise<RenameResult> {
    if (!facts || !canRename()) throw new EditorFailure({ code: 'not-supported', message: 'This file cannot be renamed from the editor.' })
    const current = facts
    let stem = requested.trim()
    if (current.extension && stem.toLowerCase().endsWith(current.extension)) stem = stem.slice(0, -current.extension.length)
    checkName(stem, current.fileNameMaxLength)
    // RenameFile: X-WOPI-RequestedName is the name without extension (spec 6.1); the extension never changes.
    const answer = await client.renameFile(target, stem, lock.id)
    let fileName: string
    if (answer.name !== null) {
      fileName = current.extension && !answer.name.toLowerCase().endsWith(current.extension) ? answer.name + current.extension : answer.name
    } else {
      fileName = (await checkFileInfo()).baseFileName
    }
    facts = { ...current, baseFileName: fileName }
    return { fileName }
  }

  async function doReload(): Promise<ReloadResult> {
    const current = await checkFileInfo()
    if (current.size > deps.maxBytes) throw new EditorFailure({ code: 'too-large', message: tooLargeReason(current.size).message })
    const { bytes } = await client.getFile(target, deps.maxBytes)
    const decoded = decodeText(bytes, deps.defaultLineEnding)
    if (!decoded.ok) {
      throw new EditorFailure({
        code: 'unexpected-response',
        message: 'The file on disk is no longer UTF-8 text, so it cannot be loaded here. Your text is kept here.',
      })
    }
    facts = { ...current }
    encoding = decoded.encoding
    knownTimestamp = current.lastModifiedTime
    lastSavedHash = hash(bytes)
    return { text: decoded.text, lastModifiedTime: knownTimestamp, encoding }
  }

  async function doTakeOver(): Promise<TakeOverResult> {
    if (!lock.stale || !facts)
      throw new EditorFailure({ code: 'not-supported', message: 'There is no lock left behind by this editor to take over.' })
    await lock.takeOver()
    mode = 'edit'
    return { mode }
  }

  async function doMaintain(refreshIntervalMs: number): Promise<void> {
    const lost = await lock.maintain(refreshIntervalMs)
    if (lost) notice = lost
  }

  /** Unsaved text from a page that went away: save it, or keep it as a copy when the file moved on. */
  async function saveDraftOnExit(): Promise<void> {
    if (!draft || mode !== 'edit' || !facts) return
    let body: Buffer
    try {
      body = encodeForSave(draft.text)
    } catch {
      log.error('built-in editor: unsaved text on exit is larger than the save limit and could not be written', {
        file: facts.baseFileName,
      })
      return
    }
    if (hash(body) === lastSavedHash) return
    try {
      await put(body, draft.base ?? knownTimestamp, { autosave: true }, true)
      log.info('built-in editor: saved unsaved changes of a closed page', { file: facts.baseFileName })
      return
    } catch (error) {
      log.warn('built-in editor: exit save failed, keeping the text as a copy', {
        file: facts.baseFileName,
        error: (error as Error).message,
      })
    }
    const stem = facts.extension ? facts.baseFileName.slice(0, -facts.extension.length) : facts.baseFileName
    try {
      const answer = await client.putRelativeFile(target, body, { suggested: `${stem} (unsaved changes)${facts.extension}` })
      log.info('built-in editor: kept unsaved changes as a copy', { file: String(answer['Name'] ?? '') })
    } catch (error) {
      log.error('built-in editor: could not keep unsaved changes of a closed page', {
        file: facts.baseFileName,
        error: (error as Error).message,
      })
    }
  }

  /** Maps WOPI failures into words on the way out; EditorFailure passes through. */
  function worded<T>(task: () => Promise<T>, textKept = true): Promise<T> {
    return serial(async () => {
      ensureLive()
      try {
        return await task()
      } catch (error) {
        if (error instanceof EditorFailure) throw error
        throw new EditorFailure(describeFailure(error, textKept))
      }
    })
  }

  return {
    id: init.id,
    wopiSessionId,
    get ended() {
      return ended
    },
    lastSeen: () => lastSeen,
    pageLoaded: () => pageLoaded,
    frameAncestor: () => facts?.postMessageOrigin ?? init.wopiSrc.origin,
    prefetch: () =>
      serial(async () => {
        try {
          const json = await client.checkFileInfo(target, init.sessionContext)
          prefetched = json
          facts = readFileFacts(json)
        } catch {
          prefetched = null // the page's load asks again and reports the failure in words
        }
      }),
    load() {
      touch()
      pageLoaded = true
      return worded(doLoad, false).catch((error: unknown) => {
        // The page can still tell the host page "Failed" when CheckFileInfo named it.
        const origin = facts?.postMessageOrigin
        if (error instanceof EditorFailure && origin) throw new EditorFailure({ ...error.error, postMessageOrigin: origin })
        throw error
      })
    },
    reload() {
      touch()
      return worded(doReload)
    },
    save(text, params) {
      touch()
      return worded(() => doSave(text, params))
    },
    saveAs(text, name, saveAsMode, overwrite) {
      touch()
      return worded(() => doSaveAs(text, name, saveAsMode, overwrite))
    },
    rename(name) {
      touch()
      return worded(() => doRename(name))
    },
    takeOverLock() {
      touch()
      return worded(doTakeOver)
    },
    heartbeat() {
      ensureLive()
      touch()
      const delivered = notice
      notice = null
      return { notice: delivered }
    },
    leave(draftText, base) {
      ensureLive()
      lastSeen = clock.now()
      leftAt = lastSeen
      if (draftText !== null) draft = { text: draftText, base }
    },
    hasLeft: () => leftAt !== null,
    lockTakenOver() {
      lock.lost()
      notice = {
        code: 'lock-lost',
        message:
          'This file is now being edited in another WOPI Desk editor window. Your changes can no longer be saved to it: use Save as to keep them.',
      }
    },
    maintain(refreshIntervalMs) {
      if (ended) return Promise.resolve()
      return serial(() => doMaintain(refreshIntervalMs))
    },
    async end(reason) {
      if (ended) return
      ended = true
      await serial(async () => {
        if (reason !== 'closed') await saveDraftOnExit()
        await lock.release()
        draft = null
      })
      log.info('built-in editor: session ended', { reason })
    },
  }
}
