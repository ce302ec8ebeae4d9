import { basename } from 'node:path'
import type { MenuItemConstructorOptions } from 'electron'
import { englishText, type Translate } from './main-i18n'

// The application menu, built as a plain template from the actions the shell passes in, so it can be checked
// without Electron. Standard items use Electron's roles (their accelerators and platform behaviour come with
// them); DevTools appear only in development.

export interface MenuActions {
  openDocument(): void
  openRecent(path: string): void
  clearRecent(): void
  newDocument(): void
  chooseServedFolder(): void
  showDoctor(): void
  saveDiagnosticsReport(): void
  openLogsFolder(): void
  showAbout(): void
}

export interface MenuState {
  appName: string
  platform: NodeJS.Platform
  /** development build: DevTools and reload are offered */
  development: boolean
  /** newest first */
  recent: readonly string[]
}

export function buildAppMenu(state: MenuState, actions: MenuActions, t: Translate = englishText): MenuItemConstructorOptions[] {
  const mac = state.platform === 'darwin'
  const recentItems: MenuItemConstructorOptions[] = state.recent.length
    ? [
        ...state.recent.map((path, index): MenuItemConstructorOptions => ({
          label: `${index < 9 ? `&${index + 1} ` : ''}${basename(path)}`,
          toolTip: path,
          click: () => actions.openRecent(path),
        })),
        { type: 'separator' },
        { label: t('menu.clearRecent'), click: () => actions.clearRecent() },
      ]
    : [{ label: t('menu.noRecent'), enabled: false }]

  const file: MenuItemConstructorOptions = {
    label: t('menu.file'),
    submenu: [
      { label: t('menu.open'), accelerator: 'CmdOrCtrl+O', click: () => actions.openDocument() },
      { label: t('menu.openRecent'), submenu: recentItems },
      { label: t('menu.newDocument'), accelerator: 'CmdOrCtrl+N', click: () => actions.newDocument() },
      { type: 'separator' },
      { label: t('menu.servedFolders'), click: () => actions.chooseServedFolder() },
      { type: 'separator' },
      { role: 'close', label: t('menu.closeWindow') },
      ...(mac ? [] : [{ role: 'quit' } as MenuItemConstructorOptions]),
    ],
  }
  const view: MenuItemConstructorOptions = {
    label: t('menu.view'),
    submenu: [
      ...(state.development
        ? ([{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, { type: 'separator' }] as MenuItemConstructorOptions[])
        : []),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  }
  const help: MenuItemConstructorOptions = {
    role: 'help',
    label: t('menu.help'),
    submenu: [
      { label: t('menu.doctor'), click: () => actions.showDoctor() },
      { label: t('menu.saveReport'), click: () => actions.saveDiagnosticsReport() },
      { label: t('menu.openLogs'), click: () => actions.openLogsFolder() },
      ...(mac
        ? []
        : ([
            { type: 'separator' },
            { label: t('menu.about', { appName: state.appName }), click: () => actions.showAbout() },
          ] as MenuItemConstructorOptions[])),
    ],
  }
  const appMenu: MenuItemConstructorOptions[] = mac
    ? [
        {
          label: state.appName,
          submenu: [
            { label: t('menu.about', { appName: state.appName }), click: () => actions.showAbout() },
            { type: 'separator' },
            { role: 'services' },
            { type: 'separator' },
            { role: 'hide' },
            { role: 'hideOthers' },
            { role: 'unhide' },
            { type: 'separator' },
            { role: 'quit' },
          ],
        },
      ]
    : []
  return [...appMenu, file, { role: 'editMenu', label: t('menu.edit') }, view, { role: 'windowMenu', label: t('menu.window') }, help]
}

/** Every item of a template, depth first (for tests and for finding an item by label). */
export function menuItems(template: readonly MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return template.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? menuItems(item.submenu) : [])])
}
