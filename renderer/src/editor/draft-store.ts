// Unsaved text survives a reload of the page: it is kept in sessionStorage (this tab only, gone with the
// tab), keyed by the file, with the LastModifiedTime it was based on so a restored draft still conflicts
// correctly when the file changed meanwhile.

export interface StoredDraft {
  text: string
  /** LastModifiedTime the text is based on */
  base: string | null
  /** ms since epoch, when the draft was written */
  at: number
  fileName: string
}

export interface DraftStore {
  read(documentKey: string): StoredDraft | null
  /** false when the browser refused (quota: very large documents) */
  write(documentKey: string, draft: StoredDraft): boolean
  remove(documentKey: string): void
}

const PREFIX = 'wopi-desk-editor:draft:'

export function createDraftStore(storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null): DraftStore {
  return {
    read(documentKey) {
      if (!storage) return null
      try {
        const raw = storage.getItem(PREFIX + documentKey)
        if (!raw) return null
        const value = JSON.parse(raw) as Partial<StoredDraft>
        if (typeof value.text !== 'string' || typeof value.at !== 'number') return null
        return {
          text: value.text,
          base: typeof value.base === 'string' ? value.base : null,
          at: value.at,
          fileName: String(value.fileName ?? ''),
        }
      } catch {
        return null
      }
    },
    write(documentKey, draft) {
      if (!storage) return false
      try {
        storage.setItem(PREFIX + documentKey, JSON.stringify(draft))
        return true
      } catch {
        return false
      }
    },
    remove(documentKey) {
      try {
        storage?.removeItem(PREFIX + documentKey)
      } catch {
        // storage unavailable: nothing to remove
      }
    },
  }
}

export function browserDraftStore(): DraftStore {
  let storage: Storage | null = null
  try {
    storage = window.sessionStorage
  } catch {
    storage = null // blocked storage (some privacy settings in third-party frames)
  }
  return createDraftStore(storage)
}
