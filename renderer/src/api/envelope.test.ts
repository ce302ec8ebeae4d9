import { describe, expect, it } from 'vitest'
import { ApiCallError, errorMessage, toApiCallError } from './api-call-error'
import { trimTrailingUndefined, unwrapEnvelope } from './envelope'

describe('unwrapEnvelope', () => {
  it('returns the value of a successful envelope, null included', () => {
    expect(unwrapEnvelope({ ok: true, value: [1, 2] })).toEqual([1, 2])
    expect(unwrapEnvelope({ ok: true, value: null })).toBeNull()
  })

  it('throws the error of a failed envelope with its code and message', () => {
    let caught: unknown
    try {
      unwrapEnvelope({ ok: false, error: { code: 'not-found', message: 'That app no longer exists.' } })
    } catch (error) {
      caught = error
    }
    expect(caught).toBeInstanceOf(ApiCallError)
    expect((caught as ApiCallError).code).toBe('not-found')
    expect((caught as ApiCallError).message).toBe('That app no longer exists.')
  })

  it('treats anything else as an answer it does not understand', () => {
    for (const body of [null, 'text', { ok: true }, { ok: false }, { ok: false, error: 'x' }, { value: 1 }]) {
      expect(() => unwrapEnvelope(body)).toThrow(/does not understand/)
    }
  })
})

describe('trimTrailingUndefined', () => {
  it('drops only trailing undefined arguments', () => {
    expect(trimTrailingUndefined([undefined])).toEqual([])
    expect(trimTrailingUndefined([{ url: 'x' }, undefined])).toEqual([{ url: 'x' }])
    expect(trimTrailingUndefined(['a', undefined, 'b'])).toEqual(['a', undefined, 'b'])
    expect(trimTrailingUndefined(['ext', null])).toEqual(['ext', null])
  })
})

describe('toApiCallError', () => {
  it('keeps code and message of error-like values', () => {
    const error = toApiCallError(Object.assign(new Error('Bad zone.'), { code: 'invalid-argument' }))
    expect([error.code, error.message]).toEqual(['invalid-argument', 'Bad zone.'])
  })

  it("strips Electron's ipc prefix from the message", () => {
    const error = toApiCallError(new Error("Error invoking remote method 'wopi-desk:catalog:list': Error: The catalog is busy."))
    expect(error.message).toBe('The catalog is busy.')
    expect(error.code).toBe('internal')
  })

  it('gives a readable sentence for values without a message', () => {
    expect(errorMessage(undefined)).toBe('Something went wrong. Please try again.')
    expect(errorMessage({})).toBe('Something went wrong. Please try again.')
    expect(errorMessage('Disk full')).toBe('Disk full')
  })
})
