import { verbPath, type WopiDeskApi } from '../../../electron/contract/api'
import { toApiCallError } from './api-call-error'
import { trimTrailingUndefined } from './envelope'
import type { Transport } from './transport'

type Verb = (...args: unknown[]) => Promise<unknown>

/** The contract over the Electron preload bridge (window.wopiDesk). */
export function createIpcTransport(bridge: WopiDeskApi): Transport {
  // Optional in the bridge: a shell without a native picker leaves it out, and the console shows no Browse button.
  const picker = (bridge as unknown as { pickPath?: unknown }).pickPath
  return {
    kind: 'ipc',
    ...(typeof picker === 'function'
      ? { pickPath: (kind: 'folder' | 'file') => (picker as (kind: 'folder' | 'file') => Promise<string | null>)(kind) }
      : {}),
    async call(channel, ...args) {
      const [domain, verb] = verbPath(channel)
      const fn = (bridge as unknown as Record<string, Record<string, Verb> | undefined>)[domain]?.[verb]
      if (typeof fn !== 'function') {
        throw toApiCallError({ code: 'not-found', message: `This version of WOPI Desk cannot do "${channel}". Update the app.` })
      }
      try {
        return (await fn(...trimTrailingUndefined(args))) as never
      } catch (error) {
        throw toApiCallError(error)
      }
    },
    on(event, listener) {
      return bridge.on(event, listener)
    },
  }
}
