import { statSync } from 'node:fs'
import { isAbsolute } from 'node:path'
import type { ConsoleLanguage, SettingsDto } from '../../contract/dto'
import { ApiError } from '../../contract/envelope'
import type { SettingsRepo } from '../db/settings-repo'
import {
  DEFAULT_BIND,
  DEFAULT_MAX_FILE_SIZE_BYTES,
  DEFAULT_PORT,
  DEFAULT_TOKEN_TTL_SECONDS,
  DEFAULT_VERSION_RETENTION,
  DEFAULT_TRASH_RETENTION_DAYS,
  detectLocale,
  userIdFor,
  type SystemIdentity,
} from './defaults'

/** Everything the host reads from the `settings` table, with defaults applied. */
export interface DeskSettings {
  /** the served folder ('' until one is chosen) */
  root: string
  bind: string
  port: number
  publicUrl: string | null
  tokenTtlSeconds: number
  versionRetention: number
  /** deleted files older than this many days leave the trash for good; 0 keeps them until emptied */
  trashRetentionDays: number
  maxFileSizeBytes: number
  locale: string
  userName: string
  /** stable id of this OS account, created once and then kept */
  userId: string
  /** origin of the page that frames editors: sent as PostMessageOrigin when set */
  hostPageOrigin: string | null
  /** WOPI Desk's own pages ('system' = the browser's or desktop's preferred languages) */
  language: ConsoleLanguage
}

export type DeskSettingsPatch = Partial<Omit<DeskSettings, 'userId'>>

export interface SettingsUpdate {
  settings: DeskSettings
  /** keys that take effect only when the host restarts */
  restartRequired: string[]
}

export interface SettingsService {
  get(): DeskSettings
  update(patch: DeskSettingsPatch): SettingsUpdate
  toDto(context: { dataDir: string; effectiveWopiBase: string }): SettingsDto
}

// The listener and the served folder are fixed for the life of a running host: a file id must never start
// pointing into another folder while a token for it is out there.
const RESTART_KEYS = new Set(['root', 'bind', 'port'])

const KEYS: readonly (keyof DeskSettings)[] = [
  'root',
  'bind',
  'port',
  'publicUrl',
  'tokenTtlSeconds',
  'versionRetention',
  'trashRetentionDays',
  'maxFileSizeBytes',
  'locale',
  'userName',
  'userId',
  'hostPageOrigin',
  'language',
]

const LANGUAGES: readonly ConsoleLanguage[] = ['system', 'en', 'de', 'zh-Hans']

function invalid(message: string): never {
  throw new ApiError('invalid-argument', message)
}

function checkInteger(name: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    invalid(`${name} must be a whole number from ${min} to ${max}.`)
  }
  return value
}

