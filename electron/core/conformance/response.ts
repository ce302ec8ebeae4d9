/** What a validator sees of one exchange. */
export interface ResponseData {
  /** 0 when no HTTP response arrived (connection refused, timeout, a request the runner could not build) */
  status: number
  /** lower-case header names */
  headers: Map<string, string>
  body: Uint8Array
  /** UTF-8 text (BOM removed) when the request expects a textual answer; null for GetFile-like requests */
  text: string | null
  /** why there is no HTTP response; shown to the user */
  error: string | null
}

/** Everything besides the response that a validator may consult. */
export interface ValidationContext {
  /** state saved by earlier requests of the same case (a saved value may be null) */
  state: ReadonlyMap<string, string | null>
  /** bytes the runner uploads for a <Resources> id */
  resourceContent(resourceId: string): Uint8Array
}

export function header(response: ResponseData, name: string): string | undefined {
  return response.headers.get(name.toLowerCase())
}
