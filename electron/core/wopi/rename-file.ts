import { basename, dirname } from 'node:path'
import { findDesktopLock } from '../files/desktop-locks'
import { MAX_NAME_BYTES, fileNameMaxLength, fileNameProblem, fitName, nameKey, splitExtension, utf8Length } from '../files/file-names'
import { clearOwnLockFile, ownLockFileFor, writeRecordedOwnLockFile } from './own-lock-files'
import { decodeUtf7Header } from './utf7-header'
import { WopiError } from './wopi-error'
import { baseName, desktopConflict, headerText, lockConflict, type WopiOperation, heldByReason } from './wopi-call'

function invalidName(reason: string): WopiError {
  return new WopiError(400, `X-WOPI-RequestedName: ${reason}`, { 'X-WOPI-InvalidFileNameError': headerText(reason) })
}

/**
 * RenameFile — POST /wopi/files/{id}, X-WOPI-Override: RENAME_FILE (spec 6.1). X-WOPI-RequestedName is UTF-7
 * and has no extension: the extension never changes, and neither do the file id and WOPISrc. An invalid name
 * is refused (400 + X-WOPI-InvalidFileNameError); a name that is taken (also by case only) is not overwritten:
 * the file gets the first free derived name, `Name (1)`..., as spec 6.1 recommends, and the answer says
 * which. A locked file needs the matching X-WOPI-Lock (409 + current lock). Answers {"Name": <without
 * extension>}. Runs under the file's mutex.
 */
export const renameFile: WopiOperation = async (call, services) => {
  const raw = call.header('x-wopi-requestedname')
  if (raw === undefined) throw invalidName('the header is missing')
  const requested = decodeUtf7Header(raw)
  if (requested === null) throw invalidName('the value is not valid UTF-7')
  const { path } = await services.files.observe(call.fileId)
  const currentName = basename(path)
  const { ext } = splitExtension(currentName)
  // FileNameMaxLength counts characters (spec 2.7); a name within it that takes more than 255 bytes (accents,
  // CJK) is cut to fit rather than refused, so the advertised limit holds for every name.
  const stem =
    [...requested].length <= fileNameMaxLength(ext) && utf8Length(requested + ext) > MAX_NAME_BYTES
      ? splitExtension(fitName(requested, ext)).stem
      : requested
  const wanted = stem + ext
  call.notes.details = { requested }
  const problem = fileNameProblem(wanted)
  if (problem) throw invalidName(problem)

  const held = services.locks.current(call.fileId)
  const presented = call.header('x-wopi-lock')
  call.notes.lockId = presented ?? null
  if (held && presented !== held.lockId && !renamesOwnLock(call, held))
    throw lockConflict(held.lockId, presented ? heldByReason(held) : 'the file is locked and X-WOPI-Lock is missing')
  if (!held) {
    const desktop = await findDesktopLock(dirname(path), currentName, services.files.quickFs)
    if (desktop) throw desktopConflict(desktop)
  }

  const renamed = await services.files.withNamespace(async () => {
    const existing = await services.files.findEntry(dirname(path), wanted)
    const taken = existing !== null && nameKey(existing) !== nameKey(currentName)
    const finalName = taken ? await services.files.freeName(dirname(path), stem, ext) : wanted
    return services.files.rename(call.fileId, finalName)
  })

  if (held?.ownerFile) {
    // Our desktop owner file is named after the document: move it along.
    await clearOwnLockFile(services, held)
    const { path: newPath } = await services.files.observe(call.fileId)
    const ownerFile = ownLockFileFor(newPath)
    services.locks.setOwnerFile(call.fileId, ownerFile)
    await writeRecordedOwnLockFile(services, { ...held, ownerFile }, newPath)
  }
  const finalName = baseName(renamed)
  call.notes.fileName = finalName
  return { json: { Name: splitExtension(finalName).stem } }
}

/**
 * LibreOffice Online (Collabora's predecessor, seen against a real one) sends RenameFile without X-WOPI-Lock while
 * it holds the lock itself. The same user's same editor renaming the file it locked is no conflict; a wrong
 * lock id, another user or another program still is.
 */
function renamesOwnLock(call: Parameters<WopiOperation>[0], held: { userId: string | null; client: string | null }): boolean {
  return (
    call.header('x-wopi-lock') === undefined &&
    call.client === 'Collabora' &&
    held.client === 'Collabora' &&
    held.userId === call.token.userId
  )
}
