import { readdir } from 'node:fs/promises'

// Small helpers the file store's parts share: a relative path split into folder and name, a folder's entries
// (none when it is gone), an error's code.

export function splitRel(relPath: string): { relDir: string; name: string } {
  const slash = relPath.lastIndexOf('/')
  return { relDir: slash < 0 ? '' : relPath.slice(0, slash), name: relPath.slice(slash + 1) }
}

export async function dirEntries(dir: string): Promise<string[]> {
  try {
    return await readdir(dir)
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return []
    throw error
  }
}

export function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code
}
