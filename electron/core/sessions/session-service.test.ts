import { createHash } from 'node:crypto'
import { chmod, readFile, readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ApiError } from '../../contract/envelope'
import { accessFromUrl, checkFileInfo, lockFile, putContents, unlockFile, wopi } from '../wopi/test-kit'
import { startSessionStack, type SessionStack } from './test-support/session-stack'

// Sessions against the real desk, the real catalog and the built-in editor's real discovery.

let stack: SessionStack

beforeEach(async () => {
  stack = await startSessionStack({
    files: { 'notes.txt': 'hello\n', 'sub/readme.md': '# Title\n', 'locked.txt': 'read only\n', 'empty.md': '', 'data.xyz': 'x' },
  })
})

afterEach(async () => {
  await stack.close()
})

async function apiError(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise
  } catch (error) {
    if (error instanceof ApiError) return error
    throw error
  }
  throw new Error('expected an ApiError')
}

function tokenOf(sessionId: string): string {
  const page = stack.sessions.forPage(sessionId)
  if (!page) throw new Error(`session ${sessionId} is not live`)
  return page.accessToken
}

/** What the session's editor holds to call the host: its file's WOPISrc and the session's token. */
function accessOf(session: { sessionId: string; fileId: string }) {
  return {
    fileId: session.fileId,
    wopiSrc: stack.host.desk.wopiSrc(session.fileId),
    accessToken: tokenOf(session.sessionId),
    accessTokenTtl: 0,
  }
}

/** The editor's Save As: a new file copy.txt beside the session's file. */
function saveAsCopy(access: { wopiSrc: string; accessToken: string }) {
  return wopi(access, {
    override: 'PUT_RELATIVE',
    headers: { 'X-WOPI-SuggestedTarget': 'copy.txt', 'X-WOPI-Size': '3' },
    body: 'abc',
  })
}

