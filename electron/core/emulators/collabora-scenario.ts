import utf7 from 'utf7'
import { signProof, unixMsToTicks } from '../wopi/proof-keys'
import type { FileInfo } from './file-info'
import { isIsoTimestamp, typeName, isOrigin, isZipPackage, show, splitName, startsWithPk } from './file-info'
import type { ScenarioContext, Sent } from './scenario-kit'
import { bodyPreview, contentsOf, describeAnswer, send } from './scenario-kit'
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
import { createWopiTransport, jsonObject, withToken } from './wopi-transport'
import { echoedTimestamp, fractionDigits, roundTrips, type TimestampReader } from './timestamp-echo'

// Collabora Online as a WOPI client, replayed from its sources (clients.md 2.1): wsd/wopi/WopiStorage.cpp
// (requests and how answers are read), wsd/Storage.cpp (lock token "cool-lock" + 8 hex digits, refresh = LOCK
// again), wsd/DocumentBroker.cpp (lock before download, read-only when the lock fails), wsd/ProofKey.cpp
// (X-WOPI-Proof + X-WOPI-TimeStamp only) and common/JsonUtil.hpp (exact-case property names, string-to-number
// conversion). The timestamp handling was observed against a running LibreOffice Online (loolwsd, 2020), which
// the 'lool' flavour replays: X-LOOL-* headers and LastModifiedTime's fraction read as microseconds.

const EDITOR = 'Collabora'
const USER_AGENT = 'COOLWSD HTTP Agent 25.04 (WOPI Desk emulation)'

/** CheckFileInfo properties whose exact spelling Collabora's JSON reader needs (findJSONValue). */
const READ_KEYS = [
  'BaseFileName',
  'OwnerId',
  'Size',
  'UserId',
  'UserFriendlyName',
  'LastModifiedTime',
  'UserCanWrite',
  'PostMessageOrigin',
  'SupportsLocks',
  'SupportsRename',
  'UserCanRename',
  'UserCanNotWriteRelative',
  'FileUrl',
]

/** How Collabora reads the CheckFileInfo answer before looking at any property. */
const FILE_INFO_READING: FileInfoReading = {
  readKeys: READ_KEYS,
  noAnswer: 'Collabora shows "Failed to read document from storage" and opens nothing.',
  notJson: 'Collabora logs "CheckFileInfo is missing JSON payload" and opens nothing.',
  misspelt: (found) => `Collabora matches property names exactly: it logs "Incorrect JSON property [${found}]" and ignores the value.`,
}

interface CollaboraView {
  name: string
  stem: string
  ext: string
  size: number | null
  lastModified: string | null
  canWrite: boolean
  supportsLocks: boolean
  canRename: boolean
  canSaveAs: boolean
  fileUrl: string | null
}

/** Poco's Var converts "true"/"false" strings, so Collabora reads both JSON booleans and their string forms. */
function pocoBool(value: unknown): boolean {
  if (typeof value === 'boolean') return value
  if (typeof value === 'string') return value !== '0' && value.toLowerCase() !== 'false'
  if (typeof value === 'number') return value !== 0
  return false
}

/** Header prefix and timestamp reading of the replayed editor. */
interface Flavour {
  prefix: 'COOL' | 'LOOL'
  reader: TimestampReader
  userAgent: string
}

const FLAVOURS: Record<'collabora' | 'lool', Flavour> = {
  collabora: { prefix: 'COOL', reader: 'collabora', userAgent: USER_AGENT },
  lool: { prefix: 'LOOL', reader: 'lool', userAgent: 'LOOLWSD HTTP Agent 6.4 (WOPI Desk emulation)' },
}

