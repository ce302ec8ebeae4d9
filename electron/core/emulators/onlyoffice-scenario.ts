import utf7 from 'utf7'
import { signProof, unixMsToTicks } from '../wopi/proof-keys'
import { contentTypeFor } from './content-types'
import { isIsoTimestamp, isZipPackage, show, splitName, startsWithPk, typeName } from './file-info'
import type { ScenarioContext, Sent } from './scenario-kit'
import { bodyPreview, describeAnswer, send } from './scenario-kit'
import type { EditorSession, FileInfoReading } from './scenario-steps'
import {
  checkStoredName,
  judgeCopyAnswer,
  judgeRenameAnswer,
  judgeRenameBack,
  postToFile,
  readFileInfoJson,
  refreshLock,
  releaseLock,
  takeLock,
  testCopyName,
  testRenameStem,
} from './scenario-steps'
import type { WopiCall } from './wopi-transport'
import { createWopiTransport, jsonObject } from './wopi-transport'

// ONLYOFFICE Docs as a WOPI client, replayed from ONLYOFFICE/server (clients.md 2.2):
// DocService/sources/wopiClient.js (checkFileInfo, checkAndReplaceEmptyFile, createDocId, preOpen, lock,
// putFile, putRelativeFile, renameFile, unlock, prepareDocumentForEditing's view-mode fallback),
// wopiUtils.js (fillStandardHeaders: headers and proofs on every call, getWopiFileUrl) and DocsCoServer.js
// (refreshWopiLock every wopi.refreshLockInterval) and canvasservice.js (force save vs. final save flags).
// Nothing here was observed against a running ONLYOFFICE.

const EDITOR = 'ONLYOFFICE'
const CLIENT_VERSION = '9.0.0.0'
/** FileConverter.converter.maxDownloadBytes (default.json), sent as X-WOPI-MaxExpectedSize on GetFile */
const MAX_DOWNLOAD_BYTES = 104857600
/** constants.js DOC_ID_PATTERN / DOC_ID_MAX_LENGTH */
const DOC_ID_FORBIDDEN = /[^0-9\-.a-zA-Z_=]/g
const DOC_ID_MAX_LENGTH = 240
const READ_KEYS = [
  'BaseFileName',
  'FileExtension',
  'Size',
  'Version',
  'LastModifiedTime',
  'UserId',
  'UserCanWrite',
  'UserCanOnlyComment',
  'UserCanReview',
  'SupportsLocks',
  'SupportsUpdate',
  'SupportsRename',
  'FileNameMaxLength',
  'UserCanNotWriteRelative',
]

/** How ONLYOFFICE reads the CheckFileInfo answer before looking at any property. */
const FILE_INFO_READING: FileInfoReading = {
  readKeys: READ_KEYS,
  noAnswer: 'ONLYOFFICE shows its error page and opens nothing.',
  notJson: 'ONLYOFFICE cannot parse it and shows its error page.',
  misspelt: (found, key) => `ONLYOFFICE reads "${key}" exactly as spelled and ignores "${found}".`,
}
const FLAGS = [
  'UserCanWrite',
  'UserCanOnlyComment',
  'UserCanReview',
  'SupportsLocks',
  'SupportsUpdate',
  'SupportsRename',
  'UserCanNotWriteRelative',
]

interface OnlyofficeView {
  name: string
  stem: string
  ext: string
  fileType: string
  size: unknown
  lastModified: string | null
  version: unknown
  userId: string
  canEdit: boolean
  supportsLocks: boolean
  supportsRename: boolean
  canSaveCopy: boolean
  fileNameMaxLength: number
}

/**
 * The document key, which ONLYOFFICE also uses as its lock id: the last path segment of the WOPISrc in edit
 * mode, `view.<fileId>.<LastModifiedTime|Version>` in view mode, with characters outside [0-9-.a-zA-Z_=]
 * replaced by `_` and cut to 240 (createDocId). Deterministic "to fix forgotten openings" (preOpen).
 */