describe('open', () => {
  it('picks the default app and edit for a writable file, binds the token to the app and the session', async () => {
    const result = await stack.sessions.open({ path: 'notes.txt' })
    expect(result).toMatchObject({ appId: stack.builtinAppId, appName: 'WOPI Desk Text', action: 'edit', canWrite: true })
    expect(result.hostPageUrl).toBe(`${stack.origin}/host/${result.sessionId}`)
    expect(result.sessionId).toMatch(/^[A-Za-z0-9_-]{22}$/)

    const url = new URL(result.actionUrl)
    expect(url.origin).toBe(stack.editor.origin)
    expect(url.pathname).toBe('/editor/edit')
    expect(url.searchParams.get('ui')).toBe('en-US')
    expect(url.searchParams.get('rs')).toBe('en-US')
    expect(url.searchParams.get('hid')).toBe(result.sessionId)
    expect(url.searchParams.get('wopisrc')).toBe(stack.host.desk.wopiSrc(result.fileId))
    expect(result.actionUrl).not.toContain('access_token')

    const token = stack.host.desk.tokens.find(tokenOf(result.sessionId))
    // Proof binding: a token with an app id makes the host check that app's proof keys.
    expect(token).toMatchObject({ fileId: result.fileId, appId: stack.builtinAppId, sessionId: result.sessionId, canWrite: true })
  })

  it('gives a read-only token for view, and for a file that is read-only on disk picks view', async () => {
    const viewed = await stack.sessions.open({ path: 'notes.txt', action: 'view' })
    expect(viewed).toMatchObject({ action: 'view', canWrite: false })
    expect(stack.host.desk.tokens.find(tokenOf(viewed.sessionId))?.canWrite).toBe(false)

    await chmod(join(stack.host.root, 'locked.txt'), 0o444)
    const locked = await stack.sessions.open({ path: 'locked.txt' })
    expect(locked).toMatchObject({ action: 'view', canWrite: false })
    expect(stack.host.desk.tokens.find(tokenOf(locked.sessionId))?.canWrite).toBe(false)
    // Asking for edit on a read-only file still gives a read-only token (the editor shows it read-only).
    const asked = await stack.sessions.open({ path: 'locked.txt', action: 'edit' })
    expect(asked).toMatchObject({ action: 'edit', canWrite: false })
  })

  it('accepts an app by name and refuses unknown apps, actions and extensions with a sentence that says what to do', async () => {
    expect(await stack.sessions.open({ path: 'sub/readme.md', appId: 'WOPI Desk Text' })).toMatchObject({
      appId: stack.builtinAppId,
      action: 'edit',
    })
    expect((await apiError(stack.sessions.open({ path: 'notes.txt', appId: 'nope' }))).code).toBe('not-found')
    const action = await apiError(stack.sessions.open({ path: 'notes.txt', action: 'present' }))
    expect(action.code).toBe('invalid-argument')
    expect(action.message).toContain('"present"')
    const ext = await apiError(stack.sessions.open({ path: 'data.xyz' }))
    expect(ext).toMatchObject({
      code: 'not-found',
      message: 'No editor handles .xyz files. Import an editor on the Editors page, or enable one.',
    })
  })

  it('does not open with a disabled app', async () => {
    stack.catalog.setAppEnabled(stack.builtinAppId, false)
    expect((await apiError(stack.sessions.open({ path: 'notes.txt' }))).message).toBe(
      'No editor handles .txt files. Import an editor on the Editors page, or enable one.',
    )
    expect((await apiError(stack.sessions.open({ path: 'notes.txt', appId: stack.builtinAppId }))).code).toBe('unavailable')
  })

  it('turns bad paths into clear errors', async () => {
    expect((await apiError(stack.sessions.open({ path: '../outside.txt' }))).code).toBe('invalid-argument')
    expect((await apiError(stack.sessions.open({ path: 'missing.txt' }))).code).toBe('not-found')
    expect((await apiError(stack.sessions.open({ path: 'sub' }))).code).toBe('invalid-argument')
  })

  it('reopens a 0-byte file left by an abandoned editnew with editnew, never view or edit', async () => {
    expect(await stack.sessions.open({ path: 'empty.md' })).toMatchObject({ action: 'editnew', canWrite: true })
    expect(await stack.sessions.open({ path: 'empty.md', action: 'view' })).toMatchObject({ action: 'editnew', canWrite: true })
    expect(await stack.sessions.open({ path: 'empty.md', action: 'edit' })).toMatchObject({ action: 'editnew' })
    await chmod(join(stack.host.root, 'empty.md'), 0o444)
    const refused = await apiError(stack.sessions.open({ path: 'empty.md' }))
    expect(refused.code).toBe('forbidden')
    expect(refused.message).toContain('empty')
  })

  it('stores the session without the token, anywhere in the database', async () => {
    const result = await stack.sessions.open({ path: 'notes.txt' })
    const token = tokenOf(result.sessionId)
    const row = stack.host.desk.db.prepare('SELECT * FROM sessions WHERE id = ?').get(result.sessionId) as Record<string, unknown>
    expect(row).toMatchObject({
      file_id: result.fileId,
      app_id: stack.builtinAppId,
      action: 'edit',
      token_hash: createHash('sha256').update(token).digest('hex'),
      action_url: result.actionUrl,
      can_write: 1,
      closed_at: null,
    })
    expect(Object.values(row).some((value) => String(value).includes(token))).toBe(false)
    stack.host.desk.db.pragma('wal_checkpoint(FULL)')
    for (const name of await readdir(stack.host.dataDir)) {
      if (!name.startsWith('wopi-desk.db')) continue
      expect((await readFile(join(stack.host.dataDir, name))).includes(Buffer.from(token))).toBe(false)
    }
  })

  it('close forgets the token and marks the session closed; closing twice is harmless', async () => {
    const result = await stack.sessions.open({ path: 'notes.txt' })
    expect(stack.sessions.forPage(result.sessionId)).not.toBeNull()
    expect(stack.sessions.close(result.sessionId)).toBe(true)
    expect(stack.sessions.forPage(result.sessionId)).toBeNull()
    expect(stack.sessions.openRow(result.sessionId)).toBeNull()
    const row = stack.host.desk.db.prepare('SELECT closed_at FROM sessions WHERE id = ?').get(result.sessionId) as {
      closed_at: number | null
    }
    expect(row.closed_at).toBe(stack.host.clock.now())
    expect(stack.sessions.close(result.sessionId)).toBe(false)
    expect(() => stack.sessions.close('no-such-session-id-000')).toThrow(ApiError)
  })

  it('forgets the token when it expires', async () => {
    const result = await stack.sessions.open({ path: 'notes.txt' })
    const page = stack.sessions.forPage(result.sessionId)!
    stack.host.clock.set(page.accessTokenTtl - 1)
    expect(stack.sessions.forPage(result.sessionId)).not.toBeNull()
    stack.host.clock.set(page.accessTokenTtl)
    expect(stack.sessions.forPage(result.sessionId)).toBeNull()
    expect(stack.sessions.sweep()).toBe(0) // already forgotten by the lookup
  })
})

