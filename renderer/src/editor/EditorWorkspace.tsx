import Alert from '@mui/material/Alert'
import Box from '@mui/material/Box'
import Button from '@mui/material/Button'
import CircularProgress from '@mui/material/CircularProgress'
import Snackbar from '@mui/material/Snackbar'
import Stack from '@mui/material/Stack'
import Typography from '@mui/material/Typography'
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type { LoadedDocument } from '../../../electron/contract/editor-page'
import { VIEW_ONLY_MESSAGE } from '../components/wopi-message'
import { AsideText } from './AsideText'
import { CloseDialog } from './dialogs/CloseDialog'
import { ConflictDialog } from './dialogs/ConflictDialog'
import { RenameDialog } from './dialogs/RenameDialog'
import { RestoreDraftDialog } from './dialogs/RestoreDraftDialog'
import { SaveAsDialog } from './dialogs/SaveAsDialog'
import type { DraftStore } from './draft-store'
import type { EditorApi } from './editor-api'
import { EditorToolbar, type StatusTone, type ViewChoice } from './EditorToolbar'
import type { HostBridge } from './host-bridge'
import { StatusBar } from './StatusBar'
import { caretPosition, decoratedName, jsonProblem, kindLabel, stemOf, timeLabel } from './text-helpers'
import { TextPane } from './TextPane'
import { useTranslation } from 'react-i18next'
import { useDocumentSession } from './use-document-session'

// The editing screen: toolbar, banners, the document (with a Markdown preview or a CSV table beside or
// instead of it), status bar, dialogs. The rule behind every branch: text the user typed stays on screen
// (and in sessionStorage) until it is saved somewhere or the user explicitly lets it go.

const MarkdownPreview = lazy(() => import('./MarkdownPreview'))
const CsvTable = lazy(() => import('./CsvTable'))