export function onlyofficeDocumentKey(
  wopiSrc: string,
  mode: 'edit' | 'view' = 'edit',
  fileInfo: { LastModifiedTime?: unknown; Version?: unknown } = {},
): string {
  const fileId = wopiSrc.substring(wopiSrc.lastIndexOf('/') + 1)
  const raw = mode === 'edit' ? fileId : `view.${fileId}.${String(fileInfo.LastModifiedTime || fileInfo.Version)}`
  return raw.replace(DOC_ID_FORBIDDEN, '_').substring(0, DOC_ID_MAX_LENGTH)
}

function uuid(bytes: Buffer): string {
  const b = Buffer.from(bytes)
  b[6] = (b[6]! & 0x0f) | 0x40
  b[8] = (b[8]! & 0x3f) | 0x80
  const hex = b.toString('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`
}

export async function runOnlyofficeScenario(ctx: ScenarioContext): Promise<void> {
  const { log, options } = ctx
  const sessionId = uuid(ctx.random.bytes(16))
  const keys = ctx.proofKeys
  // fillStandardHeaders: on every call; proofs only when BOTH private keys are configured.
  const standardHeaders = (url: string, token: string): Record<string, string> => {
    const ticks = unixMsToTicks(ctx.clock.now())
    const headers: Record<string, string> = {}
    if (keys?.current && keys.old) {
      headers['X-WOPI-Proof'] = signProof(keys.current, token, url, ticks)
      headers['X-WOPI-ProofOld'] = signProof(keys.old, token, url, ticks)
    }
    headers['X-WOPI-TimeStamp'] = ticks.toString()
    headers['X-WOPI-ClientVersion'] = CLIENT_VERSION
    headers['X-WOPI-CorrelationId'] = uuid(ctx.random.bytes(16))
    headers['X-WOPI-SessionId'] = sessionId
    return headers
  }
  const transport = createWopiTransport({
    fetchImpl: ctx.fetchImpl,
    sign: standardHeaders,
    redact: ctx.redact,
    timeoutMs: options.timeoutMs,
  })
  const call = (request: WopiCall): Promise<Sent> => send(transport, request)
  // wopiClient.js builds URLs by string concatenation: `${wopiSrc}?access_token=` and `${wopiSrc}/contents?access_token=`.
  const token = encodeURIComponent(ctx.token)
  const fileUrl = `${ctx.wopiSrc}?access_token=${token}`
  const contentsUrl = `${ctx.wopiSrc}/contents?access_token=${token}`
  const session: EditorSession = { ctx, editor: EDITOR, call, fileUrl }
  if (ctx.wopiSrc.includes('?')) {
    log.deviation(
      'WOPISrc',
      { request: null, status: null },
      'the WOPISrc carries a query string',
      'ONLYOFFICE appends "/contents?access_token=" to the whole WOPISrc, so GetFile and PutFile URLs come out malformed.',
    )
  }

  // --- CheckFileInfo (checkFileInfo, with X-WOPI-SessionContext when the action URL had sc=) ---
  const cfiHeaders: Record<string, string> = {}
  if (options.sessionContext) cfiHeaders['X-WOPI-SessionContext'] = options.sessionContext
  const cfi = await call({ method: 'GET', url: fileUrl, token: ctx.token, headers: cfiHeaders })
  const view = readCheckFileInfo(session, cfi)
  let lastModified = view.lastModified

  // --- Size 0: PutFile of the blank template before anything else (checkAndReplaceEmptyFile) ---
  if (view.size === 0) {
    if (!options.write) {
      log.skipped('PutFile (blank template)', 'Size is 0: ONLYOFFICE would now store its blank template; not sent because writes are off')
    } else if (!options.blankTemplate) {
      log.skipped(
        'PutFile (blank template)',
        'Size is 0: ONLYOFFICE would now store its blank template; not sent because no template bytes were given',
      )
    } else {
      const sent = await call({
        method: 'POST',
        url: contentsUrl,
        token: ctx.token,
        headers: putFileHeaders({
          lockId: null,
          userId: view.userId,
          modified: false,
          autosave: false,
          exit: false,
          timestamp: null,
          fileType: view.fileType,
        }),
        body: options.blankTemplate,
      })
      if (sent.answer.status === 200) {
        const lmt = jsonObject(sent.answer.body)?.['LastModifiedTime']
        if (typeof lmt === 'string' && lmt) lastModified = lmt
        log.ok(
          'PutFile (blank template)',
          sent.exchange,
          `200: blank template stored on the unlocked empty file (${options.blankTemplate.length} bytes)`,
        )
      } else {
        log.deviation(
          'PutFile (blank template)',
          sent.exchange,
          `PutFile of the blank template on the empty, unlocked file answered ${describeAnswer(sent.answer)}`,
          'ONLYOFFICE cannot store its blank template: the new document opens as an empty, broken file.',
        )
      }
    }
  }

  // --- Edit or view mode; LOCK with the document key; LOCK failure = silent view mode ---
  let mode: 'edit' | 'view' = view.canEdit && options.write ? 'edit' : 'view'
  let lockId: string | null = null
  const editKey = onlyofficeDocumentKey(ctx.wopiSrc, 'edit')
  try {
    if (mode === 'edit' && view.supportsLocks) {
      const taken = await takeLock(session, editKey, {
        taken: `200: lock taken with the document key "${editKey}" (deterministic: last WOPISrc segment)`,
        refused: 'LOCK failed: answered',
        consequence: () => 'ONLYOFFICE silently falls back to view mode: the user sees the document read-only without being told why.',
      })
      if (taken) lockId = editKey
      else mode = 'view'
    }

    // --- GetFile (getWopiFileUrl: <WOPISrc>/contents, X-WOPI-MaxExpectedSize, signed) ---
    const got = await call({
      method: 'GET',
      url: contentsUrl,
      token: ctx.token,
      headers: { 'X-WOPI-MaxExpectedSize': String(MAX_DOWNLOAD_BYTES) },
    })
    if (got.answer.status !== 200) {
      ctx.log.fatal(
        'GetFile',
        got.exchange,
        `GetFile answered ${describeAnswer(got.answer)}`,
        `ONLYOFFICE shows "Download failed" and opens nothing.`,
      )
    }
    judgeDownload(ctx, got, view)
    const downloaded = got.answer.body
    await ctx.hooks.afterOpen?.()

    if (mode === 'view') {
      const why = !options.write ? 'writes were turned off' : !view.canEdit ? 'the user may not edit' : 'the lock could not be taken'
      log.ok(
        'View mode',
        { request: null, status: null },
        `document open in view mode (${why}): no lock refresh, saves or rename; document key ${show(onlyofficeDocumentKey(ctx.wopiSrc, 'view', { LastModifiedTime: lastModified, Version: view.version }))}`,
      )
      return
    }

    // --- REFRESH_LOCK every wopi.refreshLockInterval (DocsCoServer refreshWopiLock) ---
    if (lockId) {
      await refreshLock(session, lockId, {
        override: 'REFRESH_LOCK',
        step: 'RefreshLock',
        kept: `200: REFRESH_LOCK kept lock "${lockId}"`,
        refused: 'REFRESH_LOCK answered',
        consequence:
          'ONLYOFFICE only logs the failure: the lock lapses after 30 minutes and another client can take the document while it is open.',
      })
    }

    // --- Force saves (IsAutosave for timer saves), then the final save when the last editor leaves ---
    // preOpen stores the document key as lockId whether or not the host supports locks, so PutFile always sends it.
    let current = downloaded
    const saveOnce = async (step: string, body: Buffer, exit: boolean): Promise<void> => {
      const sent = await call({
        method: 'POST',
        url: contentsUrl,
        token: ctx.token,
        headers: putFileHeaders({
          lockId: editKey,
          userId: view.userId,
          modified: true,
          autosave: !exit,
          exit,
          timestamp: lastModified,
          fileType: view.fileType,
        }),
        body,
      })
      const outcome = judgePutFile(ctx, step, sent, lastModified)
      if (outcome.saved) current = body
      if (outcome.lastModified) lastModified = outcome.lastModified
    }
    for (let n = 1; n < options.saves; n++) await saveOnce(`PutFile (force save ${n})`, options.edited(downloaded, n), false)

    // --- Save a copy (PUT_RELATIVE, npm utf7 encoding, Content-Type from the extension, no lock) ---
    if (options.saveAs && view.canSaveCopy) await saveCopy(session, view, current)
    if (options.fileConversion) await convertAndEdit(session, view, current)

    // --- RenameFile (name cut to FileNameMaxLength || 255, UTF-7, lock, empty body) ---
    if (options.rename && view.supportsRename) await renameAndRestore(session, view, editKey)

    if (options.saves >= 1) await saveOnce('PutFile (final save on close)', options.edited(downloaded, options.saves), true)
  } finally {
    // --- UNLOCK after the final save ---
    if (lockId) {
      await releaseLock(
        session,
        lockId,
        'The lock stays until it expires (30 minutes); ONLYOFFICE reopens the document with the same key, but other clients are locked out meanwhile.',
      )
    }
  }
}

function putFileHeaders(p: {
  lockId: string | null
  userId: string
  modified: boolean
  autosave: boolean
  exit: boolean
  timestamp: string | null
  fileType: string
}): Record<string, string> {
  const headers: Record<string, string> = { 'X-WOPI-Override': 'PUT' }
  if (p.lockId !== null) headers['X-WOPI-Lock'] = p.lockId
  headers['X-WOPI-Editors'] = p.userId
  // Only the legacy LOOL prefix: ONLYOFFICE imitates the Nextcloud connector of old LibreOffice Online.
  headers['X-LOOL-WOPI-IsModifiedByUser'] = String(p.modified)
  headers['X-LOOL-WOPI-IsAutosave'] = String(p.autosave)
  headers['X-LOOL-WOPI-IsExitSave'] = String(p.exit)
  if (p.timestamp) headers['X-LOOL-WOPI-Timestamp'] = p.timestamp
  headers['Content-Type'] = contentTypeFor(p.fileType)
  return headers
}

/** JavaScript truthiness, which is how wopiClient.js tests every flag. */
function truthy(value: unknown): boolean {
  return Boolean(value)
}

function readCheckFileInfo(session: EditorSession, cfi: Sent): OnlyofficeView {
  // declared, not destructured: TypeScript narrows after ctx.log.fatal only through declared types
  const ctx: ScenarioContext = session.ctx
  const step = 'CheckFileInfo'
  const { info, deviation, mark } = readFileInfoJson(session, cfi, FILE_INFO_READING)

  // getFileTypeByInfo: FileExtension (minus its first character) wins over the BaseFileName extension.
  const baseName = typeof info['BaseFileName'] === 'string' ? info['BaseFileName'] : ''
  if (!baseName)
    deviation(
      `CheckFileInfo BaseFileName is ${typeName(info['BaseFileName'])}`,
      'ONLYOFFICE shows no document title and names downloads without a name.',
    )
  const { stem, ext } = splitName(baseName)
  let fileType = ext.slice(1).toLowerCase()
  const fileExtension = info['FileExtension']
  if (typeof fileExtension === 'string' && fileExtension) {
    fileType = fileExtension.substring(1).toLowerCase()
    if (!fileExtension.startsWith('.')) {
      deviation(
        `CheckFileInfo FileExtension ${show(fileExtension)} does not start with "."`,
        `ONLYOFFICE drops the first character and takes the format to be "${fileType}".`,
      )
    }
  }
  if (!fileType)
    ctx.log.fatal(
      step,
      cfi.exchange,
      'neither FileExtension nor BaseFileName gives a file extension',
      'ONLYOFFICE cannot tell the document format and opens nothing.',
    )

  const size = info['Size']
  if (size === undefined) {
    deviation(
      'CheckFileInfo has no Size',
      'ONLYOFFICE cannot recognise a new empty document (it tests Size === 0), so an empty file never gets its blank template.',
    )
  } else if (typeof size === 'string') {
    deviation(
      `CheckFileInfo Size is a string (${show(size)})`,
      size.trim() === '0'
        ? 'ONLYOFFICE tests Size === 0, so this empty file does not get its blank template and opens as a broken document.'
        : 'ONLYOFFICE tests Size === 0 to start new documents and a string never matches; WOPI requires a JSON number.',
    )
  } else if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) {
    deviation(`CheckFileInfo Size is ${show(size)}, not a byte count`, 'ONLYOFFICE cannot tell an empty new document from a broken one.')
  }

  const version = info['Version']
  if (version === undefined || version === '') {
    deviation(
      'CheckFileInfo has no Version',
      'ONLYOFFICE compares Version and LastModifiedTime with its cached copy; without them a file changed in storage can reopen from the stale cache.',
    )
  } else if (typeof version !== 'string') {
    deviation(
      `CheckFileInfo Version is ${typeName(version)} (${show(version)})`,
      'WOPI requires a string; ONLYOFFICE copes, but Office and the WOPI validator reject it.',
    )
  }

  let lastModified: string | null = null
  const lmt = info['LastModifiedTime']
  if (lmt === undefined || lmt === null || lmt === '') {
    deviation(
      'CheckFileInfo has no LastModifiedTime',
      "ONLYOFFICE sends no X-LOOL-WOPI-Timestamp on PutFile: only the host's own change detection can refuse a save over changes made outside the editor.",
    )
  } else {
    lastModified = String(lmt)
    if (!isIsoTimestamp(lmt)) {
      deviation(
        `CheckFileInfo LastModifiedTime ${show(lmt)} is not an ISO 8601 UTC time`,
        'ONLYOFFICE echoes it as X-LOOL-WOPI-Timestamp; hosts and other editors that parse it disagree.',
      )
    }
  }

  const userId = typeof info['UserId'] === 'string' ? info['UserId'] : ''
  if (!userId)
    deviation(
      `CheckFileInfo UserId is ${typeName(info['UserId'])}`,
      'ONLYOFFICE sends an empty X-WOPI-Editors and cannot attribute changes to the user.',
    )

  for (const flag of FLAGS) {
    const value = info[flag]
    if (typeof value === 'string') {
      deviation(
        `CheckFileInfo ${flag} is a string (${show(value)})`,
        'ONLYOFFICE tests it with JavaScript truthiness: any non-empty string, "false" included, counts as true.',
      )
    }
  }
  const canEdit = truthy(info['UserCanOnlyComment']) || truthy(info['UserCanWrite']) || truthy(info['UserCanReview'])
  if (!canEdit) {
    deviation('none of UserCanWrite, UserCanReview, UserCanOnlyComment is true', 'ONLYOFFICE opens the document in view mode.')
  }
  const supportsLocks = truthy(info['SupportsLocks'])
  if (canEdit && !supportsLocks) {
    deviation(
      `CheckFileInfo SupportsLocks is ${show(info['SupportsLocks'])}`,
      'ONLYOFFICE sends no LOCK, REFRESH_LOCK or UNLOCK (its edit action requires "locks,update"): nothing stops another client from overwriting this session.',
    )
  }
  if (canEdit && !truthy(info['SupportsUpdate'])) {
    deviation(
      `CheckFileInfo SupportsUpdate is ${show(info['SupportsUpdate'])}`,
      'ONLYOFFICE still calls PutFile because the user may edit, although the host promised no PutFile/PutRelativeFile.',
    )
  }
  const maxLength = info['FileNameMaxLength']
  let fileNameMaxLength = 255
  if (maxLength !== undefined) {
    if (typeof maxLength === 'number' && Number.isSafeInteger(maxLength) && maxLength > 0) fileNameMaxLength = maxLength
    else if (maxLength !== 0)
      deviation(
        `CheckFileInfo FileNameMaxLength is ${show(maxLength)}`,
        'ONLYOFFICE cuts new names with it; a non-number cuts them wrongly or not at all.',
      )
  }

  if (ctx.log.deviationsSince(mark) === 0) {
    const ignored = typeof info['FileUrl'] === 'string' ? '; FileUrl ignored (wopi.fileInfoBlockList)' : ''
    ctx.log.ok(
      step,
      cfi.exchange,
      `200 JSON: ${show(baseName)} (${fileType}), Size ${show(size)}, Version ${show(version)}, LastModifiedTime ${show(lastModified)}${ignored}`,
    )
  }
  return {
    name: baseName,
    stem,
    ext: ext || `.${fileType}`,
    fileType,
    size,
    lastModified,
    version,
    userId,
    canEdit,
    supportsLocks,
    supportsRename: truthy(info['SupportsRename']),
    canSaveCopy: !truthy(info['UserCanNotWriteRelative']),
    fileNameMaxLength,
  }
}

