import { constants } from 'node:fs'
import { access, stat } from 'node:fs/promises'
import { dirname } from 'node:path'

// May the local user change this file? The WOPI host saves by writing a temp file next to the document and
// renaming it over (files/atomic-write), so both the file and its folder must be writable. A file with no
// write bit at all counts as read-only even where access() would let us write (root on Linux, an admin
// account): that is how a user marks a file read-only (chmod a-w, the Windows read-only attribute, which
// Node reports as a mode without write bits).

/** `path` (a file or a folder) has a write bit and this process may write it */
export async function writable(path: string): Promise<boolean> {
  try {
    const info = await stat(path)
    if ((info.mode & 0o222) === 0) return false
    await access(path, constants.W_OK)
    return true
  } catch {
    return false
  }
}

export async function userMayWrite(realPath: string): Promise<boolean> {
  const [file, folder] = await Promise.all([writable(realPath), writable(dirname(realPath))])
  return file && folder
}
