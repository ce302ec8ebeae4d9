import { realpath } from 'node:fs/promises'
import { isAbsolute, join, relative, sep } from 'node:path'

export type PathErrorKind = 'invalid' | 'outside' | 'not-found' | 'not-a-file'

/** A path that may not be served; `message` is one sentence that never contains document contents. */
export class PathError extends Error {
  readonly kind: PathErrorKind
  constructor(kind: PathErrorKind, message: string) {
    super(message)
    this.name = 'PathError'
    this.kind = kind
  }
}

/**
 * Turns user or editor input into a '/'-separated path relative to the served root, refusing anything that
 * could name a file outside it: NUL bytes, absolute paths (POSIX, drive letters, UNC) and `..` segments.
 * Backslashes count as separators so a Windows-style path means the same everywhere.
 */
export function normaliseRelPath(input: string): string {
  if (input.includes('\u0000')) throw new PathError('invalid', 'A path cannot contain a NUL character.')
  const slashed = input.replace(/\\/g, '/')
  if (slashed.startsWith('/') || /^[A-Za-z]:/.test(slashed) || isAbsolute(input)) {
    throw new PathError('outside', `"${input}" is an absolute path; give a path relative to the served folder.`)
  }
  const parts = slashed.split('/').filter((part) => part !== '' && part !== '.')
  if (parts.includes('..')) throw new PathError('outside', `"${input}" leads outside the served folder.`)
  return parts.join('/')
}

/** True when `candidate` (already a real path) is `rootReal` or below it. */
export function isInside(rootReal: string, candidate: string): boolean {
  const rel = relative(rootReal, candidate)
  return rel === '' || (rel !== '..' && !rel.startsWith('..' + sep) && !isAbsolute(rel))
}

export function joinRel(rootReal: string, relPath: string): string {
  return relPath === '' ? rootReal : join(rootReal, ...relPath.split('/'))
}

/** '/'-separated path of `realPath` below `rootReal` ('' for the root itself). */
export function relPathOf(rootReal: string, realPath: string): string {
  return relative(rootReal, realPath).split(sep).join('/')
}

/**
 * Resolves a relative path to its real path and checks it is still inside the root: a symbolic link that
 * leads outside (or a parent folder that is one) is refused, whatever the textual path says.
 */
export async function resolveInside(rootReal: string, relPath: string): Promise<string> {
  let real: string
  try {
    real = await realpath(joinRel(rootReal, relPath))
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new PathError('not-found', `"${relPath}" does not exist in the served folder.`)
    if (code === 'ELOOP') throw new PathError('outside', `"${relPath}" is a symbolic link loop.`)
    throw error
  }
  if (!isInside(rootReal, real)) throw new PathError('outside', `"${relPath}" is a link that leads outside the served folder.`)
  return real
}
