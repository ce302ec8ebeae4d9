import type { Clock, Random } from '../deps'
import type { FileInfo } from './file-info'
import { show } from './file-info'
import type { Exchange, StepLog } from './step-log'
import type { EmulationHooks, ProofSigningKeys, RequestSummary } from './types'
import type { WopiAnswer, WopiCall, WopiTransport } from './wopi-transport'
import { jsonObject, tokenOf } from './wopi-transport'

// What both scenarios share: resolved options, one `send` that returns an Exchange for the log, and the
// WOPI Desk housekeeping steps (check the copy's Url, delete the copy) that no editor sends itself.

export interface ResolvedOptions {
  write: boolean
  edited: (downloaded: Buffer, saveNumber: number) => Buffer
  saves: number
  saveAs: boolean
  saveAsName: string | undefined
  deleteCopy: boolean
  rename: boolean
  renameTo: string | undefined
  lockRefreshes: number
  lockRefreshIntervalMs: number
  sleep: (ms: number) => Promise<void>
  sessionContext: string | undefined
  blankTemplate: Buffer | undefined
  fileConversion: boolean
  timeoutMs: number
  collaboraFlavour: 'collabora' | 'lool'
}

export interface ScenarioContext {
  wopiSrc: string
  token: string
  fetchImpl: typeof fetch
  proofKeys: ProofSigningKeys | undefined
  hooks: EmulationHooks
  options: ResolvedOptions
  clock: Clock
  random: Random
  log: StepLog
  redact: (text: string) => string
  /** things to tell the user to clean up by hand */
  leftovers: string[]
  /** set when the editor would fall back to read-only although the user may write */
  readOnly: string | null
}

export interface Sent {
  answer: WopiAnswer
  exchange: Exchange
  summary: RequestSummary
}

export async function send(transport: WopiTransport, call: WopiCall): Promise<Sent> {
  const { answer, summary } = await transport.send(call)
  return { answer, summary, exchange: { request: summary, status: answer.error ? null : answer.status } }
}

/** `<WOPISrc>/contents`, keeping any query the WOPISrc has after the path (as Collabora's URI handling does). */
export function contentsOf(wopiSrc: string): string {
  const query = wopiSrc.indexOf('?')
  return query < 0 ? `${wopiSrc}/contents` : `${wopiSrc.slice(0, query)}/contents${wopiSrc.slice(query)}`
}

/** "409, X-WOPI-Lock "abc", reason: ..." — the parts of a refusal worth showing. */
export function describeAnswer(answer: WopiAnswer): string {
  if (answer.error) return `no answer (${answer.error})`
  const parts = [String(answer.status)]
  const lock = answer.headers.get('x-wopi-lock')
  if (lock !== null) parts.push(`X-WOPI-Lock ${show(lock)}`)
  const reason = answer.headers.get('x-wopi-lockfailurereason') ?? answer.headers.get('x-wopi-servererror')
  if (reason) parts.push(`reason ${show(reason)}`)
  // The host's own words are often the diagnosis ("PutRelativeFile is not supported for this storage").
  if (answer.status >= 400 && answer.body.length > 0) parts.push(`body ${bodyExcerpt(answer.body)}`)
  return parts.join(', ')
}

export function contentTypeOf(answer: WopiAnswer): string {
  return answer.headers.get('content-type') ?? 'no Content-Type'
}

const BODY_EXCERPT_CHARS = 200

/** The start of an error body, whitespace folded, quoted. */
export function bodyExcerpt(body: Buffer): string {
  const text = body
    .subarray(0, BODY_EXCERPT_CHARS * 4)
    .toString('utf8')
    .replace(/\s+/g, ' ')
    .trim()
  return JSON.stringify(text.length > BODY_EXCERPT_CHARS ? `${text.slice(0, BODY_EXCERPT_CHARS)}…` : text)
}

/** First bytes of a non-JSON body, for a finding: enough to recognise an HTML login page. */
export function bodyPreview(body: Buffer): string {
  if (body.length === 0) return 'an empty body'
  const text = body.subarray(0, 40).toString('utf8').replace(/\s+/g, ' ')
  return `a body starting ${show(text)}`
}

