import Alert from '@mui/material/Alert'
import Box from '@mui/material/Box'
import Button from '@mui/material/Button'
import Checkbox from '@mui/material/Checkbox'
import Dialog from '@mui/material/Dialog'
import DialogActions from '@mui/material/DialogActions'
import DialogContent from '@mui/material/DialogContent'
import DialogContentText from '@mui/material/DialogContentText'
import DialogTitle from '@mui/material/DialogTitle'
import FormControlLabel from '@mui/material/FormControlLabel'
import FormHelperText from '@mui/material/FormHelperText'
import LinearProgress from '@mui/material/LinearProgress'
import TextField from '@mui/material/TextField'
import Typography from '@mui/material/Typography'
import { useId, useRef, useState, type FormEvent } from 'react'
import type { ImportProgress, ImportResult } from '../../../../electron/contract/dto'
import { useApi } from '../../api/ApiProvider'
import { errorMessage } from '../../api/api-call-error'
import { useEvent } from '../../api/use-event'
import { checkDiscoveryUrl } from './catalog-logic'
import { newRequestId } from '../../components/request-id'

const stageOrder: ImportProgress['stage'][] = ['fetching', 'parsing', 'storing', 'icons', 'done']
const stageLabels: Record<ImportProgress['stage'], string> = {
  fetching: 'Fetching discovery…',
  parsing: 'Reading the list of apps…',
  storing: 'Saving the catalog…',
  icons: 'Fetching app icons…',
  done: 'Done',
  failed: 'Failed',
}

/** Imports an editor from its discovery address, with live progress and errors in plain words. */
export function ImportEditorDialog({ open, onClose, onImported }: { open: boolean; onClose: () => void; onImported: (result: ImportResult) => void }) {
  const api = useApi()
  const titleId = useId()
  const trustHelpId = useId()
  const [url, setUrl] = useState('')
  const [insecureTls, setInsecureTls] = useState(false)
  const [urlError, setUrlError] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [progress, setProgress] = useState<ImportProgress | null>(null)
  const requestId = useRef<string | null>(null)

  useEvent('catalog:import-progress', (event) => {
    if (event.requestId === requestId.current) setProgress(event)
  })

  const reset = () => {
    setUrl('')
    setInsecureTls(false)
    setUrlError(null)
    setError(null)
    setProgress(null)
    requestId.current = null
  }
  const close = () => {
    if (busy) return
    reset()
    onClose()
  }
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    const check = checkDiscoveryUrl(url)
    if (!check.ok) return setUrlError(check.message)
    setUrlError(null)
    setError(null)
    setProgress(null)
    setBusy(true)
    const id = newRequestId()
    requestId.current = id
    try {
      const result = await api.call('catalog:import', { url: check.url, ...(insecureTls ? { insecureTls: true } : {}) }, id)
      setBusy(false)
      reset()
      onImported(result)
    } catch (caught) {
      setBusy(false)
      setProgress(null)
      setError(errorMessage(caught))
    }
  }

  const stageIndex = progress ? stageOrder.indexOf(progress.stage) : -1
  const percent = stageIndex < 0 ? undefined : ((stageIndex + 1) / stageOrder.length) * 100

  return (
    <Dialog open={open} onClose={close} maxWidth="sm" aria-labelledby={titleId}>
      <form onSubmit={(event) => void submit(event)} noValidate>
        <DialogTitle id={titleId}>Import editor</DialogTitle>
        <DialogContent>
          <DialogContentText variant="body2" sx={{ mb: 2.5 }}>
            WOPI Desk reads the editor's discovery document to learn which file types it opens and where its editing pages are.
          </DialogContentText>
          <TextField
            autoFocus
            fullWidth
            size="medium"
            label="Discovery URL"
            placeholder="https://collabora.example.com:9980"
            value={url}
            onChange={(event) => {
              setUrl(event.target.value)
              setUrlError(null)
              // An error about the previous address no longer applies to this one.
              setError(null)
            }}
            error={urlError !== null}
            helperText={urlError ?? 'The base URL of the editor, or its full /hosting/discovery URL.'}
            disabled={busy}
            slotProps={{ htmlInput: { spellCheck: false, autoCapitalize: 'off', autoCorrect: 'off', inputMode: 'url' } }}
          />
          <Box sx={{ mt: 2 }}>
            <FormControlLabel
              control={
                <Checkbox
                  checked={insecureTls}
                  onChange={(_event, checked) => setInsecureTls(checked)}
                  disabled={busy}
                  slotProps={{ input: { 'aria-describedby': trustHelpId } }}
                />
              }
              label="Trust this server's self-signed certificate"
            />
            <FormHelperText id={trustHelpId} sx={{ mt: -0.5, ml: 4 }}>
              Applies to this editor only: certificate checks stay on for every other connection. Use it for a test server you run
              yourself, such as a local Collabora CODE container.
            </FormHelperText>
          </Box>
          {busy && (
            <Box sx={{ mt: 3 }} role="status" aria-live="polite">
              <LinearProgress variant={percent === undefined ? 'indeterminate' : 'determinate'} value={percent} aria-label="Import progress" />
              <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
                {progress ? progress.message || stageLabels[progress.stage] : 'Contacting the editor…'}
              </Typography>
            </Box>
          )}
          {error && (
            <Alert severity="error" sx={{ mt: 3 }}>
              {error}
            </Alert>
          )}
        </DialogContent>
        <DialogActions sx={{ px: 3, pb: 2 }}>
          <Button onClick={close} disabled={busy}>
            Cancel
          </Button>
          <Button type="submit" variant="contained" loading={busy}>
            Import
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  )
}
