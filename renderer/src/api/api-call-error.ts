// The renderer imports the contract as types only, so it cannot use the contract's ApiError class; this is
// its mirror: the same code + message, thrown by both transports.

export type ApiErrorCode = 'invalid-argument' | 'not-found' | 'conflict' | 'unavailable' | 'forbidden' | 'internal' | (string & {})

export class ApiCallError extends Error {
  readonly code: ApiErrorCode
  constructor(code: ApiErrorCode, message: string) {
    super(message)
    this.name = 'ApiCallError'
    this.code = code
  }
}

/** Whatever was thrown, as an ApiCallError whose message a person can read. */
export function toApiCallError(error: unknown): ApiCallError {
  if (error instanceof ApiCallError) return error
  if (error && typeof error === 'object') {
    const { code, message } = error as { code?: unknown; message?: unknown }
    if (typeof message === 'string' && message.trim() !== '') {
      return new ApiCallError(typeof code === 'string' && code !== '' ? code : 'internal', stripIpcPrefix(message))
    }
  }
  if (typeof error === 'string' && error.trim() !== '') return new ApiCallError('internal', error)
  return new ApiCallError('internal', 'Something went wrong. Please try again.')
}

// Electron prefixes errors that cross ipcRenderer.invoke with this text; people need only the sentence after it.
function stripIpcPrefix(message: string): string {
  return message.replace(/^Error invoking remote method '[^']*': (?:\w*Error: )?/, '')
}

/** Plain text for an Alert. */
export function errorMessage(error: unknown): string {
  return toApiCallError(error).message
}
