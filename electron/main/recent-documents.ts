import { readFileSync, renameSync, writeFileSync } from 'node:fs'

// Documents opened from the system or File > Open…, newest first: kept in the data folder for File > Open Recent
// and the dock menu, and handed to the system (app.addRecentDocument: macOS' Open Recent, Windows' jump list,
// the GTK recent files on Linux).

export const RECENT_FILE = 'recent-documents.json'
export const RECENT_LIMIT = 10

export interface SystemRecentDocuments {
  addRecentDocument(path: string): void
  clearRecentDocuments(): void
}

export interface RecentDocuments {
  list(): readonly string[]
  add(path: string): void
  remove(path: string): void
  clear(): void
}

export function openRecentDocuments(file: string, system: SystemRecentDocuments, onChange: () => void = () => undefined): RecentDocuments {
  let paths = read(file)
  const save = () => {
    try {
      writeFileSync(file + '.tmp', JSON.stringify(paths))
      renameSync(file + '.tmp', file)
    } catch {
      // The list is a convenience; the documents themselves are untouched.
    }
    onChange()
  }
  return {
    list: () => paths,
    add(path) {
      paths = [path, ...paths.filter((known) => known !== path)].slice(0, RECENT_LIMIT)
      system.addRecentDocument(path)
      save()
    },
    remove(path) {
      if (!paths.includes(path)) return
      paths = paths.filter((known) => known !== path)
      save()
    },
    clear() {
      paths = []
      system.clearRecentDocuments()
      save()
    },
  }
}

function read(file: string): string[] {
  try {
    const value: unknown = JSON.parse(readFileSync(file, 'utf8'))
    return Array.isArray(value)
      ? value.filter((path): path is string => typeof path === 'string' && path.length > 0 && path.length < 4096).slice(0, RECENT_LIMIT)
      : []
  } catch {
    return []
  }
}
