import { createI18n } from '../i18n/create-i18n'
import { editorResources } from '../i18n/editor-resources'
import { describe, expect, it } from 'vitest'
import type { ApiResult, EditorError, LoadedDocument, SaveAsResult, SaveParams } from '../../../electron/contract/editor-page'
import { createDocumentSession } from './document-session-controller'
import { isDirty } from './document-session'
import { createDraftStore, type StoredDraft } from './draft-store'
import type { EditorApi } from './editor-api'

// The built-in editor's save, conflict and draft rules, driven the way the page drives them, against a
// scripted editor API and an in-memory sessionStorage.

const T0 = '2026-01-01T10:00:00.000000Z'
const T1 = '2026-01-01T10:05:00.000000Z'

function loaded(overrides: Partial<LoadedDocument> = {}): LoadedDocument {
  return {
    documentKey: 'doc-1',
    fileName: 'notes.md',
    extension: '.md',
    kind: 'markdown',
    text: 'on disk',
    mode: 'edit',
    viewOnly: null,
    lastModifiedTime: T0,
    size: 7,
    encoding: { bom: false, lineEnding: 'LF', mixedLineEndings: false, label: 'UTF-8' },
    userName: null,
    canSaveAs: true,
    canRename: true,
    host: {
      postMessageOrigin: null,
      closePostMessage: false,
      editModePostMessage: false,
      editNotificationPostMessage: false,
      closeUrl: null,
      hostEditUrl: null,
    },
    tokenExpiresAt: null,
    uiLanguage: 'en-US',
    maxBytes: 1024 * 1024,
    notices: [],
    ...overrides,
  }
}

const fail = (code: EditorError['code'], message: string = code): ApiResult<never> => ({ ok: false, error: { code, message } })

// The page's English text: what the assertions below read.
const english = createI18n(editorResources, 'en')

function setup(options: { initial?: Partial<LoadedDocument>; draft?: StoredDraft } = {}) {
  const storage = new Map<string, string>()
  const drafts = createDraftStore({
    getItem: (k) => storage.get(k) ?? null,
    setItem: (k, v) => void storage.set(k, v),
    removeItem: (k) => void storage.delete(k),
  })
  const initial = loaded(options.initial)
  if (options.draft) drafts.write(initial.documentKey, options.draft)
  const saves: Array<{ text: string; params: SaveParams }> = []
  const savedAsNames: string[] = []
  const answers = {
    save: [] as Array<ApiResult<{ lastModifiedTime: string | null; savedAt: number }>>,
    saveAs: [] as Array<ApiResult<SaveAsResult>>,
    reload: [] as Array<ApiResult<{ text: string; lastModifiedTime: string | null; encoding: LoadedDocument['encoding'] }>>,
  }
  let onScreen = initial.text ?? ''
  const api = {
    save: async (text: string, params: SaveParams) => {
      saves.push({ text, params })
      return answers.save.shift() ?? { ok: true, value: { lastModifiedTime: T1, savedAt: 1 } }
    },
    saveAs: async (_text: string, name: string) => (savedAsNames.push(name), answers.saveAs.shift()!),
    reload: async () => answers.reload.shift()!,
    takeOver: async () => ({ ok: true, value: { mode: 'edit' } }),
    heartbeat: async () => ({ ok: true, value: { notice: null } }),
    leave: () => true,
  } as unknown as EditorApi
  const session = createDocumentSession({
    api,
    initial,
    drafts,
    bridge: null,
    text: { get: () => onScreen, set: (text) => void (onScreen = text) },
    now: () => 1_000,
    t: (key, values) => english.t(key, values),
  })
  const type = (text: string) => {
    onScreen = text
    session.edited()
  }
  return { session, drafts, saves, savedAsNames, answers, type, screen: () => onScreen, initial }
}

