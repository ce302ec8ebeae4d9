import { createPrivateKey, type KeyObject } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { EmulationInputError, formatReport, runEmulation, type EditorKind, type ProofSigningKeys } from '../../core/emulators'
import { CliError } from '../cli-error'
import type { CliCommand } from '../commands'
import type { CliIo } from '../io'
import { parseFlags, requireFlag } from '../parse-flags'

// `emulate`: replays what Collabora Online or ONLYOFFICE Docs send to a WOPI host (any host: ours, Nextcloud,
// Cloudreve, custom) and reports every answer that editor would stumble over. Non-destructive by default: saves
// write back the downloaded bytes, the Save As copy is deleted (or named for removal), the rename is undone.

const usage =
  'wopi-desk emulate collabora|onlyoffice --wopisrc <url> --token <token> [--json] [--no-write] [--proof-key <pem>] [--proof-key-old <pem>] [--lool]'

async function readKey(io: CliIo, flag: string, path: string): Promise<KeyObject> {
  const absolute = resolve(io.cwd, path)
  let pem: string
  try {
    pem = await readFile(absolute, 'utf8')
  } catch (error) {
    throw new CliError(
      `emulate: cannot read ${flag} ${absolute} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}). Pass a PEM file with the editor's RSA private key.`,
    )
  }
  try {
    return createPrivateKey(pem)
  } catch {
    throw new CliError(
      `emulate: ${flag} ${absolute} is not a PEM private key. Pass the editor's RSA private key (-----BEGIN PRIVATE KEY-----).`,
    )
  }
}

export const emulateCommand: CliCommand = {
  name: 'emulate',
  summary: 'Replay the WOPI requests of Collabora or ONLYOFFICE against a WOPI host and explain each deviation (exit 1 when any).',
  usage,
  async run(argv: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseFlags(
      'emulate',
      argv,
      {
        wopisrc: { type: 'string' },
        token: { type: 'string' },
        json: { type: 'boolean' },
        'no-write': { type: 'boolean' },
        'proof-key': { type: 'string' },
        'proof-key-old': { type: 'string' },
        lool: { type: 'boolean' },
      },
      { min: 1, max: 1, usage },
    )
    const editor = positionals[0]
    if (editor !== 'collabora' && editor !== 'onlyoffice') {
      throw new CliError(`emulate: the editor must be "collabora" or "onlyoffice", got "${editor}". Usage: ${usage}`)
    }
    const wopiSrc = requireFlag('emulate', values.wopisrc, '--wopisrc', usage)
    const token = requireFlag('emulate', values.token, '--token', usage)
    if (values.lool && editor !== 'collabora') {
      throw new CliError('emulate: --lool replays LibreOffice Online, Collabora\'s predecessor: use it with "collabora".')
    }
    if (values['proof-key-old'] && !values['proof-key']) {
      throw new CliError('emulate: --proof-key-old needs --proof-key (the current key) as well.')
    }
    let proofKeys: ProofSigningKeys | undefined
    if (values['proof-key']) {
      proofKeys = { current: await readKey(io, '--proof-key', values['proof-key']) }
      if (values['proof-key-old']) proofKeys.old = await readKey(io, '--proof-key-old', values['proof-key-old'])
    }

    let report
    try {
      report = await runEmulation({
        editor: editor as EditorKind,
        wopiSrc,
        accessToken: token,
        ...(proofKeys ? { proofKeys } : {}),
        options: { write: !values['no-write'], ...(values.lool ? { collaboraFlavour: 'lool' as const } : {}) },
      })
    } catch (error) {
      if (error instanceof EmulationInputError) throw new CliError(`emulate: ${error.message}`)
      throw error
    }
    if (values.json) io.out(JSON.stringify(report, null, 2))
    else for (const line of formatReport(report)) io.out(line)
    return report.fatal || report.deviations > 0 ? 1 : 0
  },
}
