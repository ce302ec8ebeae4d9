import { WopiError } from './wopi-error'

// Issue 14: "Pause host". Editors treat a 503 as a passing storage outage: they keep the document open, retry after
// Retry-After and show their own "cannot reach storage" meanwhile, so nothing an editor holds is lost or unlocked.
export const PAUSED_RETRY_AFTER_SECONDS = 30

export const HOST_PAUSED_MESSAGE =
  'WOPI Desk is paused on this computer. To resume it, choose Resume host in the WOPI Desk tray menu or click Resume in the console.'

/** The answer to every WOPI request while the host is paused; nothing was read or changed. */
export function hostPausedError(): WopiError {
  return new WopiError(
    503,
    HOST_PAUSED_MESSAGE,
    { 'Retry-After': String(PAUSED_RETRY_AFTER_SECONDS) },
    { error: 'paused', message: HOST_PAUSED_MESSAGE, retryAfterSeconds: PAUSED_RETRY_AFTER_SECONDS },
  )
}

/** A paused WOPI Desk's answer, as a diagnostic sees it from outside (status and body only). */
export function isHostPausedAnswer(status: number, body: Buffer | string): boolean {
  if (status !== 503) return false
  try {
    return (JSON.parse(body.toString()) as { error?: unknown }).error === 'paused'
  } catch {
    return false
  }
}