function judgeDownload(ctx: ScenarioContext, got: Sent, view: OnlyofficeView): void {
  const bytes = got.answer.body
  const mark = ctx.log.records.length
  if (isZipPackage(view.fileType) && bytes.length > 0 && !startsWithPk(bytes)) {
    ctx.log.deviation(
      'GetFile',
      got.exchange,
      `the .${view.fileType} body does not start with PK (${bodyPreview(bytes)})`,
      "ONLYOFFICE's converter cannot read it: the editor shows a conversion error.",
    )
  }
  if (typeof view.size === 'number' && view.size !== 0 && view.size !== bytes.length) {
    ctx.log.deviation(
      'GetFile',
      got.exchange,
      `GetFile returned ${bytes.length} bytes but CheckFileInfo Size is ${view.size}`,
      'CheckFileInfo and GetFile describe different contents.',
    )
  }
  if (ctx.log.deviationsSince(mark) === 0)
    ctx.log.ok('GetFile', got.exchange, `200: ${bytes.length} bytes (X-WOPI-MaxExpectedSize ${MAX_DOWNLOAD_BYTES})`)
}

function judgePutFile(
  ctx: ScenarioContext,
  step: string,
  sent: Sent,
  sentTimestamp: string | null,
): { saved: boolean; lastModified: string | null } {
  const { answer, exchange } = sent
  if (answer.status === 200) {
    // parsePutFileResponse: JSON is optional for ONLYOFFICE ("collabora nextcloud connector"), used when present.
    const lmt = jsonObject(answer.body)?.['LastModifiedTime']
    if (typeof lmt !== 'string' || !lmt) {
      ctx.log.deviation(
        step,
        exchange,
        'PutFile 200 without LastModifiedTime JSON',
        'ONLYOFFICE keeps sending the first X-LOOL-WOPI-Timestamp: a host that compares it refuses the next save; one that does not cannot detect changes made outside the editor.',
      )
      return { saved: true, lastModified: null }
    }
    ctx.log.ok(
      step,
      exchange,
      `200: saved${sentTimestamp ? ` with X-LOOL-WOPI-Timestamp ${show(sentTimestamp)}` : ''}; new LastModifiedTime ${show(lmt)}`,
    )
    return { saved: true, lastModified: lmt }
  }
  const consequence =
    answer.status === 409
      ? 'ONLYOFFICE logs "Conflict - lock mismatch or file version conflict": the save does not reach storage and the changes stay only in its cache.'
      : answer.status === 401 || answer.status === 404
        ? 'ONLYOFFICE logs an invalid token: the save does not reach storage.'
        : 'ONLYOFFICE logs the error: the save does not reach storage and the user sees a save error.'
  ctx.log.deviation(step, exchange, `PutFile answered ${describeAnswer(answer)}`, consequence)
  return { saved: false, lastModified: null }
}

