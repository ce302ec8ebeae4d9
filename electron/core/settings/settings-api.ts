import type { ApiImplementation } from '../../contract/channels'
import type { SettingsDto } from '../../contract/dto'
import type { DeskSettingsPatch, SettingsService } from './settings'

/** The Settings page. Validation and the restart rules live in the settings service. */
export function createSettingsApi(deps: {
  settings: SettingsService
  /** the DTO as the running host sees it (data folder, effective WOPI base) */
  dto(): SettingsDto
}): Pick<ApiImplementation, 'settings:get' | 'settings:update'> {
  return {
    'settings:get': async () => deps.dto(),
    'settings:update': async (patch) => {
      const clean: DeskSettingsPatch = {}
      for (const [key, value] of Object.entries(patch)) {
        if (value !== undefined) (clean as Record<string, unknown>)[key] = value
      }
      const { restartRequired } = deps.settings.update(clean)
      return { settings: deps.dto(), restartRequired }
    },
  }
}