describe('newDocument', () => {
  it('creates a 0-byte file and opens it with editnew', async () => {
    const result = await stack.sessions.newDocument({ dir: 'sub', name: 'plan.md' })
    expect(result).toMatchObject({ appId: stack.builtinAppId, action: 'editnew', canWrite: true })
    expect(new URL(result.actionUrl).pathname).toBe('/editor/editnew')
    expect((await stat(join(stack.host.root, 'sub', 'plan.md'))).size).toBe(0)
    expect(stack.host.desk.files.get(result.fileId)?.relPath).toBe('sub/plan.md')
  })

  it('refuses invalid, extension-less, taken and unsupported names, and creates nothing', async () => {
    const before = (await readdir(stack.host.root)).sort()
    for (const [name, code] of [
      ['a/b.md', 'invalid-argument'],
      ['CON.md', 'invalid-argument'],
      ['plan', 'invalid-argument'],
      ['NOTES.TXT', 'conflict'],
      ['picture.zzz', 'not-found'],
    ] as const) {
      const error = await apiError(stack.sessions.newDocument({ dir: '', name }))
      expect(error.code, name).toBe(code)
      expect(error.message.length, name).toBeGreaterThan(20)
    }
    expect((await apiError(stack.sessions.newDocument({ dir: 'missing', name: 'x.md' }))).code).toBe('not-found')
    expect((await apiError(stack.sessions.newDocument({ dir: 'notes.txt', name: 'x.md' }))).code).toBe('invalid-argument')
    expect((await readdir(stack.host.root)).sort()).toEqual(before)
    const taken = await apiError(stack.sessions.newDocument({ dir: '', name: 'NOTES.TXT' }))
    expect(taken.message).toBe('"notes.txt" already exists in the served folder. Choose another name.')
  })

  it('uses a template action that creates the extension (newext), and honours the chosen app', async () => {
    const endpointId = await stack.importDiscovery(`<?xml version="1.0" encoding="utf-8"?>
<wopi-discovery><net-zone name="internal-http">
  <app name="Templates" favIconUrl="http://127.0.0.1:1/t.ico">
    <action name="view" ext="dotx" default="true" urlsrc="http://127.0.0.1:1/we/view?&lt;wopisrc=WOPI_SOURCE&amp;&gt;"/>
    <action name="editnew" ext="dotx" newext="docx" requires="locks,update" urlsrc="http://127.0.0.1:1/we/new?new=1&amp;&lt;ui=UI_LLCC&amp;&gt;&lt;wopisrc=WOPI_SOURCE&amp;&gt;"/>
  </app>
</net-zone></wopi-discovery>`)
    const result = await stack.sessions.newDocument({ dir: '', name: 'memo.docx' })
    expect(result).toMatchObject({ action: 'editnew', canWrite: true, appName: 'Templates' })
    expect(result.appId.startsWith(endpointId)).toBe(true)
    expect(result.actionUrl.startsWith('http://127.0.0.1:1/we/new?new=1&ui=en-US&wopisrc=')).toBe(true)
    const wrongApp = await apiError(stack.sessions.newDocument({ dir: '', name: 'other.docx', appId: stack.builtinAppId }))
    expect(wrongApp.message).toBe('"WOPI Desk Text" cannot create new .docx documents. Apps that can: "Templates".')
  })
})

describe('the language chosen for WOPI Desk', () => {
  it('reaches editors in UI_LLCC (keeping the data locale) and the host page; System default gives both back', async () => {
    await stack.importDiscovery(`<?xml version="1.0" encoding="utf-8"?>
<wopi-discovery><net-zone name="internal-http">
  <app name="Templates" favIconUrl="http://127.0.0.1:1/t.ico">
    <action name="editnew" ext="dotx" newext="docx" requires="locks,update" urlsrc="http://127.0.0.1:1/we/new?&lt;ui=UI_LLCC&amp;&gt;&lt;rs=DC_LLCC&amp;&gt;&lt;wopisrc=WOPI_SOURCE&amp;&gt;"/>
  </app>
</net-zone></wopi-discovery>`)
    stack.host.desk.settings.update({ language: 'de' })
    const german = await stack.sessions.newDocument({ dir: '', name: 'memo.docx' })
    expect(german.actionUrl).toContain('ui=de-DE&rs=en-US&')
    expect(stack.sessions.forPage(german.sessionId)?.language).toBe('de')

    stack.host.desk.settings.update({ language: 'system' })
    const system = await stack.sessions.newDocument({ dir: '', name: 'memo2.docx' })
    expect(system.actionUrl).toContain('ui=en-US&rs=en-US&')
    expect(stack.sessions.forPage(system.sessionId)?.language).toBeNull()
  })
})