async function saveCopy(session: EditorSession, view: OnlyofficeView, body: Buffer): Promise<void> {
  const step = 'PutRelativeFile (save a copy)'
  const name = testCopyName(session.ctx, view)
  const sent = await postToFile(
    session,
    { 'X-WOPI-Override': 'PUT_RELATIVE', 'X-WOPI-SuggestedTarget': utf7.encode(name), 'Content-Type': contentTypeFor(view.ext) },
    body,
  )
  await judgeRelative(session, step, sent, name, false)
}

async function convertAndEdit(session: EditorSession, view: OnlyofficeView, body: Buffer): Promise<void> {
  // converterservice.js: the converted document goes up with only the target extension and X-WOPI-FileConversion.
  const step = 'PutRelativeFile (convert and edit)'
  const sent = await postToFile(
    session,
    {
      'X-WOPI-Override': 'PUT_RELATIVE',
      'X-WOPI-SuggestedTarget': utf7.encode(view.ext),
      'X-WOPI-FileConversion': 'true',
      'Content-Type': contentTypeFor(view.ext),
    },
    body,
  )
  await judgeRelative(session, step, sent, null, true)
}

/** putRelativeFile: JSON.parse(body), so anything but JSON is a failure; convert-and-edit then opens HostEditUrl. */
async function judgeRelative(session: EditorSession, step: string, sent: Sent, asked: string | null, conversion: boolean): Promise<void> {
  await judgeCopyAnswer(session, step, sent, {
    copyStep: conversion ? 'Convert and edit' : 'Save a copy',
    refused: () => 'ONLYOFFICE reports that the copy could not be saved.',
    notJson: {
      consequence:
        'ONLYOFFICE fails to parse the answer and reports that the copy could not be saved (although the host may have created it).',
      leftover: `Look for a copy${asked ? ` named like "${asked}"` : ''} next to the document and remove it.`,
    },
    noName: 'WOPI requires Name; users cannot tell what the copy is called.',
    noUrl: {
      consequence: "WOPI requires Url (the new file's WOPISrc with a token); editors cannot open the copy.",
      leftover: (name) => `Remove the test copy${name ? ` "${name}"` : ''} next to the document.`,
    },
    created: (name) => `200: copy ${show(name)} created${asked ? ` (asked for ${show(asked)}, sent as UTF-7)` : ''}`,
    moreChecks: (json) => {
      if (conversion && typeof json['HostEditUrl'] !== 'string') {
        session.ctx.log.deviation(
          step,
          sent.exchange,
          'PutRelativeFile (X-WOPI-FileConversion) response without HostEditUrl',
          'After convert-and-edit ONLYOFFICE navigates to HostEditUrl; without it the converted copy is never opened.',
        )
      }
    },
  })
}

