import { readFile, stat } from 'node:fs/promises'
import { basename, resolve } from 'node:path'
import { MAX_ICON_BYTES } from '../../core/discovery/image-sniff'
import { CliError } from '../cli-error'
import type { CliCommand } from '../commands'
import type { CliIo } from '../io'
import { parseFlags } from '../parse-flags'
import { dataDirOption } from '../data-dir'
import { openCliCatalog, runCatalogCommand } from './discovery'

// `apps`: the admin's edits to the apps of the catalog (names, icons, enabled flags). The discovered name and
// icon stay the lookup key; edits are stored beside them and survive refreshes.

const usage =
  'wopi-desk apps rename <app id> (<name> | --reset) | icon <app id> (<file> | --reset) | enable <app id> | disable <app id>   (all take [--data <dir>])'

export const appsCommand: CliCommand = {
  name: 'apps',
  summary: 'Rename an app, change or reset its icon, or enable/disable it.',
  usage,
  async run(argv, io) {
    const [sub, ...rest] = argv
    switch (sub) {
      case 'rename':
        return rename(rest, io)
      case 'icon':
        return icon(rest, io)
      case 'enable':
      case 'disable':
        return setEnabled(sub, rest, io)
      default:
        throw new CliError(`apps: ${sub ? `unknown subcommand "${sub}"` : 'missing subcommand'}. Usage: ${usage}`)
    }
  },
}

async function rename(argv: string[], io: CliIo): Promise<number> {
  const renameUsage = 'wopi-desk apps rename <app id> (<name> | --reset) [--data <dir>]'
  const { values, positionals } = parseFlags(
    'apps rename',
    argv,
    { data: { type: 'string' }, reset: { type: 'boolean' } },
    { min: 1, max: 2, usage: renameUsage },
  )
  if (Boolean(values.reset) === (positionals.length === 2))
    throw new CliError(`apps rename: give either a new name or --reset. Usage: ${renameUsage}`)
  const { catalog, close } = await openCliCatalog('apps rename', dataDirOption(values.data, io), io)
  try {
    const app = await runCatalogCommand('apps rename', () => catalog.renameApp(positionals[0]!, values.reset ? null : positionals[1]!))
    io.out(
      app.renamed
        ? `Renamed ${app.id} to "${app.name}" (discovered as "${app.discoveredName}").`
        : `${app.id} is called "${app.name}" again, as discovered.`,
    )
    return 0
  } finally {
    await close()
  }
}

async function icon(argv: string[], io: CliIo): Promise<number> {
  const iconUsage = 'wopi-desk apps icon <app id> (<file.png|.svg|.ico> | --reset) [--data <dir>]'
  const { values, positionals } = parseFlags(
    'apps icon',
    argv,
    { data: { type: 'string' }, reset: { type: 'boolean' } },
    { min: 1, max: 2, usage: iconUsage },
  )
  if (Boolean(values.reset) === (positionals.length === 2))
    throw new CliError(`apps icon: give either an image file or --reset. Usage: ${iconUsage}`)
  let upload: { bytes: Buffer; fileName: string } | null = null
  if (!values.reset) {
    const file = resolve(io.cwd, positionals[1]!)
    try {
      // Check the size before reading, so a huge file is refused without loading it.
      if ((await stat(file)).size > MAX_ICON_BYTES)
        throw new CliError(`apps icon: ${file} is larger than 512 KiB; choose a smaller PNG, SVG or ICO image.`, 1)
      upload = { bytes: await readFile(file), fileName: basename(file) }
    } catch (error) {
      if (error instanceof CliError) throw error
      throw new CliError(`apps icon: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`, 1)
    }
  }
  const { catalog, close } = await openCliCatalog('apps icon', dataDirOption(values.data, io), io)
  try {
    const app = await runCatalogCommand('apps icon', () => catalog.setAppIcon(positionals[0]!, upload))
    io.out(
      upload
        ? `Icon of ${app.id} ("${app.name}") set from ${upload.fileName}.`
        : `Icon of ${app.id} ("${app.name}") reset to ${app.iconSource === 'discovered' ? 'the discovered one' : 'none (the editor publishes no usable icon)'}.`,
    )
    return 0
  } finally {
    await close()
  }
}

async function setEnabled(sub: 'enable' | 'disable', argv: string[], io: CliIo): Promise<number> {
  const enabledUsage = `wopi-desk apps ${sub} <app id> [--data <dir>]`
  const { values, positionals } = parseFlags(`apps ${sub}`, argv, { data: { type: 'string' } }, { min: 1, max: 1, usage: enabledUsage })
  const { catalog, close } = await openCliCatalog(`apps ${sub}`, dataDirOption(values.data, io), io)
  try {
    const app = await runCatalogCommand(`apps ${sub}`, () => catalog.setAppEnabled(positionals[0]!, sub === 'enable'))
    io.out(`${app.id} ("${app.name}") is ${app.enabled ? 'enabled' : 'disabled'}.`)
    return 0
  } finally {
    await close()
  }
}
