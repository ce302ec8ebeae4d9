// The sandboxed preload of the console window: it only exposes window.wopiDesk (see expose-api.ts).
import { contextBridge, ipcRenderer, webUtils } from 'electron'
import { exposeWopiDesk } from './expose-api'

exposeWopiDesk(contextBridge, ipcRenderer, webUtils)
