import type { TrashEntryDto } from '../../contract/dto'
import { ApiError } from '../../contract/envelope'
import type { ApiImplementation } from '../../contract/channels'
import { openCommandDesk } from '../command-desk'
import { CliError } from '../cli-error'
import type { CliCommand } from '../commands'
import { dataDirOption } from '../data-dir'
import type { CliIo } from '../io'
import { parseFlags } from '../parse-flags'

// `trash`: the files DeleteFile and the console moved to the trash in the data folder; list them, put one back
// where it was (a free name if that one is taken), delete one for good, or empty the trash.

type TrashChannel = 'trash:list' | 'trash:restore' | 'trash:delete' | 'trash:empty'

const usage = 'wopi-desk trash list [--json] | restore <id> [--json] | delete <id> | empty [--json]   (all take [--data <dir>])'

function trashId(command: string, value: string): number {
  if (!/^[1-9]\d{0,15}$/.test(value)) throw new CliError(`${command}: "${value}" is not a trash id; "wopi-desk trash list" shows them.`)
  return Number(value)
}

async function withTrash<T>(
  command: string,
  dataDir: string,
  io: Pick<CliIo, 'env'>,
  work: (api: Pick<ApiImplementation, TrashChannel>) => Promise<T>,
): Promise<T> {
  const desk = await openCommandDesk(command, dataDir, io, { needs: 'serve-first' })
  try {
    return await work(desk.api)
  } catch (error) {
    if (error instanceof ApiError) throw new CliError(`${command}: ${error.message}`, 1)
    throw error
  } finally {
    await desk.close()
  }
}

function printEntries(entries: TrashEntryDto[], io: CliIo): void {
  if (entries.length === 0) {
    io.out('The trash is empty.')
    return
  }
  for (const entry of entries) {
    const expires = entry.expiresAt === null ? 'kept until emptied' : `deleted for good after ${new Date(entry.expiresAt).toISOString()}`
    // Entries of the served folder read as before; another place's are named, since two places can hold the same path.
    const where = entry.place && entry.place !== 'root' && entry.placeName ? ` (in ${entry.placeName})` : ''
    io.out(`${entry.id}  ${entry.path}${where}  ${entry.size} bytes  deleted ${new Date(entry.deletedAt).toISOString()}, ${expires}`)
  }
}

export const trashCommand: CliCommand = {
  name: 'trash',
  summary: 'List deleted files, restore one, delete one for good, or empty the trash.',
  usage,
  async run(argv, io) {
    const [sub, ...rest] = argv
    const flags = { data: { type: 'string' as const }, json: { type: 'boolean' as const } }
    switch (sub) {
      case 'list': {
        const { values } = parseFlags('trash list', rest, flags, { min: 0, max: 0, usage })
        const entries = await withTrash('trash list', dataDirOption(values.data, io), io, (api) => api['trash:list']())
        if (values.json) io.out(JSON.stringify(entries, null, 2))
        else printEntries(entries, io)
        return 0
      }
      case 'restore': {
        const { values, positionals } = parseFlags('trash restore', rest, flags, { min: 1, max: 1, usage })
        const id = trashId('trash restore', positionals[0]!)
        const restored = await withTrash('trash restore', dataDirOption(values.data, io), io, (api) => api['trash:restore'](id))
        if (values.json) io.out(JSON.stringify(restored, null, 2))
        else io.out(`Restored ${restored.path}`)
        return 0
      }
      case 'delete': {
        const { values, positionals } = parseFlags('trash delete', rest, { data: flags.data }, { min: 1, max: 1, usage })
        const id = trashId('trash delete', positionals[0]!)
        await withTrash('trash delete', dataDirOption(values.data, io), io, (api) => api['trash:delete'](id))
        io.out(`Deleted trash entry ${id} for good.`)
        return 0
      }
      case 'empty': {
        const { values } = parseFlags('trash empty', rest, flags, { min: 0, max: 0, usage })
        const result = await withTrash('trash empty', dataDirOption(values.data, io), io, (api) => api['trash:empty']())
        if (values.json) io.out(JSON.stringify(result))
        else io.out(result.removed === 0 ? 'The trash was already empty.' : `Deleted ${result.removed} file(s) for good.`)
        return 0
      }
      default:
        throw new CliError(`trash: ${sub ? `unknown subcommand "${sub}"` : 'missing subcommand'}. Usage: ${usage}`)
    }
  },
}
