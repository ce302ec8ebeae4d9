import { afterEach, describe, expect, it } from 'vitest'
import { createRedactor } from './redact'
import { EmulationInputError, runEmulation } from './run-emulation'
import { startFakeWopiHost, type FakeWopiHost } from '../test-support/fake-wopi-host'

// The entry point: input checks that change nothing, clean-up after a failure, and token redaction.

let host: FakeWopiHost | undefined
afterEach(async () => {
  await host?.close()
  host = undefined
})

describe('runEmulation input', () => {
  it.each([
    [{ editor: 'word', wopiSrc: 'http://h/wopi/files/1', accessToken: 't' }, 'editor must be "collabora" or "onlyoffice", got "word".'],
    [
      { editor: 'collabora', wopiSrc: 'ftp://h/wopi/files/1', accessToken: 't' },
      '--wopisrc must start with http:// or https://, got "ftp:".',
    ],
    [{ editor: 'collabora', wopiSrc: 'http://h/wopi/files/1', accessToken: '' }, 'an access token is required (--token).'],
    [
      { editor: 'onlyoffice', wopiSrc: 'http://h/wopi/files/1', accessToken: 't', options: { saves: -1 } },
      'saves must be a whole number of 0 or more, got -1.',
    ],
  ])('rejects %j before sending anything', async (input, message) => {
    let calls = 0
    const fetchImpl = (() => {
      calls++
      throw new Error('no request expected')
    }) as unknown as typeof fetch
    const error = await runEmulation({ ...(input as Parameters<typeof runEmulation>[0]), fetchImpl }).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(EmulationInputError)
    expect((error as Error).message).toBe(message)
    expect(calls).toBe(0)
  })
})

describe('runEmulation failures', () => {
  it('a failing hook ends the run as fatal and the lock is still released', async () => {
    host = await startFakeWopiHost()
    const report = await runEmulation({
      editor: 'collabora',
      wopiSrc: host.wopiSrc,
      accessToken: host.token,
      hooks: {
        afterOpen: () => {
          throw new Error(`test hook broke (token ${host!.token})`)
        },
      },
    })
    expect(report.fatal).toBe(true)
    expect(report.steps.map((step) => [step.step, step.outcome])).toEqual([
      ['CheckFileInfo', 'ok'],
      ['Lock', 'ok'],
      ['GetFile', 'ok'],
      ['Unlock', 'ok'],
      ['Emulator', 'fatal'],
    ])
    expect(report.steps.at(-1)!.finding).toBe('the emulation stopped: test hook broke (token <redacted>)')
    expect(host.file().lock).toBeNull()
  })
})

describe('createRedactor', () => {
  it('removes the token in raw and percent-encoded form and any access_token query value', () => {
    const redact = createRedactor(['a/b+c=secret'])
    expect(redact('token a/b+c=secret and a%2Fb%2Bc%3Dsecret')).toBe('token <redacted> and <redacted>')
    expect(redact('http://h/wopi/files/2?access_token=other-token&access_token_ttl=0')).toBe(
      'http://h/wopi/files/2?access_token=<redacted>&access_token_ttl=0',
    )
    expect(redact('{"Url":"http://h/x?ACCESS_TOKEN=zzz"}')).toBe('{"Url":"http://h/x?access_token=<redacted>"}')
  })
})
