import { describe, expect, it } from 'vitest'
import { describeStorageError, type StoragePlaces } from './storage-errors'

// Issue 13 item 12: editors showed "internal error (EROFS)" or "the disk is full" when the disk in question was
// WOPI Desk's own data folder. The answer names which folder's disk and what to do, and never a full path.

const places = (free: Record<string, number> = {}): StoragePlaces => ({
  root: '/home/ann/Documents',
  dataDir: '/home/ann/.config/WOPI Desk',
  freeBytes: async (path) => free[path] ?? 10 * 1024 ** 3,
})

const errno = (code: string, path?: string) => Object.assign(new Error(code), { code, ...(path ? { path } : {}) })

describe('describeStorageError', () => {
  it('names the data folder for its disk being full, read-only or closed to us, with what to do', async () => {
    const full = await describeStorageError(errno('ENOSPC', '/home/ann/.config/WOPI Desk/versions/f1/a.txt'), places())
    expect(full).toMatch(/data folder/)
    expect(full).toMatch(/disk is full/)
    expect(full).toMatch(/free/i)
    expect(await describeStorageError(errno('SQLITE_FULL'), places())).toMatch(/data folder.*full/)
    expect(await describeStorageError(errno('EROFS', '/home/ann/.config/WOPI Desk/trash/x'), places())).toMatch(
      /data folder.*read-only.*--data/,
    )
    expect(await describeStorageError(errno('SQLITE_READONLY'), places())).toMatch(/data folder.*read-only/)
    expect(await describeStorageError(errno('EACCES', '/home/ann/.config/WOPI Desk/versions'), places())).toMatch(/data folder.*permission/)
  })

  it('names the served folder for its own disk', async () => {
    expect(await describeStorageError(errno('ENOSPC', '/home/ann/Documents/.~tmp-1'), places())).toMatch(/served folder.*full/)
    expect(await describeStorageError(errno('EROFS', '/home/ann/Documents/a.txt'), places())).toMatch(/served folder.*read-only/)
    expect(await describeStorageError(errno('EPERM', '/home/ann/Documents/a.txt'), places())).toMatch(/served folder.*permission/)
  })

  it('without a path, asks the disks which one is full', async () => {
    expect(await describeStorageError(errno('ENOSPC'), places({ '/home/ann/.config/WOPI Desk': 0 }))).toMatch(/data folder.*full/)
    expect(await describeStorageError(errno('ENOSPC'), places({ '/home/ann/Documents': 100 }))).toMatch(/served folder.*full/)
    expect(await describeStorageError(errno('EDQUOT'), places())).toMatch(/served folder.* or .*data folder/)
  })

  it('never shows a full path, and leaves other errors alone', async () => {
    for (const code of ['ENOSPC', 'EROFS', 'EACCES']) {
      const text = (await describeStorageError(errno(code, '/home/ann/.config/WOPI Desk/versions/x'), places())) ?? ''
      expect(text).not.toContain('/home/ann')
    }
    expect(await describeStorageError(errno('EIO', '/home/ann/Documents/a'), places())).toBeNull()
    expect(await describeStorageError(new Error('boom'), places())).toBeNull()
  })
})
