import type { TokenRow } from '../db/token-repo'

/**
 * CheckFileInfo URL and PostMessage properties (spec 2.5, 2.6) that only the host page knows: another part of
 * the app provides them per file. Absent or undefined values are simply not sent (never null).
 */
export interface HostUrls {
  HostViewUrl?: string
  HostEditUrl?: string
  HostEmbeddedViewUrl?: string
  CloseUrl?: string
  DownloadUrl?: string
  FileSharingUrl?: string
  FileVersionUrl?: string
  FileEmbedCommandUrl?: string
  SignoutUrl?: string
  SignInUrl?: string
  BreadcrumbBrandName?: string
  BreadcrumbBrandUrl?: string
  BreadcrumbFolderName?: string
  BreadcrumbFolderUrl?: string
  BreadcrumbDocName?: string
  PostMessageOrigin?: string
  ClosePostMessage?: boolean
  EditModePostMessage?: boolean
  EditNotificationPostMessage?: boolean
  FileSharingPostMessage?: boolean
  FileVersionPostMessage?: boolean
  FileEmbedCommandPostMessage?: boolean
  WorkflowPostMessage?: boolean
  AppStateHistoryPostMessage?: boolean
}

export type HostUrlsProvider = (fileId: string, context: { token: TokenRow }) => HostUrls | undefined | Promise<HostUrls | undefined>

const HOST_URL_KEYS: readonly (keyof HostUrls)[] = [
  'HostViewUrl',
  'HostEditUrl',
  'HostEmbeddedViewUrl',
  'CloseUrl',
  'DownloadUrl',
  'FileSharingUrl',
  'FileVersionUrl',
  'FileEmbedCommandUrl',
  'SignoutUrl',
  'SignInUrl',
  'BreadcrumbBrandName',
  'BreadcrumbBrandUrl',
  'BreadcrumbFolderName',
  'BreadcrumbFolderUrl',
  'BreadcrumbDocName',
  'PostMessageOrigin',
  'ClosePostMessage',
  'EditModePostMessage',
  'EditNotificationPostMessage',
  'FileSharingPostMessage',
  'FileVersionPostMessage',
  'FileEmbedCommandPostMessage',
  'WorkflowPostMessage',
  'AppStateHistoryPostMessage',
]

/** Only the known keys with a real value: a provider cannot inject other properties or nulls. */
export function cleanHostUrls(urls: HostUrls | undefined): HostUrls {
  const out: Record<string, string | boolean> = {}
  if (!urls) return out
  for (const key of HOST_URL_KEYS) {
    const value = urls[key]
    if (typeof value === 'string' ? value !== '' : typeof value === 'boolean') out[key] = value as string | boolean
  }
  return out as HostUrls
}
