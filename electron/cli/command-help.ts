// `--help` for every command and subcommand: each option with what it does and its default, and examples.
// Kept apart from the commands' code so the help reads as one reference; a test checks that every command and
// every subcommand has an entry here, and that each option the entry names is one the command accepts.

export interface OptionHelp {
  flag: string
  description: string
  /** what applies when the option is left out */
  defaultValue: string
}

export interface CommandHelp {
  options: OptionHelp[]
  /** command lines without the leading invocation, e.g. "serve --root ~/Documents" */
  examples: string[]
}

const data: OptionHelp = {
  flag: '--data <dir>',
  description: 'the data folder (catalog, versions, settings)',
  defaultValue: "the app's data folder, the one serve uses",
}
const json = (what: string): OptionHelp => ({ flag: '--json', description: `print ${what} as JSON`, defaultValue: 'off (text for people)' })
const timeout = (what: string, fallback: string): OptionHelp => ({ flag: '--timeout <seconds>', description: what, defaultValue: fallback })

export const commandHelp: Record<string, CommandHelp> = {
  serve: {
    options: [
      {
        flag: '--root <folder>',
        description: 'the folder to serve to editors',
        defaultValue: 'the folder served last time, else ~/WOPI Desk (created with a welcome document)',
      },
      data,
      {
        flag: '--port <n>',
        description: 'the WOPI host port (0: any free port)',
        defaultValue: '17890; refused with a message when taken',
      },
      {
        flag: '--bind <addr>',
        description: 'the address the WOPI host listens on (0.0.0.0: every network)',
        defaultValue: '127.0.0.1 (this computer only)',
      },
      {
        flag: '--public-url <url>',
        description: 'the address editors call this host at (Docker, another machine, a TLS proxy)',
        defaultValue: 'the listening address',
      },
      { flag: '--console-port <n>', description: 'the console port on 127.0.0.1', defaultValue: '0 (any free port)' },
      {
        flag: '--editor-port <n>',
        description: "the built-in editor's port (0: any free port)",
        defaultValue: '17891; refused with a message when taken',
      },
    ],
    examples: ['serve', 'serve --root ~/Documents', 'serve --bind 0.0.0.0 --public-url http://192.168.1.20:17890'],
  },
  console: {
    options: [data, json('{"consoleUrl": ...}')],
    examples: ['console', 'console --data ./desk-data'],
  },
  token: {
    options: [
      data,
      { flag: '--write', description: 'allow saving (PutFile, Lock...)', defaultValue: 'off (read only)' },
      { flag: '--user <name>', description: 'the user name editors show', defaultValue: 'the display name from Settings' },
      {
        flag: '--ttl <seconds>',
        description: 'how long the token is valid (1 to 2592000)',
        defaultValue: 'the token lifetime from Settings (10 hours)',
      },
      {
        flag: '--app <app id or name>',
        description: 'the app whose proof keys and client the token is for',
        defaultValue: 'the default app for the extension',
      },
    ],
    examples: ['token notes.md', 'token "Reports/Q1 review.odt" --write --ttl 3600'],
  },
  open: {
    options: [
      data,
      { flag: '--app <app id or name>', description: 'the app to open the document in', defaultValue: 'the default app for the extension' },
      { flag: '--action <name>', description: 'the WOPI action (view, edit, ...)', defaultValue: 'edit where the app can, else view' },
      json('the session and its URLs'),
    ],
    examples: ['open notes.md', 'open report.docx --action view --json'],
  },
  validate: {
    options: [
      { flag: '--wopisrc <url>', description: 'the WOPISrc of the file to test (required)', defaultValue: 'none' },
      { flag: '--token <token>', description: 'an access token with write rights (required)', defaultValue: 'none' },
      { flag: '--cases <TestCases.xml>', description: "the validator's test case file (required)", defaultValue: 'none' },
      { flag: '--category <c>', description: 'WopiCore, OfficeOnline, OfficeNativeClient or All', defaultValue: 'WopiCore' },
      { flag: '--token-ttl <ms>', description: "the token's expiry in ms since 1970, as access_token_ttl", defaultValue: '0 (not sent)' },
      { flag: '--group <name>', description: 'run only this test group', defaultValue: 'every group' },
      json('the report'),
    ],
    examples: ['validate --wopisrc http://127.0.0.1:17890/wopi/files/abc --token <token> --cases resources/wopi-validator/TestCases.xml'],
  },
  emulate: {
    options: [
      { flag: '--wopisrc <url>', description: 'the WOPISrc of the file to open (required)', defaultValue: 'none' },
      { flag: '--token <token>', description: 'the access token (required)', defaultValue: 'none' },
      json('the report'),
      { flag: '--no-write', description: 'never save, lock or rename (read-only run)', defaultValue: 'off: saves the same bytes back' },
      { flag: '--proof-key <pem>', description: 'sign requests with this private key, as the editor would', defaultValue: 'unsigned' },
      { flag: '--proof-key-old <pem>', description: 'the previous key, for X-WOPI-ProofOld', defaultValue: 'none' },
    ],
    examples: ['emulate collabora --wopisrc http://127.0.0.1:17890/wopi/files/abc --token <token>'],
  },
  discovery: {
    options: [data],
    examples: ['discovery import https://collabora.example.com:9980', 'discovery list', 'discovery refresh'],
  },
  'discovery import': {
    options: [
      data,
      {
        flag: '--insecure-tls',
        description: "trust this editor's self-signed certificate (this host only)",
        defaultValue: 'off (certificates are checked)',
      },
      timeout('how long to wait for the discovery document (up to 300)', '10'),
    ],
    examples: [
      'discovery import https://collabora.example.com:9980',
      'discovery import https://10.0.0.5:9980/hosting/discovery --insecure-tls',
    ],
  },
  'discovery list': { options: [data, json('the editors and their apps')], examples: ['discovery list', 'discovery list --json'] },
  'discovery refresh': { options: [data], examples: ['discovery refresh', 'discovery refresh <endpoint id>'] },
  'discovery remove': { options: [data], examples: ['discovery remove <endpoint id>'] },
  apps: { options: [data], examples: ['apps rename <app id> "Team Writer"', 'apps disable <app id>'] },
  'apps rename': {
    options: [data, { flag: '--reset', description: 'go back to the name discovery gave', defaultValue: 'off' }],
    examples: ['apps rename <app id> "Team Writer"', 'apps rename <app id> --reset'],
  },
  'apps icon': {
    options: [data, { flag: '--reset', description: 'go back to the discovered icon', defaultValue: 'off' }],
    examples: ['apps icon <app id> ./writer.png', 'apps icon <app id> --reset'],
  },
  'apps enable': { options: [data], examples: ['apps enable <app id>'] },
  'apps disable': { options: [data], examples: ['apps disable <app id>'] },
  doctor: {
    options: [
      data,
      { flag: '--endpoint <id>', description: 'check only this editor', defaultValue: 'every editor' },
      json('the checks'),
      timeout('the time each network probe may take (0.1 to 120)', '8'),
    ],
    examples: ['doctor', 'doctor --endpoint <endpoint id> --json'],
  },
  trash: {
    options: [data, json('the trash or what changed')],
    examples: ['trash list', 'trash restore <id>', 'trash empty --json'],
  },
  'trash list': { options: [data, json('[{"id","path","size","deletedAt","expiresAt"}]')], examples: ['trash list', 'trash list --json'] },
  'trash restore': { options: [data, json('the restored file')], examples: ['trash restore <id>'] },
  'trash delete': { options: [data], examples: ['trash delete <id>'] },
  'trash empty': { options: [data, json('{"removed"}')], examples: ['trash empty', 'trash empty --json'] },
  report: {
    options: [
      data,
      { flag: '--out <file or folder>', description: 'where to write the redacted report (required)', defaultValue: 'none' },
      timeout('the time each network probe may take (0.1 to 120)', '8'),
    ],
    examples: ['report --out ~/Desktop'],
  },
}

