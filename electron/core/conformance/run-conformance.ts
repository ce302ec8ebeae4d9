import type { ConformanceCaseDto, ConformanceReport, ConformanceRequestDto } from '../../contract/dto'
import { systemClock, systemRandom, type Clock, type Random } from '../deps'
import { buildRequest, redactQuery, RequestBuildError, type PreparedRequest } from './build-request'
import { createdFiles, deleteFileRequest, type CreatedFiles } from './created-files'
import { bodyExcerpt, requestHeaderView, responseHeaderView } from './exchange-detail'
import { selectToken } from './json-path'
import { toDotNetString } from './json-property-checks'
import { parseCategory } from './load-test-cases'
import type { CategoryChoice, RequestDef, StateDef, TestCaseDef, TestGroupDef, TestSuite } from './model'
import type { RunnerProofKeys } from './proof-key-discovery'
import { loadPrivateProofKeys, type PrivateProofKeys } from './proof-signing'
import type { ResponseData, ValidationContext } from './response'
import { parseJsonObject, statusText, validateResponse } from './validators'

// Runs Microsoft's WOPI validator test cases over HTTP against any WOPI host, with the reference executor's rules:
// every case first re-runs its group's prerequisite cases (any failure → the case is "skipped", the prerequisite
// named); requests run in order and the first one whose validators fail ends the case; cleanup requests always run
// and never fail the case; SaveState values feed later OverrideUrl / ExpectedStateKey of the same case.
// Beyond the reference, for a run that must be usable in CI against a host that may be down: once the gate (the
// first prerequisite every group shares) fails, or a prerequisite gets no answer at all, nothing else is sent;
// files the cases created and left behind are deleted at the end.

export interface ConformanceOptions {
  /** WOPISrc of a file whose name ends in ".wopitest" */
  wopiSrc: string
  accessToken: string
  /** access_token_ttl sent with every request (ms since 1970, 0 = unknown) */
  accessTokenTtl?: number
  cases: TestSuite
  /** WopiCore (default), OfficeOnline, OfficeNativeClient, WopiCoauth or All */
  category?: string
  /** only these test groups (names as in TestCases.xml) */
  groups?: string[]
  /** only these test cases (names as in TestCases.xml) */
  caseNames?: string[]
  /** delete the files PutRelativeFile created that the cases did not delete themselves; default true */
  cleanUpCreatedFiles?: boolean
  /** when set, every request carries X-WOPI-Proof/ProofOld/TimeStamp signed with these keys */
  proofKeys?: RunnerProofKeys
  fetchImpl?: typeof fetch
  clock?: Clock
  random?: Random
  /** how Delay requests wait (tests pass a fake) */
  sleep?: (ms: number) => Promise<void>
  /** run groups marked HasDelay (skipped by default, as the validator does without -d) */
  includeDelayed?: boolean
  /** per request; the validator's HTTP client waits 100 s */
  requestTimeoutMs?: number
  signal?: AbortSignal
  /** before each case: where the run is (for a progress display) */
  onCaseStart?: (progress: CaseProgress) => void
  onCase?: (result: ConformanceCaseDto) => void
}

export interface CaseProgress {
  /** 1-based */
  index: number
  total: number
  group: string
  name: string
}

export class ConformanceOptionsError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ConformanceOptionsError'
  }
}

export const RUNNER_USER_AGENT = 'WOPI-Desk-Conformance/1.0 (WOPI validator test cases)'
/** the reference sends this User-Agent for OfficeNativeClient cases (hosts may key native-client flows on it) */
const NATIVE_CLIENT_USER_AGENT = 'Microsoft Office WOPI Validator/1.0'
const PROOF_KEYS_SKIP =
  "needs a proof key pair the host trusts: without one no request is signed, so this case would prove nothing (wopi-desk validate --create-proof-keys <file> makes a pair, --print-proof-key prints the <proof-key> element for the host's discovery, --proof-keys <file> signs every request)"
const PROOF_KEYS_GROUP = 'ProofKeys'
/** the first prerequisite of every group in TestCases.xml: a CheckFileInfo of a .wopitest file the schema accepts */
export const GATE_CASE = 'WopiValidatorPrereq'

