import type { FileInfo } from './file-info'
import { caseMismatch, show } from './file-info'
import type { ScenarioContext, Sent } from './scenario-kit'
import { bodyPreview, contentTypeOf, describeAnswer, openFailure, verifyAndRemoveCopy } from './scenario-kit'
import type { WopiAnswer, WopiCall } from './wopi-transport'
import { jsonObject } from './wopi-transport'

// The request-and-judge steps that Collabora and ONLYOFFICE take the same way: the lock lifecycle, reading the
// CheckFileInfo JSON, the answer to a PutRelativeFile, and the WOPI Desk checks around a rename. What differs
// between the editors (header names, lock ids, the order of calls, the words of a consequence) is passed in by
// each scenario, so a step here never decides which editor it replays.

export interface EditorSession {
  ctx: ScenarioContext
  /** the editor's name in findings and consequences */
  editor: string
  /** sends a WOPI request with the editor's usual headers */
  call: (request: WopiCall) => Promise<Sent>
  /** `<WOPISrc>?access_token=...` built the way this editor builds it */
  fileUrl: string
}

/** A POST to the WOPISrc itself (LOCK, PUT_RELATIVE, RENAME_FILE...); X-WOPI-Override in `headers` names the operation. */
export function postToFile(session: EditorSession, headers: Record<string, string>, body?: Buffer): Promise<Sent> {
  return session.call({ method: 'POST', url: session.fileUrl, token: session.ctx.token, headers, body })
}

/** The name asked for the Save As test copy: the user's choice, or one that says where it came from. */
export function testCopyName(ctx: ScenarioContext, document: { stem: string; ext: string }): string {
  return ctx.options.saveAsName ?? `${document.stem} (WOPI Desk check)${document.ext}`
}

/** The name (without extension) asked for by the rename test: the user's choice, or one that says where it came from. */
export function testRenameStem(ctx: ScenarioContext, document: { stem: string }): string {
  return ctx.options.renameTo ?? `${document.stem} (WOPI Desk rename check)`
}

/** LOCK, REFRESH_LOCK and UNLOCK: a bodiless POST to the WOPISrc naming the lock id. */
function sendLockRequest(session: EditorSession, override: 'LOCK' | 'REFRESH_LOCK' | 'UNLOCK', lockId: string): Promise<Sent> {
  return postToFile(session, { 'X-WOPI-Override': override, 'X-WOPI-Lock': lockId })
}

export interface LockWording {
  /** finding when the host answers 200 */
  taken: string
  /** start of the finding when it does not; the described answer follows */
  refused: string
  /** what the editor does after a refusal */
  consequence: (answer: WopiAnswer) => string
}

/** LOCK at open. A refusal leaves the session read-only, as both editors do; returns whether the lock is held. */
export async function takeLock(session: EditorSession, lockId: string, wording: LockWording): Promise<boolean> {
  const { ctx } = session
  const locked = await sendLockRequest(session, 'LOCK', lockId)
  if (locked.answer.status === 200) {
    ctx.log.ok('Lock', locked.exchange, wording.taken)
    return true
  }
  ctx.readOnly = `LOCK answered ${locked.answer.error ? 'nothing' : locked.answer.status}`
  ctx.log.deviation('Lock', locked.exchange, `${wording.refused} ${describeAnswer(locked.answer)}`, wording.consequence(locked.answer))
  return false
}

export interface RefreshWording {
  /** Collabora refreshes by sending LOCK again, ONLYOFFICE sends REFRESH_LOCK */
  override: 'LOCK' | 'REFRESH_LOCK'
  /** step name; the refresh number follows */
  step: string
  /** finding when the host answers 200 */
  kept: string
  /** start of the finding when it does not; the described answer follows */
  refused: string
  consequence: string
}

/** The lock refreshes of a long session, each after the editor's refresh interval. */
export async function refreshLock(session: EditorSession, lockId: string, wording: RefreshWording): Promise<void> {
  const { ctx } = session
  for (let n = 1; n <= ctx.options.lockRefreshes; n++) {
    await ctx.options.sleep(ctx.options.lockRefreshIntervalMs)
    const refreshed = await sendLockRequest(session, wording.override, lockId)
    const step = `${wording.step} ${n}`
    if (refreshed.answer.status === 200) ctx.log.ok(step, refreshed.exchange, wording.kept)
    else ctx.log.deviation(step, refreshed.exchange, `${wording.refused} ${describeAnswer(refreshed.answer)}`, wording.consequence)
  }
}

