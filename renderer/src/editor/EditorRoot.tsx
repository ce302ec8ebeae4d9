import Box from '@mui/material/Box'
import Button from '@mui/material/Button'
import CircularProgress from '@mui/material/CircularProgress'
import CssBaseline from '@mui/material/CssBaseline'
import Typography from '@mui/material/Typography'
import { ThemeProvider } from '@mui/material/styles'
import { useEffect, useMemo, useState } from 'react'
import type { EditorError, LoadedDocument } from '../../../electron/contract/editor-page'
import { browserDraftStore } from './draft-store'
import { createEditorApi, sessionIdFromLocation } from './editor-api'
import { editorTheme } from './editor-theme'
import { EditorWorkspace } from './EditorWorkspace'
import { hostBridge } from './host-bridge'

// The built-in editor's page: load the document through its own server, then edit; or say in words why it
// could not be opened; or show that it was closed.

type Phase =
  | { kind: 'loading' }
  | { kind: 'failed'; error: EditorError }
  | { kind: 'ready'; doc: LoadedDocument }
  | { kind: 'closed'; fileName: string; discarded: boolean }

export function EditorRoot() {
  const api = useMemo(() => createEditorApi(sessionIdFromLocation(window.location.pathname)), [])
  const drafts = useMemo(() => browserDraftStore(), [])
  const [phase, setPhase] = useState<Phase>({ kind: 'loading' })

  useEffect(() => {
    let cancelled = false
    void api.load().then((result) => {
      if (cancelled) return
      if (result.ok) {
        const doc = result.value
        if (doc.uiLanguage) document.documentElement.lang = doc.uiLanguage
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
  }, [api])

  return (
    <ThemeProvider theme={editorTheme} noSsr>
      <CssBaseline enableColorScheme />
      {phase.kind === 'loading' && (
        <Centered>
          <CircularProgress size={28} aria-label="Opening the document" />
          <Typography color="text.secondary" sx={{ mt: 2 }}>
            Opening the document…
          </Typography>
        </Centered>
      )}
      {phase.kind === 'failed' && (
        <Centered>
          <Box component="img" src="/favicon.svg" alt="" sx={{ width: 44, height: 44, mb: 2 }} />
          <Typography component="h1" variant="h6" sx={{ fontWeight: 650 }}>
            This document could not be opened
          </Typography>
          <Typography sx={{ mt: 1, maxWidth: 480 }}>{phase.error.message}</Typography>
          {phase.error.detail && (
            <Typography variant="caption" color="text.secondary" sx={{ mt: 1.5, maxWidth: 480, userSelect: 'text' }}>
              {phase.error.detail}
            </Typography>
          )}
          {phase.error.code !== 'session-ended' && (
            <Button variant="outlined" sx={{ mt: 3 }} onClick={() => window.location.reload()}>
              Try again
            </Button>
          )}
        </Centered>
      )}
      {phase.kind === 'ready' && (
        <EditorWorkspace api={api} initial={phase.doc} bridge={hostBridge} drafts={drafts} onClosed={(fileName, discarded) => setPhase({ kind: 'closed', fileName, discarded })} />
      )}
      {phase.kind === 'closed' && (
        <Centered>
          <Box component="img" src="/favicon.svg" alt="" sx={{ width: 44, height: 44, mb: 2 }} />
          <Typography component="h1" variant="h6" sx={{ fontWeight: 650 }}>
            {phase.fileName} is closed
          </Typography>
          <Typography color="text.secondary" sx={{ mt: 1 }}>
            {phase.discarded ? 'Your unsaved changes were not kept.' : 'Your changes are saved.'} You can close this window.
          </Typography>
        </Centered>
      )}
    </ThemeProvider>
  )
}

function Centered({ children }: { children: React.ReactNode }) {
  return (
    <Box
      sx={{ minHeight: '100vh', display: 'flex', flexDirection: 'column', alignItems: 'center', justifyContent: 'center', textAlign: 'center', p: 3 }}
    >
      {children}
    </Box>
  )
}
