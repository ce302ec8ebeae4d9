import type { SettingsDto, SettingsPatch } from '../../../../electron/contract/dto'

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

export const settingLabels: Record<string, string> = {
  root: 'Served folder',
  bind: 'Listen address',
  port: 'Port',
  publicUrl: 'Public base URL',
  tokenTtlSeconds: 'Token lifetime',
  versionRetention: 'Versions kept per file',
  trashRetentionDays: 'Days in the trash',
  maxFileSizeBytes: 'Maximum file size',
  locale: 'Language',
  userName: 'Your display name',
}

const hostnamePattern = /^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/
const ipv4Pattern = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/

export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase()
  return bare === 'localhost' || bare === '::1' || /^127\./.test(bare)
}

/**
 * Checks the form and builds the patch of what changed. Each field gets at most one message that says what
 * to type instead; the patch is only meant to be sent when there are no errors.
 */
export function checkSettingsForm(form: SettingsForm, current: SettingsDto): { patch: SettingsPatch; errors: Partial<Record<SettingsField, string>> } {
  const errors: Partial<Record<SettingsField, string>> = {}
  const patch: SettingsPatch = {}

  const root = form.root.trim()
  if (root === '') errors.root = 'Enter the folder to serve, for example /home/you/Documents.'
  else if (root !== current.root) patch.root = root

  const bind = form.bind.trim()
  if (bind === '') errors.bind = 'Enter an address to listen on: 127.0.0.1 for this computer only, 0.0.0.0 for every network.'
  else if (!(ipv4Pattern.test(bind) || hostnamePattern.test(bind) || /^\[?[0-9a-f:]+\]?$/i.test(bind))) {
    errors.bind = 'Enter an IP address (such as 127.0.0.1 or 0.0.0.0) or a host name of this computer.'
  } else if (bind !== current.bind) patch.bind = bind

  const port = form.port.trim()
  if (!/^\d+$/.test(port) || Number(port) > 65535) errors.port = 'Use 1 to 65535, or 0 for any free port.'
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
      errors.publicUrl = 'Enter a full address starting with http:// or https://, such as http://host.docker.internal:17890.'
    } else if (parsed.search || parsed.hash) {
      errors.publicUrl = 'Leave out the ? and # parts: editors add their own.'
    } else if (parsed.username || parsed.password) {
      errors.publicUrl = 'Leave out user names and passwords.'
    }
  }
  const nextPublicUrl = publicUrl === '' ? null : publicUrl.replace(/\/+$/, '')
  if (!errors.publicUrl && nextPublicUrl !== current.publicUrl) patch.publicUrl = nextPublicUrl

  const ttl = parseNumber(form.tokenTtlMinutes)
  if (ttl === null || !Number.isInteger(ttl) || ttl < 1 || ttl > 7 * 24 * 60) {
    errors.tokenTtlMinutes = 'Enter whole minutes from 1 to 10080 (one week).'
  } else if (ttl * 60 !== current.tokenTtlSeconds) patch.tokenTtlSeconds = ttl * 60

  const retention = parseNumber(form.versionRetention)
  if (retention === null || !Number.isInteger(retention) || retention > 1000) {
    errors.versionRetention = 'Enter a whole number from 0 (keep none) to 1000.'
  } else if (retention !== current.versionRetention) patch.versionRetention = retention

  const trashDays = parseNumber(form.trashRetentionDays)
  if (trashDays === null || !Number.isInteger(trashDays) || trashDays > 36500) {
    errors.trashRetentionDays = 'Enter whole days from 1 to 36500, or 0 to keep deleted files until the trash is emptied.'
  } else if (trashDays !== current.trashRetentionDays) patch.trashRetentionDays = trashDays

  const maxMb = parseNumber(form.maxFileSizeMb)
  if (maxMb === null || maxMb * MIB < 1024) errors.maxFileSizeMb = 'Enter a size in MB of at least 0.01, for example 100.'
  // Compared as displayed, so an untouched field never rewrites a size that is not a whole number of MB.
  else if (formatNumber(maxMb) !== formatNumber(current.maxFileSizeBytes / MIB)) patch.maxFileSizeBytes = Math.round(maxMb * MIB)

  const locale = form.locale.trim()
  if (!/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(locale)) errors.locale = 'Enter a language tag such as en-US, de-DE or fr.'
  else if (locale !== current.locale) patch.locale = locale

  const userName = form.userName.trim()
  if (userName === '') errors.userName = 'Enter the name editors show for your changes.'
  else if (userName.length > 100) errors.userName = 'Keep the name to 100 characters or fewer.'
  else if (userName !== current.userName) patch.userName = userName

  return { patch, errors }
}

/** When the host listens on loopback only, an editor that the public URL places elsewhere cannot connect. */
export function reachabilityWarning(form: SettingsForm): string | null {
  const bind = form.bind.trim()
  let host = ''
  try {
    host = new URL(form.publicUrl.trim()).hostname
  } catch {
    return null
  }
  if (isLoopbackHost(bind) && host !== '' && !isLoopbackHost(host)) {
    return `The host listens on ${bind}, which only this computer can reach, but editors are told to call ${host}. Set the listen address to 0.0.0.0 (every network) or to the address that ${host} resolves to, then restart.`
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
}

/** The form field a refused save is about, so its message can sit at the field; null when it cannot be told. */
export function fieldOfSaveError(message: string, patch: SettingsPatch): SettingsField | null {
  const saved = (Object.keys(patch) as (keyof SettingsPatch)[]).filter((key) => patch[key] !== undefined).map((key) => patchFields[key])
  if (saved.length === 1) return saved[0] ?? null
  const named = serverMessageFields.find(([pattern, field]) => pattern.test(message) && saved.includes(field))
  return named?.[1] ?? null
}