const EXPIRY_WARNING_MS = 5 * 60_000
const EDIT_NOTIFICATION_MS = 5 * 60_000

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
  const [dialog, setDialog] = useState<null | 'save-as' | 'rename' | 'close'>(null)
  const [saveAsPreset, setSaveAsPreset] = useState<{ name: string; title: string; intro?: string }>({
    name: '',
    title: t('editor:toolbar.saveAs'),
  })
  const [caret, setCaret] = useState({ line: 1, column: 1 })
  const [previewText, setPreviewText] = useState(initial.text ?? '')
  const [expiring, setExpiring] = useState(false)
  const [narrow, setNarrow] = useState(() => window.matchMedia('(max-width: 899px)').matches)
  const [view, setView] = useState<string>(() => defaultView(initial))

  const textRef = useRef<HTMLTextAreaElement>(null)
  const lastEditNotice = useRef(0)
  // Save, conflict and draft recovery live in the document session (use-document-session.ts).
  const { session, state, dirty, editable, getText, setBanner, setAside, setToast, setRestoredFrom, setFileName, setConflict } =
    useDocumentSession({
      api,
      initial,
      bridge,
      drafts,
      textRef,
      onTextReplaced: setPreviewText,
      onSavedAs: () => setDialog(null),
    })
  const {
    fileName,
    documentKey,
    mode,
    viewOnly,
    canRename,
    encoding,
    status,
    banner,
    fatal,
    conflict,
    conflictBusy,
    conflictPending,
    aside,
    draftOffer,
    restoredFrom,
    toast,
  } = state
  const { replaceText, save, applySaveAs, chooseConflict, takeOver, discardRestored } = session
  const locale = initial.uiLanguage
  const kind = initial.kind
  const extension = initial.extension
  const host = initial.host
  const canSaveAs = initial.canSaveAs && !fatal
  const shortcut = /Mac|iPhone|iPad/.test(navigator.platform) ? '⌘S' : 'Ctrl+S'
  const kindWords = { settings: t('editor:kinds.settings'), log: t('editor:kinds.log'), text: t('editor:kinds.text') }

  // ---------- host page messages (spec 11.2) ----------
  useEffect(() => {
    if (!bridge) return
    // Shown: tell the host page (Collabora sends Frame_Ready, then Document_Loaded).
    bridge.send('App_LoadingStatus', { Status: 'Document_Loaded', DocumentLoadedTime: Date.now() })
    const offs = [bridge.on('Grab_Focus', () => textRef.current?.focus()), bridge.on('Blur_Focus', () => textRef.current?.blur())]
    return () => offs.forEach((off) => off())
  }, [bridge])

  // Opened to edit but only showing (a lock held elsewhere, a read-only file...): the host page's bar says so.
  useEffect(() => {
    if (bridge && viewOnly && viewOnly.code !== 'view-action') bridge.send(VIEW_ONLY_MESSAGE, { Reason: viewOnly.message })
  }, [bridge, viewOnly])

  // ---------- typing ----------
  const schedule = useRef<{ draft?: number; preview?: number }>({})
  const onInput = useCallback(() => {
    session.edited()
    window.clearTimeout(schedule.current.draft)
    schedule.current.draft = window.setTimeout(session.writeDraft, 400)
    window.clearTimeout(schedule.current.preview)
    schedule.current.preview = window.setTimeout(() => setPreviewText(getText()), 250)
    if (host.editNotificationPostMessage && bridge && Date.now() - lastEditNotice.current > EDIT_NOTIFICATION_MS) {
      lastEditNotice.current = Date.now()
      bridge.send('Edit_Notification', {})
    }
  }, [session, getText, host.editNotificationPostMessage, bridge])

  const onCaret = useCallback(
    (offset: number) => {
      window.requestAnimationFrame(() => setCaret(caretPosition(getText(), offset)))
    },
    [getText],
  )

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

  // access_token_ttl: warn before the host stops accepting saves.
  useEffect(() => {
    const expiresAt = initial.tokenExpiresAt
    if (!expiresAt) return
    const check = () => setExpiring(Date.now() >= expiresAt - EXPIRY_WARNING_MS)
    check()
    const timer = window.setInterval(check, 30_000)
    return () => window.clearInterval(timer)
  }, [initial.tokenExpiresAt])

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
  const copyText = useCallback(
    async (text: string, select: HTMLTextAreaElement | null) => {
      try {
        await navigator.clipboard.writeText(text)
        setToast(t('editor:work.copied'))
      } catch {
        // Clipboard access is often denied inside a cross-origin frame: select it for Ctrl+C instead.
        select?.focus()
        select?.select()
        setToast(t('editor:work.selected'))
      }
    },
    [setToast, t],
  )

  // ---------- save as ----------
  function openSaveAs(preset?: { name: string; title: string; intro?: string }) {
    setSaveAsPreset(preset ?? { name: decoratedName(fileName, extension, t('editor:names.copy')), title: t('editor:toolbar.saveAs') })
    setDialog('save-as')
  }

  const saveAsText = useRef<string | null>(null)

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

  const jsonIssue = kind === 'json' ? jsonProblem(previewText, t) : null
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
              <Button
                color="inherit"
                size="small"
                onClick={() => setConflict({ code: 'changed-on-disk', message: t('editor:work.changedOnDisk') })}
              >
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
              <Box
                sx={{
                  flex: 1,
                  minWidth: 0,
                  display: showText ? 'block' : 'none',
                  borderRight: showPreview ? 1 : 0,
                  borderColor: 'divider',
                }}
              >
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
                <Box
                  sx={{ flex: 1, minWidth: 0, overflow: 'auto', bgcolor: 'background.paper' }}
                  aria-label={t('editor:views.preview')}
                  role="region"
                >
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
              applySaveAs(result, session.getState().revision)
              replaceText(text, true)
            }
            return
          }
          applySaveAs(result, session.getState().revision)
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
        onRestore={() => session.restoreOfferedDraft()}
        onKeepFile={() => session.keepFileOverDraft()}
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
          onClick={() =>
            openSaveAs({
              name: decoratedName(fileName, extension, t('editor:names.copy')),
              title: t('editor:work.editCopy'),
              intro: t('editor:work.editCopyIntro'),
            })
          }
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
