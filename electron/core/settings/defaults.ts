import { createHash } from 'node:crypto'

export const DEFAULT_PORT = 17890
export const DEFAULT_BIND = '127.0.0.1'
/** Microsoft suggests about ten hours (spec 8.2). */
export const DEFAULT_TOKEN_TTL_SECONDS = 36_000
export const DEFAULT_VERSION_RETENTION = 20
export const DEFAULT_MAX_FILE_SIZE_BYTES = 2 * 1024 * 1024 * 1024

export interface SystemIdentity {
  username: string
  uid: number
  hostname: string
}

/** `de_DE.UTF-8` -> `de-DE`; null for C/POSIX or anything that is not a language tag. */
export function localeFromPosix(value: string | undefined): string | null {
  if (!value) return null
  const base = value.split('.')[0]!.split('@')[0]!.replace(/_/g, '-')
  if (!base || base === 'C' || base === 'POSIX') return null
  try {
    return Intl.getCanonicalLocales(base)[0] ?? null
  } catch {
    return null
  }
}

/** The UI language editors get in UI_LLCC: the environment's, else Intl's, else en-US. */
export function detectLocale(env: Record<string, string | undefined>): string {
  for (const name of ['LC_ALL', 'LC_MESSAGES', 'LANG']) {
    const locale = localeFromPosix(env[name])
    if (locale) return locale
  }
  try {
    const intl = Intl.DateTimeFormat().resolvedOptions().locale
    if (intl && intl !== 'und') return intl
  } catch {
    // fall through to the default
  }
  return 'en-US'
}

/**
 * A stable, opaque id for the OS account: editors use UserId/OwnerId for telemetry and lock ownership hints,
 * and the spec asks for an id without `<>"#{}^[]\`/` characters, unique per user and stable over time.
 */
export function userIdFor(identity: SystemIdentity): string {
  const digest = createHash('sha256').update(`${identity.username}\u0000${identity.uid}\u0000${identity.hostname}`).digest('hex')
  return `local-${digest.slice(0, 16)}`
}

/** Id for a user named on the command line (`token --user`): the same name always maps to the same id. */
export function userIdForName(name: string): string {
  return `user-${createHash('sha256').update(name).digest('hex').slice(0, 16)}`
}

/** Deleted files stay restorable for a month, then leave the trash (0 = until the trash is emptied). */
export const DEFAULT_TRASH_RETENTION_DAYS = 30
