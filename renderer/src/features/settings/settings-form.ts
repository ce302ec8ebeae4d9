import type { ConsoleLanguage, SettingsDto, SettingsPatch } from '../../../../electron/contract/dto'

export interface SettingsForm {
  root: string
  bind: string
  port: string
  publicUrl: string
  tokenTtlMinutes: string
  versionRetention: string
  trashRetentionDays: string
  maxFileSizeMb: string
  locale: string
  userName: string
  language: ConsoleLanguage
}

export type SettingsField = keyof SettingsForm

const MIB = 1024 * 1024

export function toForm(settings: SettingsDto): SettingsForm {
  return {
    root: settings.root,
    bind: settings.bind,
    port: String(settings.port),
    publicUrl: settings.publicUrl ?? '',
    tokenTtlMinutes: formatNumber(settings.tokenTtlSeconds / 60),
    versionRetention: String(settings.versionRetention),
    trashRetentionDays: String(settings.trashRetentionDays),
    maxFileSizeMb: formatNumber(settings.maxFileSizeBytes / MIB),
    locale: settings.locale,
    userName: settings.userName,
    language: settings.language,
  }
}

function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Math.round(value * 100) / 100)
}

function parseNumber(text: string): number | null {
  const trimmed = text.trim()
  if (!/^\d+(\.\d+)?$/.test(trimmed)) return null
  return Number(trimmed)
}

/** The label key of each setting the core names (restartRequired), by its core name. */
export const settingLabelKeys: Record<string, `settings:fields.${SettingsField}`> = {
  root: 'settings:fields.root',
  bind: 'settings:fields.bind',
  port: 'settings:fields.port',
  publicUrl: 'settings:fields.publicUrl',
  tokenTtlSeconds: 'settings:fields.tokenTtlMinutes',
  versionRetention: 'settings:fields.versionRetention',
  trashRetentionDays: 'settings:fields.trashRetentionDays',
  maxFileSizeBytes: 'settings:fields.maxFileSizeMb',
  locale: 'settings:fields.locale',
  userName: 'settings:fields.userName',
  language: 'settings:fields.language',
}

const hostnamePattern = /^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/
const ipv4Pattern = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/

export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase()
  return bare === 'localhost' || bare === '::1' || /^127\./.test(bare)
}

/**
 * Checks the form and builds the patch of what changed. Each field gets at most one message (its key in the
 * settings namespace) that says what to type instead; the patch is only meant to be sent when there are no errors.
 */
