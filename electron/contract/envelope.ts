/** Every call over either transport answers with this, so a failure is a value, never a lost rejection. */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ApiErrorBody }

export interface ApiErrorBody {
  /** 'invalid-argument' | 'not-found' | 'conflict' | 'unavailable' | 'forbidden' | 'internal' */
  code: string
  /** One sentence for a person, saying what went wrong and what to do. */
  message: string
}

export class ApiError extends Error {
  readonly code: string
  constructor(code: string, message: string) {
    super(message)
    this.name = 'ApiError'
    this.code = code
  }
}
