import { homedir } from 'node:os'
import { join } from 'node:path'

export const PRODUCT_NAME = 'WOPI Desk'

/**
 * The data folder the CLI uses when --data is not given. It is the folder Electron's
 * app.getPath('userData') gives the desktop app (productName "WOPI Desk"), so `serve` and the desktop app
 * share one catalog, one set of versions and one traffic log.
 */
export function defaultDataDir(
  env: Record<string, string | undefined>,
  platform: NodeJS.Platform = process.platform,
  home = env['HOME'] || homedir(),
): string {
  if (platform === 'win32') return join(env['APPDATA'] || join(home, 'AppData', 'Roaming'), PRODUCT_NAME)
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', PRODUCT_NAME)
  return join(env['XDG_CONFIG_HOME'] || join(home, '.config'), PRODUCT_NAME)
}
