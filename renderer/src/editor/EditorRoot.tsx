import Box from '@mui/material/Box'
import Button from '@mui/material/Button'
import CircularProgress from '@mui/material/CircularProgress'
import CssBaseline from '@mui/material/CssBaseline'
import Typography from '@mui/material/Typography'
import { ThemeProvider } from '@mui/material/styles'
import { useEffect, useMemo, useState } from 'react'
import { I18nextProvider, initReactI18next, useTranslation } from 'react-i18next'
import type { EditorError, LoadedDocument } from '../../../electron/contract/editor-page'
import { createI18n } from '../i18n/create-i18n'
import { editorResources } from '../i18n/editor-resources'
import { browserLanguages, pickLanguage } from '../i18n/languages'
import { browserDraftStore } from './draft-store'
import { createEditorApi, sessionIdFromLocation } from './editor-api'
import { editorTheme } from './editor-theme'
import { EditorWorkspace } from './EditorWorkspace'
import { hostBridge } from './host-bridge'

// The built-in editor's page: load the document through its own server, then edit; or say in words why it
// could not be opened; or show that it was closed. Its language is the one the host asked for in UI_LLCC (as
// any WOPI editor's), else the browser's.

export function EditorRoot() {
  const [i18n] = useState(() => createI18n(editorResources, pickLanguage(browserLanguages()), [initReactI18next]))
  return (
    <I18nextProvider i18n={i18n}>
      <EditorPage />
    </I18nextProvider>
  )
}

type Phase =
  | { kind: 'loading' }
  | { kind: 'failed'; error: EditorError }
  | { kind: 'ready'; doc: LoadedDocument }
  | { kind: 'closed'; fileName: string; discarded: boolean }

function EditorPage() {
  const { t, i18n } = useTranslation()
  // i18n.t follows the language the document brings (changeLanguage below), so the api is made once.
  const api = useMemo(() => createEditorApi(sessionIdFromLocation(window.location.pathname), (key, values) => i18n.t(key, values)), [i18n])
  const drafts = useMemo(() => browserDraftStore(), [])
  const [phase, setPhase] = useState<Phase>({ kind: 'loading' })

  useEffect(() => {
    let cancelled = false
    void api.load().then((result) => {
      if (cancelled) return
      if (result.ok) {
        const doc = result.value
        if (doc.uiLanguage) void i18n.changeLanguage(pickLanguage([doc.uiLanguage, ...browserLanguages()]))
        hostBridge?.setOrigin(doc.host.postMessageOrigin)
        hostBridge?.send('App_LoadingStatus', { Status: 'Frame_Ready' })
        setPhase({ kind: 'ready', doc })
      } else {
        hostBridge?.setOrigin(result.error.postMessageOrigin ?? null)
        hostBridge?.send('App_LoadingStatus', { Status: 'Failed', Reason: result.error.message })
        setPhase({ kind: 'failed', error: result.error })
      }
    })
    return () => {
      cancelled = true
    }
  }, [api, i18n])

  return (
    <ThemeProvider theme={editorTheme} noSsr>
      <CssBaseline enableColorScheme />
      {phase.kind === 'loading' && (
        <Centered>
          <CircularProgress size={28} aria-label={t('editor:root.openingLabel')} />
          <Typography color="text.secondary" sx={{ mt: 2 }}>
            {t('editor:root.opening')}
          </Typography>
        </Centered>
      )}
      {phase.kind === 'failed' && (
        <Centered>
          <Box component="img" src="/favicon.svg" alt="" sx={{ width: 44, height: 44, mb: 2 }} />
          <Typography component="h1" variant="h6" sx={{ fontWeight: 650 }}>
            {t('editor:root.failed')}
          </Typography>
          <Typography sx={{ mt: 1, maxWidth: 480 }}>{phase.error.message}</Typography>
          {phase.error.detail && (
            <Typography variant="caption" color="text.secondary" sx={{ mt: 1.5, maxWidth: 480, userSelect: 'text' }}>
              {phase.error.detail}
            </Typography>
          )}
          {phase.error.code !== 'session-ended' && (
            <Button variant="outlined" sx={{ mt: 3 }} onClick={() => window.location.reload()}>
              {t('common:actions.tryAgain')}
            </Button>
          )}
        </Centered>
      )}
      {phase.kind === 'ready' && (
        <EditorWorkspace
          api={api}
          initial={phase.doc}
          bridge={hostBridge}
          drafts={drafts}
          onClosed={(fileName, discarded) => setPhase({ kind: 'closed', fileName, discarded })}
        />
      )}
      {phase.kind === 'closed' && (
        <Centered>
          <Box component="img" src="/favicon.svg" alt="" sx={{ width: 44, height: 44, mb: 2 }} />
          <Typography component="h1" variant="h6" sx={{ fontWeight: 650 }}>
            {t('editor:root.closed', { name: phase.fileName })}
          </Typography>
          <Typography color="text.secondary" sx={{ mt: 1 }}>
            {phase.discarded ? t('editor:root.discarded') : t('editor:root.saved')} {t('editor:root.closeWindow')}
          </Typography>
        </Centered>
      )}
    </ThemeProvider>
  )
}

function Centered({ children }: { children: React.ReactNode }) {
  return (
    <Box
      sx={{
        minHeight: '100vh',
        display: 'flex',
        flexDirection: 'column',
        alignItems: 'center',
        justifyContent: 'center',
        textAlign: 'center',
        p: 3,
      }}
    >
      {children}
    </Box>
  )
}
