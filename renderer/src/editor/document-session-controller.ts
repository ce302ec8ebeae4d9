import type { LoadedDocument, SaveAsResult } from '../../../electron/contract/editor-page'
import type { ConflictChoice } from './dialogs/ConflictDialog'
import {
  documentSessionReducer,
  initialSessionState,
  isDirty,
  type DocumentSessionAction,
  type DocumentSessionState,
} from './document-session'
import type { DraftStore } from './draft-store'
import type { EditorApi } from './editor-api'
import type { HostBridge } from './host-bridge'
import { decoratedName, timeLabel } from './text-helpers'

// Save, conflict and draft recovery of the built-in editor, without React: the rule behind every branch is
// that text the user typed stays on screen (and in sessionStorage) until it is saved somewhere or the user
// explicitly lets it go. It keeps its state itself (document-session.ts's reducer) so an operation always
// reads the state its previous step left, not the one of the last render; use-document-session.ts binds it.

export interface DocumentSessionDeps {
  api: EditorApi
  initial: LoadedDocument
  drafts: DraftStore
  bridge: HostBridge | null
  /** the text on screen and a way to replace it (the textarea is uncontrolled) */
  text: { get(): string; set(text: string): void }
  /** a Save as finished (the page closes its dialog) */
  onSavedAs?: () => void
  now?: () => number
  /** the page's translation (keys of the editor namespace) */
  t: (key: string, values?: Record<string, string>) => string
}

export interface DocumentSessionController {
  getState(): DocumentSessionState
  subscribe(listener: () => void): () => void
  dispatch(action: DocumentSessionAction): void
  /** the LastModifiedTime the text on screen is based on (what a save sends) */
  base(): string | null
  /** the user typed: one more revision */
  edited(): void
  replaceText(text: string, clean: boolean): void
  writeDraft(): void
  /** puts a draft of an earlier visit back, offers it, or sets it aside (once, at load) */
  recoverDraft(): void
  restoreOfferedDraft(): void
  keepFileOverDraft(): void
  discardRestored(): void
  save(options?: { autosave?: boolean; exit?: boolean; force?: boolean }): Promise<boolean>
  chooseConflict(choice: ConflictChoice): Promise<void>
  loadTheirs(): Promise<void>
  saveCopySuggested(): Promise<void>
  applySaveAs(result: SaveAsResult, savedRevision: number): void
  takeOver(): Promise<void>
  /** heartbeat: keeps the session (and its lock) alive, and hears about trouble in the background */
  beat(): Promise<void>
  /** pagehide: keep the draft here and hand it to the server */
  leave(): void
}