interface CaseOutcome {
  status: 'passed' | 'failed'
  message?: string
  requests: ConformanceRequestDto[]
}

export async function runConformance(options: ConformanceOptions): Promise<ConformanceReport> {
  const run = prepareRun(options)
  const report: ConformanceReport = { passed: 0, failed: 0, skipped: 0, cases: [], category: run.category, signed: run.proofKeys !== null }
  const prereqByName = new Map(options.cases.prereqCases.map((testCase) => [testCase.name, testCase]))
  const selected = selectCases(run)
  try {
    for (const [position, { group, testCase }] of selected.entries()) {
      options.signal?.throwIfAborted()
      options.onCaseStart?.({ index: position + 1, total: selected.length, group: group.name, name: testCase.name })
      const base = { group: group.name, name: testCase.name, category: testCase.category, ...(group.suite ? { suite: group.suite } : {}) }
      const result: ConformanceCaseDto = report.gate
        ? { ...base, status: 'skipped', message: `not run: ${report.gate.message}` }
        : {
            ...(await runOneCase(
              run,
              group,
              group.prereqs.map((name) => prereqByName.get(name)!),
              testCase,
            )),
            ...base,
          }
      if (!report.gate) {
        const gate = gateFailure(result)
        if (gate) report.gate = gate
      }
      report.cases.push(result)
      report[result.status === 'passed' ? 'passed' : result.status === 'failed' ? 'failed' : 'skipped']++
      options.onCase?.(result)
    }
  } finally {
    if (options.cleanUpCreatedFiles !== false) report.cleanup = await removeCreatedFiles(run)
  }
  return report
}

function selectCases(run: Run): { group: TestGroupDef; testCase: TestCaseDef }[] {
  const { options } = run
  const selected: { group: TestGroupDef; testCase: TestCaseDef }[] = []
  for (const group of options.cases.groups) {
    if (options.groups && !options.groups.includes(group.name)) continue
    for (const testCase of group.cases) {
      if (run.category !== 'All' && testCase.category !== 'WopiCore' && testCase.category !== run.category) continue
      if (options.caseNames && !options.caseNames.includes(testCase.name)) continue
      selected.push({ group, testCase })
    }
  }
  return selected
}

/**
 * After the gate case failed, or a prerequisite got no HTTP answer at all (host down, silent, wrong address),
 * every later case would fail the same way after the same wait: the run stops sending.
 */
function gateFailure(result: ConformanceCaseDto): { name: string; message: string } | null {
  if (!result.failedPrereq) return null
  const requests = (result.requests ?? []).filter((request) => !request.cleanup)
  const unanswered = requests.length > 0 && requests.every((request) => request.status === 0 && request.error !== undefined)
  if (result.failedPrereq !== GATE_CASE && !unanswered) return null
  const why = result.message?.replace(/^prerequisite \S+ failed: /, '') ?? 'no detail'
  return {
    name: result.failedPrereq,
    message: unanswered
      ? `the host did not answer ${result.failedPrereq} (${why}), so no other case was sent`
      : `the gate case ${result.failedPrereq} failed (${why}), so no other case was sent`,
  }
}

async function removeCreatedFiles(run: Run): Promise<{ removed: string[]; leftovers: string[] }> {
  const removed: string[] = []
  const leftovers: string[] = []
  for (const file of run.created.remaining()) {
    const { response } = await perform(run, deleteFileRequest(file.url), new Map(), RUNNER_USER_AGENT)
    if (response.status === 200 || response.status === 404) removed.push(file.name)
    else leftovers.push(`${file.name} (DeleteFile answered ${statusText(response)})`)
  }
  return { removed, leftovers }
}

interface Run {
  options: ConformanceOptions
  category: CategoryChoice
  fetchImpl: typeof fetch
  clock: Clock
  random: Random
  sleep: (ms: number) => Promise<void>
  proofKeys: PrivateProofKeys | null
  resources: Map<string, Uint8Array>
  timeoutMs: number
  ttl: number
  created: CreatedFiles
}

