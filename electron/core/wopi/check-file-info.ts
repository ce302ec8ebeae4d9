import { fileNameMaxLength, splitExtension } from '../files/file-names'
import { cleanHostUrls } from './host-urls'
import { wopiTime } from './wopi-time'
import { baseName, type WopiOperation } from './wopi-call'

/**
 * CheckFileInfo — GET /wopi/files/{id} (spec 2). Runs change detection first, so Version, Size and
 * LastModifiedTime describe the file as it is on disk now. Never sends null, and no CSPP Plus (coauthoring)
 * property at all: the validator's schema forbids them for a plain WOPI host.
 */
export const checkFileInfo: WopiOperation = async (call, services) => {
  const { row, writable, alone } = await services.files.observe(call.fileId, call.file)
  const settings = services.settings()
  const name = baseName(row)
  const { ext } = splitExtension(name)
  // A file without write permission on disk is read-only whatever the token allows.
  const canWrite = call.token.canWrite && writable
  const info: Record<string, unknown> = {
    BaseFileName: name,
    OwnerId: row.ownerId,
    Size: row.size,
    UserId: call.token.userId,
    Version: String(row.version),
    LastModifiedTime: wopiTime(row.lastModified),
    UserFriendlyName: call.token.userName,
    UserCanWrite: canWrite,
    // A file served on its own ("open just this file") keeps its name and gets no copy next to it.
    UserCanRename: canWrite && !alone,
    UserCanNotWriteRelative: !canWrite || alone === true,
    SupportsLocks: true,
    SupportsGetLock: true,
    SupportsExtendedLockLength: true,
    SupportsUpdate: true,
    SupportsRename: true,
    SupportsDeleteFile: true,
    SupportsUserInfo: true,
    FileNameMaxLength: fileNameMaxLength(ext),
  }
  if (!canWrite) info['ReadOnly'] = true
  if (ext) info['FileExtension'] = ext
  const userInfo = services.userInfo.get(call.token.userId)
  if (userInfo !== undefined) info['UserInfo'] = userInfo
  if (settings.hostPageOrigin) info['PostMessageOrigin'] = settings.hostPageOrigin
  if (services.hostUrls) Object.assign(info, cleanHostUrls(await services.hostUrls(call.fileId, { token: call.token })))
  call.notes.fileName = name
  return { json: info }
}