export async function runCollaboraScenario(ctx: ScenarioContext): Promise<void> {
  const { log, options } = ctx
  const flavour = FLAVOURS[options.collaboraFlavour]
  const timestampHeader = `X-${flavour.prefix}-WOPI-Timestamp`
  const serverId = ctx.random.bytes(4).toString('hex')
  const proofKey = ctx.proofKeys?.current
  // wsd/ProofKey.cpp GetProofHeaders: X-WOPI-TimeStamp + X-WOPI-Proof, signed over the decoded token and the
  // request URI; no X-WOPI-ProofOld, and no timestamp at all when Collabora has no proof key.
  const sign = proofKey
    ? (url: string, token: string) => {
        const ticks = unixMsToTicks(ctx.clock.now())
        return { 'X-WOPI-TimeStamp': ticks.toString(), 'X-WOPI-Proof': signProof(proofKey, token, url, ticks) }
      }
    : null
  const transport = createWopiTransport({ fetchImpl: ctx.fetchImpl, sign, redact: ctx.redact, timeoutMs: options.timeoutMs })
  const call = (request: WopiCall): Promise<Sent> =>
    send(transport, {
      ...request,
      headers: { 'User-Agent': flavour.userAgent, [`X-${flavour.prefix}-WOPI-ServerId`]: serverId, ...request.headers },
    })
  const fileUrl = withToken(ctx.wopiSrc, ctx.token)
  const contentsUrl = withToken(contentsOf(ctx.wopiSrc), ctx.token)
  const session: EditorSession = { ctx, editor: EDITOR, call, fileUrl }

  // --- CheckFileInfo (WopiStorage::getWOPIFileInfo) ---
  const cfi = await call({ method: 'GET', url: fileUrl, token: ctx.token, headers: {} })
  const view = readCheckFileInfo(session, cfi)

  // --- Lock before download, only for editing sessions (DocumentBroker::lockIfEditing) ---
  let editable = view.canWrite && options.write
  let lockId: string | null = null
  try {
    if (editable && view.supportsLocks) {
      const id = `cool-lock${ctx.random.bytes(4).toString('hex')}`
      const taken = await takeLock(session, id, {
        taken: `200: lock "${id}" taken (empty body, Content-Length 0)`,
        refused: 'LOCK answered',
        consequence: (answer) =>
          isAuthFailure(answer.status)
            ? 'Collabora treats this as an expired token and opens the session read-only.'
            : 'Collabora logs "Failed to lock ... Session will be read-only": the user cannot edit.',
      })
      if (taken) lockId = id
      else editable = false
    }

    // --- GetFile (WopiStorage::downloadStorageFileToLocal: FileUrl first, then <WOPISrc>/contents) ---
    const downloaded = await getFile(ctx, call, view, contentsUrl)
    let current = downloaded
    await ctx.hooks.afterOpen?.()

    if (!options.write) {
      log.skipped('Read-only run', 'writes were turned off: lock, saves, Save As and rename were not tried')
      return
    }
    if (!editable) return

    // --- Lock refresh: LOCK again with the same id every storage.wopi.locking.refresh (LockContext::needsRefresh) ---
    if (lockId) {
      await refreshLock(session, lockId, {
        override: 'LOCK',
        step: 'Lock refresh',
        kept: `200: LOCK with the held id "${lockId}" refreshed the lock (Collabora never sends REFRESH_LOCK)`,
        refused: 'LOCK with the id this session already holds answered',
        consequence:
          'Collabora refreshes its lock only this way (every 900 s by default): the lock lapses after 30 minutes and later saves are refused.',
      })
    }

    // --- PutFile: autosave, then saves that must carry the LastModifiedTime of the previous answer ---
    let lastModified = view.lastModified
    // The editor parses LastModifiedTime and prints it again (six fraction digits): what it sends back is that.
    const save: Save = async (body, flags) => {
      const headers: Record<string, string> = {
        'X-WOPI-Override': 'PUT',
        [`X-${flavour.prefix}-WOPI-IsModifiedByUser`]: 'true',
        [`X-${flavour.prefix}-WOPI-IsAutosave`]: String(flags.autosave),
        [`X-${flavour.prefix}-WOPI-IsExitSave`]: 'false',
        'Content-Type': 'application/octet-stream',
      }
      if (lockId) headers['X-WOPI-Lock'] = lockId
      const timestamp = flags.timestamp ?? (lastModified ? echoedTimestamp(lastModified, flavour.reader) : null)
      if (!flags.forced && timestamp) headers[flags.timestampHeader ?? timestampHeader] = timestamp
      return call({ method: 'POST', url: contentsUrl, token: ctx.token, headers, body })
    }
    for (let n = 1; n <= options.saves; n++) {
      const body = options.edited(downloaded, n)
      const step = n === 1 ? 'PutFile (autosave)' : `PutFile (save ${n})`
      const echoed = lastModified ? echoedTimestamp(lastModified, flavour.reader) : null
      const sent = await save(body, { autosave: n === 1, forced: false })
      const outcome = judgePutFile(ctx, step, sent, echoed, lastModified, flavour)
      if (outcome.saved) current = body
      if (outcome.lastModified) lastModified = outcome.lastModified
    }
    if (options.saves > 1 && !view.lastModified) {
      log.deviation(
        'PutFile conflict detection',
        { request: null, status: null },
        `no save carried ${timestampHeader} because CheckFileInfo gave no LastModifiedTime`,
        `${EDITOR} cannot ask the host whether the file changed: only the host's own checks can keep an outside change from being overwritten.`,
      )
    }

    // --- Probes that leave the document as it is (the bytes saved are the bytes it has now) ---
    if (options.saves > 0 && lastModified) {
      const probed = await probeConflictProtocol(ctx, save, current, lastModified, flavour)
      if (probed) lastModified = probed
      if (flavour.reader === 'collabora' && view.lastModified && !roundTrips(view.lastModified)) {
        const loolProbed = await probeLoolEcho(ctx, save, current, lastModified)
        if (loolProbed) lastModified = loolProbed
      }
    }

    // --- "Document has been changed in storage" (COOLStatusCode 1010), then the user's "overwrite" choice ---
    if (ctx.hooks.modifyExternally) {
      await ctx.hooks.modifyExternally()
      log.ok('External change', { request: null, status: null }, 'the stored file was changed outside the editor (scenario hook)')
      const body = options.edited(downloaded, options.saves + 1)
      if (!lastModified) {
        log.deviation(
          'PutFile after external change',
          { request: null, status: null },
          'Collabora has no LastModifiedTime to send, so it cannot ask the host whether the file changed',
          'The change made outside the editor will be overwritten by the next save without a warning.',
        )
      } else {
        const stale = await save(body, { autosave: false, forced: false })
        judgeStaleSave(ctx, stale)
      }
      const forced = await save(body, { autosave: false, forced: true })
      const outcome = judgePutFile(ctx, 'PutFile (forced overwrite, no timestamp)', forced, null, lastModified, flavour)
      if (outcome.saved) current = body
      if (outcome.lastModified) lastModified = outcome.lastModified
    }

    // --- Save As: PUT_RELATIVE, full UTF-7 name, X-WOPI-Size, no lock ---
    if (options.saveAs && view.canSaveAs) {
      await saveAs(session, view, current)
    }

    // --- RenameFile: RENAME_FILE, UTF-7 name without extension, lock, the document itself as the body ---
    if (options.rename && view.canRename) {
      await renameAndRestore(session, view, lockId, current)
    }
  } finally {
    // --- UNLOCK when the session ends ---
    if (lockId) {
      await releaseLock(
        session,
        lockId,
        'The lock stays until it expires (30 minutes): meanwhile other editors can only open the document read-only.',
      )
    }
  }
}

