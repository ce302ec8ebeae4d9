import { join } from 'node:path'
import type { FileRow } from '../db/file-repo'
import type { FileStore } from './file-store'
import { normaliseRelPath, PathError } from './path-confinement'

// A path relative to a place other than the served folder, confined to that place: the Files page's actions and
// its Versions dialog go through here, so a `..`, an absolute path or a link into another place is refused alike.

/** Runs `task`; a confinement refusal names the place, not the served folder the shared messages speak of. */
export async function namingThePlace<T>(root: string, task: () => Promise<T>): Promise<T> {
  try {
    return await task()
  } catch (error) {
    if (!(error instanceof PathError)) throw error
    throw new PathError(
      error.kind,
      error.message.replaceAll('the served folder', () => `the place ${root}`),
    )
  }
}

/** The store's row of a file of the place at `root`; a path that leads into another place or out of every one is refused. */
export function rowInPlace(files: FileStore, root: string, path: string): Promise<FileRow> {
  return namingThePlace(root, async () => {
    const rel = normaliseRelPath(path)
    const row = await files.ensureFile(join(root, ...rel.split('/')))
    if (row.root !== root) throw new PathError('outside', `"${path}" is a link that leads outside the place ${root}.`)
    return row
  })
}
