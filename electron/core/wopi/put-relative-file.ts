import { stat } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import type { FileRow } from '../db/file-repo'
import { SizeLimitError } from '../files/atomic-write'
import { findDesktopLock } from '../files/desktop-locks'
import { fileNameProblem, sanitiseFileName, splitExtension } from '../files/file-names'
import { isWritableByUser } from '../files/read-only'
import { cleanHostUrls } from './host-urls'
import { decodeUtf7Header, encodeUtf7Header } from './utf7-header'
import { WopiError } from './wopi-error'
import {
  baseName,
  declaredLength,
  desktopConflict,
  lockConflict,
  tooLarge,
  type WopiCall,
  type WopiOperation,
  type WopiServices,
} from './wopi-call'

function isExists(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'EEXIST'
}

/** X-WOPI-ValidRelativeTarget: a legal, currently free name the client may retry with (UTF-7). */
async function validTarget(services: WopiServices, dir: string, proposal: string, fallbackStem: string): Promise<Record<string, string>> {
  const { stem, ext } = splitExtension(sanitiseFileName(proposal, fallbackStem))
  return { 'X-WOPI-ValidRelativeTarget': encodeUtf7Header(await services.files.freeName(dir, stem, ext)) }
}

async function createWithFreeName(call: WopiCall, services: WopiServices, dir: string, name: string, limit: number): Promise<FileRow> {
  const { stem, ext } = splitExtension(name)
  return services.files.withNamespace(async () => {
    // freeName and the no-clobber create run under the namespace mutex; another program could still win the
    // name in between, so retry with the next free name rather than fail.
    for (let attempt = 0; ; attempt++) {
      const free = await services.files.freeName(dir, stem, ext)
      try {
        return await services.files.createFile(dir, free, call.req, limit)
      } catch (error) {
        if (!isExists(error) || attempt >= 3) throw error
      }
    }
  })
}

/**
 * PutRelativeFile — POST /wopi/files/{id}, X-WOPI-Override: PUT_RELATIVE (spec 5). Creates a new file next to
 * the source. Exactly one of X-WOPI-SuggestedTarget (suggested mode: the host makes the name legal and free,
 * `Name (1).ext`...) or X-WOPI-RelativeTarget (specific mode: the exact name, or 400 with a legal
 * X-WOPI-ValidRelativeTarget; a taken name is 409 + X-WOPI-ValidRelativeTarget unless
 * X-WOPI-OverwriteRelativeTarget is true, and a locked target is 409 + its X-WOPI-Lock). Both headers: 400.
 * A read-only token gets 501, as CheckFileInfo told it with UserCanNotWriteRelative. The answer's Url carries a
 * new token for the new file that expires with the presented one (token trading, spec 8.3).
 */
