import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { silentLog } from '../deps'
import {
  findDesktopLock,
  isLockOwnerFileName,
  isOfficeDocument,
  msOfficeLockNames,
  removeOwnLockFile,
  writeOwnLockFile,
} from './desktop-locks'
import { createQuickFs, type QuickFs, type QuickFsMode } from './quick-fs'

// Both ways of calling the file system (synchronous on local disks, the thread pool elsewhere) must agree.
describe.each(['sync', 'async'] as QuickFsMode[])('desktop lock files (%s calls)', (mode) => {
  let dir: string
  let io: QuickFs
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'wopi-desk-owners-'))
    io = createQuickFs({ root: dir, log: silentLog, mode })
  })
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('finds a LibreOffice owner file and names the user (second field)', async () => {
    await writeFile(
      join(dir, '.~lock.Report.odt#'),
      'Alex Author,alex,alex-laptop,01.03.2025 10:15,file:///home/alex/.config/libreoffice/4;',
    )
    expect(await findDesktopLock(dir, 'Report.odt', io)).toEqual({ program: 'LibreOffice', ownerFile: '.~lock.Report.odt#', user: 'alex' })
  })

  it('finds Microsoft Office owner files, also with the first one or two characters replaced', async () => {
    const owner = Buffer.alloc(162)
    owner[0] = 4
    owner.write('Sam ', 1, 'latin1')
    await writeFile(join(dir, '~$dget 2025.xlsx'), owner)
    expect(msOfficeLockNames('Budget 2025.xlsx')).toContain('~$dget 2025.xlsx')
    const found = await findDesktopLock(dir, 'Budget 2025.xlsx', io)
    expect(found).toMatchObject({ program: 'Microsoft Office', ownerFile: '~$dget 2025.xlsx', user: 'Sam' })
    await writeFile(join(dir, '~$short.docx'), Buffer.alloc(0))
    expect(await findDesktopLock(dir, 'short.docx', io)).toMatchObject({
      program: 'Microsoft Office',
      ownerFile: '~$short.docx',
      user: null,
    })
  })

  it('returns null when nobody has the file open', async () => {
    expect(await findDesktopLock(dir, 'free.docx', io)).toBeNull()
  })

  it('writes its own owner file, ignores it when checking, and removes only its own', async () => {
    const path = await writeOwnLockFile(dir, 'Plan.docx', 'Collabora', Date.UTC(2025, 2, 1, 10, 15), io, 'desk-host')
    expect(path).toBe(join(dir, '.~lock.Plan.docx#'))
    const content = await readFile(path, 'utf8')
    expect(content.split(',')[1]).toBe('WOPI Desk (Collabora)')
    expect(content).toMatch(/^WOPI Desk \(Collabora\),WOPI Desk \(Collabora\),desk-host,\d\d\.03\.2025 \d\d:15,;$/)
    expect(await findDesktopLock(dir, 'Plan.docx', io)).toBeNull()
    // a second write (stale file of ours after a crash) replaces it
    await writeOwnLockFile(dir, 'Plan.docx', 'ONLYOFFICE', Date.now(), io)
    expect(await readFile(path, 'utf8')).toMatch(/ONLYOFFICE/)
    await removeOwnLockFile(path, io)
    expect(await readdir(dir)).toEqual([])
  })

  it('does not overwrite or remove a LibreOffice owner file that is not ours', async () => {
    const path = join(dir, '.~lock.Plan.docx#')
    await writeFile(path, ',bob,bob-pc,01.03.2025 10:15,file:///x;')
    await expect(writeOwnLockFile(dir, 'Plan.docx', 'Collabora', Date.now(), io)).rejects.toMatchObject({ code: 'EEXIST' })
    await removeOwnLockFile(path, io)
    expect(await readFile(path, 'utf8')).toMatch(/bob/)
  })

  it('counts an owner file it cannot read as a lock, and a folder by that name as none', async () => {
    await mkdir(join(dir, '.~lock.Odd.docx#'))
    expect(await findDesktopLock(dir, 'Odd.docx', io)).toBeNull()
    await writeFile(join(dir, '.~lock.Secret.docx#'), ',eve,pc,01.03.2025 10:15,;', { mode: 0o000 })
    // root reads anything: only an unprivileged run can see the unreadable case
    if (process.getuid?.() !== 0)
      expect(await findDesktopLock(dir, 'Secret.docx', io)).toMatchObject({ program: 'LibreOffice', user: null })
    await removeOwnLockFile(join(dir, 'gone.docx'), io)
  })

  it('classifies names', () => {
    expect(isOfficeDocument('a.ODT')).toBe(true)
    expect(isOfficeDocument('a.txt')).toBe(false)
    expect(isLockOwnerFileName('.~lock.a.odt#')).toBe(true)
    expect(isLockOwnerFileName('~$a.docx')).toBe(true)
    expect(isLockOwnerFileName('a.docx')).toBe(false)
  })
})