export function checkSettingsForm(
  form: SettingsForm,
  current: SettingsDto,
): { patch: SettingsPatch; errors: Partial<Record<SettingsField, string>> } {
  const errors: Partial<Record<SettingsField, string>> = {}
  const patch: SettingsPatch = {}

  const root = form.root.trim()
  if (root === '') errors.root = 'settings:errors.root'
  else if (root !== current.root) patch.root = root

  const bind = form.bind.trim()
  if (bind === '') errors.bind = 'settings:errors.bindEmpty'
  else if (!(ipv4Pattern.test(bind) || hostnamePattern.test(bind) || /^\[?[0-9a-f:]+\]?$/i.test(bind))) {
    errors.bind = 'settings:errors.bind'
  } else if (bind !== current.bind) patch.bind = bind

  const port = form.port.trim()
  if (!/^\d+$/.test(port) || Number(port) > 65535) errors.port = 'settings:errors.port'
  else if (Number(port) !== current.port) patch.port = Number(port)

  const publicUrl = form.publicUrl.trim()
  if (publicUrl !== '') {
    let parsed: URL | null = null
    try {
      parsed = new URL(publicUrl)
    } catch {
      parsed = null
    }
    if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
      errors.publicUrl = 'settings:errors.publicUrl'
    } else if (parsed.search || parsed.hash) {
      errors.publicUrl = 'settings:errors.publicUrlQuery'
    } else if (parsed.username || parsed.password) {
      errors.publicUrl = 'settings:errors.publicUrlCredentials'
    }
  }
  const nextPublicUrl = publicUrl === '' ? null : publicUrl.replace(/\/+$/, '')
  if (!errors.publicUrl && nextPublicUrl !== current.publicUrl) patch.publicUrl = nextPublicUrl

  const ttl = parseNumber(form.tokenTtlMinutes)
  if (ttl === null || !Number.isInteger(ttl) || ttl < 1 || ttl > 7 * 24 * 60) {
    errors.tokenTtlMinutes = 'settings:errors.tokenTtlMinutes'
  } else if (ttl * 60 !== current.tokenTtlSeconds) patch.tokenTtlSeconds = ttl * 60

  const retention = parseNumber(form.versionRetention)
  if (retention === null || !Number.isInteger(retention) || retention > 1000) {
    errors.versionRetention = 'settings:errors.versionRetention'
  } else if (retention !== current.versionRetention) patch.versionRetention = retention

  const trashDays = parseNumber(form.trashRetentionDays)
  if (trashDays === null || !Number.isInteger(trashDays) || trashDays > 36500) {
    errors.trashRetentionDays = 'settings:errors.trashRetentionDays'
  } else if (trashDays !== current.trashRetentionDays) patch.trashRetentionDays = trashDays

  const maxMb = parseNumber(form.maxFileSizeMb)
  if (maxMb === null || maxMb * MIB < 1024) errors.maxFileSizeMb = 'settings:errors.maxFileSizeMb'
  // Compared as displayed, so an untouched field never rewrites a size that is not a whole number of MB.
  else if (formatNumber(maxMb) !== formatNumber(current.maxFileSizeBytes / MIB)) patch.maxFileSizeBytes = Math.round(maxMb * MIB)

  const locale = form.locale.trim()
  if (!/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(locale)) errors.locale = 'settings:errors.locale'
  else if (locale !== current.locale) patch.locale = locale

  const userName = form.userName.trim()
  if (userName === '') errors.userName = 'settings:errors.userName'
  else if (userName.length > 100) errors.userName = 'settings:errors.userNameLong'
  else if (userName !== current.userName) patch.userName = userName

  if (form.language !== current.language) patch.language = form.language

  return { patch, errors }
}

/** When the host listens on loopback only, an editor that the public URL places elsewhere cannot connect. */
export function reachabilityWarning(form: SettingsForm): { bind: string; host: string } | null {
  const bind = form.bind.trim()
  let host = ''
  try {
    host = new URL(form.publicUrl.trim()).hostname
  } catch {
    return null
  }
  if (isLoopbackHost(bind) && host !== '' && !isLoopbackHost(host)) {
    return { bind, host }
  }
  return null
}

// The core checks each setting it is given and answers with one sentence for the first it refuses. Which field
// that sentence is about: the only field saved, or the one its wording names (electron/core/settings/settings.ts).
const serverMessageFields: [RegExp, SettingsField][] = [
  [/folder/i, 'root'],
  [/bind address/i, 'bind'],
  [/^The port/i, 'port'],
  [/public URL/i, 'publicUrl'],
  [/token lifetime/i, 'tokenTtlMinutes'],
  [/versions kept/i, 'versionRetention'],
  [/trash/i, 'trashRetentionDays'],
  [/file size/i, 'maxFileSizeMb'],
  [/language/i, 'locale'],
  [/user name/i, 'userName'],
]

const patchFields: Record<keyof SettingsPatch, SettingsField> = {
  root: 'root',
  bind: 'bind',
  port: 'port',
  publicUrl: 'publicUrl',
  tokenTtlSeconds: 'tokenTtlMinutes',
  versionRetention: 'versionRetention',
  trashRetentionDays: 'trashRetentionDays',
  maxFileSizeBytes: 'maxFileSizeMb',
  locale: 'locale',
  userName: 'userName',
  language: 'language',
}

/** The form field a refused save is about, so its message can sit at the field; null when it cannot be told. */
export function fieldOfSaveError(message: string, patch: SettingsPatch): SettingsField | null {
  const saved = (Object.keys(patch) as (keyof SettingsPatch)[]).filter((key) => patch[key] !== undefined).map((key) => patchFields[key])
  if (saved.length === 1) return saved[0] ?? null
  const named = serverMessageFields.find(([pattern, field]) => pattern.test(message) && saved.includes(field))
  return named?.[1] ?? null
}