/** UNLOCK when the session ends; `consequence` says what a lock left behind costs with this editor. */
export async function releaseLock(session: EditorSession, lockId: string, consequence: string): Promise<void> {
  const unlocked = await sendLockRequest(session, 'UNLOCK', lockId)
  if (unlocked.answer.status === 200) session.ctx.log.ok('Unlock', unlocked.exchange, `200: lock "${lockId}" released`)
  else session.ctx.log.deviation('Unlock', unlocked.exchange, `UNLOCK answered ${describeAnswer(unlocked.answer)}`, consequence)
}

export interface FileInfoReading {
  /** the properties this editor reads, spelled as it matches them */
  readKeys: readonly string[]
  /** what the editor does when the host does not answer at all */
  noAnswer: string
  /** what the editor does with a 200 that is not a JSON object */
  notJson: string
  /** what the editor does with a property spelled in another case (`found` instead of `key`) */
  misspelt: (found: string, key: string) => string
}

export interface FileInfoAnswer {
  info: FileInfo
  /** records a deviation found in this CheckFileInfo answer */
  deviation: (finding: string, consequence: string) => void
  /** where this answer's findings start in the log: none since then means the answer is fine */
  mark: number
}

/**
 * The CheckFileInfo JSON, or a fatal step where the editor opens nothing (no answer, not 200, not a JSON
 * object); then one deviation per property the editor reads that the host spelled in another case.
 */
export function readFileInfoJson(session: EditorSession, cfi: Sent, reading: FileInfoReading): FileInfoAnswer {
  // declared, not destructured: TypeScript narrows after ctx.log.fatal only through declared types
  const ctx: ScenarioContext = session.ctx
  const step = 'CheckFileInfo'
  if (cfi.answer.error) ctx.log.fatal(step, cfi.exchange, `the host did not answer: ${cfi.answer.error}`, reading.noAnswer)
  if (cfi.answer.status !== 200)
    ctx.log.fatal(
      step,
      cfi.exchange,
      `CheckFileInfo answered ${describeAnswer(cfi.answer)}`,
      openFailure(cfi.answer.status, session.editor),
    )
  const info = jsonObject(cfi.answer.body)
  if (!info) {
    ctx.log.fatal(
      step,
      cfi.exchange,
      `CheckFileInfo answered 200 with ${bodyPreview(cfi.answer.body)} (${contentTypeOf(cfi.answer)}), not a JSON object`,
      reading.notJson,
    )
  }
  const mark = ctx.log.records.length
  const deviation = (finding: string, consequence: string): void => ctx.log.deviation(step, cfi.exchange, finding, consequence)
  for (const key of reading.readKeys) {
    const found = caseMismatch(info, key)
    if (found) deviation(`CheckFileInfo has "${found}" instead of "${key}"`, reading.misspelt(found, key))
  }
  return { info, deviation, mark }
}

export interface CopyWording {
  /** step name for the requests about the copy itself ('Save As', 'Save a copy', ...) */
  copyStep: string
  /** what the editor does when PutRelativeFile is not answered 200 */
  refused: (answer: WopiAnswer) => string
  /** what the editor does with a 200 that is not JSON, and what the user is then asked to clean up */
  notJson: { consequence: string; leftover: string }
  /** what the editor does without a Name */
  noName: string
  /** what the editor does without a Url, and what the user is then asked to clean up (`name`: the answered Name) */
  noUrl: { consequence: string; leftover: (name: string | null) => string }
  /** the finding when the answer has all the editor needs */
  created: (name: string | null) => string
  /** more deviations this editor finds in a JSON answer (ONLYOFFICE's convert-and-edit needs HostEditUrl) */
  moreChecks?: (json: FileInfo) => void
}

/**
 * Judges a PutRelativeFile answer as the editor reads it (Name and Url from a JSON body), then checks and
 * removes the copy through its Url.
 */
export async function judgeCopyAnswer(session: EditorSession, step: string, sent: Sent, wording: CopyWording): Promise<void> {
  const { ctx } = session
  if (sent.answer.status !== 200) {
    ctx.log.deviation(step, sent.exchange, `PutRelativeFile answered ${describeAnswer(sent.answer)}`, wording.refused(sent.answer))
    return
  }
  const json = jsonObject(sent.answer.body)
  if (!json) {
    ctx.log.deviation(
      step,
      sent.exchange,
      `PutRelativeFile 200 with ${bodyPreview(sent.answer.body)}, not JSON`,
      wording.notJson.consequence,
    )
    ctx.leftovers.push(wording.notJson.leftover)
    return
  }
  const name = typeof json['Name'] === 'string' ? json['Name'] : null
  const url = typeof json['Url'] === 'string' ? json['Url'] : null
  const mark = ctx.log.records.length
  if (!name) ctx.log.deviation(step, sent.exchange, 'PutRelativeFile response without Name', wording.noName)
  wording.moreChecks?.(json)
  if (!url) {
    ctx.log.deviation(step, sent.exchange, 'PutRelativeFile response without Url', wording.noUrl.consequence)
    ctx.leftovers.push(wording.noUrl.leftover(name))
    return
  }
  if (ctx.log.deviationsSince(mark) === 0) ctx.log.ok(step, sent.exchange, wording.created(name))
  await verifyAndRemoveCopy(ctx, { step: wording.copyStep, editor: session.editor, call: session.call }, name, url)
}

