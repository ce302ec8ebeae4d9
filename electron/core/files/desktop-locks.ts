import { hostname as osHostname } from 'node:os'
import { join } from 'node:path'
import { splitExtension } from './file-names'
import { backgroundFs, type QuickFs } from './quick-fs'

// Desktop programs that share the served folder announce an open document with an owner file next to it:
// LibreOffice writes `.~lock.<name>#` (CSV: author,user,host,date,profile;), Microsoft Office writes
// `~$<name>`, replacing the first one or two characters of longer names. While an editor holds a WOPI lock
// on an office document we write a LibreOffice-style file ourselves, so LibreOffice users are warned too.

export const OWN_LOCK_MARKER = 'WOPI Desk ('

const OFFICE_EXTENSIONS = new Set([
  'odt',
  'ott',
  'fodt',
  'ods',
  'ots',
  'fods',
  'odp',
  'otp',
  'fodp',
  'odg',
  'otg',
  'fodg',
  'odf',
  'odm',
  'docx',
  'docm',
  'dotx',
  'dotm',
  'doc',
  'dot',
  'rtf',
  'xlsx',
  'xlsm',
  'xlsb',
  'xltx',
  'xltm',
  'xls',
  'xlt',
  'pptx',
  'pptm',
  'potx',
  'potm',
  'ppsx',
  'ppsm',
  'ppt',
  'pot',
  'pps',
  'vsdx',
  'vsd',
])

export interface DesktopLock {
  program: 'LibreOffice' | 'Microsoft Office'
  /** owner file name (in the document's folder) */
  ownerFile: string
  user: string | null
}

export function isOfficeDocument(name: string): boolean {
  return OFFICE_EXTENSIONS.has(splitExtension(name).ext.slice(1).toLowerCase())
}

export function libreOfficeLockName(name: string): string {
  return `.~lock.${name}#`
}

export function msOfficeLockNames(name: string): string[] {
  const names = [`~$${name}`]
  // Word and Excel replace the first one or two characters of longer names; keep at least one stem character.
  for (const cut of [1, 2]) {
    const rest = name.slice(cut)
    if (splitExtension(rest).stem.length > 0 && !rest.startsWith('.')) names.push(`~$${rest}`)
  }
  return names
}

export function isLockOwnerFileName(name: string): boolean {
  return (name.startsWith('.~lock.') && name.endsWith('#')) || name.startsWith('~$')
}

function parseLibreOffice(content: string): { user: string | null; own: boolean } {
  const fields = content.split(',')
  const author = fields[0]?.trim() ?? ''
  const user = fields[1]?.trim() ?? ''
  const own = author.startsWith(OWN_LOCK_MARKER) || user.startsWith(OWN_LOCK_MARKER)
  return { user: user || author || null, own }
}

/** Word/Excel owner file: a length byte, then the user name in the ANSI code page. */
function parseMsOffice(content: Buffer): string | null {
  const length = content[0] ?? 0
  if (length === 0 || length > 53 || content.length < 1 + length) return null
  const name = content.subarray(1, 1 + length).toString('latin1')
  return /^[\x20-\x7e\u00a0-\u00ff]+$/.test(name) ? name.trim() || null : null
}

async function readOwnerFile(io: QuickFs, path: string): Promise<Buffer | null> {
  try {
    return await io.readSmall(path, 4096)
  } catch {
    // An owner file we cannot read still means somebody has the document open.
    return Buffer.alloc(0)
  }
}

/** The desktop program that has `name` open, or null. Our own lock file is not a foreign lock. */
export async function findDesktopLock(dir: string, name: string, io: QuickFs = backgroundFs): Promise<DesktopLock | null> {
  const libre = libreOfficeLockName(name)
  const ms = msOfficeLockNames(name)
  const contents = await Promise.all([
    readOwnerFile(io, join(dir, libre)),
    ...ms.map((candidate) => readOwnerFile(io, join(dir, candidate))),
  ])
  const libreContent = contents[0]
  if (libreContent) {
    const parsed = parseLibreOffice(libreContent.toString('utf8'))
    if (!parsed.own) return { program: 'LibreOffice', ownerFile: libre, user: parsed.user }
  }
  for (let i = 0; i < ms.length; i++) {
    const content = contents[i + 1]
    if (content) return { program: 'Microsoft Office', ownerFile: ms[i]!, user: parseMsOffice(content) }
  }
  return null
}

export function describeDesktopLock(lock: DesktopLock): string {
  return `open in ${lock.program}${lock.user ? ` by ${lock.user}` : ''} (owner file ${lock.ownerFile})`
}

function lockDate(now: number): string {
  const d = new Date(now)
  const two = (n: number) => String(n).padStart(2, '0')
  return `${two(d.getDate())}.${two(d.getMonth() + 1)}.${d.getFullYear()} ${two(d.getHours())}:${two(d.getMinutes())}`
}

/** Writes our LibreOffice-style owner file; returns its absolute path. Replaces only a stale one of ours. */
export async function writeOwnLockFile(
  dir: string,
  name: string,
  client: string | null,
  now: number,
  io: QuickFs = backgroundFs,
  host = osHostname(),
): Promise<string> {
  const path = join(dir, libreOfficeLockName(name))
  const holder = `${OWN_LOCK_MARKER}${(client ?? 'editor').replace(/[,;\r\n]/g, ' ')})`
  const content = `${holder},${holder},${host.replace(/[,;\r\n]/g, ' ')},${lockDate(now)},;`
  try {
    await io.writeSmall(path, content, true)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    const existing = await readOwnerFile(io, path)
    if (!existing || !parseLibreOffice(existing.toString('utf8')).own) throw error
    await io.writeSmall(path, content, false)
  }
  return path
}

/** Removes an owner file only while it is still ours (a desktop program may have replaced it). */
export async function removeOwnLockFile(path: string, io: QuickFs = backgroundFs): Promise<void> {
  const content = await io.readSmall(path, 4096)
  if (content && parseLibreOffice(content.toString('utf8')).own) await io.unlink(path)
}