type Save = (body: Buffer, flags: { autosave: boolean; forced: boolean; timestamp?: string; timestampHeader?: string }) => Promise<Sent>

function isCoolConflict(answer: Sent['answer']): boolean {
  const json = answer.status === 409 ? jsonObject(answer.body) : null
  return json !== null && (json['COOLStatusCode'] === 1010 || json['LOOLStatusCode'] === 1010)
}

/** The same instant an hour earlier, written the way the editor writes timestamps. */
function anHourBefore(lastModified: string): string {
  const echoed = echoedTimestamp(lastModified, 'collabora')
  const seconds = Date.parse(`${echoed.slice(0, 19)}Z`)
  if (Number.isNaN(seconds)) return '2000-01-01T00:00:00.000000Z'
  return `${new Date(seconds - 3_600_000).toISOString().slice(0, 19)}${echoed.slice(19)}`
}

/**
 * Collabora's conflict protocol, without touching the content: a PutFile of the bytes the file has now, with a
 * timestamp an hour older than the stored one, must be refused with 409 {"COOLStatusCode":1010}.
 * Returns the new LastModifiedTime when the host accepted the save.
 */
async function probeConflictProtocol(
  ctx: ScenarioContext,
  save: Save,
  current: Buffer,
  lastModified: string,
  flavour: Flavour,
): Promise<string | null> {
  const header = `X-${flavour.prefix}-WOPI-Timestamp`
  const outdated = anHourBefore(lastModified)
  const step = `Conflict check (PutFile of the unchanged document with an outdated ${header})`
  const sent = await save(current, { autosave: false, forced: false, timestamp: outdated })
  if (isCoolConflict(sent.answer)) {
    ctx.log.ok(
      step,
      sent.exchange,
      `409 with ${flavour.prefix}StatusCode 1010 for ${header} ${show(outdated)}: after a change outside the editor, ${EDITOR} shows "Document has been changed in storage" and lets the user choose`,
    )
    return null
  }
  if (sent.answer.status === 409) {
    ctx.log.deviation(
      step,
      sent.exchange,
      `PutFile with ${header} ${show(outdated)} answered ${describeAnswer(sent.answer)} without {"${flavour.prefix}StatusCode":1010}`,
      `After a change outside the editor ${EDITOR} shows a generic save error instead of "Document has been changed in storage": the user is not offered to overwrite, keep or reload.`,
    )
    return null
  }
  if (sent.answer.status === 200) {
    ctx.log.deviation(
      step,
      sent.exchange,
      `PutFile with ${header} ${show(outdated)}, an hour older than the stored LastModifiedTime, was accepted (200)`,
      `The host ignores ${EDITOR}'s timestamp: a change made outside the editor while the document is open is overwritten by the next save without a warning (this check saved the unchanged bytes, so nothing was lost).`,
    )
    const lmt = jsonObject(sent.answer.body)?.['LastModifiedTime']
    return typeof lmt === 'string' && lmt ? lmt : null
  }
  ctx.log.deviation(
    step,
    sent.exchange,
    `PutFile with an outdated ${header} answered ${describeAnswer(sent.answer)}`,
    `${EDITOR} reports a failed save instead of "Document has been changed in storage".`,
  )
  return null
}

