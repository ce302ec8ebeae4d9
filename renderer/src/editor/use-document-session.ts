import { useCallback, useEffect, useMemo, useState, useSyncExternalStore, type RefObject } from 'react'
import type { EditorError, LoadedDocument } from '../../../electron/contract/editor-page'
import { useTranslation } from 'react-i18next'
import { createDocumentSession } from './document-session-controller'
import { isDirty, type Aside } from './document-session'
import type { DraftStore } from './draft-store'
import type { EditorApi } from './editor-api'
import type { HostBridge } from './host-bridge'

// The built-in editor's document session in React: one controller per page (document-session-controller.ts)
// plus the timers and page events that drive it: draft recovery at load, autosave, heartbeats, pagehide.

const AUTOSAVE_MS = 30_000
const HEARTBEAT_MS = 30_000

export interface DocumentSessionOptions {
  api: EditorApi
  initial: LoadedDocument
  bridge: HostBridge | null
  drafts: DraftStore
  textRef: RefObject<HTMLTextAreaElement | null>
  /** the text on screen was replaced (the preview follows) */
  onTextReplaced(text: string): void
  onSavedAs(): void
}

export function useDocumentSession({ api, initial, bridge, drafts, textRef, onTextReplaced, onSavedAs }: DocumentSessionOptions) {
  const getText = useCallback(() => textRef.current?.value ?? '', [textRef])
  const { t } = useTranslation()
  const [session] = useState(() =>
    createDocumentSession({
      t: (key, values) => t(key, values),
      api,
      initial,
      drafts,
      bridge,
      text: {
        get: () => textRef.current?.value ?? '',
        set: (text) => {
          if (textRef.current) textRef.current.value = text
          onTextReplaced(text)
        },
      },
      onSavedAs: () => onSavedAs(),
    }),
  )
  const state = useSyncExternalStore(session.subscribe, session.getState)
  // Setters in the shape of useState's, stable for the page's life like the session itself.
  const setters = useMemo(
    () => ({
      setBanner: (banner: EditorError | null) => session.dispatch({ type: 'set', patch: { banner } }),
      setAside: (aside: Aside) => session.dispatch({ type: 'set', patch: { aside } }),
      setToast: (toast: string | null) => session.dispatch({ type: 'set', patch: { toast } }),
      setRestoredFrom: (restoredFrom: number | null) => session.dispatch({ type: 'set', patch: { restoredFrom } }),
      setFileName: (fileName: string) => session.dispatch({ type: 'set', patch: { fileName } }),
      setConflict: (conflict: EditorError | null) => session.dispatch({ type: 'conflict-shown', conflict }),
    }),
    [session],
  )
  const dirty = isDirty(state)
  const editable = state.mode === 'edit' && !state.fatal
  const { conflictPending, conflict, fatal, revision } = state

  // First paint of the document: restore a draft from an earlier visit of this page when there is one.
  useEffect(() => session.recoverDraft(), [session])

  // Autosave 30 s after the last change (not while a conflict waits for the user's decision).
  useEffect(() => {
    if (!dirty || !editable || conflictPending || conflict) return
    const timer = window.setTimeout(() => void session.save({ autosave: true }), AUTOSAVE_MS)
    return () => window.clearTimeout(timer)
  }, [revision, dirty, editable, conflictPending, conflict, session])

  // Heartbeats keep the session (and its lock) alive and hear about background trouble.
  useEffect(() => {
    if (fatal) return
    const timer = window.setInterval(() => void session.beat(), HEARTBEAT_MS)
    return () => window.clearInterval(timer)
  }, [session, fatal])

  // Leaving the page: keep the draft here, hand it to the server (saved on exit if the page never comes back),
  // and ask the browser to confirm while there are unsaved changes.
  useEffect(() => {
    const onPageHide = () => session.leave()
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (dirty) event.preventDefault()
    }
    window.addEventListener('pagehide', onPageHide)
    window.addEventListener('beforeunload', onBeforeUnload)
    return () => {
      window.removeEventListener('pagehide', onPageHide)
      window.removeEventListener('beforeunload', onBeforeUnload)
    }
  }, [dirty, session])

  return { session, state, dirty, editable, getText, ...setters }
}