/** An absolute http(s) URL without query or fragment; a trailing slash is dropped. */
export function normalisePublicUrl(value: string): string {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    invalid(`The public URL "${value}" is not a URL; use the address editors reach this host at, e.g. http://192.168.1.20:17890.`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') invalid('The public URL must start with http:// or https://.')
  if (url.search || url.hash) invalid('The public URL must not have a query (?...) or a fragment (#...).')
  if (url.username || url.password) invalid('The public URL must not contain a user name or password.')
  return url.href.replace(/\/+$/, '')
}

export function normaliseOrigin(value: string): string {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    invalid(`The host page origin "${value}" is not a URL; use scheme, host and port, e.g. http://127.0.0.1:17890.`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') invalid('The host page origin must start with http:// or https://.')
  return url.origin
}

function validate(patch: DeskSettingsPatch): DeskSettingsPatch {
  const out: DeskSettingsPatch = {}
  for (const [key, value] of Object.entries(patch) as [keyof DeskSettingsPatch, unknown][]) {
    if (value === undefined) continue
    switch (key) {
      case 'root': {
        if (typeof value !== 'string' || !value) invalid('The folder to serve must be a path.')
        if (!isAbsolute(value)) invalid(`The folder to serve must be an absolute path, got "${value}".`)
        let isDir = false
        try {
          isDir = statSync(value).isDirectory()
        } catch {
          invalid(`The folder "${value}" does not exist; create it or choose another.`)
        }
        if (!isDir) invalid(`"${value}" is a file, not a folder; choose a folder to serve.`)
        out.root = value
        break
      }
      case 'bind':
        if (typeof value !== 'string' || !value.trim() || value.length > 255) invalid('The bind address must be a host name or IP address.')
        out.bind = value.trim()
        break
      case 'port':
        out.port = checkInteger('The port', value, 0, 65535)
        break
      case 'publicUrl':
        out.publicUrl = value === null || value === '' ? null : normalisePublicUrl(String(value))
        break
      case 'tokenTtlSeconds':
        out.tokenTtlSeconds = checkInteger('The token lifetime (seconds)', value, 60, 7 * 24 * 3600)
        break
      case 'versionRetention':
        out.versionRetention = checkInteger('The number of versions kept per file', value, 0, 1000)
        break
      case 'trashRetentionDays':
        out.trashRetentionDays = checkInteger('The days deleted files stay in the trash (0 = until emptied)', value, 0, 36500)
        break
      case 'maxFileSizeBytes':
        out.maxFileSizeBytes = checkInteger('The largest file size (bytes)', value, 1024, Number.MAX_SAFE_INTEGER)
        break
      case 'locale': {
        if (typeof value !== 'string') invalid('The language must be a tag such as en-US.')
        let canonical: string | undefined
        try {
          canonical = Intl.getCanonicalLocales(value)[0]
        } catch {
          canonical = undefined
        }
        if (!canonical) invalid(`"${value}" is not a language tag; use one such as en-US or de-DE.`)
        out.locale = canonical
        break
      }
      case 'userName':
        if (typeof value !== 'string' || !value.trim() || value.trim().length > 100) invalid('The user name must be 1 to 100 characters.')
        out.userName = value.trim()
        break
      case 'hostPageOrigin':
        out.hostPageOrigin = value === null || value === '' ? null : normaliseOrigin(String(value))
        break
      case 'language':
        if (!LANGUAGES.includes(value as ConsoleLanguage)) invalid(`The language must be one of ${LANGUAGES.join(', ')}.`)
        out.language = value as ConsoleLanguage
        break
      default:
        invalid(`Unknown setting "${String(key)}".`)
    }
  }
  return out
}

export function createSettings(deps: {
  repo: SettingsRepo
  env: Record<string, string | undefined>
  identity: SystemIdentity
}): SettingsService {
  const { repo } = deps
  const stored = repo.all()
  // The user id is derived once and then stored, so a renamed machine keeps its id.
  if (typeof stored.get('userId') !== 'string') {
    const userId = userIdFor(deps.identity)
    repo.set('userId', userId)
    stored.set('userId', userId)
  }

  const defaults = (): DeskSettings => ({
    root: '',
    bind: DEFAULT_BIND,
    port: DEFAULT_PORT,
    publicUrl: null,
    tokenTtlSeconds: DEFAULT_TOKEN_TTL_SECONDS,
    versionRetention: DEFAULT_VERSION_RETENTION,
    trashRetentionDays: DEFAULT_TRASH_RETENTION_DAYS,
    maxFileSizeBytes: DEFAULT_MAX_FILE_SIZE_BYTES,
    locale: detectLocale(deps.env),
    userName: deps.identity.username || 'User',
    userId: String(stored.get('userId')),
    hostPageOrigin: null,
    language: 'system',
  })

  const load = (values: Map<string, unknown>): DeskSettings => {
    const merged = defaults() as unknown as Record<string, unknown>
    for (const key of KEYS) {
      const value = values.get(key)
      if (value === undefined) continue
      const nullable = key === 'publicUrl' || key === 'hostPageOrigin'
      // A stored value of the wrong type (hand-edited database) falls back to the default.
      const fits = nullable ? value === null || typeof value === 'string' : typeof value === typeof merged[key]
      if (fits) merged[key] = value
    }
    // Frozen: callers share one object and must go through update() to change anything.
    return Object.freeze(merged) as unknown as DeskSettings
  }

  let current = load(stored)

  return {
    get: () => current,
    update(patch) {
      const clean = validate(patch)
      const restartRequired: string[] = []
      for (const [key, value] of Object.entries(clean) as [keyof DeskSettings, unknown][]) {
        if (RESTART_KEYS.has(key) && current[key] !== value) restartRequired.push(key)
        repo.set(key, value)
      }
      current = load(repo.all())
      return { settings: current, restartRequired }
    },
    toDto: ({ dataDir, effectiveWopiBase }) => ({
      root: current.root,
      dataDir,
      bind: current.bind,
      port: current.port,
      publicUrl: current.publicUrl,
      effectiveWopiBase,
      tokenTtlSeconds: current.tokenTtlSeconds,
      versionRetention: current.versionRetention,
      trashRetentionDays: current.trashRetentionDays,
      maxFileSizeBytes: current.maxFileSizeBytes,
      locale: current.locale,
      userName: current.userName,
      language: current.language,
    }),
  }
}
