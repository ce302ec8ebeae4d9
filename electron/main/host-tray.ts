import type { MenuItemConstructorOptions } from 'electron'

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

export function trayToolTip(status: TrayStatus): string {
  const documents = status.openDocuments.length === 1 ? '1 document open' : `${status.openDocuments.length} documents open`
  const locks = status.locks === 1 ? '1 lock' : `${status.locks} locks`
  const state = status.paused ? `is paused (editors wait until you resume it) on ${status.wopiUrl}` : `is serving on ${status.wopiUrl}`
  return `WOPI Desk ${state} — ${documents}, ${locks}`
}

export function buildTrayMenu(status: TrayStatus, actions: TrayActions): MenuItemConstructorOptions[] {
  const documents: MenuItemConstructorOptions[] = status.openDocuments.length
    ? status.openDocuments.map((name) => ({ label: `  ${name}`, enabled: false }))
    : [{ label: '  No documents open', enabled: false }]
  return [
    { label: status.paused ? `Paused on ${status.wopiUrl}` : `Serving on ${status.wopiUrl}`, enabled: false },
    { label: status.locks === 1 ? '1 file locked by an editor' : `${status.locks} files locked by editors`, enabled: false },
    { type: 'separator' },
    { label: 'Open documents', enabled: false },
    ...documents,
    { type: 'separator' },
    { label: 'Open Console', click: () => actions.openConsole() },
    status.paused ? { label: 'Resume host', click: () => actions.resume() } : { label: 'Pause host', click: () => actions.pause() },
    {
      label: status.openDocuments.length ? 'Quit (closes the documents and releases their locks)' : 'Quit WOPI Desk',
      click: () => actions.quit(),
    },
  ]
}
