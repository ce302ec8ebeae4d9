import { readdirSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import type { RenderProcessGoneDetails, WebContents } from 'electron'
import { englishText, type Translate } from './main-i18n'

// A renderer that crashes or is killed (out of memory, a GPU reset, the task manager) leaves a blank window.
// The console and the editor windows reload instead, and the user is told what happened. A renderer that dies
// again and again is left alone after a few tries, with a message saying so, rather than reloaded in a loop.

export const MAX_RELOADS = 3
export const RELOAD_WINDOW_MS = 60_000

export interface CrashNotice {
  /** e.g. "The console" or "The editor window for report.odt" */
  what: string
  reason: string
  reloaded: boolean
}

export interface CrashRecoveryOptions {
  what: string
  /** reloads the page; for the editor its host page again, for the console the console page */
  reload(): void
  notify(notice: CrashNotice): void
  log?: { warn(message: string, fields?: Record<string, unknown>): void }
  now?: () => number
}

export function recoverFromCrashes(contents: Pick<WebContents, 'on'>, options: CrashRecoveryOptions): void {
  const now = options.now ?? (() => Date.now())
  const recent: number[] = []
  contents.on('render-process-gone', (_event: unknown, details: RenderProcessGoneDetails) => {
    // clean-exit is a window closing normally, not a crash.
    if (details.reason === 'clean-exit') return
    const at = now()
    while (recent.length && at - recent[0]! > RELOAD_WINDOW_MS) recent.shift()
    recent.push(at)
    const reloaded = recent.length <= MAX_RELOADS
    options.log?.warn('a window’s renderer stopped', { what: options.what, reason: details.reason, exitCode: details.exitCode, reloaded })
    if (reloaded) options.reload()
    options.notify({ what: options.what, reason: details.reason, reloaded })
  })
}

export function crashMessage(notice: CrashNotice, t: Translate = englishText): { message: string; detail: string } {
  const reason =
    notice.reason === 'oom'
      ? t('crash.reasonOom')
      : notice.reason === 'killed'
        ? t('crash.reasonKilled')
        : t('crash.reasonOther', { reason: notice.reason.replace(/-/g, ' ') })
  return notice.reloaded
    ? { message: t('crash.reloaded', { what: notice.what }), detail: t('crash.reloadedDetail', { reason }) }
    : {
        message: t('crash.keepsStopping', { what: notice.what }),
        detail: t('crash.keepsStoppingDetail', { times: MAX_RELOADS + 1, reason }),
      }
}

/** Crash dumps Electron's crash reporter keeps locally (never uploaded), for the diagnostics report. */
export function crashDumpSummary(dir: string, limit = 20): string {
  const dumps: { name: string; size: number; at: number }[] = []
  const walk = (folder: string, depth: number) => {
    let names: string[]
    try {
      names = readdirSync(folder)
    } catch {
      return
    }
    for (const name of names) {
      const path = join(folder, name)
      try {
        const stat = statSync(path)
        if (stat.isDirectory() && depth < 3) walk(path, depth + 1)
        else if (stat.isFile() && name.endsWith('.dmp')) dumps.push({ name: relative(dir, path), size: stat.size, at: stat.mtimeMs })
      } catch {
        // gone while listing
      }
    }
  }
  walk(dir, 0)
  if (!dumps.length) return 'Crash reports: none.'
  dumps.sort((a, b) => b.at - a.at)
  const lines = dumps.slice(0, limit).map((dump) => `- ${new Date(dump.at).toISOString()} ${dump.name} (${dump.size} bytes)`)
  return [`Crash reports (${dumps.length}, kept in the crash dumps folder of the app, never uploaded):`, ...lines].join('\n')
}
