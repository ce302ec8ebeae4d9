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
export function folderDisplayName(root: string): string {
  const segments = root.split(/[\\/]+/).filter((segment) => segment !== '')
  return segments.at(-1) ?? (root || 'Served folder')
}

const versionReasons: Record<string, string> = {
  'put-file': 'Before an editor saved',
  overwrite: 'Before Save As replaced it',
  restore: 'Before a restore',
  conflict: 'Kept after a conflicting save',
}

/** Why a version was kept, in words ('put-file' -> 'Before an editor saved'); unknown codes pass through. */
export function versionReasonLabel(reason: string): string {
  return versionReasons[reason] ?? reason
}

/** Who holds a lock, in words: the editor, the desktop app's owner file, or "an editor". */
export function lockHolder(lock: LockDto): string {
  if (lock.client) return lock.client
  if (lock.desktopOwner) return lock.desktopOwner
  return 'an editor'
}

export function isLockActive(lock: LockDto | null, now: number): lock is LockDto {
  return lock !== null && (lock.desktopOwner !== undefined || lock.expiresAt > now)
}

const actionLabels: Record<string, string> = {
  edit: 'Edit',
  view: 'View',
  view_comment: 'View with comments',
  embedview: 'View (embedded)',
  embededit: 'Edit (embedded)',
  present: 'Present',
  mobileView: 'View (mobile)',
  mobileEdit: 'Edit (mobile)',
}
const openableActions = ['edit', 'view', 'view_comment', 'embedview', 'embededit', 'present']

export function actionLabel(action: string): string {
  return actionLabels[action] ?? action.charAt(0).toUpperCase() + action.slice(1)
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
export function checkDocumentName(stem: string): string | null {
  const name = stem.trim()
  if (name === '') return 'Enter a name for the document.'
  if (forbiddenNameCharacters.test(name)) return 'A name cannot contain any of these characters: < > : " / \\ | ? *'
  if (name.endsWith('.')) return 'A name cannot end with a dot.'
  if (reservedWindowsNames.test(name)) return `"${name}" is reserved on Windows. Choose another name.`
  if (name.length > 200) return 'Keep the name to 200 characters or fewer.'
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
