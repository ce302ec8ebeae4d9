import type { MenuItemConstructorOptions } from 'electron'

// The tray (menu-bar on macOS) icon: it shows that the host is serving while the console window is closed, what
// is open and locked, and is the clear way to quit. Its menu is a plain template built from the host's status.

export interface TrayStatus {
  /** the WOPI host's base URL */
  wopiUrl: string
  /** names of documents open in editor windows */
  openDocuments: readonly string[]
  locks: number
}

export interface TrayActions {
  openConsole(): void
  quit(): void
}

export function trayToolTip(status: TrayStatus): string {
  const documents = status.openDocuments.length === 1 ? '1 document open' : `${status.openDocuments.length} documents open`
  const locks = status.locks === 1 ? '1 lock' : `${status.locks} locks`
  return `WOPI Desk is serving on ${status.wopiUrl} — ${documents}, ${locks}`
}

export function buildTrayMenu(status: TrayStatus, actions: TrayActions): MenuItemConstructorOptions[] {
  const documents: MenuItemConstructorOptions[] = status.openDocuments.length
    ? status.openDocuments.map((name) => ({ label: `  ${name}`, enabled: false }))
    : [{ label: '  No documents open', enabled: false }]
  return [
    { label: `Serving on ${status.wopiUrl}`, enabled: false },
    { label: status.locks === 1 ? '1 file locked by an editor' : `${status.locks} files locked by editors`, enabled: false },
    { type: 'separator' },
    { label: 'Open documents', enabled: false },
    ...documents,
    { type: 'separator' },
    { label: 'Open Console', click: () => actions.openConsole() },
    {
      label: status.openDocuments.length ? 'Quit (closes the documents and releases their locks)' : 'Quit WOPI Desk',
      click: () => actions.quit(),
    },
  ]
}
