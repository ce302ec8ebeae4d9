import type { FileRow } from '../file-repo'

// Test-only: a live file row under /served with neutral values, for tests about what refers to files.

export function fileRow(id: string, relPath: string): FileRow {
  return {
    id,
    root: '/served',
    relPath,
    version: 1,
    size: 0,
    mtimeNs: '0',
    ino: id,
    lastModified: '2026-01-01T00:00:00.000Z',
    ownerId: 'u',
    createdAt: 1,
    deletedAt: null,
  }
}
