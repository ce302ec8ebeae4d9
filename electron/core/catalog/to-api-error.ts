import { ApiError } from '../../contract/envelope'
import { DOCUMENT_ERROR_CODES, isDiscoveryError } from '../discovery/discovery-error'

/** Every failure leaves the catalog as one ApiError with a sentence for the admin; the original is its cause. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error
  if (isDiscoveryError(error)) {
    const code = error.code === 'bad-url' || DOCUMENT_ERROR_CODES.has(error.code) ? 'invalid-argument' : 'unavailable'
    const apiError = new ApiError(code, error.message)
    apiError.cause = error
    return apiError
  }
  const apiError = new ApiError('internal', `Unexpected error: ${(error as Error)?.message ?? String(error)}`)
  apiError.cause = error
  return apiError
}
