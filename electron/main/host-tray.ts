import type { MenuItemConstructorOptions } from 'electron'
import { englishText, type Translate } from './main-i18n'

// The tray (menu-bar on macOS) icon: it shows that the host is serving while the console window is closed, what
// is open and locked, and is the clear way to quit. Its menu is a plain template built from the host's status.

export interface TrayStatus {
  /** the WOPI host's base URL */
  wopiUrl: string
  /** names of documents open in editor windows */
  openDocuments: readonly string[]
  locks: number
  /** editors are answered 503 until the host resumes (issue 14) */
  paused: boolean
}

export interface TrayActions {
  openConsole(): void
  pause(): void
  resume(): void
  quit(): void
}

export function trayToolTip(status: TrayStatus, t: Translate = englishText): string {
  const values = {
    url: status.wopiUrl,
    documents: t('tray.tipDocuments', { count: status.openDocuments.length }),
    locks: t('tray.tipLocks', { count: status.locks }),
  }
  return t(status.paused ? 'tray.tipPaused' : 'tray.tipServing', values)
}

export function buildTrayMenu(status: TrayStatus, actions: TrayActions, t: Translate = englishText): MenuItemConstructorOptions[] {
  const documents: MenuItemConstructorOptions[] = status.openDocuments.length
    ? status.openDocuments.map((name) => ({ label: `  ${name}`, enabled: false }))
    : [{ label: `  ${t('tray.noDocuments')}`, enabled: false }]
  return [
    { label: t(status.paused ? 'tray.paused' : 'tray.serving', { url: status.wopiUrl }), enabled: false },
    { label: t('tray.locks', { count: status.locks }), enabled: false },
    { type: 'separator' },
    { label: t('tray.openDocuments'), enabled: false },
    ...documents,
    { type: 'separator' },
    { label: t('tray.openConsole'), click: () => actions.openConsole() },
    status.paused ? { label: t('tray.resume'), click: () => actions.resume() } : { label: t('tray.pause'), click: () => actions.pause() },
    {
      label: t(status.openDocuments.length ? 'tray.quitWithDocuments' : 'tray.quit'),
      click: () => actions.quit(),
    },
  ]
}
