import { ApiError } from '../../contract/envelope'
import { FileGoneError } from '../files/file-store'
import { PathError } from '../files/path-confinement'

/** File-store failures in the words a person opening a document needs; anything else is passed on. */
export function toOpenError(error: unknown, path: string): unknown {
  if (error instanceof ApiError) return error
  if (error instanceof PathError) {
    if (error.kind === 'not-found') return new ApiError('not-found', `${error.message} Refresh the Files page.`)
    return new ApiError('invalid-argument', error.message)
  }
  if (error instanceof FileGoneError) {
    return new ApiError(
      'not-found',
      `"${path}" is no longer in the served folder (it was moved, renamed or deleted). Refresh the Files page.`,
    )
  }
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return new ApiError(
      'forbidden',
      `WOPI Desk is not allowed to write in the folder of "${path}". Make the folder writable, or choose another folder.`,
    )
  }
  if (code === 'EEXIST') return new ApiError('conflict', `"${path}" already exists. Choose another name.`)
  return error
}
