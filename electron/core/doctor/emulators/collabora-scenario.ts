import utf7 from 'utf7'
import { signProof, unixMsToTicks } from '../../wopi/proof-keys'
import type { FileInfo } from './file-info'
import { caseMismatch, isIsoTimestamp, typeName, isOrigin, isZipPackage, show, splitName, startsWithPk } from './file-info'
import type { ScenarioContext, Sent } from './scenario-kit'
import { bodyPreview, contentsOf, contentTypeOf, describeAnswer, openFailure, send, verifyAndRemoveCopy } from './scenario-kit'
import type { WopiCall } from './wopi-transport'
import { createWopiTransport, jsonObject, withToken } from './wopi-transport'

// Collabora Online as a WOPI client, replayed from its sources (clients.md 2.1): wsd/wopi/WopiStorage.cpp
// (requests and how answers are read), wsd/Storage.cpp (lock token "cool-lock" + 8 hex digits, refresh = LOCK
// again), wsd/DocumentBroker.cpp (lock before download, read-only when the lock fails), wsd/ProofKey.cpp
// (X-WOPI-Proof + X-WOPI-TimeStamp only) and common/JsonUtil.hpp (exact-case property names, string-to-number
// conversion). Nothing here was observed against a running Collabora.

const EDITOR = 'Collabora'
const USER_AGENT = 'COOLWSD HTTP Agent 25.04 (WOPI Desk emulation)'

/** CheckFileInfo properties whose exact spelling Collabora's JSON reader needs (findJSONValue). */
const READ_KEYS = [
  'BaseFileName', 'OwnerId', 'Size', 'UserId', 'UserFriendlyName', 'LastModifiedTime', 'UserCanWrite', 'PostMessageOrigin',
  'SupportsLocks', 'SupportsRename', 'UserCanRename', 'UserCanNotWriteRelative', 'FileUrl',
]

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