/**
 * What LibreOffice Online (loolwsd 2020) sends back for a LastModifiedTime whose fraction is not six digits, saved
 * with the unchanged bytes: a host that compares exactly refuses it. Returns the new LastModifiedTime on 200.
 */
async function probeLoolEcho(ctx: ScenarioContext, save: Save, current: Buffer, lastModified: string): Promise<string | null> {
  const echoed = echoedTimestamp(lastModified, 'lool')
  const step = 'LibreOffice Online save (PutFile of the unchanged document with X-LOOL-WOPI-Timestamp as loolwsd echoes it)'
  const sent = await save(current, { autosave: false, forced: false, timestamp: echoed, timestampHeader: 'X-LOOL-WOPI-Timestamp' })
  if (sent.answer.status === 200) {
    ctx.log.ok(
      step,
      sent.exchange,
      `200: the host accepted ${show(echoed)}, LibreOffice Online's reading of LastModifiedTime ${show(lastModified)}`,
    )
    const lmt = jsonObject(sent.answer.body)?.['LastModifiedTime']
    return typeof lmt === 'string' && lmt ? lmt : null
  }
  ctx.log.deviation(
    step,
    sent.exchange,
    `LastModifiedTime ${show(lastModified)} comes back from LibreOffice Online as ${show(echoed)} (it reads the fraction as microseconds), and the host answered ${describeAnswer(sent.answer)}`,
    isCoolConflict(sent.answer)
      ? 'Every save from LibreOffice Online is refused with "Document has been changed in storage", though nobody changed the file. Send LastModifiedTime with six fraction digits (or none).'
      : 'LibreOffice Online reports a failed save.',
  )
  return null
}

function isAuthFailure(status: number): boolean {
  return status === 401 || status === 403 || status === 404
}

