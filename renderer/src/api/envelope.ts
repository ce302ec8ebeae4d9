import type { Envelope } from '../../../electron/contract/envelope'
import { ApiCallError } from './api-call-error'

function isEnvelope(value: unknown): value is Envelope<unknown> {
  if (!value || typeof value !== 'object') return false
  const ok = (value as { ok?: unknown }).ok
  if (ok === true) return 'value' in value
  if (ok === false) {
    const error = (value as { error?: unknown }).error
    return !!error && typeof error === 'object' && typeof (error as { message?: unknown }).message === 'string'
  }
  return false
}

/** The value of a successful envelope; an ApiCallError for a failed or malformed one. */
export function unwrapEnvelope<T>(body: unknown): T {
  if (!isEnvelope(body)) {
    throw new ApiCallError(
      'internal',
      'WOPI Desk sent an answer the console does not understand. Reload the page; if it persists, update WOPI Desk.',
    )
  }
  if (body.ok) return body.value as T
  const code = typeof body.error.code === 'string' && body.error.code !== '' ? body.error.code : 'internal'
  throw new ApiCallError(code, body.error.message)
}

/**
 * Optional trailing arguments are left out rather than sent as null: JSON has no undefined, and the
 * argument schemas accept a missing optional but reject null.
 */
export function trimTrailingUndefined(args: readonly unknown[]): unknown[] {
  let end = args.length
  while (end > 0 && args[end - 1] === undefined) end--
  return args.slice(0, end)
}
