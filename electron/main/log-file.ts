import { appendFileSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { createRedactor } from '../core/doctor/redact'

// A packaged app has no terminal: its log goes to a file under the system's logs folder (Electron's
// app.getPath('logs')), reachable from Help > Open logs folder. Lines pass the same redactor as the diagnostics
// report, so a token that slips into a message never reaches the disk. Files rotate by size: wopi-desk.log, then
// wopi-desk.1.log ... wopi-desk.<keep>.log, the oldest dropped.

export const LOG_FILE_NAME = 'wopi-desk.log'

export interface LogFileOptions {
  dir: string
  /** a file grows to about this size before it rotates */
  maxBytes?: number
  /** rotated files kept besides the current one */
  keep?: number
}

export interface LogFile {
  readonly path: string
  write(line: string): void
}

export function rotatedName(index: number): string {
  return index === 0 ? LOG_FILE_NAME : LOG_FILE_NAME.replace(/\.log$/, () => `.${index}.log`)
}

export function openLogFile(options: LogFileOptions): LogFile {
  const maxBytes = options.maxBytes ?? 1024 * 1024
  const keep = options.keep ?? 3
  const redact = createRedactor()
  const path = join(options.dir, LOG_FILE_NAME)
  mkdirSync(options.dir, { recursive: true, mode: 0o700 })
  let size = sizeOf(path)
  let failed = false

  const rotate = () => {
    rmSync(join(options.dir, rotatedName(keep)), { force: true })
    for (let index = keep - 1; index >= 0; index--) {
      const from = join(options.dir, rotatedName(index))
      if (sizeOf(from) >= 0) renameSync(from, join(options.dir, rotatedName(index + 1)))
    }
    size = 0
  }

  return {
    path,
    write(line) {
      const text = redact(line).replace(/\r?\n(?!$)/g, '\n  ') + (line.endsWith('\n') ? '' : '\n')
      const bytes = Buffer.byteLength(text)
      try {
        if (size > 0 && size + bytes > maxBytes) rotate()
        // Synchronous on purpose: the line before a crash is the one that matters, and the app logs little.
        appendFileSync(path, text, { mode: 0o600 })
        size += bytes
        failed = false
      } catch (error) {
        // A full or read-only disk must not take the app down with it; say so once on stderr.
        if (!failed) process.stderr.write(`WOPI Desk could not write its log file ${path}: ${(error as Error).message}\n`)
        failed = true
      }
    },
  }
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size
  } catch {
    return -1
  }
}

/** Writes a line to stderr (for `npm start`) and to the log file. */
export function teeToLogFile(
  file: LogFile,
  stderr: (line: string) => void = (line) => process.stderr.write(line + '\n'),
): (line: string) => void {
  return (line) => {
    stderr(line)
    file.write(line)
  }
}