function readCheckFileInfo(session: EditorSession, cfi: Sent): CollaboraView {
  // declared, not destructured: TypeScript narrows after ctx.log.fatal only through declared types
  const ctx: ScenarioContext = session.ctx
  const step = 'CheckFileInfo'
  const { info, deviation, mark } = readFileInfoJson(session, cfi, FILE_INFO_READING)

  const baseName = info['BaseFileName']
  if (typeof baseName !== 'string' || baseName.trim() === '') {
    ctx.log.fatal(
      step,
      cfi.exchange,
      `CheckFileInfo BaseFileName is ${typeName(baseName)}`,
      'Collabora downloads the document under this name; without one the document does not load.',
    )
  }
  const { stem, ext } = splitName(baseName)

  const size = readSize(ctx, cfi, info)
  const userId = info['UserId']
  if (typeof userId !== 'string' || userId === '') {
    deviation(
      `CheckFileInfo UserId is ${typeName(userId)}`,
      'Collabora cannot tell users apart: comments and tracked changes are attributed to "UnknownUser".',
    )
  }
  const friendly = info['UserFriendlyName']
  if (typeof friendly !== 'string' || friendly.trim() === '') {
    const shown = typeof userId === 'string' && userId ? `UnknownUser_${userId}` : 'UnknownUser'
    deviation(
      friendly === undefined
        ? 'CheckFileInfo has no UserFriendlyName'
        : `CheckFileInfo UserFriendlyName is ${typeName(friendly)} ${show(friendly)}`,
      `Collabora shows the author as ${shown} in comments, tracked changes and the user list.`,
    )
  }
  if (typeof info['OwnerId'] !== 'string' || info['OwnerId'] === '') {
    deviation(
      `CheckFileInfo OwnerId is ${typeName(info['OwnerId'])}`,
      'OwnerId is required by WOPI; Collabora compares it with UserId to decide who owns the document (owner-only actions such as EnableOwnerTermination).',
    )
  }

  let lastModified: string | null = null
  const lmt = info['LastModifiedTime']
  if (lmt === undefined || lmt === '' || lmt === null) {
    deviation(
      'CheckFileInfo has no LastModifiedTime',
      'Collabora sends no X-COOL-WOPI-Timestamp when saving: only the host\'s own change detection can refuse a save that overwrites changes made outside the editor, and Collabora cannot show "Document has been changed in storage".',
    )
  } else {
    lastModified = typeof lmt === 'string' ? lmt : String(lmt)
    const digits = typeof lmt === 'string' ? fractionDigits(lmt) : null
    if (isIsoTimestamp(lmt) && digits !== null && !roundTrips(lmt)) {
      deviation(
        `CheckFileInfo LastModifiedTime ${show(lmt)} has ${digits} fraction digit${digits === 1 ? '' : 's'}: Collabora sends it back as ${show(echoedTimestamp(lmt, 'collabora'))}, LibreOffice Online as ${show(echoedTimestamp(lmt, 'lool'))}`,
        'Both re-write the time with six fraction digits, and LibreOffice Online reads the fraction as microseconds: a host that compares the echoed timestamp exactly refuses their saves as "changed in storage" (the save steps below show what this host does). No fraction, or exactly six digits, round-trips through every client.',
      )
    }
    if (!isIsoTimestamp(lmt)) {
      deviation(
        `CheckFileInfo LastModifiedTime ${show(lmt)} is not an ISO 8601 UTC time`,
        'Collabora echoes it back as X-COOL-WOPI-Timestamp but cannot read it as a time, so its "document changed" handling and modified-time display are unreliable.',
      )
    }
  }

  const canWrite = pocoBool(info['UserCanWrite'])
  if (!canWrite) {
    deviation(`CheckFileInfo UserCanWrite is ${show(info['UserCanWrite'])}`, 'Collabora opens the document read-only: no lock, no saves.')
  }

  const origin = info['PostMessageOrigin']
  if (typeof origin !== 'string' || origin === '') {
    deviation(
      'PostMessageOrigin missing',
      'Collabora sends no postMessages: the host page never hears App_LoadingStatus, UI_Close or File_Rename.',
    )
  } else if (origin === '*') {
    deviation('PostMessageOrigin is "*"', 'Any page that frames the editor receives its messages; Office for the web refuses "*".')
  } else if (!isOrigin(origin)) {
    deviation(
      `PostMessageOrigin ${show(origin)} is not an origin (scheme://host:port)`,
      'The browser drops messages whose target origin does not match the host page: the host page hears nothing.',
    )
  }

  const supportsRename = pocoBool(info['SupportsRename'])
  const userCanRename = pocoBool(info['UserCanRename'])
  if (canWrite && supportsRename && !userCanRename) {
    deviation(
      'SupportsRename is true but UserCanRename is not',
      'Collabora renames through Save As: the user gets a renamed copy and the original stays.',
    )
  }

  const fileUrl = typeof info['FileUrl'] === 'string' && info['FileUrl'] !== '' ? info['FileUrl'] : null
  if (ctx.log.deviationsSince(mark) === 0) {
    ctx.log.ok(
      step,
      cfi.exchange,
      `200 JSON: ${show(baseName)}, Size ${size ?? '?'}, LastModifiedTime ${show(lastModified)}, UserCanWrite ${canWrite}`,
    )
  }
  return {
    name: baseName,
    stem,
    ext,
    size,
    lastModified,
    canWrite,
    supportsLocks: pocoBool(info['SupportsLocks']),
    canRename: supportsRename && userCanRename,
    canSaveAs: !pocoBool(info['UserCanNotWriteRelative']),
    fileUrl,
  }
}

