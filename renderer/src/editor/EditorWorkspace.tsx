import Alert from '@mui/material/Alert'
import Box from '@mui/material/Box'
import Button from '@mui/material/Button'
import CircularProgress from '@mui/material/CircularProgress'
import Snackbar from '@mui/material/Snackbar'
import Stack from '@mui/material/Stack'
import Typography from '@mui/material/Typography'
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type { EditorError, LoadedDocument, SaveAsResult, ViewOnly } from '../../../electron/contract/editor-page'
import { VIEW_ONLY_MESSAGE } from '../components/wopi-message'
import { AsideText } from './AsideText'
import { CloseDialog } from './dialogs/CloseDialog'
import { ConflictDialog, type ConflictChoice } from './dialogs/ConflictDialog'
import { RenameDialog } from './dialogs/RenameDialog'
import { RestoreDraftDialog } from './dialogs/RestoreDraftDialog'
import { SaveAsDialog } from './dialogs/SaveAsDialog'
import type { DraftStore, StoredDraft } from './draft-store'
import type { EditorApi } from './editor-api'
import { EditorToolbar, type StatusTone, type ViewChoice } from './EditorToolbar'
import type { HostBridge } from './host-bridge'
import { StatusBar } from './StatusBar'
import { caretPosition, decoratedName, jsonProblem, kindLabel, stemOf, timeLabel } from './text-helpers'
import { TextPane } from './TextPane'
import { useTranslation } from 'react-i18next'

// The editing screen: toolbar, banners, the document (with a Markdown preview or a CSV table beside or
// instead of it), status bar, dialogs. The rule behind every branch: text the user typed stays on screen
// (and in sessionStorage) until it is saved somewhere or the user explicitly lets it go.

const MarkdownPreview = lazy(() => import('./MarkdownPreview'))
const CsvTable = lazy(() => import('./CsvTable'))

const AUTOSAVE_MS = 30_000
const HEARTBEAT_MS = 30_000
const EXPIRY_WARNING_MS = 5 * 60_000
const EDIT_NOTIFICATION_MS = 5 * 60_000

type SaveStatus = { kind: 'clean' } | { kind: 'saving' } | { kind: 'saved'; at: number } | { kind: 'failed' }
type Aside = { title: string; note: string; text: string } | null

export interface EditorWorkspaceProps {
  api: EditorApi
  initial: LoadedDocument
  bridge: HostBridge | null
  drafts: DraftStore
  /** `discarded`: the user chose to close without saving */
  onClosed(fileName: string, discarded: boolean): void
}