/** The subcommands a command dispatches on, for `<command> <sub> --help`. */
export const subcommands: Record<string, string[]> = {
  discovery: ['import', 'list', 'refresh', 'remove'],
  apps: ['rename', 'icon', 'enable', 'disable'],
  trash: ['list', 'restore', 'delete', 'empty'],
}

/** A line for help texts when `wopi-desk` is not what to type here (a clone: no `wopi-desk` on PATH). */
export function invocationNote(invocation: string): string | null {
  return invocation === 'wopi-desk' ? null : `Here (a clone of the repository), type "${invocation}" where this help says "wopi-desk".`
}

/** The text `--help` prints: the synopsis, each option with its default, and examples typed the way that works here. */
export function formatHelp(usage: string, summary: string, help: CommandHelp | undefined, invocation: string): string {
  const lines = [`Usage: ${usage}`, '', summary]
  if (help && help.options.length > 0) {
    const width = Math.min(28, Math.max(...help.options.map((option) => option.flag.length)))
    lines.push('', 'Options:')
    for (const option of help.options) {
      const flag = option.flag.length > width ? `${option.flag}\n  ${' '.repeat(width)}` : option.flag.padEnd(width)
      lines.push(`  ${flag}  ${option.description}. Default: ${option.defaultValue}.`)
    }
  }
  if (help && help.examples.length > 0) {
    lines.push('', 'Examples:')
    for (const example of help.examples) lines.push(`  ${invocation} ${example}`)
  }
  const note = invocationNote(invocation)
  if (note) lines.push('', note)
  return lines.join('\n')
}
