import type { RequestDef } from './model'
import { parseJsonObject } from './validators'
import type { ResponseData } from './response'

// Files a run creates on the host under test. A case's cleanup deletes its file through a URL saved by SaveState,
// which is only saved when the request passed its validators: a PutRelativeFile that created a file but failed
// (PutRelativeFile.IncludeHostUrls without host URLs) leaves "new_file.wopitest" behind. So the runner remembers
// every file a PutRelativeFile created, forgets those a DeleteFile removed, and deletes the rest at the end, as
// far as the host allows.

export interface CreatedFile {
  /** the PutRelativeFile `Url`: the new file's WOPISrc with its own access token */
  url: string
  name: string
}

export interface CreatedFiles {
  record(kind: RequestDef['kind'], url: string, response: ResponseData): void
  remaining(): CreatedFile[]
}

export function createdFiles(): CreatedFiles {
  const files = new Map<string, CreatedFile>()
  return {
    record(kind, url, response) {
      if (kind === 'PutRelativeFile' && response.status === 200 && response.text) {
        const json = parseJsonObject(response)
        if (typeof json === 'string') return
        const created = json['Url']
        if (typeof created !== 'string') return
        const key = fileKey(created)
        if (key) files.set(key, { url: created, name: typeof json['Name'] === 'string' ? json['Name'] : key })
      } else if (kind === 'DeleteFile' && (response.status === 200 || response.status === 404)) {
        const key = fileKey(url)
        if (key) files.delete(key)
      }
    },
    remaining: () => [...files.values()],
  }
}

/** The file's identity: its URL without query (the token differs between the copy's Url and later requests). */
function fileKey(url: string): string | null {
  try {
    const parsed = new URL(url)
    return parsed.origin + parsed.pathname.replace(/\/+$/, '')
  } catch {
    return null
  }
}

/** A DeleteFile of a created file, shaped like a <DeleteFile OverrideUrl="…"/> element of TestCases.xml. */
export function deleteFileRequest(url: string): RequestDef {
  return {
    kind: 'DeleteFile',
    element: 'DeleteFile',
    overrideUrl: url,
    lock: null,
    newLock: null,
    oldLock: null,
    lockUserVisible: null,
    resourceId: null,
    requestedName: null,
    putRelativeFileMode: null,
    overwriteRelative: null,
    urlType: null,
    folderName: null,
    fileExtensionFilterList: null,
    wopiSrc: null,
    requestBody: null,
    delaySeconds: null,
    coauthLockId: null,
    coauthLockType: null,
    coauthLockMetadata: null,
    coauthLockMetadataAsBody: null,
    coauthLockExpirationTimeout: null,
    coauthTableVersion: null,
    coauthTableVersionStateKey: null,
    validators: null,
    state: [],
    mutators: [],
  }
}