export function EditorWorkspace({ api, initial, bridge, drafts, onClosed }: EditorWorkspaceProps) {
  const { t } = useTranslation()
  const [fileName, setFileName] = useState(initial.fileName)
  const [documentKey, setDocumentKey] = useState(initial.documentKey)
  const [mode, setMode] = useState(initial.mode)
  const [viewOnly, setViewOnly] = useState<ViewOnly | null>(initial.viewOnly)
  const [canRename, setCanRename] = useState(initial.canRename)
  const [encoding, setEncoding] = useState(initial.encoding)
  const [revision, setRevision] = useState(0)
  const [savedRevision, setSavedRevision] = useState(0)
  const [status, setStatus] = useState<SaveStatus>({ kind: 'clean' })
  const [banner, setBanner] = useState<EditorError | null>(null)
  const [fatal, setFatal] = useState<EditorError | null>(null)
  const [conflict, setConflict] = useState<EditorError | null>(null)
  const [conflictBusy, setConflictBusy] = useState(false)
  const [conflictPending, setConflictPending] = useState(false)
  const [aside, setAside] = useState<Aside>(null)
  const [dialog, setDialog] = useState<null | 'save-as' | 'rename' | 'close'>(null)
  const [saveAsPreset, setSaveAsPreset] = useState<{ name: string; title: string; intro?: string }>({ name: '', title: t('editor:toolbar.saveAs') })
  const [draftOffer, setDraftOffer] = useState<StoredDraft | null>(null)
  const [restoredFrom, setRestoredFrom] = useState<number | null>(null)
  const [toast, setToast] = useState<string | null>(null)
  const [caret, setCaret] = useState({ line: 1, column: 1 })
  const [previewText, setPreviewText] = useState(initial.text ?? '')
  const [expiring, setExpiring] = useState(false)
  const [narrow, setNarrow] = useState(() => window.matchMedia('(max-width: 899px)').matches)
  const [view, setView] = useState<string>(() => defaultView(initial))

  const textRef = useRef<HTMLTextAreaElement>(null)
  const baseRef = useRef<string | null>(initial.lastModifiedTime)
  const revisionRef = useRef(0)
  const savingRef = useRef<Promise<boolean> | null>(null)
  const savedRevisionRef = useRef(0)
  const lastEditNotice = useRef(0)
  const locale = initial.uiLanguage
  const kind = initial.kind
  const extension = initial.extension
  const host = initial.host
  const canSaveAs = initial.canSaveAs && !fatal
  const editable = mode === 'edit' && !fatal
  const dirty = revision !== savedRevision
  const shortcut = /Mac|iPhone|iPad/.test(navigator.platform) ? '⌘S' : 'Ctrl+S'
  const kindWords = { settings: t('editor:kinds.settings'), log: t('editor:kinds.log'), text: t('editor:kinds.text') }

  const getText = useCallback(() => textRef.current?.value ?? '', [])

  // ---------- drafts: sessionStorage, so a reload of the page never loses typing ----------
  const writeDraft = useCallback(() => {
    drafts.write(documentKey, { text: getText(), base: baseRef.current, at: Date.now(), fileName })
  }, [drafts, documentKey, fileName, getText])

  const replaceText = useCallback((text: string, clean: boolean) => {
    if (textRef.current) textRef.current.value = text
    revisionRef.current += 1
    const next = revisionRef.current
    setRevision(next)
    if (clean) {
      savedRevisionRef.current = next
      setSavedRevision(next)
    }
    setPreviewText(text)
  }, [])

  // First paint of the document: restore a draft from an earlier visit of this page when there is one.
  useEffect(() => {
    const stored = drafts.read(initial.documentKey)
    if (!stored || initial.text === null) return
    if (stored.text === initial.text) {
      drafts.remove(initial.documentKey)
      return
    }
    if (initial.mode === 'edit' && stored.base === initial.lastModifiedTime) {
      // Nothing changed on disk since: put the text back, it saves cleanly.
      replaceText(stored.text, false)
      setRestoredFrom(stored.at)
    } else if (initial.mode === 'edit') {
      setDraftOffer(stored)
    } else {
      setAside({
        title: t('editor:work.unsavedText'),
        note: t('editor:work.draftReadOnly', { when: timeLabel(stored.at, locale) }),
        text: stored.text,
      })
    }
    // Only on the first render: later changes of the draft are this page's own.
  }, []) // eslint-disable-line react-hooks/exhaustive-deps -- once, for the draft found at load

  // ---------- host page messages (spec 11.2) ----------
  useEffect(() => {
    if (!bridge) return
    // Shown: tell the host page (Collabora sends Frame_Ready, then Document_Loaded).
    bridge.send('App_LoadingStatus', { Status: 'Document_Loaded', DocumentLoadedTime: Date.now() })
    const offs = [
      bridge.on('Grab_Focus', () => textRef.current?.focus()),
      bridge.on('Blur_Focus', () => textRef.current?.blur()),
    ]
    return () => offs.forEach((off) => off())
  }, [bridge])

  // Opened to edit but only showing (a lock held elsewhere, a read-only file...): the host page's bar says so.
  useEffect(() => {
    if (bridge && viewOnly && viewOnly.code !== 'view-action') bridge.send(VIEW_ONLY_MESSAGE, { Reason: viewOnly.message })
  }, [bridge, viewOnly])

  // ---------- typing ----------
  const schedule = useRef<{ draft?: number; preview?: number }>({})
  const onInput = useCallback(() => {
    revisionRef.current += 1
    setRevision(revisionRef.current)
    window.clearTimeout(schedule.current.draft)
    schedule.current.draft = window.setTimeout(writeDraft, 400)
    window.clearTimeout(schedule.current.preview)
    schedule.current.preview = window.setTimeout(() => setPreviewText(getText()), 250)
    if (host.editNotificationPostMessage && bridge && Date.now() - lastEditNotice.current > EDIT_NOTIFICATION_MS) {
      lastEditNotice.current = Date.now()
      bridge.send('Edit_Notification', {})
    }
  }, [writeDraft, getText, host.editNotificationPostMessage, bridge])

  const onCaret = useCallback(
    (offset: number) => {
      window.requestAnimationFrame(() => setCaret(caretPosition(getText(), offset)))
    },
    [getText],
  )

  // ---------- failures, in words ----------
  const handleFailure = useCallback((error: EditorError) => {
    switch (error.code) {
      case 'changed-on-disk':
      case 'locked':
      case 'lock-lost':
        setConflict(error)
        setConflictPending(true)
        break
      case 'session-expired':
      case 'not-found':
      case 'session-ended':
        setFatal(error)
        break
      default:
        setBanner(error)
    }
  }, [])

  // ---------- save ----------
  const save = useCallback(
    async (options: { autosave?: boolean; exit?: boolean; force?: boolean } = {}): Promise<boolean> => {
      if (mode !== 'edit' || fatal) return false
      if (savingRef.current) {
        await savingRef.current
        if (revisionRef.current === savedRevisionRef.current && !options.force) return true
      }
      const run = (async () => {
        const text = getText()
        const rev = revisionRef.current
        setStatus({ kind: 'saving' })
        const result = await api.save(text, {
          ...(baseRef.current ? { base: baseRef.current } : {}),
          force: Boolean(options.force),
          autosave: Boolean(options.autosave),
          exit: Boolean(options.exit),
        })
        if (!result.ok) {
          setStatus({ kind: 'failed' })
          handleFailure(result.error)
          return false
        }
        baseRef.current = result.value.lastModifiedTime
        savedRevisionRef.current = rev
        setSavedRevision(rev)
        setStatus({ kind: 'saved', at: Date.now() })
        setBanner(null)
        setConflictPending(false)
        setRestoredFrom(null)
        if (revisionRef.current === rev) drafts.remove(documentKey)
        else writeDraft()
        return true
      })()
      savingRef.current = run
      try {
        return await run
      } finally {
        savingRef.current = null
      }
    },
    [api, mode, fatal, getText, handleFailure, drafts, documentKey, writeDraft],
  )

  // Autosave 30 s after the last change (not while a conflict waits for the user's decision).
  useEffect(() => {
    if (!dirty || !editable || conflictPending || conflict) return
    const timer = window.setTimeout(() => void save({ autosave: true }), AUTOSAVE_MS)
    return () => window.clearTimeout(timer)
  }, [revision, dirty, editable, conflictPending, conflict, save])

  // Ctrl+S / Cmd+S (and Shift for Save as); the browser's own "save page" never makes sense here.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 's') {
        event.preventDefault()
        if (event.shiftKey) {
          if (canSaveAs) openSaveAs()
        } else void save()
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  })

  // ---------- heartbeats: keep the session (and its lock) alive, hear about background trouble ----------
  useEffect(() => {
    if (fatal) return
    // the editor API answers failures as results, never by rejecting
    const beat = async () => {
      const result = await api.heartbeat()
      if (!result.ok) {
        if (result.error.code === 'session-ended') setFatal(result.error)
        return
      }
      const notice = result.value.notice
      if (!notice) return
      if (notice.code === 'session-expired' || notice.code === 'not-found') setFatal(notice)
      else setBanner(notice)
    }
    const timer = window.setInterval(() => void beat(), HEARTBEAT_MS)
    return () => window.clearInterval(timer)
  }, [api, fatal])

  // access_token_ttl: warn before the host stops accepting saves.
  useEffect(() => {
    const expiresAt = initial.tokenExpiresAt
    if (!expiresAt) return
    const check = () => setExpiring(Date.now() >= expiresAt - EXPIRY_WARNING_MS)
    check()
    const timer = window.setInterval(check, 30_000)
    return () => window.clearInterval(timer)
  }, [initial.tokenExpiresAt])

  // Leaving the page: keep the draft here, hand it to the server (saved on exit if the page never comes back),
  // and ask the browser to confirm while there are unsaved changes.
  useEffect(() => {
    const onPageHide = () => {
      if (dirty) writeDraft()
      api.leave(dirty && editable ? getText() : null, baseRef.current)
    }
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (dirty) event.preventDefault()
    }
    window.addEventListener('pagehide', onPageHide)
    window.addEventListener('beforeunload', onBeforeUnload)
    return () => {
      window.removeEventListener('pagehide', onPageHide)
      window.removeEventListener('beforeunload', onBeforeUnload)
    }
  }, [dirty, editable, api, getText, writeDraft])

  useEffect(() => {
    document.title = `${dirty ? '• ' : ''}${fileName} – WOPI Desk Text`
  }, [dirty, fileName])

  useEffect(() => {
    const query = window.matchMedia('(max-width: 899px)')
    const onChange = () => setNarrow(query.matches)
    query.addEventListener('change', onChange)
    return () => query.removeEventListener('change', onChange)
  }, [])

  // ---------- copy ----------
  const copyText = useCallback(async (text: string, select: HTMLTextAreaElement | null) => {
    try {
      await navigator.clipboard.writeText(text)
      setToast(t('editor:work.copied'))
    } catch {
      // Clipboard access is often denied inside a cross-origin frame: select it for Ctrl+C instead.
      select?.focus()
      select?.select()
      setToast(t('editor:work.selected'))
    }
  }, [t])

  // ---------- save as / rename / take over ----------
  function openSaveAs(preset?: { name: string; title: string; intro?: string }) {
    setSaveAsPreset(preset ?? { name: decoratedName(fileName, extension, t('editor:names.copy')), title: t('editor:toolbar.saveAs') })
    setDialog('save-as')
  }

  const saveAsText = useRef<string | null>(null)
  function applySaveAs(result: SaveAsResult, savedRev: number) {
    setDialog(null)
    if (result.switched) {
      drafts.remove(documentKey)
      setFileName(result.fileName)
      setDocumentKey(result.documentKey)
      setMode(result.mode)
      setCanRename(result.canRename)
      setViewOnly(result.mode === 'edit' ? null : { code: 'locked', message: t('editor:work.copyLocked') })
      baseRef.current = result.lastModifiedTime
      savedRevisionRef.current = savedRev
      setSavedRevision(savedRev)
      setStatus({ kind: 'saved', at: Date.now() })
      setConflict(null)
      setConflictPending(false)
      setBanner(null)
      setToast(t('editor:work.savedAsEditing', { name: result.fileName }))
      if (bridge) bridge.send('File_Rename', { NewName: result.fileName })
    } else {
      setToast(t('editor:work.savedAs', { name: result.fileName }))
      if (result.warning) setBanner({ code: 'unexpected-response', message: result.warning })
    }
  }

  async function saveCopySuggested() {
    setConflictBusy(true)
    const rev = revisionRef.current
    const result = await api.saveAs(getText(), decoratedName(fileName, extension, 'my version'), 'suggested', false)
    setConflictBusy(false)
    if (result.ok) applySaveAs(result.value, rev)
    else setBanner(result.error)
  }

  async function loadTheirs() {
    setConflictBusy(true)
    const mine = getText()
    const result = await api.reload()
    setConflictBusy(false)
    if (!result.ok) {
      setConflict(null)
      handleFailure(result.error)
      return
    }
    setConflict(null)
    setConflictPending(false)
    baseRef.current = result.value.lastModifiedTime
    setEncoding(result.value.encoding)
    replaceText(result.value.text, true)
    setStatus({ kind: 'clean' })
    setAside({ title: t('editor:work.yourText'), note: t('editor:work.theirsLoaded'), text: mine })
    drafts.remove(documentKey)
  }

  async function chooseConflict(choice: ConflictChoice) {
    if (choice === 'save-copy') return saveCopySuggested()
    if (choice === 'load-theirs') return loadTheirs()
    setConflict(null)
    await save({ force: choice === 'overwrite' })
  }

  async function takeOver() {
    const result = await api.takeOver()
    if (!result.ok) return setBanner(result.error)
    setMode(result.value.mode)
    setViewOnly(null)
    setToast(t('editor:work.tookOver'))
  }

  // ---------- close ----------
  async function requestClose() {
    if (dirty) {
      if (editable) {
        const saved = await save({ exit: true })
        if (!saved) return
      } else {
        setDialog('close')
        return
      }
    }
    await finishClose()
  }

  async function finishClose(discarded = false) {
    setDialog(null)
    await api.close() // Unlock; an already-ended session is fine here
    drafts.remove(documentKey)
    if (host.closePostMessage && bridge) bridge.send('UI_Close', {})
    else if (host.closeUrl) window.open(host.closeUrl, '_top')
    onClosed(fileName, discarded)
  }

  useEffect(() => {
    if (!bridge) return
    const offs = [
      bridge.on('Action_Save', () => {
        void save().then((success) => bridge.send('Action_Save_Resp', { success }))
      }),
      bridge.on('Action_Close', () => void requestClose()),
    ]
    return () => offs.forEach((off) => off())
  })

  // ---------- layout ----------
  const views: ViewChoice[] =
    kind === 'markdown'
      ? [
          { id: 'text', label: t('editor:views.text') },
          ...(narrow ? [] : [{ id: 'split', label: t('editor:views.split') }]),
          { id: 'preview', label: t('editor:views.preview') },
        ]
      : kind === 'csv' || kind === 'tsv'
        ? [
            { id: 'text', label: t('editor:views.text') },
            { id: 'table', label: t('editor:views.table') },
          ]
        : []
  const effectiveView = view === 'split' && narrow ? 'text' : view
  const showText = initial.text !== null && (effectiveView === 'text' || effectiveView === 'split' || views.length === 0)
  const showPreview = initial.text !== null && (effectiveView === 'preview' || effectiveView === 'split')
  const showTable = initial.text !== null && effectiveView === 'table'

  const statusInfo = useMemo((): { text: string; tone: StatusTone } => {
    if (mode !== 'edit') return { text: '', tone: 'neutral' } // the Read-only chip says it
    if (fatal) return { text: t('editor:state.cannotSave'), tone: 'error' }
    if (status.kind === 'saving') return { text: t('editor:state.saving'), tone: 'busy' }
    if (status.kind === 'failed') return { text: t('editor:state.notSaved'), tone: 'error' }
    if (dirty) return { text: t('editor:state.unsaved'), tone: 'dirty' }
    if (status.kind === 'saved') return { text: t('editor:state.savedAt', { time: timeLabel(status.at, locale) }), tone: 'neutral' }
    return { text: t('editor:state.noChanges'), tone: 'neutral' }
  }, [mode, fatal, status, dirty, locale, t])

  const jsonIssue = kind === 'json' ? jsonProblem(previewText) : null
  // A WOPI editor always runs in the host's frame; run on its own (tests, a debugging session) it keeps its own bar.
  const embeddedInHostPage = window.parent !== window
  const textForCounts = previewText

  return (
    <Box sx={{ height: '100vh', display: 'flex', flexDirection: 'column', bgcolor: 'background.default' }}>
      <EditorToolbar
        fileName={fileName}
        kindLabel={kindLabel(kind, kindWords)}
        readOnly={mode !== 'edit'}
        status={statusInfo.text}
        statusTone={statusInfo.tone}
        views={views}
        view={effectiveView}
        onView={setView}
        canSave={editable && (dirty || status.kind === 'failed')}
        saving={status.kind === 'saving'}
        canSaveAs={canSaveAs && initial.text !== null}
        canRename={canRename && !fatal}
        onSave={() => void save()}
        onSaveAs={() => openSaveAs()}
        onRename={() => setDialog('rename')}
        onClose={() => void requestClose()}
        shortcut={shortcut}
        compact={narrow}
        embedded={embeddedInHostPage}
      />

      <Stack spacing={0} sx={{ flexShrink: 0 }}>
        {fatal && (
          <Alert
            severity="error"
            square
            action={
              <Button color="inherit" size="small" onClick={() => void copyText(getText(), textRef.current)}>
                {t('editor:close.copy')}
              </Button>
            }
          >
            {fatal.message}
          </Alert>
        )}
        {viewOnly && (
          <Alert severity={viewOnly.code === 'view-action' ? 'info' : 'warning'} square action={viewOnlyActions()}>
            {viewOnly.message}
          </Alert>
        )}
        {banner && (
          <Alert
            severity={banner.code === 'lock-lost' ? 'warning' : 'error'}
            square
            onClose={() => setBanner(null)}
            action={
              banner.code === 'lock-lost' && canSaveAs ? (
                <Button color="inherit" size="small" onClick={() => openSaveAs()}>
                  {t('editor:work.saveAsItem')}
                </Button>
              ) : editable ? (
                <Button color="inherit" size="small" onClick={() => void save()}>
                  {t('editor:work.retry')}
                </Button>
              ) : undefined
            }
          >
            {banner.message}
            {banner.detail && (
              <Typography variant="caption" component="div" sx={{ opacity: 0.8, mt: 0.25, userSelect: 'text' }}>
                {banner.detail}
              </Typography>
            )}
          </Alert>
        )}
        {conflictPending && !conflict && (
          <Alert
            severity="warning"
            square
            action={
              <Button color="inherit" size="small" onClick={() => setConflict({ code: 'changed-on-disk', message: t('editor:work.changedOnDisk') })}>
                {t('editor:work.resolve')}
              </Button>
            }
          >
            {t('editor:work.pending')}
          </Alert>
        )}
        {expiring && !fatal && (
          <Alert severity="warning" square>
            {t('editor:work.expiring', { time: timeLabel(initial.tokenExpiresAt!, locale) })}
          </Alert>
        )}
        {restoredFrom !== null && (
          <Alert
            severity="info"
            square
            onClose={() => setRestoredFrom(null)}
            action={
              <Button color="inherit" size="small" onClick={() => discardRestored()}>
                {t('editor:work.showSaved')}
              </Button>
            }
          >
            {t('editor:work.restored', { when: timeLabel(restoredFrom, locale) })}
          </Alert>
        )}
        {initial.notices.map((notice) => (
          <Alert key={notice} severity="info" square>
            {notice}
          </Alert>
        ))}
      </Stack>

      <Box sx={{ flex: 1, minHeight: 0, display: 'flex', flexDirection: { xs: 'column', md: 'row' } }}>
        <Box component="main" sx={{ flex: 1, minWidth: 0, minHeight: 0, display: 'flex' }}>
          {initial.text === null ? (
            <Box sx={{ flex: 1, display: 'grid', placeItems: 'center', p: 4 }}>
              <Box sx={{ maxWidth: 440, textAlign: 'center', color: 'text.secondary' }}>
                <Typography variant="h6" component="p" sx={{ color: 'text.primary', mb: 1 }}>
                  {t('editor:work.cannotShow')}
                </Typography>
                <Typography>{viewOnly?.message}</Typography>
              </Box>
            </Box>
          ) : (
            <>
              <Box sx={{ flex: 1, minWidth: 0, display: showText ? 'block' : 'none', borderRight: showPreview ? 1 : 0, borderColor: 'divider' }}>
                <TextPane
                  ref={textRef}
                  initialText={initial.text}
                  readOnly={!editable}
                  wrap={kind === 'markdown' || kind === 'text'}
                  spellCheck={kind === 'markdown' || kind === 'text'}
                  onInput={onInput}
                  onCaret={onCaret}
                />
              </Box>
              {showPreview && (
                <Box sx={{ flex: 1, minWidth: 0, overflow: 'auto', bgcolor: 'background.paper' }} aria-label={t('editor:views.preview')} role="region">
                  <Suspense fallback={<Loading />}>
                    <MarkdownPreview text={previewText} />
                  </Suspense>
                </Box>
              )}
              {showTable && (
                <Box sx={{ flex: 1, minWidth: 0, minHeight: 0, bgcolor: 'background.paper' }}>
                  <Suspense fallback={<Loading />}>
                    <CsvTable text={previewText} tab={kind === 'tsv'} />
                  </Suspense>
                </Box>
              )}
            </>
          )}
        </Box>
        {aside && (
          <AsideText
            title={aside.title}
            note={aside.note}
            text={aside.text}
            canUse={editable}
            canSaveAs={canSaveAs}
            onCopy={(textarea) => void copyText(aside.text, textarea)}
            onUse={() => {
              replaceText(aside.text, false)
              setAside(null)
            }}
            onSaveAs={() => {
              saveAsText.current = aside.text
              openSaveAs({ name: decoratedName(fileName, extension, t('editor:names.myVersion')), title: t('editor:work.saveTextAsCopy') })
            }}
            onDismiss={() => setAside(null)}
          />
        )}
      </Box>

      {initial.text !== null && (
        <StatusBar
          line={caret.line}
          column={caret.column}
          characters={textForCounts.length}
          encoding={encoding}
          kindLabel={kindLabel(kind, kindWords)}
          problem={jsonIssue}
          locale={locale}
        />
      )}

      <SaveAsDialog
        open={dialog === 'save-as'}
        initialName={saveAsPreset.name}
        title={saveAsPreset.title}
        {...(saveAsPreset.intro ? { intro: saveAsPreset.intro } : {})}
        onCancel={() => {
          saveAsText.current = null
          setDialog(null)
        }}
        onSave={(name, overwrite) => api.saveAs(saveAsText.current ?? getText(), name, 'specific', overwrite)}
        onSaved={(result) => {
          const fromAside = saveAsText.current !== null
          saveAsText.current = null
          if (fromAside) {
            setDialog(null)
            setAside(null)
            setToast(t('editor:work.savedText', { name: result.fileName }))
            if (result.warning) setBanner({ code: 'unexpected-response', message: result.warning })
            // The editor switched to the copy, whose content is the aside text: show it.
            if (result.switched) {
              const text = aside?.text ?? getText()
              applySaveAs(result, revisionRef.current)
              replaceText(text, true)
            }
            return
          }
          applySaveAs(result, revisionRef.current)
        }}
      />
      <RenameDialog
        open={dialog === 'rename'}
        stem={stemOf(fileName, extension)}
        extension={extension}
        onCancel={() => setDialog(null)}
        onRename={(stem) => api.rename(stem)}
        onRenamed={(result) => {
          setDialog(null)
          setFileName(result.fileName)
          setToast(t('editor:work.renamed', { name: result.fileName }))
          if (bridge) bridge.send('File_Rename', { NewName: result.fileName })
        }}
      />
      <ConflictDialog
        error={conflict}
        busy={conflictBusy}
        canSaveAs={canSaveAs}
        onChoose={(choice) => void chooseConflict(choice)}
        onCancel={() => setConflict(null)}
      />
      <CloseDialog
        open={dialog === 'close'}
        reason={fatal?.message ?? t('editor:work.readOnlyReason')}
        onCopy={() => void copyText(getText(), textRef.current)}
        onCloseAnyway={() => void finishClose(true)}
        onCancel={() => setDialog(null)}
      />
      <RestoreDraftDialog
        open={draftOffer !== null}
        when={draftOffer ? timeLabel(draftOffer.at, locale) : ''}
        onRestore={() => {
          if (!draftOffer) return
          baseRef.current = draftOffer.base
          replaceText(draftOffer.text, false)
          setDraftOffer(null)
        }}
        onKeepFile={() => {
          if (!draftOffer) return
          setAside({ title: t('editor:work.unsavedText'), note: t('editor:work.draftFrom', { when: timeLabel(draftOffer.at, locale) }), text: draftOffer.text })
          drafts.remove(documentKey)
          setDraftOffer(null)
        }}
      />
      <Snackbar
        open={toast !== null}
        autoHideDuration={5000}
        onClose={() => setToast(null)}
        message={toast}
        anchorOrigin={{ vertical: 'bottom', horizontal: 'center' }}
        sx={{ mb: 3 }}
      />
    </Box>
  )

  function discardRestored() {
    // Explicit choice; the restored text moves aside rather than vanishing.
    setAside({ title: t('editor:work.unsavedText'), note: t('editor:work.fromReload'), text: getText() })
    replaceText(initial.text ?? '', true)
    drafts.remove(documentKey)
    setRestoredFrom(null)
  }

  function viewOnlyActions() {
    if (!viewOnly) return undefined
    if (viewOnly.code === 'locked-stale') {
      return (
        <Button color="inherit" size="small" onClick={() => void takeOver()}>
          {t('editor:work.takeOver')}
        </Button>
      )
    }
    if (viewOnly.code === 'view-action' && host.editModePostMessage && bridge) {
      return (
        <Button color="inherit" size="small" onClick={() => bridge.send('UI_Edit', {})}>
          {t('editor:work.edit')}
        </Button>
      )
    }
    if (viewOnly.code === 'view-action' && host.hostEditUrl) {
      return (
        <Button color="inherit" size="small" href={host.hostEditUrl} target="_top">
          {t('editor:work.edit')}
        </Button>
      )
    }
    if ((viewOnly.code === 'locked' || viewOnly.code === 'read-only') && canSaveAs) {
      return (
        <Button
          color="inherit"
          size="small"
          onClick={() => openSaveAs({ name: decoratedName(fileName, extension, t('editor:names.copy')), title: t('editor:work.editCopy'), intro: t('editor:work.editCopyIntro') })}
        >
          {t('editor:work.editCopy')}
        </Button>
      )
    }
    return undefined
  }
}

function Loading() {
  const { t } = useTranslation()
  return (
    <Box sx={{ display: 'grid', placeItems: 'center', height: '100%', minHeight: 120 }}>
      <CircularProgress size={24} aria-label={t('common:loading')} />
    </Box>
  )
}

function defaultView(doc: LoadedDocument): string {
  if (doc.kind === 'markdown') return window.matchMedia('(max-width: 899px)').matches ? 'text' : 'split'
  if (doc.kind === 'csv' || doc.kind === 'tsv') return doc.mode === 'view' ? 'table' : 'text'
  return 'text'
}

