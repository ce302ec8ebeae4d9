import type { EditorError } from '../../contract/editor-page'

/** A name typed in Save as, with the document's extension added when the user left it out. */
export function withExtension(name: string, extension: string): string {
  const trimmed = name.trim()
  if (!extension) return trimmed
  return trimmed.toLowerCase().endsWith(extension) ? trimmed : trimmed + extension
}

/** Why a typed name (without its extension) cannot be sent to the host, or null when it can. */
export function nameProblem(name: string, maxLength: number): EditorError | null {
  if (!name || name === '.' || name === '..') return { code: 'invalid-name', message: 'Type a file name.' }
  // Names travel to the host verbatim; path separators and control characters can never be a file name.
  if (/[\\/\u0000-\u001f]/.test(name)) return { code: 'invalid-name', message: 'A file name cannot contain / or \\ or control characters.' }
  if (name.length > maxLength) return { code: 'invalid-name', message: `A file name can be at most ${maxLength} characters here.` }
  return null
}
