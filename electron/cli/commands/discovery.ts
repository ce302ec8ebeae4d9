import type { EndpointDto, RefreshReport } from '../../contract/dto'
import { ApiError } from '../../contract/envelope'
import { importSummary, type Catalog } from '../../core/catalog/catalog'
import { CliError } from '../cli-error'
import { openCommandDesk } from '../command-desk'
import { dataDirOption } from '../data-dir'
import type { CliCommand } from '../commands'
import type { CliIo } from '../io'
import { parseFlags } from '../parse-flags'

// `discovery`: import, list, refresh and remove the editors of the catalog, from their /hosting/discovery.

const usage =
  'wopi-desk discovery import <url> [--insecure-tls] [--timeout <seconds>] | list [--json] | refresh [<endpoint id>] | remove <endpoint id>   (all take [--data <dir>])'

/** The catalog of a data folder for one command, on the desk every command opens; no scheduler, no listener. */
export async function openCliCatalog(
  command: string,
  dataDir: string,
  io: Pick<CliIo, 'env'>,
  options: { timeoutMs?: number } = {},
): Promise<{ catalog: Catalog; close(): Promise<void> }> {
  const desk = await openCommandDesk(command, dataDir, io, {
    needs: 'catalog',
    ...(options.timeoutMs ? { fetchTimeoutMs: options.timeoutMs } : {}),
  })
  return { catalog: desk.catalog, close: () => desk.close() }
}

/** ApiErrors become one line on stderr and exit status 1; usage errors keep status 2. */
export async function runCatalogCommand<T>(command: string, work: () => Promise<T> | T): Promise<T> {
  try {
    return await work()
  } catch (error) {
    if (error instanceof ApiError) throw new CliError(`${command}: ${error.message.replace(/\s*\n\s*/g, ' ')}`, 1)
    throw error
  }
}

export const discoveryCommand: CliCommand = {
  name: 'discovery',
  summary: 'Import an editor from its /hosting/discovery, list the catalog, refresh it, or remove an editor.',
  usage,
  async run(argv, io) {
    const [sub, ...rest] = argv
    switch (sub) {
      case 'import':
        return importCommand(rest, io)
      case 'list':
        return listCommand(rest, io)
      case 'refresh':
        return refreshCommand(rest, io)
      case 'remove':
        return removeCommand(rest, io)
      default:
        throw new CliError(`discovery: ${sub ? `unknown subcommand "${sub}"` : 'missing subcommand'}. Usage: ${usage}`)
    }
  },
}

async function importCommand(argv: string[], io: CliIo): Promise<number> {
  const importUsage = 'wopi-desk discovery import <url> [--data <dir>] [--insecure-tls] [--timeout <seconds>]'
  const { values, positionals } = parseFlags(
    'discovery import',
    argv,
    { data: { type: 'string' }, 'insecure-tls': { type: 'boolean' }, timeout: { type: 'string' } },
    { min: 1, max: 1, usage: importUsage },
  )
  let timeoutMs: number | undefined
  if (values.timeout !== undefined) {
    const seconds = Number(values.timeout)
    if (!/^\d+(\.\d+)?$/.test(values.timeout) || seconds <= 0 || seconds > 300) {
      throw new CliError(`discovery import: --timeout must be a number of seconds from 0.1 to 300, got "${values.timeout}".`)
    }
    timeoutMs = Math.round(seconds * 1000)
  }
  const { catalog, close } = await openCliCatalog('discovery import', dataDirOption(values.data, io), io, timeoutMs ? { timeoutMs } : {})
  try {
    const result = await runCatalogCommand('discovery import', () =>
      catalog.importEndpoint({ url: positionals[0]!, insecureTls: values['insecure-tls'] === true }),
    )
    io.out(importSummary(result.endpoint, result.created ? 'Imported' : 'Re-imported'))
    for (const change of result.changes) io.out(`  ${change.kind}: ${change.detail}`)
    for (const note of result.endpoint.notes ?? []) io.err(`note: ${note}`)
    return 0
  } finally {
    await close()
  }
}

async function listCommand(argv: string[], io: CliIo): Promise<number> {
  const listUsage = 'wopi-desk discovery list [--data <dir>] [--json]'
  const { values } = parseFlags(
    'discovery list',
    argv,
    { data: { type: 'string' }, json: { type: 'boolean' } },
    { min: 0, max: 0, usage: listUsage },
  )
  const { catalog, close } = await openCliCatalog('discovery list', dataDirOption(values.data, io), io)
  try {
    const endpoints = catalog.listEndpoints()
    if (values.json) io.out(JSON.stringify(endpoints, null, 2))
    else printTable(endpoints, io)
    return 0
  } finally {
    await close()
  }
}