function prepareRun(options: ConformanceOptions): Run {
  let wopiSrc: URL
  try {
    wopiSrc = new URL(options.wopiSrc)
  } catch {
    throw new ConformanceOptionsError(
      `The WOPISrc "${options.wopiSrc}" is not an absolute URL; pass the http(s) URL of the .wopitest file's files endpoint.`,
    )
  }
  if (wopiSrc.protocol !== 'http:' && wopiSrc.protocol !== 'https:') {
    throw new ConformanceOptionsError(`The WOPISrc must be an http or https URL, got "${wopiSrc.protocol}".`)
  }
  // A second token in the WOPISrc would be sent before ours; hosts read the first one and every case skips.
  if (wopiSrc.searchParams.has('access_token')) {
    throw new ConformanceOptionsError('--wopisrc must not contain access_token: pass the WOPISrc alone and the token with --token.')
  }
  if (!options.accessToken) throw new ConformanceOptionsError('An access token for the .wopitest file is required.')
  const ttl = options.accessTokenTtl ?? 0
  if (!Number.isSafeInteger(ttl) || ttl < 0) {
    throw new ConformanceOptionsError(`The access token TTL must be a whole number of milliseconds since 1970 (or 0), got ${ttl}.`)
  }
  const categoryText = options.category ?? 'WopiCore'
  const category: CategoryChoice | null = categoryText.trim().toLowerCase() === 'all' ? 'All' : parseCategory(categoryText)
  if (!category) {
    throw new ConformanceOptionsError(
      `Unknown category "${categoryText}"; use WopiCore, OfficeOnline, OfficeNativeClient, WopiCoauth or All.`,
    )
  }
  const known = new Set(options.cases.groups.map((group) => group.name))
  const unknown = (options.groups ?? []).filter((name) => !known.has(name))
  if (unknown.length > 0) {
    throw new ConformanceOptionsError(
      `Unknown test group ${unknown.map((name) => `"${name}"`).join(', ')}; groups are: ${[...known].join(', ')}.`,
    )
  }
  const knownCases = new Set(options.cases.groups.flatMap((group) => group.cases.map((testCase) => testCase.name)))
  const unknownCases = (options.caseNames ?? []).filter((name) => !knownCases.has(name))
  if (unknownCases.length > 0) {
    throw new ConformanceOptionsError(
      `Unknown test case ${unknownCases.map((name) => `"${name}"`).join(', ')}; pass a case name as printed before ": passed" (e.g. "DoubleLockSequence" of group Locks).`,
    )
  }
  let proofKeys: PrivateProofKeys | null = null
  if (options.proofKeys) {
    try {
      proofKeys = loadPrivateProofKeys(options.proofKeys)
    } catch (error) {
      throw new ConformanceOptionsError(`The proof keys cannot be used: ${(error as Error).message}.`)
    }
  }
  const resources = new Map<string, Uint8Array>()
  for (const resource of options.cases.resources) {
    // the validator has no real documents: it uploads the text Id + FilePath + Name, and nothing for ZeroByteFile
    const text = resource.name === 'ZeroByteFile.wopitest' ? '' : resource.id + resource.filePath + resource.name
    resources.set(resource.id, Buffer.from(text, 'utf8'))
  }
  return {
    options: { ...options, wopiSrc: wopiSrc.href },
    category,
    fetchImpl: options.fetchImpl ?? fetch,
    clock: options.clock ?? systemClock,
    random: options.random ?? systemRandom,
    sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    proofKeys,
    resources,
    timeoutMs: options.requestTimeoutMs ?? 100_000,
    ttl,
    created: createdFiles(),
  }
}

async function runOneCase(run: Run, group: TestGroupDef, prereqs: TestCaseDef[], testCase: TestCaseDef): Promise<ConformanceCaseDto> {
  const base = { group: group.name, name: testCase.name, category: testCase.category }
  if (group.hasDelay && !run.options.includeDelayed) {
    return {
      ...base,
      status: 'skipped',
      message: `group ${group.name} uses Delay requests and is not run unless delayed groups are included`,
    }
  }
  // Unsigned, the whole group proves nothing: CurrentValid.OldValid would "pass" against a host that checks no proof.
  const proofCase =
    group.name === PROOF_KEYS_GROUP || testCase.requests.some((request) => request.mutators.some((mutator) => mutator.kind === 'ProofKey'))
  if (!run.proofKeys && proofCase) {
    return { ...base, status: 'skipped', message: PROOF_KEYS_SKIP }
  }
  const userAgent =
    run.category === 'OfficeNativeClient' || testCase.category === 'OfficeNativeClient' ? NATIVE_CLIENT_USER_AGENT : RUNNER_USER_AGENT
  for (const prereq of prereqs) {
    const outcome = await executeCase(run, prereq, userAgent)
    if (outcome.status !== 'passed') {
      return {
        ...base,
        status: 'skipped',
        message: `prerequisite ${prereq.name} failed: ${outcome.message ?? 'no detail'}`,
        failedPrereq: prereq.name,
        requests: outcome.requests,
      }
    }
  }
  const outcome = await executeCase(run, testCase, userAgent)
  return { ...base, status: outcome.status, ...(outcome.message ? { message: outcome.message } : {}), requests: outcome.requests }
}