describe('the built-in editor document session', () => {
  it('is dirty after typing and clean once the save of that text succeeded, with the new base for the next save', async () => {
    const { session, saves, type, drafts } = setup()
    expect(isDirty(session.getState())).toBe(false)
    type('typed')
    session.writeDraft()
    expect(isDirty(session.getState())).toBe(true)
    expect(await session.save()).toBe(true)
    expect(saves[0]).toMatchObject({ text: 'typed', params: { base: T0, force: false } })
    expect(session.getState()).toMatchObject({ status: { kind: 'saved', at: 1_000 } })
    expect(isDirty(session.getState())).toBe(false)
    expect(drafts.read('doc-1')).toBeNull()
    type('typed more')
    await session.save()
    expect(saves[1]!.params.base).toBe(T1)
  })

  it('keeps typing made during a save as dirty, and its draft', async () => {
    const { session, type, drafts } = setup()
    type('first')
    const saving = session.save()
    type('second')
    await saving
    expect(isDirty(session.getState())).toBe(true)
    expect(drafts.read('doc-1')?.text).toBe('second')
  })

  it('turns a refused save into a pending conflict, and Overwrite saves again with force', async () => {
    const { session, type, answers, saves } = setup()
    type('mine')
    answers.save.push(fail('changed-on-disk', 'The file was changed on disk'))
    expect(await session.save()).toBe(false)
    expect(session.getState()).toMatchObject({ status: { kind: 'failed' }, conflictPending: true, conflict: { code: 'changed-on-disk' } })
    expect(isDirty(session.getState())).toBe(true)
    await session.chooseConflict('overwrite')
    expect(saves.at(-1)).toMatchObject({ text: 'mine', params: { force: true } })
    expect(session.getState()).toMatchObject({ conflict: null, conflictPending: false, status: { kind: 'saved' } })
  })

  it('stops saving once the session ended, and shows other failures as a banner', async () => {
    const { session, type, answers, saves } = setup()
    type('x')
    answers.save.push(fail('host-error'))
    await session.save()
    expect(session.getState().banner?.code).toBe('host-error')
    answers.save.push(fail('session-expired'))
    await session.save()
    expect(session.getState().fatal?.code).toBe('session-expired')
    expect(await session.save()).toBe(false)
    expect(saves).toHaveLength(2)
  })

  it('Load theirs shows the file from disk, clean, and sets my text aside', async () => {
    const { session, type, answers, screen, drafts } = setup()
    type('mine')
    session.writeDraft()
    answers.save.push(fail('changed-on-disk'))
    await session.save()
    answers.reload.push({ ok: true, value: { text: 'theirs', lastModifiedTime: T1, encoding: loaded().encoding } })
    await session.chooseConflict('load-theirs')
    expect(screen()).toBe('theirs')
    expect(session.getState()).toMatchObject({
      conflict: null,
      conflictPending: false,
      status: { kind: 'clean' },
      aside: { title: 'Your text', text: 'mine' },
    })
    expect(isDirty(session.getState())).toBe(false)
    expect(session.base()).toBe(T1)
    expect(drafts.read('doc-1')).toBeNull()
  })

  it('Save mine as a copy switches to the copy: its name and key, saved, conflict gone', async () => {
    const { session, type, answers, drafts, savedAsNames } = setup()
    type('mine')
    session.writeDraft()
    answers.save.push(fail('locked'))
    await session.save()
    answers.saveAs.push({
      ok: true,
      value: {
        fileName: 'notes (my version).md',
        documentKey: 'doc-2',
        switched: true,
        mode: 'edit',
        lastModifiedTime: T1,
        canRename: true,
      },
    })
    await session.chooseConflict('save-copy')
    expect(savedAsNames).toEqual(['notes (my version).md'])
    expect(session.getState()).toMatchObject({
      fileName: 'notes (my version).md',
      documentKey: 'doc-2',
      conflict: null,
      conflictPending: false,
      conflictBusy: false,
      status: { kind: 'saved' },
      toast: 'Saved as “notes (my version).md”. You are now editing the copy.',
    })
    expect(isDirty(session.getState())).toBe(false)
    expect(session.base()).toBe(T1)
    expect(drafts.read('doc-1')).toBeNull()
  })

  it('recovers a draft whose base is unchanged silently, as unsaved changes', () => {
    const { session, screen } = setup({ draft: { text: 'draft', base: T0, at: 500, fileName: 'notes.md' } })
    session.recoverDraft()
    expect(screen()).toBe('draft')
    expect(session.getState().restoredFrom).toBe(500)
    expect(isDirty(session.getState())).toBe(true)
    session.discardRestored()
    expect(screen()).toBe('on disk')
    expect(session.getState()).toMatchObject({ restoredFrom: null, aside: { text: 'draft' } })
    expect(isDirty(session.getState())).toBe(false)
  })

  it('offers a draft whose file changed since, and restores it on request with its own base', () => {
    const { session, screen } = setup({ draft: { text: 'draft', base: 'older', at: 500, fileName: 'notes.md' } })
    session.recoverDraft()
    expect(screen()).toBe('on disk')
    expect(session.getState().draftOffer?.text).toBe('draft')
    session.restoreOfferedDraft()
    expect(screen()).toBe('draft')
    expect(session.base()).toBe('older')
    expect(session.getState().draftOffer).toBeNull()
    expect(isDirty(session.getState())).toBe(true)
  })

  it('keeping the file over an offered draft sets the draft aside and forgets it', () => {
    const { session, drafts, screen } = setup({ draft: { text: 'draft', base: 'older', at: 500, fileName: 'notes.md' } })
    session.recoverDraft()
    session.keepFileOverDraft()
    expect(screen()).toBe('on disk')
    expect(session.getState()).toMatchObject({ draftOffer: null, aside: { title: 'Your unsaved text', text: 'draft' } })
    expect(drafts.read('doc-1')).toBeNull()
  })

  it('sets a draft aside when the file opened read-only, and drops a draft equal to the file', () => {
    const readOnly = setup({ initial: { mode: 'view' }, draft: { text: 'draft', base: T0, at: 500, fileName: 'notes.md' } })
    readOnly.session.recoverDraft()
    expect(readOnly.session.getState().aside?.text).toBe('draft')
    expect(readOnly.screen()).toBe('on disk')
    const same = setup({ draft: { text: 'on disk', base: 'older', at: 500, fileName: 'notes.md' } })
    same.session.recoverDraft()
    expect(same.session.getState().draftOffer).toBeNull()
    expect(same.drafts.read('doc-1')).toBeNull()
  })
})
