import type { TFunction } from 'i18next'
import type { EndpointDto, HandlerDto, LockDto } from '../../../../electron/contract/dto'

/** 'Reports/2024' -> [{ name: 'Reports', dir: 'Reports' }, { name: '2024', dir: 'Reports/2024' }] */
export function breadcrumbTrail(dir: string): { name: string; dir: string }[] {
  const trail: { name: string; dir: string }[] = []
  let path = ''
  for (const segment of dir.split('/')) {
    if (segment === '') continue
    path = path ? `${path}/${segment}` : segment
    trail.push({ name: segment, dir: path })
  }
  return trail
}

/** The folder part of an entry path: 'Reports/2024/a.docx' -> 'Reports/2024'; '' for the root. */
export function parentDir(path: string): string {
  const trimmed = path.replace(/^\/+|\/+$/g, '')
  const index = trimmed.lastIndexOf('/')
  return index < 0 ? '' : trimmed.slice(0, index)
}

/** Last segment of an absolute folder path, for the root crumb: '/home/alex/Docs' -> 'Docs'. */
export function folderDisplayName(root: string, t: TFunction): string {
  const segments = root.split(/[\\/]+/).filter((segment) => segment !== '')
  return segments.at(-1) ?? (root || t('common:status.servedFolder'))
}

const versionReasons: Record<string, `files:versions.reasons.${string}`> = {
  'put-file': 'files:versions.reasons.putFile',
  overwrite: 'files:versions.reasons.overwrite',
  restore: 'files:versions.reasons.restore',
  conflict: 'files:versions.reasons.conflict',
}

/** Why a version was kept: the key of its words ('put-file' -> 'Before an editor saved'); null for a code we do not know. */
export function versionReasonKey(reason: string): `files:versions.reasons.${string}` | null {
  return versionReasons[reason] ?? null
}

/** Who holds a lock: the editor, the desktop app's owner file, or `unnamed` ("an editor" in the page's language). */
export function lockHolder(lock: LockDto, unnamed: string): string {
  if (lock.client) return lock.client
  if (lock.desktopOwner) return lock.desktopOwner
  return unnamed
}

export function isLockActive(lock: LockDto | null, now: number): lock is LockDto {
  return lock !== null && (lock.desktopOwner !== undefined || lock.expiresAt > now)
}

const actionLabels: Record<string, `files:openActions.${string}`> = {
  edit: 'files:openActions.edit',
  view: 'files:openActions.view',
  view_comment: 'files:openActions.viewComment',
  embedview: 'files:openActions.embedView',
  embededit: 'files:openActions.embedEdit',
  present: 'files:openActions.present',
  mobileView: 'files:openActions.mobileView',
  mobileEdit: 'files:openActions.mobileEdit',
}
const openableActions = ['edit', 'view', 'view_comment', 'embedview', 'embededit', 'present']

/** A WOPI action in words, in the page's language; an action we do not know shows its own name. */
export function actionLabel(action: string, t: (key: `files:openActions.${string}`) => string): string {
  const key = actionLabels[action]
  return key ? t(key) : action.charAt(0).toUpperCase() + action.slice(1)
}

export interface OpenChoice {
  appId: string
  appName: string
  endpointName: string
  iconUrl: string | null
  action: string
  isDefault: boolean
}

/**
 * Every (app, action) pair that can open an existing file, default app first, edit before view. Actions
 * that do not open a document for a person (editnew, convert, getinfo...) are left out.
 */
export function openChoices(handlers: readonly HandlerDto[]): OpenChoice[] {
  const ordered = [...handlers].sort((a, b) => Number(b.isDefault) - Number(a.isDefault))
  const choices: OpenChoice[] = []
  for (const handler of ordered) {
    const actions = handler.actions
      .filter((action) => openableActions.includes(action))
      .sort((a, b) => openableActions.indexOf(a) - openableActions.indexOf(b))
    for (const action of actions) {
      choices.push({
        appId: handler.appId,
        appName: handler.appName,
        endpointName: handler.endpointName,
        iconUrl: handler.iconUrl,
        action,
        isDefault: handler.isDefault,
      })
    }
  }
  return choices
}

const forbiddenNameCharacters = /[<>:"/\\|?*\u0000-\u001f]/
const reservedWindowsNames = /^(con|prn|aux|nul|com[1-9]|lpt[1-9])(\..*)?$/i

/** A new document's name as typed (without extension): one message saying what to change, or null when fine. */
export function checkDocumentName(stem: string, t: TFunction): string | null {
  const name = stem.trim()
  if (name === '') return t('files:names.empty')
  if (forbiddenNameCharacters.test(name)) return t('files:names.characters', { characters: '< > : " / \\ | ? *' })
  if (name.endsWith('.')) return t('files:names.dot')
  if (reservedWindowsNames.test(name)) return t('files:names.reserved', { name })
  if (name.length > 200) return t('files:names.long')
  return null
}

/** 'Budget' + 'xlsx' -> 'Budget.xlsx'; an extension the person typed already is not doubled. */
export function documentFileName(stem: string, ext: string): string {
  const name = stem.trim()
  return name.toLowerCase().endsWith(`.${ext.toLowerCase()}`) ? name : `${name}.${ext}`
}

export interface NewDocumentTemplate {
  key: string
  appId: string
  appName: string
  endpointName: string
  iconUrl: string | null
  ext: string
}

/** Apps that can create a blank document (an `editnew` action), one entry per app and extension. */
export function newDocumentTemplates(endpoints: readonly EndpointDto[]): NewDocumentTemplate[] {
  const templates: NewDocumentTemplate[] = []
  for (const endpoint of endpoints) {
    if (!endpoint.enabled) continue
    for (const app of endpoint.apps) {
      if (!app.enabled || !app.present) continue
      for (const action of app.actions) {
        if (action.name !== 'editnew' || !action.supported) continue
        const ext = action.newext || action.ext
        if (!ext) continue
        const key = `${app.id}:${ext}`
        if (templates.some((template) => template.key === key)) continue
        templates.push({ key, appId: app.id, appName: app.name, endpointName: endpoint.name, iconUrl: app.iconUrl, ext })
      }
    }
  }
  return templates
}