export const putRelativeFile: WopiOperation = async (call, services) => {
  if (!call.token.canWrite) throw new WopiError(501, 'PutRelativeFile is not available to this read-only token (UserCanNotWriteRelative)')
  const suggested = call.header('x-wopi-suggestedtarget')
  const relative = call.header('x-wopi-relativetarget')
  if (suggested !== undefined && relative !== undefined)
    throw new WopiError(400, 'send either X-WOPI-SuggestedTarget or X-WOPI-RelativeTarget, not both')
  if (suggested === undefined && relative === undefined)
    throw new WopiError(400, 'X-WOPI-SuggestedTarget or X-WOPI-RelativeTarget is required')

  const { path: sourcePath } = await services.files.observe(call.fileId)
  const dir = dirname(sourcePath)
  const source = splitExtension(basename(sourcePath))
  const limit = services.settings().maxFileSizeBytes
  const length = declaredLength(call.req)
  let created: FileRow

  try {
    if (suggested !== undefined) {
      const decoded = decodeUtf7Header(suggested)
      // Suggested mode never fails for name reasons: an undecodable value becomes a copy of the source's name.
      const proposal =
        decoded === null || decoded.trim() === '' ? basename(sourcePath) : decoded.startsWith('.') ? source.stem + decoded : decoded
      const name = sanitiseFileName(proposal, source.stem)
      call.notes.details = { mode: 'suggested', requested: decoded ?? '(not UTF-7)' }
      if (length !== undefined && length > limit) throw tooLarge(limit)
      created = await createWithFreeName(call, services, dir, name, limit)
    } else {
      const name = decodeUtf7Header(relative!)
      if (name === null) throw new WopiError(400, 'X-WOPI-RelativeTarget is not valid UTF-7')
      const overwrite = /^true$/i.test(call.header('x-wopi-overwriterelativetarget')?.trim() ?? '')
      call.notes.details = { mode: 'specific', requested: name, overwrite }
      const problem = fileNameProblem(name)
      if (problem)
        throw new WopiError(
          400,
          `X-WOPI-RelativeTarget is not a valid file name: ${problem}`,
          await validTarget(services, dir, name, source.stem),
        )
      const existing = await services.files.findEntry(dir, name)
      if (existing !== null) {
        const conflictHeaders = await validTarget(services, dir, name, source.stem)
        if (!overwrite)
          throw new WopiError(
            409,
            `a file named "${existing}" already exists and X-WOPI-OverwriteRelativeTarget is not true`,
            conflictHeaders,
          )
        const info = await stat(join(dir, existing), { bigint: true }).catch(() => null)
        if (!info?.isFile()) throw new WopiError(409, `"${existing}" is a folder and cannot be overwritten`, conflictHeaders)
        // A read-only sibling is neither overwritten nor handed out with a write token.
        if (!isWritableByUser(info))
          throw new WopiError(409, `"${existing}" is read-only on disk and cannot be overwritten`, conflictHeaders)
        // Absolute: the source may be a file of any place, and its sibling belongs to the same one.
        const target = await services.files.ensureFile(join(dir, existing))
        created = await services.files.withFile(target.id, async () => {
          const held = services.locks.current(target.id)
          if (held) throw lockConflict(held.lockId, 'the target file is locked')
          const desktop = await findDesktopLock(dir, existing, services.files.quickFs)
          if (desktop) throw desktopConflict(desktop)
          if (length !== undefined && length > limit) throw tooLarge(limit)
          return services.files.replaceContent(target.id, call.req, { maxBytes: limit, reason: 'overwrite' })
        })
      } else {
        if (length !== undefined && length > limit) throw tooLarge(limit)
        created = await services.files.withNamespace(async () => {
          try {
            return await services.files.createFile(dir, name, call.req, limit)
          } catch (error) {
            if (!isExists(error)) throw error
            // Created by someone else between our check and our create: specific mode never renames.
            throw new WopiError(409, `a file named "${name}" already exists`, await validTarget(services, dir, name, source.stem))
          }
        })
      }
    }
  } catch (error) {
    if (error instanceof SizeLimitError) throw tooLarge(limit)
    throw error
  }

  const issued = services.tokens.issue({
    fileId: created.id,
    userId: call.token.userId,
    userName: call.token.userName,
    canWrite: true,
    appId: call.token.appId,
    sessionId: call.token.sessionId,
    expiresAt: call.token.expiresAt,
  })
  const hostUrls = services.hostUrls ? cleanHostUrls(await services.hostUrls(created.id, { token: issued.row })) : {}
  const response: Record<string, string> = {
    Name: baseName(created),
    Url: `${services.wopiSrc(created.id)}?access_token=${issued.token}`,
  }
  if (hostUrls.HostViewUrl) response['HostViewUrl'] = hostUrls.HostViewUrl
  if (hostUrls.HostEditUrl) response['HostEditUrl'] = hostUrls.HostEditUrl
  call.notes.details = { ...call.notes.details, newFileId: created.id, name: response['Name'] }
  return { json: response }
}