export interface CopyCheck {
  step: string
  editor: string
  /** sends a WOPI request with the editor's usual headers */
  call: (call: WopiCall) => Promise<Sent>
}

/**
 * After PutRelativeFile: the returned Url must answer CheckFileInfo (the editor opens the copy from it), then
 * the copy is removed again when the host supports DeleteFile, otherwise the user is told to remove it.
 */
export async function verifyAndRemoveCopy(ctx: ScenarioContext, check: CopyCheck, name: string | null, url: string): Promise<void> {
  const token = tokenOf(url)
  if (!token) {
    ctx.log.deviation(
      `${check.step}: CheckFileInfo of the copy`,
      { request: null, status: null },
      'PutRelativeFile Url carries no access_token',
      `${check.editor} opens the copy from this Url; without a token the host cannot authorise that request.`,
    )
    ctx.leftovers.push(`Remove the test copy${name ? ` "${name}"` : ''} that was saved next to the document.`)
    return
  }
  const info = await check.call({ method: 'GET', url, token, headers: {} })
  const copyInfo = info.answer.status === 200 ? jsonObject(info.answer.body) : null
  if (!copyInfo) {
    ctx.log.deviation(
      `${check.step}: CheckFileInfo of the copy`,
      info.exchange,
      `the Url returned by PutRelativeFile answers CheckFileInfo with ${copyInfo === null && info.answer.status === 200 ? bodyPreview(info.answer.body) : describeAnswer(info.answer)}`,
      `${check.editor} opens the copy from this Url; the copy fails to open.`,
    )
    ctx.leftovers.push(`Remove the test copy${name ? ` "${name}"` : ''} that was saved next to the document.`)
    return
  }
  const baseName = typeof copyInfo['BaseFileName'] === 'string' ? copyInfo['BaseFileName'] : null
  if (name !== null && baseName !== name) {
    ctx.log.deviation(
      `${check.step}: CheckFileInfo of the copy`,
      info.exchange,
      `the copy's BaseFileName is ${show(baseName)} but PutRelativeFile answered Name ${show(name)}`,
      `${check.editor} shows a name for the copy that storage does not have.`,
    )
  } else {
    ctx.log.ok(`${check.step}: CheckFileInfo of the copy`, info.exchange, `the copy's Url works: BaseFileName ${show(baseName)}`)
  }
  await removeCopy(ctx, check, copyInfo, baseName ?? name, url, token)
}

async function removeCopy(
  ctx: ScenarioContext,
  check: CopyCheck,
  copyInfo: FileInfo,
  name: string | null,
  url: string,
  token: string,
): Promise<void> {
  const label = name ? `"${name}"` : 'the test copy'
  if (!ctx.options.deleteCopy) {
    ctx.leftovers.push(`The test copy ${label} was kept (deleting copies was turned off).`)
    return
  }
  if (copyInfo['SupportsDeleteFile'] !== true) {
    ctx.leftovers.push(`Remove the test copy ${label} by hand: this host does not advertise DeleteFile.`)
    return
  }
  const step = 'DeleteFile of the copy (WOPI Desk clean-up, not an editor request)'
  const deleted = await check.call({ method: 'POST', url, token, headers: { 'X-WOPI-Override': 'DELETE' } })
  if (deleted.answer.status === 200) {
    ctx.log.ok(step, deleted.exchange, `test copy ${label} deleted`)
  } else {
    ctx.log.deviation(
      step,
      deleted.exchange,
      `DeleteFile answered ${describeAnswer(deleted.answer)} although SupportsDeleteFile is true`,
      `The test copy ${label} stays in storage.`,
    )
    ctx.leftovers.push(`Remove the test copy ${label} by hand: DeleteFile failed.`)
  }
}

/** What a refused CheckFileInfo or GetFile means: the editor opens nothing. */
export function openFailure(status: number, editor: string): string {
  if (status === 401 || status === 403 || status === 404) return `${editor} treats this as an invalid or expired token and opens nothing.`
  if (status === 500) return `${editor} opens nothing (a host that checks proof keys answers 500 when a signature or timestamp is refused).`
  if (status >= 300 && status < 400) return `${editor} could not follow the redirect and opens nothing.`
  return `${editor} opens nothing.`
}