export async function runCollaboraScenario(ctx: ScenarioContext): Promise<void> {
  const { log, options } = ctx
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
    send(transport, { ...request, headers: { 'User-Agent': USER_AGENT, 'X-COOL-WOPI-ServerId': serverId, ...request.headers } })
  const fileUrl = withToken(ctx.wopiSrc, ctx.token)
  const contentsUrl = withToken(contentsOf(ctx.wopiSrc), ctx.token)

  // --- CheckFileInfo (WopiStorage::getWOPIFileInfo) ---
  const cfi = await call({ method: 'GET', url: fileUrl, token: ctx.token, headers: {} })
  const view = readCheckFileInfo(ctx, cfi)

  // --- Lock before download, only for editing sessions (DocumentBroker::lockIfEditing) ---
  let editable = view.canWrite && options.write
  let lockId: string | null = null
  try {
    if (editable && view.supportsLocks) {
      const id = `cool-lock${ctx.random.bytes(4).toString('hex')}`
      const locked = await call({ method: 'POST', url: fileUrl, token: ctx.token, headers: { 'X-WOPI-Override': 'LOCK', 'X-WOPI-Lock': id } })
      if (locked.answer.status === 200) {
        lockId = id
        log.ok('Lock', locked.exchange, `200: lock "${id}" taken (empty body, Content-Length 0)`)
      } else {
        editable = false
        log.deviation(
          'Lock',
          locked.exchange,
          `LOCK answered ${describeAnswer(locked.answer)}`,
          isAuthFailure(locked.answer.status)
            ? 'Collabora treats this as an expired token and opens the session read-only.'
            : 'Collabora logs "Failed to lock ... Session will be read-only": the user cannot edit.',
        )
      }
    }

    // --- GetFile (WopiStorage::downloadStorageFileToLocal: FileUrl first, then <WOPISrc>/contents) ---
    const downloaded = await getFile(ctx, call, view, contentsUrl)
    let current = downloaded
    await ctx.hooks.afterOpen?.()

    if (!options.write) {
      log.ok('Read-only run', { request: null, status: null }, 'writes were turned off: lock, saves, Save As and rename were not tried')
      return
    }
    if (!editable) return

    // --- Lock refresh: LOCK again with the same id every storage.wopi.locking.refresh (LockContext::needsRefresh) ---
    if (lockId) {
      for (let n = 1; n <= options.lockRefreshes; n++) {
        await options.sleep(options.lockRefreshIntervalMs)
        const refreshed = await call({ method: 'POST', url: fileUrl, token: ctx.token, headers: { 'X-WOPI-Override': 'LOCK', 'X-WOPI-Lock': lockId } })
        if (refreshed.answer.status === 200) {
          log.ok(`Lock refresh ${n}`, refreshed.exchange, `200: LOCK with the held id "${lockId}" refreshed the lock (Collabora never sends REFRESH_LOCK)`)
        } else {
          log.deviation(
            `Lock refresh ${n}`,
            refreshed.exchange,
            `LOCK with the id this session already holds answered ${describeAnswer(refreshed.answer)}`,
            'Collabora refreshes its lock only this way (every 900 s by default): the lock lapses after 30 minutes and later saves are refused.',
          )
        }
      }
    }

    // --- PutFile: autosave, then saves that must carry the LastModifiedTime of the previous answer ---
    let lastModified = view.lastModified
    const save = async (body: Buffer, flags: { autosave: boolean; forced: boolean }): Promise<Sent> => {
      const headers: Record<string, string> = {
        'X-WOPI-Override': 'PUT',
        'X-COOL-WOPI-IsModifiedByUser': 'true',
        'X-COOL-WOPI-IsAutosave': String(flags.autosave),
        'X-COOL-WOPI-IsExitSave': 'false',
        'Content-Type': 'application/octet-stream',
      }
      if (lockId) headers['X-WOPI-Lock'] = lockId
      if (!flags.forced && lastModified) headers['X-COOL-WOPI-Timestamp'] = lastModified
      return call({ method: 'POST', url: contentsUrl, token: ctx.token, headers, body })
    }
    for (let n = 1; n <= options.saves; n++) {
      const body = options.edited(downloaded, n)
      const step = n === 1 ? 'PutFile (autosave)' : `PutFile (save ${n})`
      const sent = await save(body, { autosave: n === 1, forced: false })
      const outcome = judgePutFile(ctx, step, sent, lastModified)
      if (outcome.saved) current = body
      if (outcome.lastModified) lastModified = outcome.lastModified
    }
    if (options.saves > 1 && !view.lastModified) {
      log.deviation(
        'PutFile conflict detection',
        { request: null, status: null },
        'no save carried X-COOL-WOPI-Timestamp because CheckFileInfo gave no LastModifiedTime',
        'Changes made to the file outside the editor are overwritten without a warning.',
      )
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
      const outcome = judgePutFile(ctx, 'PutFile (forced overwrite, no timestamp)', forced, null)
      if (outcome.saved) current = body
      if (outcome.lastModified) lastModified = outcome.lastModified
    }

    // --- Save As: PUT_RELATIVE, full UTF-7 name, X-WOPI-Size, no lock ---
    if (options.saveAs && view.canSaveAs) {
      await saveAs(ctx, call, fileUrl, view, current)
    }

    // --- RenameFile: RENAME_FILE, UTF-7 name without extension, lock, the document itself as the body ---
    if (options.rename && view.canRename) {
      await renameAndRestore(ctx, call, fileUrl, view, lockId, current)
    }
  } finally {
    // --- UNLOCK when the session ends ---
    if (lockId) {
      const unlocked = await call({ method: 'POST', url: fileUrl, token: ctx.token, headers: { 'X-WOPI-Override': 'UNLOCK', 'X-WOPI-Lock': lockId } })
      if (unlocked.answer.status === 200) log.ok('Unlock', unlocked.exchange, `200: lock "${lockId}" released`)
      else
        log.deviation(
          'Unlock',
          unlocked.exchange,
          `UNLOCK answered ${describeAnswer(unlocked.answer)}`,
          'The lock stays until it expires (30 minutes): meanwhile other editors can only open the document read-only.',
        )
    }
  }
}

function isAuthFailure(status: number): boolean {
  return status === 401 || status === 403 || status === 404
}