async function executeCase(run: Run, testCase: TestCaseDef, userAgent: string): Promise<CaseOutcome> {
  const { options } = run
  const state = new Map<string, string | null>([
    ['OriginalAccessToken', options.accessToken],
    ['OriginalWopiSrc', options.wopiSrc],
  ])
  const secrets = new Set<string>([options.accessToken])
  const requests: ConformanceRequestDto[] = []
  let message: string | undefined
  const context: ValidationContext = { state, resourceContent: (id) => resourceContent(run, id) }
  try {
    const total = testCase.requests.length
    for (const [index, request] of testCase.requests.entries()) {
      if (request.kind === 'Delay') {
        await run.sleep((request.delaySeconds ?? 0) * 1000)
        continue
      }
      const { prepared, response, buildError } = await perform(run, request, state, userAgent)
      for (const secret of prepared?.secrets ?? []) secrets.add(secret)
      const failures = buildError ? [buildError] : validateResponse(request, response, context, run.clock.now())
      requests.push(requestDto(request, prepared, response, failures, false, secrets))
      if (failures.length > 0) {
        const where = [`request ${index + 1} of ${total}`]
        if (prepared) where.push(`${prepared.method} ${new URL(prepared.url).pathname}`)
        if (prepared?.override) where.push(`X-WOPI-Override: ${prepared.override}`)
        const outcome = buildError || response.status === 0 ? '' : ` → ${statusText(response)}`
        // The host's own explanation ("PutRelativeFile is not supported for ...") is often the fastest diagnosis.
        const body = response.status >= 300 ? bodyExcerpt(response) : ''
        const text = `${request.element} (${where.join(', ')})${outcome}: ${failures.join('; ')}${body ? ` (response body: ${body})` : ''}`
        message = redact(testCase.failMessage ? `${testCase.failMessage} ${text}` : text, secrets)
        break
      }
      for (const entry of request.state) state.set(entry.name, savedValue(entry, response))
    }
  } finally {
    // cleanup always runs and never fails the case; the reference swallows its errors too
    for (const request of testCase.cleanupRequests) {
      if (request.kind === 'Delay') continue
      const { prepared, response, buildError } = await perform(run, request, state, userAgent)
      requests.push(requestDto(request, prepared, response, buildError ? [buildError] : [], true, secrets))
    }
  }
  return message === undefined ? { status: 'passed', requests } : { status: 'failed', message, requests }
}

const NO_RESPONSE: ResponseData = { status: 0, headers: new Map(), body: new Uint8Array(0), text: null, error: null }

async function perform(
  run: Run,
  request: RequestDef,
  state: ReadonlyMap<string, string | null>,
  userAgent: string,
): Promise<{ prepared: PreparedRequest | null; response: ResponseData; buildError: string | null }> {
  let prepared: PreparedRequest
  try {
    prepared = buildRequest(request, {
      wopiSrc: run.options.wopiSrc,
      accessToken: run.options.accessToken,
      accessTokenTtl: run.ttl,
      state,
      resourceContent: (id) => resourceContent(run, id),
      proofKeys: run.proofKeys,
      nowMs: run.clock.now(),
      userAgent,
      newGuid: () => newGuid(run.random),
    })
  } catch (error) {
    if (error instanceof RequestBuildError)
      return { prepared: null, response: { ...NO_RESPONSE, error: error.message }, buildError: error.message }
    throw error
  }
  const response = await send(run, prepared)
  run.created.record(request.kind, prepared.url, response)
  return { prepared, response, buildError: null }
}