async function renameAndRestore(session: EditorSession, view: OnlyofficeView, lockId: string): Promise<void> {
  const { ctx } = session
  const rename = (wanted: string): { sent: Promise<Sent>; requested: string } => {
    const requested = wanted.substring(0, view.fileNameMaxLength)
    return {
      requested,
      sent: postToFile(session, {
        'X-WOPI-Override': 'RENAME_FILE',
        'X-WOPI-Lock': lockId,
        'X-WOPI-RequestedName': utf7.encode(requested),
      }),
    }
  }
  const first = rename(testRenameStem(ctx, view))
  const sent = await first.sent
  const newName = judgeRename(session, 'RenameFile', sent, first.requested)
  if (newName === undefined) return
  const expected = `${newName}${view.ext}`
  const baseName = await checkStoredName(session, expected, {
    mismatch: `but ONLYOFFICE now shows ${show(newName)}`,
    consequence: 'The title co-editors see does not match the stored name.',
  })
  const back = await rename(view.stem).sent
  // An empty body, or JSON without a Name, means "renamed as asked".
  const restored = back.answer.status === 200 ? (jsonObject(back.answer.body)?.['Name'] ?? view.stem) : null
  judgeRenameBack(session, back, view, restored === view.stem, baseName ?? expected)
}

/** renameFile: an empty 200 body means "renamed as asked"; a body must be JSON; the title comes from Name. */
function judgeRename(session: EditorSession, step: string, sent: Sent, requested: string): string | undefined {
  if (sent.answer.status === 200 && sent.answer.body.length === 0) {
    session.ctx.log.ok(step, sent.exchange, `200 with an empty body: ONLYOFFICE assumes the requested name ${show(requested)}`)
    return requested
  }
  const judged = judgeRenameAnswer(session, step, sent, {
    refused: () => 'ONLYOFFICE logs the error and the document keeps its old name.',
    notJson: 'ONLYOFFICE fails to parse the answer and reports the rename as failed, although storage may have renamed the file.',
    noName: 'ONLYOFFICE does not update the title for co-editors.',
    renamed: (name) => `200: renamed to ${show(name)} (requested ${show(requested)} as UTF-7)`,
  })
  if (judged.kind === 'refused' || judged.kind === 'not-json') return undefined
  return judged.kind === 'renamed' ? judged.name : requested
}
