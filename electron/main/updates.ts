import type { UpdateStatusDto } from '../contract/dto'
import { NO_UPDATE_DETAIL, updateDetail } from '../core/updates/update-detail'
import type { UpdateSource } from '../core/updates/updates-api'

// Updates of the desktop app through electron-updater, active only when the build carries a feed
// (app-update.yml in the resources, written by electron-builder when `npm run dist` had WOPI_DESK_UPDATE_URL).
// Development builds and builds without a feed never contact anything. The updater is loaded only when a feed
// exists, so nothing else pays for it.

/** The part of electron-updater's autoUpdater used here (an EventEmitter). */
export interface AutoUpdater {
  autoDownload: boolean
  autoInstallOnAppQuit: boolean
  logger: { info(message?: unknown): void; warn(message?: unknown): void; error(message?: unknown): void } | null
  on(event: string, listener: (...args: never[]) => void): unknown
  checkForUpdates(): Promise<unknown>
}

export interface UpdatesOptions {
  version: string
  packaged: boolean
  /** app-update.yml exists next to app.asar */
  feedConfigured: boolean
  loadUpdater: () => Promise<AutoUpdater>
  clock?: () => number
  log?: { warn(message: string, fields?: Record<string, unknown>): void }
}

export function createElectronUpdates(options: UpdatesOptions): UpdateSource {
  const clock = options.clock ?? Date.now
  let status: UpdateStatusDto = {
    version: options.version,
    state: options.feedConfigured && options.packaged ? 'idle' : 'disabled',
    availableVersion: null,
    percent: null,
    checkedAt: null,
    ...(!options.packaged ? updateDetail('development-build') : options.feedConfigured ? NO_UPDATE_DETAIL : updateDetail('no-feed')),
  }
  if (status.state === 'disabled') return { status: () => status, check: async () => status }

  const set = (patch: Partial<UpdateStatusDto>) => (status = { ...status, ...patch })
  let updater: Promise<AutoUpdater> | null = null
  const load = () =>
    (updater ??= options.loadUpdater().then((loaded) => {
      loaded.autoDownload = true
      loaded.autoInstallOnAppQuit = true
      loaded.logger = null
      loaded.on('checking-for-update', () => set({ state: 'checking', ...NO_UPDATE_DETAIL }))
      loaded.on('update-not-available', () => set({ state: 'up-to-date', checkedAt: clock(), ...NO_UPDATE_DETAIL }))
      loaded.on('update-available', (info: { version: string }) =>
        set({ state: 'available', availableVersion: info.version, checkedAt: clock(), ...NO_UPDATE_DETAIL }),
      )
      loaded.on('download-progress', (progress: { percent: number }) =>
        set({ state: 'downloading', percent: Math.round(progress.percent) }),
      )
      loaded.on('update-downloaded', (info: { version: string }) =>
        set({
          state: 'downloaded',
          availableVersion: info.version,
          percent: 100,
          ...updateDetail('installs-on-quit', { version: info.version }),
        }),
      )
      loaded.on('error', (error: Error) => {
        set({ state: 'error', checkedAt: clock(), ...updateDetail('check-failed', { error: error?.message ?? String(error) }) })
        options.log?.warn('update check failed', { error: error?.message })
      })
      return loaded
    }))

  return {
    status: () => status,
    async check() {
      if (status.state === 'checking' || status.state === 'downloading') return status
      try {
        await (await load()).checkForUpdates()
      } catch (error) {
        set({ state: 'error', checkedAt: clock(), ...updateDetail('check-failed', { error: (error as Error)?.message ?? String(error) }) })
      }
      return status
    },
  }
}