export function createDocumentSession(deps: DocumentSessionDeps): DocumentSessionController {
  const { api, initial, drafts, bridge, text } = deps
  const now = deps.now ?? Date.now
  const locale = initial.uiLanguage
  const extension = initial.extension
  const listeners = new Set<() => void>()
  let state = initialSessionState(initial)
  // Read synchronously by saves in flight and by pagehide, so kept outside the rendered state.
  let base: string | null = initial.lastModifiedTime
  let saving: Promise<boolean> | null = null

  const dispatch = (action: DocumentSessionAction) => {
    state = documentSessionReducer(state, action)
    for (const listener of [...listeners]) listener()
  }

  const writeDraft = () => {
    drafts.write(state.documentKey, { text: text.get(), base, at: now(), fileName: state.fileName })
  }

  const replaceText = (next: string, clean: boolean) => {
    text.set(next)
    dispatch({ type: 'text-replaced', revision: state.revision + 1, clean })
  }

  const editable = () => state.mode === 'edit' && !state.fatal

  async function save(options: { autosave?: boolean; exit?: boolean; force?: boolean } = {}): Promise<boolean> {
    if (state.mode !== 'edit' || state.fatal) return false
    if (saving) {
      await saving
      if (!isDirty(state) && !options.force) return true
    }
    const run = (async () => {
      const content = text.get()
      const revision = state.revision
      dispatch({ type: 'save-started' })
      const result = await api.save(content, {
        ...(base ? { base } : {}),
        force: Boolean(options.force),
        autosave: Boolean(options.autosave),
        exit: Boolean(options.exit),
      })
      if (!result.ok) {
        dispatch({ type: 'save-failed', error: result.error })
        return false
      }
      base = result.value.lastModifiedTime
      dispatch({ type: 'saved', revision, at: now() })
      // Typing during the save: the newer text is still only a draft.
      if (state.revision === revision) drafts.remove(state.documentKey)
      else writeDraft()
      return true
    })()
    saving = run
    try {
      return await run
    } finally {
      saving = null
    }
  }

  function applySaveAs(result: SaveAsResult, savedRevision: number) {
    deps.onSavedAs?.()
    if (result.switched) {
      drafts.remove(state.documentKey)
      base = result.lastModifiedTime
      dispatch({
        type: 'saved-as',
        result,
        revision: savedRevision,
        at: now(),
        toast: deps.t('editor:work.savedAsEditing', { name: result.fileName }),
        viewOnly: result.mode === 'edit' ? null : { code: 'locked', message: deps.t('editor:work.copyLocked') },
      })
      if (bridge) bridge.send('File_Rename', { NewName: result.fileName })
    } else {
      dispatch({
        type: 'saved-as',
        result,
        revision: savedRevision,
        at: now(),
        toast: deps.t('editor:work.savedAs', { name: result.fileName }),
        viewOnly: state.viewOnly,
      })
    }
  }

  async function saveCopySuggested() {
    dispatch({ type: 'conflict-busy', busy: true })
    const revision = state.revision
    const result = await api.saveAs(
      text.get(),
      decoratedName(state.fileName, extension, deps.t('editor:names.myVersion')),
      'suggested',
      false,
    )
    dispatch({ type: 'conflict-busy', busy: false })
    if (result.ok) applySaveAs(result.value, revision)
    else dispatch({ type: 'set', patch: { banner: result.error } })
  }

  async function loadTheirs() {
    dispatch({ type: 'conflict-busy', busy: true })
    const mine = text.get()
    const result = await api.reload()
    dispatch({ type: 'conflict-busy', busy: false })
    if (!result.ok) {
      dispatch({ type: 'reload-failed', error: result.error })
      return
    }
    base = result.value.lastModifiedTime
    replaceText(result.value.text, true)
    dispatch({
      type: 'theirs-loaded',
      encoding: result.value.encoding,
      aside: { title: deps.t('editor:work.yourText'), note: deps.t('editor:work.theirsLoaded'), text: mine },
    })
    drafts.remove(state.documentKey)
  }

  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener)
      return () => {
        listeners.delete(listener)
      }
    },
    dispatch,
    base: () => base,
    edited: () => dispatch({ type: 'edited', revision: state.revision + 1 }),
    replaceText,
    writeDraft,
    recoverDraft() {
      const stored = drafts.read(initial.documentKey)
      if (!stored || initial.text === null) return
      if (stored.text === initial.text) {
        drafts.remove(initial.documentKey)
        return
      }
      if (initial.mode === 'edit' && stored.base === initial.lastModifiedTime) {
        // Nothing changed on disk since: put the text back, it saves cleanly.
        replaceText(stored.text, false)
        dispatch({ type: 'draft-restored', at: stored.at })
      } else if (initial.mode === 'edit') {
        dispatch({ type: 'draft-offered', draft: stored })
      } else {
        dispatch({
          type: 'set',
          patch: {
            aside: {
              title: deps.t('editor:work.unsavedText'),
              note: deps.t('editor:work.draftReadOnly', { when: timeLabel(stored.at, locale) }),
              text: stored.text,
            },
          },
        })
      }
    },
    restoreOfferedDraft() {
      const offer = state.draftOffer
      if (!offer) return
      base = offer.base
      replaceText(offer.text, false)
      dispatch({ type: 'draft-offered', draft: null })
    },
    keepFileOverDraft() {
      const offer = state.draftOffer
      if (!offer) return
      dispatch({
        type: 'set',
        patch: {
          aside: {
            title: deps.t('editor:work.unsavedText'),
            note: deps.t('editor:work.draftFrom', { when: timeLabel(offer.at, locale) }),
            text: offer.text,
          },
        },
      })
      drafts.remove(state.documentKey)
      dispatch({ type: 'draft-offered', draft: null })
    },
    discardRestored() {
      // Explicit choice; the restored text moves aside rather than vanishing.
      dispatch({
        type: 'set',
        patch: { aside: { title: deps.t('editor:work.unsavedText'), note: deps.t('editor:work.fromReload'), text: text.get() } },
      })
      replaceText(initial.text ?? '', true)
      drafts.remove(state.documentKey)
      dispatch({ type: 'set', patch: { restoredFrom: null } })
    },
    save,
    async chooseConflict(choice) {
      if (choice === 'save-copy') return saveCopySuggested()
      if (choice === 'load-theirs') return loadTheirs()
      dispatch({ type: 'conflict-shown', conflict: null })
      await save({ force: choice === 'overwrite' })
    },
    loadTheirs,
    saveCopySuggested,
    applySaveAs,
    async takeOver() {
      const result = await api.takeOver()
      if (!result.ok) return dispatch({ type: 'set', patch: { banner: result.error } })
      dispatch({ type: 'took-over', mode: result.value.mode, toast: deps.t('editor:work.tookOver') })
    },
    async beat() {
      // the editor API answers failures as results, never by rejecting
      const result = await api.heartbeat()
      if (!result.ok) {
        if (result.error.code === 'session-ended') dispatch({ type: 'set', patch: { fatal: result.error } })
        return
      }
      const notice = result.value.notice
      if (!notice) return
      if (notice.code === 'session-expired' || notice.code === 'not-found') dispatch({ type: 'set', patch: { fatal: notice } })
      else dispatch({ type: 'set', patch: { banner: notice } })
    },
    leave() {
      const dirty = isDirty(state)
      if (dirty) writeDraft()
      api.leave(dirty && editable() ? text.get() : null, base)
    },
  }
}