async function send(run: Run, prepared: PreparedRequest): Promise<ResponseData> {
  const timeout = AbortSignal.timeout(run.timeoutMs)
  const signal = run.options.signal ? AbortSignal.any([timeout, run.options.signal]) : timeout
  let response: Response
  try {
    response = await run.fetchImpl(prepared.url, {
      method: prepared.method,
      headers: prepared.headers,
      ...(prepared.body ? { body: prepared.body } : {}),
      redirect: 'manual',
      signal,
    })
  } catch (error) {
    run.options.signal?.throwIfAborted()
    return {
      ...NO_RESPONSE,
      error: timeout.aborted
        ? `no answer within ${run.timeoutMs >= 10_000 ? Math.round(run.timeoutMs / 1000) : run.timeoutMs / 1000} s`
        : describeNetworkError(error),
    }
  }
  const headers = new Map<string, string>()
  response.headers.forEach((value, name) => headers.set(name.toLowerCase(), value))
  let body: Uint8Array
  try {
    body = new Uint8Array(await response.arrayBuffer())
  } catch (error) {
    return {
      status: response.status,
      headers,
      body: new Uint8Array(0),
      text: null,
      error: `the response body could not be read: ${describeNetworkError(error)}`,
    }
  }
  const text = prepared.expectsText ? new TextDecoder('utf-8').decode(body) : null
  return { status: response.status, headers, body, text, error: null }
}

/** SaveState: a header value, or JObject.SelectToken(Source).Value<string>(); null when absent or not a scalar. */
function savedValue(entry: StateDef, response: ResponseData): string | null {
  if (entry.sourceType === 'Header') return response.headers.get(entry.source.toLowerCase()) || null
  if (!response.text) return null
  const parsed = parseJsonObject(response)
  if (typeof parsed === 'string') return null
  try {
    const token = selectToken(parsed, entry.source)
    return token === undefined || token === null ? null : toDotNetString(token)
  } catch {
    return null
  }
}

function resourceContent(run: Run, id: string): Uint8Array {
  const content = run.resources.get(id)
  if (!content) throw new RequestBuildError(`resource "${id}" is not listed in <Resources>`)
  return content
}

function requestDto(
  request: RequestDef,
  prepared: PreparedRequest | null,
  response: ResponseData,
  failures: string[],
  cleanup: boolean,
  secrets: Set<string>,
): ConformanceRequestDto {
  const body = response.status === 0 ? '' : bodyExcerpt(response)
  return {
    name: request.element,
    method: prepared?.method ?? '',
    url: prepared ? redact(prepared.url, secrets) : '',
    ...(prepared?.override ? { override: prepared.override } : {}),
    status: response.status,
    failures: failures.map((failure) => redact(failure, secrets)),
    cleanup,
    ...(prepared ? { requestHeaders: redactValues(requestHeaderView(prepared.headers), secrets) } : {}),
    ...(response.status !== 0 ? { responseHeaders: redactValues(responseHeaderView(response.headers), secrets) } : {}),
    ...(body ? { responseBody: redact(body, secrets) } : {}),
    ...(response.error && prepared ? { error: redact(response.error, secrets) } : {}),
  }
}

function redactValues(values: Record<string, string>, secrets: Set<string>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).map(([name, value]) => [name, redact(value, secrets)]))
}

/** Tokens never reach a report: access_token query values and every token string seen in this case. */
function redact(text: string, secrets: Set<string>): string {
  let out = redactQuery(text)
  for (const secret of secrets) {
    if (secret.length >= 8) out = out.split(secret).join('***')
  }
  return out
}

function newGuid(random: Random): string {
  const bytes = random.bytes(16)
  bytes[6] = (bytes[6]! & 0x0f) | 0x40
  bytes[8] = (bytes[8]! & 0x3f) | 0x80
  const hex = bytes.toString('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

/** fetch() wraps the socket error: show its code and message (ECONNREFUSED, ENOTFOUND, certificate errors...). */
function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause
  if (cause?.code) return `${cause.code}${cause.message ? ` (${cause.message})` : ''}`
  if (cause?.message) return cause.message
  return (error as Error).message ?? String(error)
}