function printTable(endpoints: EndpointDto[], io: CliIo): void {
  if (endpoints.length === 0) {
    io.out('No editors yet. Add one with: wopi-desk discovery import <editor url> [--data <dir>]')
    return
  }
  for (const endpoint of endpoints) {
    const flags = [
      endpoint.enabled ? 'enabled' : 'DISABLED',
      `zone ${endpoint.zone}${endpoint.zones.length > 1 ? ` (of ${endpoint.zones.join(', ')})` : ''}`,
      `proof keys: ${endpoint.proofKeys.present ? (endpoint.proofKeys.hasOldKey ? 'current + previous' : 'current') : 'none'}`,
      endpoint.insecureTls ? 'certificate NOT verified (trusted by choice)' : null,
      `fetched ${new Date(endpoint.fetchedAt).toISOString()}`,
    ].filter(Boolean)
    io.out(`${endpoint.id}  ${endpoint.name}  [${endpoint.kind}]`)
    io.out(`  ${endpoint.discoveryUrl}`)
    io.out(`  ${flags.join(', ')}`)
    if (endpoint.lastError) io.out(`  last refresh failed: ${endpoint.lastError}`)
    const idWidth = Math.max(...endpoint.apps.map((app) => app.id.length), 2)
    const nameWidth = Math.max(...endpoint.apps.map((app) => app.name.length), 4)
    for (const app of endpoint.apps) {
      const state = !app.present ? ' (gone from discovery)' : !app.enabled ? ' (disabled)' : ''
      const offered = app.actions.filter((action) => action.supported)
      const extensions =
        app.extensions.length > 8 ? `${app.extensions.slice(0, 8).join(' ')} +${app.extensions.length - 8}` : app.extensions.join(' ')
      io.out(
        `  ${app.id.padEnd(idWidth)}  ${app.name.padEnd(nameWidth)}  ${String(offered.length).padStart(3)} actions  ${extensions}${state}`,
      )
    }
    io.out('')
  }
}

async function refreshCommand(argv: string[], io: CliIo): Promise<number> {
  const refreshUsage = 'wopi-desk discovery refresh [<endpoint id>] [--data <dir>]'
  const { values, positionals } = parseFlags(
    'discovery refresh',
    argv,
    { data: { type: 'string' } },
    { min: 0, max: 1, usage: refreshUsage },
  )
  const { catalog, close } = await openCliCatalog('discovery refresh', dataDirOption(values.data, io), io)
  try {
    const reports: RefreshReport[] = await runCatalogCommand('discovery refresh', () => catalog.refresh(positionals[0]))
    if (reports.length === 0) io.out('No editors to refresh.')
    let failed = 0
    for (const report of reports) {
      const endpoint = catalog.getEndpoint(report.endpointId)
      if (!report.ok) {
        failed++
        io.err(`${endpoint.name}: refresh failed: ${report.error} Keeping the copy fetched ${new Date(endpoint.fetchedAt).toISOString()}.`)
        continue
      }
      io.out(
        `${endpoint.name}: ${report.changes.length === 0 ? 'no changes' : `${report.changes.length} change${report.changes.length === 1 ? '' : 's'}`}`,
      )
      for (const change of report.changes) io.out(`  ${change.kind}: ${change.detail}`)
    }
    return failed > 0 ? 1 : 0
  } finally {
    await close()
  }
}

async function removeCommand(argv: string[], io: CliIo): Promise<number> {
  const removeUsage = 'wopi-desk discovery remove <endpoint id> [--data <dir>]'
  const { values, positionals } = parseFlags('discovery remove', argv, { data: { type: 'string' } }, { min: 1, max: 1, usage: removeUsage })
  const { catalog, close } = await openCliCatalog('discovery remove', dataDirOption(values.data, io), io)
  try {
    const endpoint = await runCatalogCommand('discovery remove', () => catalog.getEndpoint(positionals[0]!))
    catalog.removeEndpoint(endpoint.id)
    io.out(`Removed ${endpoint.name} and its ${endpoint.apps.length} apps.`)
    return 0
  } finally {
    await close()
  }
}
