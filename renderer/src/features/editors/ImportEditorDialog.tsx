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
import { useTranslation } from 'react-i18next'

const stageOrder: ImportProgress['stage'][] = ['fetching', 'parsing', 'storing', 'icons', 'done']
const stageLabels = {
  fetching: 'editors:importDialog.stages.fetching',
  parsing: 'editors:importDialog.stages.parsing',
  storing: 'editors:importDialog.stages.storing',
  icons: 'editors:importDialog.stages.icons',
  done: 'editors:importDialog.stages.done',
  failed: 'editors:importDialog.stages.failed',
} as const satisfies Record<ImportProgress['stage'], string>

/** Imports an editor from its discovery address, with live progress and errors in plain words. */
/** An address, the same in every language. */
const DISCOVERY_EXAMPLE = 'https://collabora.example.com:9980'

export function ImportEditorDialog({
  open,
  onClose,
  onImported,
}: {
  open: boolean
  onClose: () => void
  onImported: (result: ImportResult) => void
}) {
  const { t } = useTranslation()
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
    const check = checkDiscoveryUrl(url, t)
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
        <DialogTitle id={titleId}>{t('editors:import')}</DialogTitle>
        <DialogContent>
          <DialogContentText variant="body2" sx={{ mb: 2.5 }}>
            {t('editors:importDialog.intro')}
          </DialogContentText>
          <TextField
            autoFocus
            fullWidth
            size="medium"
            label={t('editors:card.discoveryUrl')}
            placeholder={DISCOVERY_EXAMPLE}
            value={url}
            onChange={(event) => {
              setUrl(event.target.value)
              setUrlError(null)
              // An error about the previous address no longer applies to this one.
              setError(null)
            }}
            error={urlError !== null}
            helperText={urlError ?? t('editors:importDialog.urlHelp')}
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
              label={t('editors:importDialog.trust')}
            />
            <FormHelperText id={trustHelpId} sx={{ mt: -0.5, ml: 4 }}>
              {t('editors:importDialog.trustHelp')}
            </FormHelperText>
          </Box>
          {busy && (
            <Box sx={{ mt: 3 }} role="status" aria-live="polite">
              <LinearProgress
                variant={percent === undefined ? 'indeterminate' : 'determinate'}
                value={percent}
                aria-label={t('editors:importDialog.progress')}
              />
              <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
                {progress ? progress.message || t(stageLabels[progress.stage]) : t('editors:importDialog.contacting')}
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
            {t('common:actions.cancel')}
          </Button>
          <Button type="submit" variant="contained" loading={busy}>
            {t('editors:importDialog.submit')}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  )
}
