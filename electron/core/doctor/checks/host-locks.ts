import { existsSync } from 'node:fs'
import { basename, dirname, relative } from 'node:path'
import { describeDesktopLock, findDesktopLock } from '../../files/desktop-locks'
import type { DoctorContext } from '../context'
import { ago, duration, pass, plural, warn, type HostCheck } from './types'

// Locks (clients.md row 13): a document that opens read-only or "locked by another user" is held by a WOPI lock
// or a desktop program. These checks list who holds what, and find leftovers: expired locks nobody swept, and
// owner files of LibreOffice / Microsoft Office next to documents an editor has locked.

function nameOf(ctx: DoctorContext, fileId: string): string {
  return ctx.desk.files.get(fileId)?.relPath ?? `file ${fileId}`
}

function shownPath(ctx: DoctorContext, path: string): string {
  const root = ctx.desk.files.root
  return root && path.startsWith(root) ? relative(root, path) : basename(path)
}

export const expiredLocksCheck: HostCheck = {
  id: 'host.locks',
  title: 'No expired lock is left behind',
  scope: 'host',
  async run(ctx) {
    const now = ctx.now()
    const expired = ctx.desk.locks.expired()
    const active = ctx.desk.locks.active()
    if (expired.length === 0) return pass(`No expired lock is stored (${plural(active.length, 'document')} locked now).`)
    const described = expired.slice(0, 5).map((lock) => {
      const owner = lock.ownerFile && existsSync(lock.ownerFile) ? `; its owner file ${shownPath(ctx, lock.ownerFile)} is still there` : ''
      return `${nameOf(ctx, lock.fileId)} (taken by ${lock.client ?? 'an editor'}, expired ${ago(now - lock.expiresAt)}${owner})`
    })
    const ownerFiles = expired.filter((lock) => lock.ownerFile && existsSync(lock.ownerFile)).map((lock) => shownPath(ctx, lock.ownerFile!))
    const running = ctx.host.state !== 'none'
    const overdue = expired.some((lock) => now - lock.expiresAt > 5 * 60_000)
    const why =
      running && overdue
        ? 'The host removes expired locks every minute while it runs, and it has not removed these: restart the host.'
        : running
          ? 'The host removes expired locks within a minute; run the doctor again shortly.'
          : 'They are removed when the host next starts (wopi-desk serve).'
    return warn(
      `${plural(expired.length, 'lock')} expired but ${expired.length === 1 ? 'is' : 'are'} still stored: ${described.join('; ')}${expired.length > 5 ? '; ...' : ''}. Expired locks no longer block editors${ownerFiles.length ? ', but the owner files make LibreOffice say the documents are locked' : ''}.`,
      `${why}${ownerFiles.length ? ` Or delete the owner files by hand: ${ownerFiles.join(', ')}.` : ''}`,
    )
  },
}

export const desktopLocksCheck: HostCheck = {
  id: 'host.desktop-locks',
  title: 'Locked documents are not also open in a desktop program',
  scope: 'host',
  async run(ctx) {
    const now = ctx.now()
    const active = ctx.desk.locks.active()
    if (active.length === 0) return pass('No document is locked by an editor right now.')
    const listed: string[] = []
    const clashes: { name: string; holder: string; desktop: string; ownerFile: string }[] = []
    for (const lock of active) {
      const row = ctx.desk.files.get(lock.fileId)
      const name = row?.relPath ?? `file ${lock.fileId}`
      const holder = `${lock.client ?? 'an editor'}${lock.userId ? ` (user ${lock.userId})` : ''}`
      listed.push(`${name}: held by ${holder} for ${duration(now - lock.createdAt)}, expires in ${duration(lock.expiresAt - now)}`)
      if (!row) continue
      let path: string
      try {
        path = await ctx.desk.files.locate(row)
      } catch {
        continue
      }
      const desktop = await findDesktopLock(dirname(path), basename(path))
      if (desktop) clashes.push({ name, holder, desktop: describeDesktopLock(desktop), ownerFile: desktop.ownerFile })
    }
    if (clashes.length > 0) {
      return warn(
        `${clashes.map((clash) => `${clash.name} is locked by ${clash.holder} and is also ${clash.desktop}`).join('; ')}: saves from one overwrite the other's changes. Locked now: ${listed.join('; ')}.`,
        `Close the document in one of the two programs. If the desktop program is no longer running (it crashed), delete its owner file: ${clashes.map((clash) => clash.ownerFile).join(', ')}.`,
      )
    }
    return pass(`${plural(active.length, 'document')} locked, none also open in LibreOffice or Microsoft Office: ${listed.join('; ')}.`)
  },
}
