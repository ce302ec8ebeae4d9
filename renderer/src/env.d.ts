/// <reference types="vite/client" />
import type { WopiDeskApi } from '../../electron/contract/api'

declare global {
  interface Window {
    /** Present only inside the Electron console window (built by the preload). */
    wopiDesk?: WopiDeskApi
  }
}

export {}