function readSize(ctx: ScenarioContext, cfi: Sent, info: FileInfo): number | null {
  const size = info['Size']
  if (typeof size === 'number' && Number.isSafeInteger(size) && size >= 0) return size
  if (size === undefined) {
    ctx.log.deviation(
      'CheckFileInfo',
      cfi.exchange,
      'CheckFileInfo has no Size',
      'Size is required by WOPI; Collabora records the document as 0 bytes.',
    )
    return null
  }
  if (typeof size === 'string' && /^\d+$/.test(size)) {
    ctx.log.deviation(
      'CheckFileInfo',
      cfi.exchange,
      `CheckFileInfo Size is a string (${show(size)})`,
      'Collabora happens to convert numeric strings, but WOPI requires a JSON number: Office and ONLYOFFICE (which tests Size === 0 to start a new document) misread it.',
    )
    return Number(size)
  }
  ctx.log.deviation(
    'CheckFileInfo',
    cfi.exchange,
    `CheckFileInfo Size is ${show(size)}, not a byte count`,
    'Collabora cannot read it and records the document as 0 bytes.',
  )
  return null
}

async function getFile(
  ctx: ScenarioContext,
  call: (request: WopiCall) => Promise<Sent>,
  view: CollaboraView,
  contentsUrl: string,
): Promise<Buffer> {
  const { log } = ctx
  if (view.fileUrl) {
    const viaFileUrl = await call({ method: 'GET', url: view.fileUrl, token: tokenOrEmpty(view.fileUrl), headers: {} })
    if (viaFileUrl.answer.status === 200) {
      judgeDownload(ctx, 'GetFile (FileUrl)', viaFileUrl, view)
      return viaFileUrl.answer.body
    }
    log.deviation(
      'GetFile (FileUrl)',
      viaFileUrl.exchange,
      `FileUrl answered ${describeAnswer(viaFileUrl.answer)}`,
      'Collabora logs the failure and falls back to <WOPISrc>/contents: opening takes longer.',
    )
  }
  const got = await call({ method: 'GET', url: contentsUrl, token: ctx.token, headers: {} })
  if (got.answer.status !== 200) {
    ctx.log.fatal(
      'GetFile',
      got.exchange,
      `GetFile answered ${describeAnswer(got.answer)}`,
      'Collabora shows "Failed to read document from storage" and opens nothing.',
    )
  }
  judgeDownload(ctx, 'GetFile', got, view)
  return got.answer.body
}

function tokenOrEmpty(url: string): string {
  try {
    return new URL(url).searchParams.get('access_token') ?? ''
  } catch {
    return ''
  }
}

function judgeDownload(ctx: ScenarioContext, step: string, got: Sent, view: CollaboraView): void {
  const bytes = got.answer.body
  const mark = ctx.log.records.length
  if (isZipPackage(view.ext) && !startsWithPk(bytes)) {
    ctx.log.deviation(
      step,
      got.exchange,
      `the ${view.ext} body does not start with PK (${bodyPreview(bytes)})`,
      'Collabora warns that the file is not a zip package; the document most likely fails to load or loads as plain text.',
    )
  }
  if (view.size !== null && view.size !== bytes.length) {
    ctx.log.deviation(
      step,
      got.exchange,
      `GetFile returned ${bytes.length} bytes but CheckFileInfo Size is ${view.size}`,
      'CheckFileInfo and GetFile describe different contents: editors that trust Size (ONLYOFFICE at Size 0) take the wrong path.',
    )
  }
  if (ctx.log.deviationsSince(mark) === 0)
    ctx.log.ok(step, got.exchange, `200: ${bytes.length} bytes${isZipPackage(view.ext) ? ', a zip package (PK)' : ''}`)
}

interface SaveOutcome {
  saved: boolean
  lastModified: string | null
}

