import type { ApiImplementation } from '../../contract/channels'
import type { UpdateStatusDto } from '../../contract/dto'
import { updateDetail } from './update-detail'

/**
 * Where the app's updates come from. The desktop shell passes one backed by electron-updater
 * (electron/main/updates.ts); without one (headless mode, tests) updates are off and the console says why.
 */
export interface UpdateSource {
  status(): UpdateStatusDto
  /** looks for an update now; resolves with the state after the check */
  check(): Promise<UpdateStatusDto>
}

/** `wopi-desk serve`: the command line is updated through npm, never by itself. */
export function npmUpdates(version: string): UpdateSource {
  const status: UpdateStatusDto = {
    version,
    state: 'disabled',
    availableVersion: null,
    percent: null,
    checkedAt: null,
    ...updateDetail('npm'),
  }
  return { status: () => status, check: async () => status }
}

export function createUpdatesApi(source: UpdateSource): Pick<ApiImplementation, 'app:updates' | 'app:check-for-updates'> {
  return {
    'app:updates': async () => source.status(),
    'app:check-for-updates': async () => source.check(),
  }
}
