import { storedLanguage } from '../core/settings/stored-language'
import type { LogFile } from './log-file'
import { createMainI18n, englishText, type Translate } from './main-i18n'

// When the app cannot start, the user is told in a native box in the language chosen in Settings. The desk is
// not open then, so the language comes from its database file directly (as for the taken-port box); without a
// usable SQLite addon even that cannot be read, and the box is English. The terminal and log-file line stay
// English and unchanged whatever the language: support staff and scripts search for it.

/** A failure the user was told about already (the taken-port box): the app only says so on the terminal and exits. */
export class ToldTheUser extends Error {}

export const START_FAILED_LINE = 'WOPI Desk could not start'

/**
 * The desktop's text before the desk opens: the stored language (or, with none stored, the system's); English when
 * the SQLite addon is not usable, so the database cannot be read at all.
 */
export function textBeforeTheDesk(options: {
  dataDir: string
  /** the checked SQLite addon; null when it is missing or built for another Electron */
  sqliteAddon: string | null
  systemLanguages: () => readonly string[]
}): Translate {
  if (options.sqliteAddon === null) return englishText
  try {
    return createMainI18n(storedLanguage(options.dataDir, { nativeBinding: options.sqliteAddon }), options.systemLanguages).t
  } catch {
    return englishText
  }
}

export interface StartFailureOutputs {
  stderr: { write(text: string): unknown }
  logFile: Pick<LogFile, 'path' | 'write'> | null
  dialog: { showErrorBox(title: string, content: string): void }
}

/** Says why the app did not start: one English line on the terminal and in the log, and a box in the user's language. */
export function reportStartFailure(error: unknown, outputs: StartFailureOutputs, text: () => Translate): void {
  const message = (error as Error | undefined)?.message ?? String(error)
  // One line on the terminal too: `npm start` users read it there, and a dialog may not be seen under CI.
  outputs.stderr.write(`${START_FAILED_LINE}: ${message}\n`)
  outputs.logFile?.write(`${START_FAILED_LINE}: ${message}`)
  if (error instanceof ToldTheUser) return
  let t: Translate
  try {
    t = text()
  } catch {
    t = englishText
  }
  // The message itself comes from the core, in English like the log line the detail points to.
  const detail = outputs.logFile
    ? t('startFailed.detail', { message, log: outputs.logFile.path })
    : t('startFailed.detailNoLog', { message })
  outputs.dialog.showErrorBox(t('startFailed.title'), detail)
}