/** WopiStorage::handleUploadToStorageResponse for a PutFile. `held` is the LastModifiedTime the editor holds. */
function judgePutFile(
  ctx: ScenarioContext,
  step: string,
  sent: Sent,
  sentTimestamp: string | null,
  held: string | null,
  flavour: Flavour,
): SaveOutcome {
  const { answer, exchange } = sent
  const { log } = ctx
  const header = `X-${flavour.prefix}-WOPI-Timestamp`
  if (answer.status === 200) {
    const json = jsonObject(answer.body)
    const lmt = json?.['LastModifiedTime']
    if (typeof lmt !== 'string' || lmt === '') {
      log.deviation(
        step,
        exchange,
        `PutFile 200 without LastModifiedTime JSON (${json ? 'JSON without LastModifiedTime' : bodyPreview(answer.body)})`,
        held
          ? `${EDITOR} logs "Expected json object with a LastModifiedTime value" and keeps the time it holds: its next save sends ${header} ${show(echoedTimestamp(held, flavour.reader))} again (the following steps show how this host answers that).`
          : `${EDITOR} logs "Expected json object with a LastModifiedTime value"; it had no timestamp to send anyway.`,
      )
      return { saved: true, lastModified: null }
    }
    log.ok(step, exchange, `200: saved${sentTimestamp ? ` with ${header} ${show(sentTimestamp)}` : ''}; new LastModifiedTime ${show(lmt)}`)
    return { saved: true, lastModified: lmt }
  }
  if (answer.status === 409) {
    const json = jsonObject(answer.body)
    if (json && (json['COOLStatusCode'] === 1010 || json['LOOLStatusCode'] === 1010)) {
      // The lesson of loolwsd: the editor re-writes the time, so an exact string comparison on the host fails.
      const reformatted = sentTimestamp !== null && held !== null && sentTimestamp !== held
      log.deviation(
        step,
        exchange,
        `PutFile answered 409 ${flavour.prefix}StatusCode 1010 although only this session changed the file${sentTimestamp ? ` (sent ${header} ${show(sentTimestamp)}${reformatted ? `, the editor's re-formatting of LastModifiedTime ${show(held)}` : ''})` : ''}`,
        `${EDITOR} shows "Document has been changed in storage" and makes the user choose between overwrite, discard and reload: a false alarm.${reformatted ? ' Compare the echoed timestamp with the stored time as instants, not as strings.' : ''}`,
      )
    } else {
      log.deviation(
        step,
        exchange,
        `PutFile answered ${describeAnswer(answer)} without COOLStatusCode`,
        'Collabora reports a save conflict and keeps the changes unsaved.',
      )
    }
    return { saved: false, lastModified: null }
  }
  const consequence =
    answer.status === 413
      ? 'Collabora reports that the document is too large for the storage; the save is lost.'
      : isAuthFailure(answer.status)
        ? 'Collabora treats the session as unauthorized (expired token); the save is lost.'
        : 'Collabora reports "Document cannot be saved" and retries later; the changes stay unsaved.'
  log.deviation(step, exchange, `PutFile answered ${describeAnswer(answer)}`, consequence)
  return { saved: false, lastModified: null }
}

/** The save after an external change must be refused with 409 + COOLStatusCode 1010, leaving the file alone. */
function judgeStaleSave(ctx: ScenarioContext, sent: Sent): void {
  const { answer, exchange } = sent
  const step = 'PutFile after external change'
  if (answer.status === 409) {
    const json = jsonObject(answer.body)
    if (json && (json['COOLStatusCode'] === 1010 || json['LOOLStatusCode'] === 1010)) {
      ctx.log.ok(
        step,
        exchange,
        '409 with COOLStatusCode 1010: the outdated X-COOL-WOPI-Timestamp was refused and the external change kept',
      )
      return
    }
    ctx.log.deviation(
      step,
      exchange,
      `PutFile answered 409 without COOLStatusCode (${json ? 'JSON without COOLStatusCode 1010' : bodyPreview(answer.body)})`,
      'Collabora will show a generic conflict instead of "document changed": the user cannot choose to overwrite or reload.',
    )
    return
  }
  if (answer.status === 200) {
    ctx.log.deviation(
      step,
      exchange,
      'PutFile with an outdated X-COOL-WOPI-Timestamp was accepted (200)',
      'The change made outside the editor was overwritten without a warning: that edit is lost.',
    )
    return
  }
  ctx.log.deviation(
    step,
    exchange,
    `PutFile answered ${describeAnswer(answer)}`,
    'Collabora reports a failed save instead of "document changed"; the user cannot choose to overwrite or reload.',
  )
}

