import { systemClock, systemRandom } from '../deps'
import { runCollaboraScenario } from './collabora-scenario'
import { runOnlyofficeScenario } from './onlyoffice-scenario'
import { createRedactor } from './redact'
import type { ResolvedOptions, ScenarioContext } from './scenario-kit'
import { createStepLog, FatalStop } from './step-log'
import type { EditorKind, EmulationOptions, EmulationReport, RunEmulationInput } from './types'

// Entry point: validate the input (bad input changes nothing and says what to do), resolve defaults that keep a
// foreign document unchanged, run one editor's scenario, and hand back a redacted report.

export class EmulationInputError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'EmulationInputError'
  }
}

const EDITORS: readonly EditorKind[] = ['collabora', 'onlyoffice']

export function validateWopiSrc(wopiSrc: string): URL {
  let url: URL
  try {
    url = new URL(wopiSrc)
  } catch {
    throw new EmulationInputError(`--wopisrc must be an absolute URL such as https://host/wopi/files/<id>, got "${wopiSrc}".`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new EmulationInputError(`--wopisrc must start with http:// or https://, got "${url.protocol}".`)
  }
  if (url.searchParams.has('access_token')) {
    throw new EmulationInputError('--wopisrc must not contain access_token: pass the WOPISrc alone and the token with --token.')
  }
  return url
}

function resolveOptions(options: EmulationOptions): ResolvedOptions {
  const edited = options.editedContent
  const count = (value: number | undefined, fallback: number, name: string): number => {
    const resolved = value ?? fallback
    if (!Number.isInteger(resolved) || resolved < 0)
      throw new EmulationInputError(`${name} must be a whole number of 0 or more, got ${resolved}.`)
    return resolved
  }
  return {
    write: options.write ?? true,
    edited: edited === undefined ? (downloaded) => downloaded : typeof edited === 'function' ? edited : () => edited,
    saves: count(options.saves, 2, 'saves'),
    saveAs: options.saveAs ?? true,
    saveAsName: options.saveAsName,
    deleteCopy: options.deleteCopy ?? true,
    rename: options.rename ?? true,
    renameTo: options.renameTo,
    lockRefreshes: count(options.lockRefreshes, 1, 'lockRefreshes'),
    lockRefreshIntervalMs: count(options.lockRefreshIntervalMs, 0, 'lockRefreshIntervalMs'),
    sleep: options.sleep ?? ((ms) => (ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve())),
    sessionContext: options.sessionContext,
    blankTemplate: options.blankTemplate,
    fileConversion: options.fileConversion ?? false,
    collaboraFlavour: options.collaboraFlavour ?? 'collabora',
    timeoutMs: count(options.timeoutMs, 30_000, 'timeoutMs') || 30_000,
  }
}

export async function runEmulation(input: RunEmulationInput): Promise<EmulationReport> {
  if (!EDITORS.includes(input.editor))
    throw new EmulationInputError(`editor must be "collabora" or "onlyoffice", got "${String(input.editor)}".`)
  validateWopiSrc(input.wopiSrc)
  if (!input.accessToken) throw new EmulationInputError('an access token is required (--token).')
  const options = resolveOptions(input.options ?? {})
  const redact = createRedactor([input.accessToken])
  const log = createStepLog(redact)
  const ctx: ScenarioContext = {
    wopiSrc: input.wopiSrc.replace(/\/+$/, ''),
    token: input.accessToken,
    fetchImpl: input.fetchImpl ?? fetch,
    proofKeys: input.proofKeys,
    hooks: input.hooks ?? {},
    options,
    clock: input.clock ?? systemClock,
    random: input.random ?? systemRandom,
    log,
    redact,
    leftovers: [],
    readOnly: null,
  }
  let fatal = false
  try {
    await (input.editor === 'collabora' ? runCollaboraScenario(ctx) : runOnlyofficeScenario(ctx))
  } catch (error) {
    fatal = true
    if (!(error instanceof FatalStop)) {
      // A hook or the emulator itself failed: report it as the end of the run rather than crash the caller.
      log.records.push({
        step: 'Emulator',
        request: null,
        status: null,
        outcome: 'fatal',
        finding: redact(`the emulation stopped: ${(error as Error).message}`),
        consequence: 'The remaining steps were not run.',
      })
    }
  }
  return {
    editor: input.editor,
    wopiSrc: redact(input.wopiSrc),
    steps: log.records,
    deviations: log.records.filter((record) => record.outcome === 'deviation').length,
    fatal,
    leftovers: ctx.leftovers.map(redact),
    ...(input.editor === 'collabora' && options.collaboraFlavour === 'lool' ? { client: 'LibreOffice Online' } : {}),
    ...(ctx.readOnly ? { readOnly: redact(ctx.readOnly) } : {}),
  }
}