describe('host URLs for CheckFileInfo', () => {
  it('names the host page origin and the session URLs; a session of a read-only file gets no edit switch', async () => {
    const result = await stack.sessions.open({ path: 'notes.txt', action: 'view' })
    const access = accessOf(result)
    const info = await checkFileInfo(access)
    const base = `${stack.origin}/host/${result.sessionId}`
    expect(info).toMatchObject({
      PostMessageOrigin: stack.origin,
      ClosePostMessage: true,
      CloseUrl: `${base}/closed`,
      EditModePostMessage: true,
      HostEditUrl: `${base}/edit`,
      HostViewUrl: `${base}/view`,
      FileVersionPostMessage: true,
      FileVersionUrl: `${base}/versions`,
    })

    await chmod(join(stack.host.root, 'locked.txt'), 0o444)
    const locked = await stack.sessions.open({ path: 'locked.txt' })
    const lockedInfo = (await wopi(accessOf(locked))).json()
    expect(lockedInfo['HostViewUrl']).toBe(`${stack.origin}/host/${locked.sessionId}/view`)
    expect(lockedInfo).not.toHaveProperty('HostEditUrl')
    expect(lockedInfo).not.toHaveProperty('EditModePostMessage')
  })

  it('gives a token without a session (CLI token) PostMessageOrigin and host page links (host-links.test.ts), no session pages', async () => {
    const access = await stack.host.desk.issueToken('notes.txt', { write: true })
    const info = await checkFileInfo(access)
    expect(info['PostMessageOrigin']).toBe(stack.origin)
    expect(info['HostViewUrl']).toMatch(/\/host\/open\/[\w-]+\/view\?/)
    expect(info['HostEditUrl']).toMatch(/\/host\/open\/[\w-]+\/edit\?/)
    for (const key of ['CloseUrl', 'ClosePostMessage', 'FileVersionUrl']) expect(info).not.toHaveProperty(key)
  })

  it('points the switch URLs of a Save As copy at the copy', async () => {
    const result = await stack.sessions.open({ path: 'notes.txt' })
    const access = accessOf(result)
    const saved = await saveAsCopy(access)
    expect(saved.status).toBe(200)
    const copy = saved.json() as { Url: string; HostViewUrl: string; HostEditUrl: string }
    const copyId = new URL(copy.Url).pathname.split('/').pop()!
    expect(copy.HostViewUrl).toBe(`${stack.origin}/host/${result.sessionId}/view?file=${copyId}`)
    expect(copy.HostEditUrl).toBe(`${stack.origin}/host/${result.sessionId}/edit?file=${copyId}`)
  })
})

