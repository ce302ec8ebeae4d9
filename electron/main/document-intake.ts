import { existsSync, statSync } from 'node:fs'
import { isAbsolute, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

// Documents reach the app as launch arguments (a file manager's %F or %U, Windows' "%1", a second launch's argv
// with its own working directory) or as macOS open-file events, often before the window exists. This module turns
// them into absolute paths of existing files, and holds them until the app can open them.

export interface ArgvContext {
  /** the working directory of the process that passed argv (a second launch's, not ours) */
  cwd: string
  /** paths that are the app itself, never documents: the app folder `electron .` runs, the main bundle */
  appPaths?: readonly string[]
  exists?: (path: string) => boolean
}

function isFile(path: string): boolean {
  try {
    return existsSync(path) && statSync(path).isFile()
  } catch {
    return false
  }
}

/** One argument as an absolute path, or null when it is a flag, a non-file URI or not a file on this disk. */
export function documentPathOf(arg: string, context: ArgvContext): string | null {
  if (!arg || arg.startsWith('-')) return null
  let candidate = arg
  if (/^[a-z][a-z0-9+.-]+:\/\//i.test(arg)) {
    // Linux file managers pass %U as file:// URIs (percent-encoded); other schemes (smb:, sftp:) are not local files.
    if (!/^file:\/\//i.test(arg)) return null
    try {
      candidate = fileURLToPath(arg)
    } catch {
      return null
    }
  }
  const absolute = isAbsolute(candidate) ? resolve(candidate) : resolve(context.cwd, candidate)
  if ((context.appPaths ?? []).some((appPath) => resolve(appPath) === absolute)) return null
  if (/\.(c|m)?js$/i.test(absolute)) return null
  return (context.exists ?? isFile)(absolute) ? absolute : null
}

/** The documents in a launch's argv; argv[0] is the executable. */
export function documentsInArgv(argv: readonly string[], context: ArgvContext): string[] {
  const documents: string[] = []
  for (const arg of argv.slice(1)) {
    const path = documentPathOf(arg, context)
    if (path && !documents.includes(path)) documents.push(path)
  }
  return documents
}

export interface DocumentIntake {
  /** hands a document over: opened now when the app is ready, else kept until it is */
  add(path: string): void
  /** the app is ready: opens everything kept, in arrival order, then every later document at once */
  ready(open: (path: string) => Promise<unknown>): Promise<void>
  /** documents waiting for the app (for tests and the log) */
  pending(): readonly string[]
}

export function createDocumentIntake(onError: (path: string, error: unknown) => void): DocumentIntake {
  const queue: string[] = []
  let opener: ((path: string) => Promise<unknown>) | null = null
  // One document at a time, so that two choice dialogs never stack and the order stays the arrival order.
  let chain: Promise<void> = Promise.resolve()
  const openLater = (path: string) => {
    const open = opener!
    chain = chain.then(() =>
      open(path).then(
        () => undefined,
        (error: unknown) => onError(path, error),
      ),
    )
    return chain
  }
  return {
    add(path) {
      if (opener) void openLater(path)
      else if (!queue.includes(path)) queue.push(path)
    },
    async ready(open) {
      opener = open
      for (const path of queue.splice(0)) void openLater(path)
      await chain
    },
    pending: () => [...queue],
  }
}