function readCheckFileInfo(ctx: ScenarioContext, cfi: Sent): CollaboraView {
  const { log } = ctx
  const step = 'CheckFileInfo'
  if (cfi.answer.error) {
    ctx.log.fatal(step, cfi.exchange, `the host did not answer: ${cfi.answer.error}`, 'Collabora shows "Failed to read document from storage" and opens nothing.')
  }
  if (cfi.answer.status !== 200) ctx.log.fatal(step, cfi.exchange, `CheckFileInfo answered ${describeAnswer(cfi.answer)}`, openFailure(cfi.answer.status, EDITOR))
  const info = jsonObject(cfi.answer.body)
  if (!info) {
    ctx.log.fatal(
      step,
      cfi.exchange,
      `CheckFileInfo answered 200 with ${bodyPreview(cfi.answer.body)} (${contentTypeOf(cfi.answer)}), not a JSON object`,
      'Collabora logs "CheckFileInfo is missing JSON payload" and opens nothing.',
    )
  }
  const mark = log.records.length

  for (const key of READ_KEYS) {
    const found = caseMismatch(info, key)
    if (found) {
      log.deviation(step, cfi.exchange, `CheckFileInfo has "${found}" instead of "${key}"`, `Collabora matches property names exactly: it logs "Incorrect JSON property [${found}]" and ignores the value.`)
    }
  }

  const baseName = info['BaseFileName']
  if (typeof baseName !== 'string' || baseName.trim() === '') {
    ctx.log.fatal(step, cfi.exchange, `CheckFileInfo BaseFileName is ${typeName(baseName)}`, 'Collabora downloads the document under this name; without one the document does not load.')
  }
  const { stem, ext } = splitName(baseName)

  const size = readSize(ctx, cfi, info)
  const userId = info['UserId']
  if (typeof userId !== 'string' || userId === '') {
    log.deviation(step, cfi.exchange, `CheckFileInfo UserId is ${typeName(userId)}`, 'Collabora cannot tell users apart: comments and tracked changes are attributed to "UnknownUser".')
  }
  const friendly = info['UserFriendlyName']
  if (typeof friendly !== 'string' || friendly.trim() === '') {
    const shown = typeof userId === 'string' && userId ? `UnknownUser_${userId}` : 'UnknownUser'
    log.deviation(
      step,
      cfi.exchange,
      friendly === undefined ? 'CheckFileInfo has no UserFriendlyName' : `CheckFileInfo UserFriendlyName is ${typeName(friendly)} ${show(friendly)}`,
      `Collabora shows the author as ${shown} in comments, tracked changes and the user list.`,
    )
  }
  if (typeof info['OwnerId'] !== 'string' || info['OwnerId'] === '') {
    log.deviation(step, cfi.exchange, `CheckFileInfo OwnerId is ${typeName(info['OwnerId'])}`, 'OwnerId is required by WOPI; Collabora compares it with UserId to decide who owns the document (owner-only actions such as EnableOwnerTermination).')
  }

  let lastModified: string | null = null
  const lmt = info['LastModifiedTime']
  if (lmt === undefined || lmt === '' || lmt === null) {
    log.deviation(step, cfi.exchange, 'CheckFileInfo has no LastModifiedTime', 'Collabora sends no X-COOL-WOPI-Timestamp when saving, so the host cannot refuse a save that overwrites changes made outside the editor.')
  } else {
    lastModified = typeof lmt === 'string' ? lmt : String(lmt)
    if (!isIsoTimestamp(lmt)) {
      log.deviation(
        step,
        cfi.exchange,
        `CheckFileInfo LastModifiedTime ${show(lmt)} is not an ISO 8601 UTC time`,
        'Collabora echoes it back as X-COOL-WOPI-Timestamp but cannot read it as a time, so its "document changed" handling and modified-time display are unreliable.',
      )
    }
  }

  const canWrite = pocoBool(info['UserCanWrite'])
  if (!canWrite) {
    log.deviation(step, cfi.exchange, `CheckFileInfo UserCanWrite is ${show(info['UserCanWrite'])}`, 'Collabora opens the document read-only: no lock, no saves.')
  }

  const origin = info['PostMessageOrigin']
  if (typeof origin !== 'string' || origin === '') {
    log.deviation(step, cfi.exchange, 'PostMessageOrigin missing', 'Collabora sends no postMessages: the host page never hears App_LoadingStatus, UI_Close or File_Rename.')
  } else if (origin === '*') {
    log.deviation(step, cfi.exchange, 'PostMessageOrigin is "*"', 'Any page that frames the editor receives its messages; Office for the web refuses "*".')
  } else if (!isOrigin(origin)) {
    log.deviation(step, cfi.exchange, `PostMessageOrigin ${show(origin)} is not an origin (scheme://host:port)`, 'The browser drops messages whose target origin does not match the host page: the host page hears nothing.')
  }

  const supportsRename = pocoBool(info['SupportsRename'])
  const userCanRename = pocoBool(info['UserCanRename'])
  if (canWrite && supportsRename && !userCanRename) {
    log.deviation(step, cfi.exchange, 'SupportsRename is true but UserCanRename is not', 'Collabora renames through Save As: the user gets a renamed copy and the original stays.')
  }

  const fileUrl = typeof info['FileUrl'] === 'string' && info['FileUrl'] !== '' ? info['FileUrl'] : null
  if (log.deviationsSince(mark) === 0) {
    log.ok(step, cfi.exchange, `200 JSON: ${show(baseName)}, Size ${size ?? '?'}, LastModifiedTime ${show(lastModified)}, UserCanWrite ${canWrite}`)
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
    ctx.log.deviation('CheckFileInfo', cfi.exchange, 'CheckFileInfo has no Size', 'Size is required by WOPI; Collabora records the document as 0 bytes.')
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
  ctx.log.deviation('CheckFileInfo', cfi.exchange, `CheckFileInfo Size is ${show(size)}, not a byte count`, 'Collabora cannot read it and records the document as 0 bytes.')
  return null
}

async function getFile(ctx: ScenarioContext, call: (request: WopiCall) => Promise<Sent>, view: CollaboraView, contentsUrl: string): Promise<Buffer> {
  const { log } = ctx
  if (view.fileUrl) {
    const viaFileUrl = await call({ method: 'GET', url: view.fileUrl, token: tokenOrEmpty(view.fileUrl), headers: {} })
    if (viaFileUrl.answer.status === 200) {
      judgeDownload(ctx, 'GetFile (FileUrl)', viaFileUrl, view)
      return viaFileUrl.answer.body
    }
    log.deviation('GetFile (FileUrl)', viaFileUrl.exchange, `FileUrl answered ${describeAnswer(viaFileUrl.answer)}`, 'Collabora logs the failure and falls back to <WOPISrc>/contents: opening takes longer.')
  }
  const got = await call({ method: 'GET', url: contentsUrl, token: ctx.token, headers: {} })
  if (got.answer.status !== 200) {
    ctx.log.fatal('GetFile', got.exchange, `GetFile answered ${describeAnswer(got.answer)}`, 'Collabora shows "Failed to read document from storage" and opens nothing.')
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
    ctx.log.deviation(step, got.exchange, `the ${view.ext} body does not start with PK (${bodyPreview(bytes)})`, 'Collabora warns that the file is not a zip package; the document most likely fails to load or loads as plain text.')
  }
  if (view.size !== null && view.size !== bytes.length) {
    ctx.log.deviation(step, got.exchange, `GetFile returned ${bytes.length} bytes but CheckFileInfo Size is ${view.size}`, 'CheckFileInfo and GetFile describe different contents: editors that trust Size (ONLYOFFICE at Size 0) take the wrong path.')
  }
  if (ctx.log.deviationsSince(mark) === 0) ctx.log.ok(step, got.exchange, `200: ${bytes.length} bytes${isZipPackage(view.ext) ? ', a zip package (PK)' : ''}`)
}

interface SaveOutcome {
  saved: boolean
  lastModified: string | null
}

/** WopiStorage::handleUploadToStorageResponse for a PutFile. */
function judgePutFile(ctx: ScenarioContext, step: string, sent: Sent, sentTimestamp: string | null): SaveOutcome {
  const { answer, exchange } = sent
  const { log } = ctx
  if (answer.status === 200) {
    const json = jsonObject(answer.body)
    const lmt = json?.['LastModifiedTime']
    if (typeof lmt !== 'string' || lmt === '') {
      log.deviation(
        step,
        exchange,
        `PutFile 200 without LastModifiedTime JSON (${json ? 'JSON without LastModifiedTime' : bodyPreview(answer.body)})`,
        'Collabora warns ("Expected json object with a LastModifiedTime value") and keeps sending its old timestamp: the host either refuses the next save as "document changed" or cannot detect later conflicts.',
      )
      return { saved: true, lastModified: null }
    }
    log.ok(step, exchange, `200: saved${sentTimestamp ? ` with X-COOL-WOPI-Timestamp ${show(sentTimestamp)}` : ''}; new LastModifiedTime ${show(lmt)}`)
    return { saved: true, lastModified: lmt }
  }
  if (answer.status === 409) {
    const json = jsonObject(answer.body)
    if (json && (json['COOLStatusCode'] === 1010 || json['LOOLStatusCode'] === 1010)) {
      log.deviation(
        step,
        exchange,
        `PutFile answered 409 COOLStatusCode 1010 although only this session changed the file${sentTimestamp ? ` (sent X-COOL-WOPI-Timestamp ${show(sentTimestamp)})` : ''}`,
        'Collabora shows "Document has been changed in storage" and makes the user choose between overwrite, discard and reload: a false alarm.',
      )
    } else {
      log.deviation(step, exchange, `PutFile answered ${describeAnswer(answer)} without COOLStatusCode`, 'Collabora reports a save conflict and keeps the changes unsaved.')
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
      ctx.log.ok(step, exchange, '409 with COOLStatusCode 1010: the outdated X-COOL-WOPI-Timestamp was refused and the external change kept')
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
  ctx.log.deviation(step, exchange, `PutFile answered ${describeAnswer(answer)}`, 'Collabora reports a failed save instead of "document changed"; the user cannot choose to overwrite or reload.')
}

async function saveAs(ctx: ScenarioContext, call: (request: WopiCall) => Promise<Sent>, fileUrl: string, view: CollaboraView, body: Buffer): Promise<void> {
  const { log } = ctx
  const step = 'PutRelativeFile (Save As)'
  const name = ctx.options.saveAsName ?? `${view.stem} (WOPI Desk check)${view.ext}`
  // Collabora converts the name with iconv UTF-8 -> UTF-7, which leaves spaces direct (RFC 2152 rule 3).
  const sent = await call({
    method: 'POST',
    url: fileUrl,
    token: ctx.token,
    headers: {
      'X-WOPI-Override': 'PUT_RELATIVE',
      'X-WOPI-Size': String(body.length),
      'X-WOPI-SuggestedTarget': utf7.encode(name, ' '),
      'Content-Type': 'application/octet-stream',
    },
    body,
  })
  if (sent.answer.status !== 200) {
    const consequence =
      sent.answer.status === 501
        ? 'Save As is not implemented: set UserCanNotWriteRelative so Collabora hides Save As instead of failing.'
        : sent.answer.status === 409 || sent.answer.status === 400
          ? 'Collabora reports that Save As failed; with X-WOPI-SuggestedTarget the host should pick a free name instead of refusing.'
          : 'Collabora reports that Save As failed; no copy is made.'
    log.deviation(step, sent.exchange, `PutRelativeFile answered ${describeAnswer(sent.answer)}`, consequence)
    return
  }
  const json = jsonObject(sent.answer.body)
  if (!json) {
    log.deviation(step, sent.exchange, `PutRelativeFile 200 with ${bodyPreview(sent.answer.body)}, not JSON`, 'Collabora logs "Invalid or missing JSON" and cannot open the copy.')
    ctx.leftovers.push(`Look for a copy named like "${name}" next to the document and remove it.`)
    return
  }
  const copyName = typeof json['Name'] === 'string' ? json['Name'] : null
  const copyUrl = typeof json['Url'] === 'string' ? json['Url'] : null
  if (!copyName) log.deviation(step, sent.exchange, 'PutRelativeFile response without Name', 'Collabora cannot tell the user what the copy is called.')
  if (!copyUrl) {
    log.deviation(step, sent.exchange, 'PutRelativeFile response without Url', 'Collabora cannot switch to the new copy after Save As: the user keeps editing the original without being told.')
    ctx.leftovers.push(`Remove the test copy "${copyName ?? name}" next to the document.`)
    return
  }
  if (copyName) log.ok(step, sent.exchange, `200: copy ${show(copyName)} created (asked for ${show(name)}, sent as UTF-7)`)
  await verifyAndRemoveCopy(ctx, { step: 'Save As', editor: EDITOR, call }, copyName, copyUrl)
}

async function renameAndRestore(
  ctx: ScenarioContext,
  call: (request: WopiCall) => Promise<Sent>,
  fileUrl: string,
  view: CollaboraView,
  lockId: string | null,
  body: Buffer,
): Promise<void> {
  const { log } = ctx
  const requested = ctx.options.renameTo ?? `${view.stem} (WOPI Desk rename check)`
  const rename = (stem: string): Promise<Sent> => {
    const headers: Record<string, string> = {
      'X-WOPI-Override': 'RENAME_FILE',
      'X-WOPI-RequestedName': utf7.encode(stem, ' '),
      'Content-Type': 'application/octet-stream',
    }
    if (lockId) headers['X-WOPI-Lock'] = lockId
    return call({ method: 'POST', url: fileUrl, token: ctx.token, headers, body })
  }
  const step = 'RenameFile'
  const sent = await rename(requested)
  const newName = judgeRename(ctx, step, sent)
  if (newName === undefined) return
  // Not an editor request: confirm storage now has the name the editor was told.
  const check = await call({ method: 'GET', url: withToken(ctx.wopiSrc, ctx.token), token: ctx.token, headers: {} })
  const info = check.answer.status === 200 ? jsonObject(check.answer.body) : null
  const baseName = info && typeof info['BaseFileName'] === 'string' ? info['BaseFileName'] : null
  const expected = newName === null ? null : `${newName}${view.ext}`
  if (expected !== null && baseName !== expected) {
    log.deviation(
      'CheckFileInfo after rename (WOPI Desk check)',
      check.exchange,
      `after RenameFile, BaseFileName is ${show(baseName)} but RenameFile answered Name ${show(newName)} (expected ${show(expected)})`,
      'The editor shows a name that storage does not have.',
    )
  } else {
    log.ok('CheckFileInfo after rename (WOPI Desk check)', check.exchange, `BaseFileName is now ${show(baseName)}; the file id (WOPISrc) did not change`)
  }
  // Put the original name back (WOPI Desk clean-up; a real editor would keep the new name).
  const restoreStep = 'RenameFile back to the original name (WOPI Desk clean-up)'
  const restored = await rename(view.stem)
  const restoredName = restored.answer.status === 200 ? jsonObject(restored.answer.body)?.['Name'] : undefined
  if (restored.answer.status === 200 && (restoredName === undefined || restoredName === view.stem)) {
    log.ok(restoreStep, restored.exchange, `200: renamed back to ${show(view.name)}`)
  } else {
    log.deviation(restoreStep, restored.exchange, `renaming back answered ${describeAnswer(restored.answer)}${typeof restoredName === 'string' ? `, Name ${show(restoredName)}` : ''}`, `The document keeps a test name.`)
    ctx.leftovers.push(`Rename the document back to "${view.name}" (it is now called "${baseName ?? expected ?? requested}").`)
  }
}

/** Returns the new name (null when the host gave none but succeeded) or undefined when the rename failed. */
function judgeRename(ctx: ScenarioContext, step: string, sent: Sent): string | null | undefined {
  const { answer, exchange } = sent
  if (answer.status !== 200) {
    const consequence =
      answer.status === 409
        ? 'Collabora reports that renaming failed (the lock it sent was refused).'
        : answer.status === 501
          ? 'SupportsRename is true but RenameFile is not implemented: Collabora offers a rename that always fails.'
          : 'Collabora reports that renaming failed.'
    ctx.log.deviation(step, exchange, `RenameFile answered ${describeAnswer(answer)}`, consequence)
    return undefined
  }
  const json = jsonObject(answer.body)
  if (!json) {
    ctx.log.deviation(step, exchange, `RenameFile 200 with ${bodyPreview(answer.body)}, not JSON`, 'Collabora logs "Invalid or missing JSON" and does not learn the new name.')
    return null
  }
  const name = json['Name']
  if (typeof name !== 'string' || name === '') {
    ctx.log.deviation(step, exchange, 'RenameFile response without Name', 'Collabora cannot show the new name: the name field keeps the old one.')
    return null
  }
  ctx.log.ok(step, exchange, `200: renamed to ${show(name)} (requested as UTF-7, the document sent as the body)`)
  return name
}
