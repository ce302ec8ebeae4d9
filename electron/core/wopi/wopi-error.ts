/**
 * An error that is also a WOPI response: operations throw it and the router writes status, headers and body
 * (house rule 2). `reason` is for the traffic log and X-WOPI-ServerError; it never contains tokens.
 */
export class WopiError extends Error {
  readonly status: number
  readonly headers: Record<string, string>
  readonly body: unknown

  constructor(status: number, reason: string, headers: Record<string, string> = {}, body?: unknown) {
    super(reason)
    this.name = 'WopiError'
    this.status = status
    this.headers = headers
    this.body = body
  }
}

export function isWopiError(error: unknown): error is WopiError {
  return error instanceof WopiError
}
