import { createHttpTransport } from './http-transport'
import { createIpcTransport } from './ipc-transport'
import type { Transport } from './transport'

/** Inside the Electron window the preload provides window.wopiDesk; anywhere else this page was served by `wopi-desk serve`. */
export function selectTransport(onUnauthorized: () => void): Transport {
  const bridge = typeof window !== 'undefined' ? window.wopiDesk : undefined
  return bridge ? createIpcTransport(bridge) : createHttpTransport({ onUnauthorized })
}