async function saveAs(session: EditorSession, view: CollaboraView, body: Buffer): Promise<void> {
  const step = 'PutRelativeFile (Save As)'
  const name = testCopyName(session.ctx, view)
  // Collabora converts the name with iconv UTF-8 -> UTF-7, which leaves spaces direct (RFC 2152 rule 3).
  const sent = await postToFile(
    session,
    {
      'X-WOPI-Override': 'PUT_RELATIVE',
      'X-WOPI-Size': String(body.length),
      'X-WOPI-SuggestedTarget': utf7.encode(name, ' '),
      'Content-Type': 'application/octet-stream',
    },
    body,
  )
  await judgeCopyAnswer(session, step, sent, {
    copyStep: 'Save As',
    refused: (answer) =>
      answer.status === 501
        ? 'Save As is not implemented: set UserCanNotWriteRelative so Collabora hides Save As instead of failing.'
        : answer.status === 409 || answer.status === 400
          ? 'Collabora reports that Save As failed; with X-WOPI-SuggestedTarget the host should pick a free name instead of refusing.'
          : 'Collabora reports that Save As failed; no copy is made.',
    notJson: {
      consequence: 'Collabora logs "Invalid or missing JSON" and cannot open the copy.',
      leftover: `Look for a copy named like "${name}" next to the document and remove it.`,
    },
    noName: 'Collabora cannot tell the user what the copy is called.',
    noUrl: {
      consequence: 'Collabora cannot switch to the new copy after Save As: the user keeps editing the original without being told.',
      leftover: (copyName) => `Remove the test copy "${copyName ?? name}" next to the document.`,
    },
    created: (copyName) => `200: copy ${show(copyName)} created (asked for ${show(name)}, sent as UTF-7)`,
  })
}

async function renameAndRestore(session: EditorSession, view: CollaboraView, lockId: string | null, body: Buffer): Promise<void> {
  const requested = testRenameStem(session.ctx, view)
  const rename = (stem: string): Promise<Sent> => {
    const headers: Record<string, string> = {
      'X-WOPI-Override': 'RENAME_FILE',
      'X-WOPI-RequestedName': utf7.encode(stem, ' '),
      'Content-Type': 'application/octet-stream',
    }
    if (lockId) headers['X-WOPI-Lock'] = lockId
    return postToFile(session, headers, body)
  }
  const step = 'RenameFile'
  const sent = await rename(requested)
  const newName = judgeRename(session, step, sent)
  if (newName === undefined) return
  const expected = newName === null ? null : `${newName}${view.ext}`
  const baseName = await checkStoredName(session, expected, {
    mismatch: `but RenameFile answered Name ${show(newName)} (expected ${show(expected)})`,
    consequence: 'The editor shows a name that storage does not have.',
  })
  const restored = await rename(view.stem)
  // A 200 without a Name means "renamed as asked".
  const restoredName = restored.answer.status === 200 ? jsonObject(restored.answer.body)?.['Name'] : undefined
  const renamedBack = restored.answer.status === 200 && (restoredName === undefined || restoredName === view.stem)
  judgeRenameBack(session, restored, view, renamedBack, baseName ?? expected ?? requested)
}

/** Returns the new name (null when the host gave none but succeeded) or undefined when the rename failed. */
function judgeRename(session: EditorSession, step: string, sent: Sent): string | null | undefined {
  const judged = judgeRenameAnswer(session, step, sent, {
    refused: (answer) =>
      answer.status === 409
        ? 'Collabora reports that renaming failed (the lock it sent was refused).'
        : answer.status === 501
          ? 'SupportsRename is true but RenameFile is not implemented: Collabora offers a rename that always fails.'
          : 'Collabora reports that renaming failed.',
    notJson: 'Collabora logs "Invalid or missing JSON" and does not learn the new name.',
    noName: 'Collabora cannot show the new name: the name field keeps the old one.',
    renamed: (name) => `200: renamed to ${show(name)} (requested as UTF-7, the document sent as the body)`,
  })
  if (judged.kind === 'refused') return undefined
  return judged.kind === 'renamed' ? judged.name : null
}
