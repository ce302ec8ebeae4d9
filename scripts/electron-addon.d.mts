/** scripts/electron-addon.mjs: the Electron build of the SQLite addon, kept apart from Node's build. */
export const ADDON_FILE: 'better_sqlite3.node'
export function addonCacheRoot(projectRoot?: string): string
export function addonCacheKey(target: { abi: number; platform: string; arch: string }): string
export function addonAbi(bytes: Buffer): number | null
export function pinnedElectron(projectRoot?: string): { version: string; abi: number }
export type Runner = (
  command: string,
  args: string[],
  options: { cwd: string; env: Record<string, string | undefined> },
) => { ok: boolean; output: string }
export function prepareElectronAddon(options: {
  target: string
  abi: number
  platform?: string
  arch?: string
  cacheRoot?: string
  sourceDir?: string
  env?: Record<string, string | undefined>
  run?: Runner
  /** false: use the cache only, never download or compile */
  fetch?: boolean
}): { ok: true; path: string; how: string } | { ok: false; message: string }
export function tellingLine(output: string): string