const RENAME_CHECK_STEP = 'CheckFileInfo after rename (WOPI Desk check)'

export interface StoredNameWording {
  /** the finding's end after `after RenameFile, BaseFileName is "..."` */
  mismatch: string
  consequence: string
}

/**
 * Not an editor request: CheckFileInfo after RenameFile, to confirm storage now has the name the editor was told
 * (`expected`; null when the editor learnt no name, which only confirms the request). Returns the stored name.
 */
export async function checkStoredName(session: EditorSession, expected: string | null, wording: StoredNameWording): Promise<string | null> {
  const { ctx } = session
  const check = await session.call({ method: 'GET', url: session.fileUrl, token: ctx.token, headers: {} })
  const info = check.answer.status === 200 ? jsonObject(check.answer.body) : null
  const baseName = info && typeof info['BaseFileName'] === 'string' ? info['BaseFileName'] : null
  if (expected !== null && baseName !== expected) {
    ctx.log.deviation(
      RENAME_CHECK_STEP,
      check.exchange,
      `after RenameFile, BaseFileName is ${show(baseName)} ${wording.mismatch}`,
      wording.consequence,
    )
  } else {
    ctx.log.ok(RENAME_CHECK_STEP, check.exchange, `BaseFileName is now ${show(baseName)}; the file id (WOPISrc) did not change`)
  }
  return baseName
}

/**
 * Judges the RenameFile that puts the original name back (WOPI Desk clean-up; a real editor would keep the new
 * name). `renamedBack` is the editor's own reading of that answer; `nowCalled` names the document if it failed.
 */
export function judgeRenameBack(
  session: EditorSession,
  restored: Sent,
  original: { name: string; stem: string },
  renamedBack: boolean,
  nowCalled: string,
): void {
  const { ctx } = session
  const step = 'RenameFile back to the original name (WOPI Desk clean-up)'
  if (renamedBack) {
    ctx.log.ok(step, restored.exchange, `200: renamed back to ${show(original.name)}`)
    return
  }
  const name = restored.answer.status === 200 ? jsonObject(restored.answer.body)?.['Name'] : undefined
  ctx.log.deviation(
    step,
    restored.exchange,
    `renaming back answered ${describeAnswer(restored.answer)}${typeof name === 'string' ? `, Name ${show(name)}` : ''}`,
    'The document keeps a test name.',
  )
  ctx.leftovers.push(`Rename the document back to "${original.name}" (it is now called "${nowCalled}").`)
}

/** How a RenameFile answer reads: refused, a 200 that is not JSON, JSON without a Name, or the new name. */
export type RenameAnswer = { kind: 'refused' } | { kind: 'not-json' } | { kind: 'no-name' } | { kind: 'renamed'; name: string }

export interface RenameWording {
  /** what the editor does when RenameFile is not answered 200 */
  refused: (answer: WopiAnswer) => string
  /** what the editor does with a 200 that is not JSON */
  notJson: string
  /** what the editor does with JSON that has no Name */
  noName: string
  /** the finding for a rename to `name` */
  renamed: (name: string) => string
}

/** Logs one step for a RenameFile answer; the scenario decides what each kind means for the name it shows. */
export function judgeRenameAnswer(session: EditorSession, step: string, sent: Sent, wording: RenameWording): RenameAnswer {
  const { log } = session.ctx
  const { answer, exchange } = sent
  if (answer.status !== 200) {
    log.deviation(step, exchange, `RenameFile answered ${describeAnswer(answer)}`, wording.refused(answer))
    return { kind: 'refused' }
  }
  const json = jsonObject(answer.body)
  if (!json) {
    log.deviation(step, exchange, `RenameFile 200 with ${bodyPreview(answer.body)}, not JSON`, wording.notJson)
    return { kind: 'not-json' }
  }
  const name = json['Name']
  if (typeof name !== 'string' || name === '') {
    log.deviation(step, exchange, 'RenameFile response without Name', wording.noName)
    return { kind: 'no-name' }
  }
  log.ok(step, exchange, wording.renamed(name))
  return { kind: 'renamed', name }
}
