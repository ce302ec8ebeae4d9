import { basename, dirname } from 'node:path'
import { findDesktopLock } from '../files/desktop-locks'
import { SizeLimitError } from '../files/atomic-write'
import { WopiError } from './wopi-error'
import { sameWopiInstant, wopiTime } from './wopi-time'
import {
  declaredLength,
  desktopConflict,
  readOnlyConflict,
  itemVersion,
  lockConflict,
  tooLarge,
  type WopiOperation,
  heldByReason,
} from './wopi-call'

/**
 * PutFile — POST /wopi/files/{id}/contents, X-WOPI-Override: PUT (spec 3.2). Honours X-WOPI-Lock (409 with the
 * current lock on mismatch; an unlocked file only takes a PutFile while it is 0 bytes, the new-file flow),
 * Collabora's X-COOL-WOPI-Timestamp and ONLYOFFICE's X-LOOL-WOPI-Timestamp (409 + {"COOLStatusCode":1010}
 * when the file changed on disk since the editor loaded it: the disk file is kept), Content-Length against the
 * size limit (413). The write is atomic and keeps the previous content as a version. Runs under the file's mutex.
 */
export const putFile: WopiOperation = async (call, services) => {
  const presented = call.header('x-wopi-lock')
  call.notes.lockId = presented ?? null
  const { row, path, writable } = await services.files.observe(call.fileId)
  if (!writable) throw readOnlyConflict()
  const current = services.locks.current(call.fileId)
  if (current) {
    if (presented !== current.lockId)
      throw lockConflict(current.lockId, presented ? heldByReason(current) : 'the file is locked and X-WOPI-Lock is missing')
  } else {
    const desktop = await findDesktopLock(dirname(path), basename(path), services.files.quickFs)
    if (desktop) throw desktopConflict(desktop)
    if (row.size !== 0)
      throw lockConflict('', 'the file is not locked: Lock it before PutFile (only a 0-byte file takes an unlocked PutFile)')
  }

  const cool = call.header('x-cool-wopi-timestamp')
  const lool = call.header('x-lool-wopi-timestamp')
  const timestamp = cool ?? lool
  if (timestamp !== undefined && !sameWopiInstant(timestamp, row.lastModified) && !confirmsOverwrite(call, services, timestamp)) {
    // Only a save the user asked for opens the dialog whose Overwrite answer may follow.
    if (!isBackgroundSave(call)) services.conflicts?.refused(call.fileId, presented ?? '', timestamp)
    const reason = `the file changed on disk since the editor loaded it (editor has ${timestamp}, disk is ${wopiTime(row.lastModified)})`
    await keepRefusedSave(call, services, row.id)
    // 409 with status code 1010 is Collabora's "document changed in storage": it asks the user instead of
    // overwriting. Answer in the dialect the request used.
    throw new WopiError(
      409,
      reason,
      { 'X-WOPI-Lock': current?.lockId ?? '' },
      { [cool !== undefined ? 'COOLStatusCode' : 'LOOLStatusCode']: 1010 },
    )
  }

  const limit = services.settings().maxFileSizeBytes
  const length = declaredLength(call.req)
  if (length !== undefined && length > limit) throw tooLarge(limit)
  try {
    const saved = await services.files.replaceContent(call.fileId, call.req, { maxBytes: limit, reason: 'put-file' })
    call.notes.details = { ...call.notes.details, bytes: saved.size }
    return { headers: itemVersion(saved), json: { LastModifiedTime: wopiTime(saved.lastModified) } }
  } catch (error) {
    if (error instanceof SizeLimitError) throw tooLarge(limit)
    throw error
  }
}

/**
 * The refused save's bytes, kept as a version ("Kept after a conflicting save"): whether the editor then asks the
 * user (Overwrite / Discard) or, holding no unsaved changes, reloads the disk file and tells them "your version is
 * available as revision" (LibreOffice Online does either, by a race inside it), the user's edits are never lost.
 * Only the lock holder gets here; a body over the size limit is not kept (the editor still has it).
 */
async function keepRefusedSave(call: Parameters<WopiOperation>[0], services: Parameters<WopiOperation>[1], fileId: string): Promise<void> {
  const limit = services.settings().maxFileSizeBytes
  const length = declaredLength(call.req)
  if (length !== undefined && length > limit) return
  try {
    const kept = await services.files.keepRefusedSave(fileId, call.req, limit)
    if (kept) call.notes.details = { ...call.notes.details, keptAsVersion: kept.id }
  } catch (error) {
    if (!(error instanceof SizeLimitError))
      services.log.warn('could not keep a refused save as a version', { fileId, error: String(error) })
  }
}

/**
 * LibreOffice Online's Overwrite answer to "changed in storage": the refused save once more, unchanged (same lock,
 * same stale timestamp), neither an autosave nor an exit save (see conflict-memory.ts). Its IsModifiedByUser flag
 * varies with timing, so it says nothing here.
 */
function confirmsOverwrite(call: Parameters<WopiOperation>[0], services: Parameters<WopiOperation>[1], timestamp: string): boolean {
  if (isBackgroundSave(call)) return false
  if (!services.conflicts?.isRepeatOfRefusal(call.fileId, call.header('x-wopi-lock') ?? '', timestamp)) return false
  call.notes.details = { ...call.notes.details, overwrite: 'the user chose Overwrite in the editor after a conflict' }
  return true
}

/** An autosave or the save on closing: no user is there to answer a dialog. */
function isBackgroundSave(call: Parameters<WopiOperation>[0]): boolean {
  const flag = (name: string) => call.header(`x-cool-wopi-${name}`) ?? call.header(`x-lool-wopi-${name}`)
  return flag('isautosave') === 'true' || flag('isexitsave') === 'true'
}
