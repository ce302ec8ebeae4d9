/** The Electron executable, or null when it is not installed (scripts/electron-binary.mjs). */
export function electronBinary(): string | null
/** The environment for Electron's installer, with proxy support switched on when a proxy is configured. */
export function installerEnv(env?: Record<string, string | undefined>): Record<string, string | undefined>
/** Runs Electron's own installer; the reason is the installer's error line. */
export function installElectronBinary(options?: {
  env?: Record<string, string | undefined>
  onSlow?: () => void
  slowAfterMs?: number
}): Promise<{ ok: true; binary: string } | { ok: false; reason: string }>
