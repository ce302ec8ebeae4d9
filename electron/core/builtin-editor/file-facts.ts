import { extname } from 'node:path'
import type { HostIntegration } from '../../contract/editor-page'
import { asOrigin } from './wopi-src'

// The CheckFileInfo properties the built-in editor acts on (spec 2), read defensively: hosts send wrong
// types, and a property that is missing or mistyped takes its protocol default (false / empty) instead of
// failing the whole load.

/** The host-integration half (PostMessageOrigin, Close/Edit URLs...) is what the editor page receives as is. */
export interface FileFacts extends HostIntegration {
  baseFileName: string
  /** '.md', lower case; from FileExtension when the host sends one, else from BaseFileName */
  extension: string
  size: number
  version: string | null
  lastModifiedTime: string | null
  userCanWrite: boolean
  readOnly: boolean
  supportsLocks: boolean
  supportsUpdate: boolean
  supportsRename: boolean
  userCanRename: boolean
  userCanNotWriteRelative: boolean
  userFriendlyName: string | null
  fileNameMaxLength: number
}

export class FileInfoError extends Error {}

export function readFileFacts(json: Record<string, unknown>): FileFacts {
  const baseFileName = str(json['BaseFileName'])
  if (!baseFileName) throw new FileInfoError('CheckFileInfo has no BaseFileName')
  const declaredExtension = str(json['FileExtension'])
  const extension = (declaredExtension?.startsWith('.') ? declaredExtension : extname(baseFileName)).toLowerCase()
  const size = Number(json['Size'])
  const maxLength = Number(json['FileNameMaxLength'])
  return {
    baseFileName,
    extension,
    size: Number.isFinite(size) && size >= 0 ? size : 0,
    version: json['Version'] === undefined || json['Version'] === null ? null : String(json['Version']),
    lastModifiedTime: str(json['LastModifiedTime']),
    userCanWrite: bool(json['UserCanWrite']),
    readOnly: bool(json['ReadOnly']),
    supportsLocks: bool(json['SupportsLocks']),
    supportsUpdate: bool(json['SupportsUpdate']),
    supportsRename: bool(json['SupportsRename']),
    userCanRename: bool(json['UserCanRename']),
    userCanNotWriteRelative: bool(json['UserCanNotWriteRelative']),
    userFriendlyName: str(json['UserFriendlyName']),
    postMessageOrigin: asOrigin(json['PostMessageOrigin']),
    closePostMessage: bool(json['ClosePostMessage']),
    editModePostMessage: bool(json['EditModePostMessage']),
    editNotificationPostMessage: bool(json['EditNotificationPostMessage']),
    closeUrl: httpUrl(json['CloseUrl']),
    hostEditUrl: httpUrl(json['HostEditUrl']),
    // Spec 2.7: default 250, also when 0.
    fileNameMaxLength: Number.isInteger(maxLength) && maxLength > 0 ? maxLength : 250,
  }
}

function str(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null
}

function bool(value: unknown): boolean {
  return value === true
}

/** Only http(s) URLs may become a navigation target for the top window. */
function httpUrl(value: unknown): string | null {
  if (typeof value !== 'string') return null
  try {
    const url = new URL(value)
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null
  } catch {
    return null
  }
}