describe('tokens die with their session (issue 13 item 5)', () => {
  it('closing a session revokes its token at once: Lock, reads and saves without the lock answer 401', async () => {
    const result = await stack.sessions.open({ path: 'notes.txt' })
    const access = accessOf(result)
    expect((await lockFile(access, 'L1')).status).toBe(200)
    stack.sessions.close(result.sessionId)
    expect((await lockFile(access, 'L2')).status).toBe(401)
    expect((await putContents(access, 'overwritten', { 'X-WOPI-Lock': 'L2' })).status).toBe(401)
    expect((await putContents(access, 'overwritten')).status).toBe(401)
    expect((await wopi(access)).status).toBe(401)
    expect((await wopi(access, { path: '/contents' })).status).toBe(401)
    expect(await readFile(join(stack.host.root, 'notes.txt'), 'utf8')).toBe('hello\n')
    // A minute later the editor cannot even finish: its lock id no longer opens anything.
    stack.host.clock.advance(61_000)
    expect((await putContents(access, 'late exit save', { 'X-WOPI-Lock': 'L1' })).status).toBe(401)
    expect(await readFile(join(stack.host.root, 'notes.txt'), 'utf8')).toBe('hello\n')
  })

  it("lets the closed session's editor finish its exit save and unlock under its own lock, for a minute, and nothing else", async () => {
    // Editors save and unlock after their page is gone (LibreOffice Online against the real host did).
    const result = await stack.sessions.open({ path: 'notes.txt' })
    const access = accessOf(result)
    expect((await lockFile(access, 'L1')).status).toBe(200)
    stack.sessions.close(result.sessionId)
    stack.host.clock.advance(5_000)
    const exitSave = await putContents(access, 'exit save', { 'X-WOPI-Lock': 'L1' })
    expect(exitSave.status, exitSave.text()).toBe(200)
    expect(await readFile(join(stack.host.root, 'notes.txt'), 'utf8')).toBe('exit save')
    expect((await unlockFile(access, 'L1')).status).toBe(200)
    // Unlocked: the token holds no lock any more, so it can do nothing at all.
    expect((await putContents(access, 'after unlock', { 'X-WOPI-Lock': 'L1' })).status).toBe(401)
    expect((await lockFile(access, 'L1')).status).toBe(401)
  })

  it('revokes the tokens of files the session was given (a Save As copy) too', async () => {
    const result = await stack.sessions.open({ path: 'notes.txt' })
    const access = accessOf(result)
    const saved = await saveAsCopy(access)
    const copy = accessFromUrl((saved.json() as { Url: string }).Url)
    expect((await wopi(copy)).status).toBe(200)
    stack.sessions.close(result.sessionId)
    expect((await wopi(copy)).status).toBe(401)
  })

  it('switching edit to view revokes the write token; the view token still reads', async () => {
    const edited = await stack.sessions.open({ path: 'notes.txt' })
    const writeAccess = accessOf(edited)
    const viewed = await stack.sessions.switchMode(edited.sessionId, 'view')
    expect((await lockFile(writeAccess, 'L1')).status).toBe(401)
    expect((await putContents(writeAccess, 'overwritten')).status).toBe(401)
    const readAccess = accessOf(viewed)
    expect((await wopi(readAccess)).status).toBe(200)
  })

  it('a revoked token stays revoked after a restart (the database says so, not only memory)', async () => {
    const result = await stack.sessions.open({ path: 'notes.txt' })
    const token = tokenOf(result.sessionId)
    stack.sessions.close(result.sessionId)
    const row = stack.host.desk.db.prepare('SELECT expires_at FROM tokens WHERE session_id = ?').get(result.sessionId) as {
      expires_at: number
    }
    expect(row.expires_at).toBeLessThanOrEqual(stack.host.clock.now())
    expect(stack.host.desk.tokens.problem(token, stack.host.desk.tokens.find(token), result.fileId)).not.toBeNull()
  })
})

describe('switching between view and edit', () => {
  it('starts a sibling session with the other action and closes the first', async () => {
    const viewed = await stack.sessions.open({ path: 'notes.txt', action: 'view' })
    const pageKey = stack.sessions.claimPage(viewed.sessionId)!
    const edited = await stack.sessions.switchMode(viewed.sessionId, 'edit', undefined, { pageKey })
    expect(edited).toMatchObject({ action: 'edit', canWrite: true, fileId: viewed.fileId, appId: viewed.appId })
    expect(edited.sessionId).not.toBe(viewed.sessionId)
    expect(stack.sessions.openRow(viewed.sessionId)).toBeNull()
    const back = await stack.sessions.switchMode(edited.sessionId, 'view')
    expect(back).toMatchObject({ action: 'view', canWrite: false })
    // The old session id is no longer a capability.
    expect((await apiError(stack.sessions.switchMode(viewed.sessionId, 'edit', undefined, { pageKey }))).code).toBe('not-found')
  })

  it('refuses edit for a file that is read-only on disk', async () => {
    await chmod(join(stack.host.root, 'locked.txt'), 0o444)
    const viewed = await stack.sessions.open({ path: 'locked.txt' })
    const pageKey = stack.sessions.claimPage(viewed.sessionId)!
    const refused = await apiError(stack.sessions.switchMode(viewed.sessionId, 'edit', undefined, { pageKey }))
    expect(refused).toMatchObject({ code: 'forbidden' })
    expect(refused.message).toContain('read-only on disk')
    expect(stack.sessions.openRow(viewed.sessionId)).not.toBeNull()
  })

  it('only switches to files the session was given', async () => {
    const first = await stack.sessions.open({ path: 'notes.txt' })
    const other = await stack.sessions.open({ path: 'sub/readme.md' })
    expect((await apiError(stack.sessions.switchMode(first.sessionId, 'view', other.fileId))).code).toBe('not-found')
  })
})

describe('the console channels', () => {
  it('open, create and close through the api pieces', async () => {
    const opened = await stack.api['files:open']({ path: 'notes.txt' })
    expect(opened.action).toBe('edit')
    const created = await stack.api['files:new-document']({ dir: '', name: 'fresh.txt' })
    expect(created.action).toBe('editnew')
    await stack.api['files:close-session'](opened.sessionId)
    await stack.api['files:close-session'](opened.sessionId)
    expect(stack.sessions.forPage(opened.sessionId)).toBeNull()
  })
})
