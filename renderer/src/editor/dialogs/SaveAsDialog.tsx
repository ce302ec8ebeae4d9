import Alert from '@mui/material/Alert'
import Button from '@mui/material/Button'
import Dialog from '@mui/material/Dialog'
import DialogActions from '@mui/material/DialogActions'
import DialogContent from '@mui/material/DialogContent'
import DialogContentText from '@mui/material/DialogContentText'
import DialogTitle from '@mui/material/DialogTitle'
import Stack from '@mui/material/Stack'
import TextField from '@mui/material/TextField'
import { useEffect, useState, type FormEvent } from 'react'
import type { ApiResult, EditorError, SaveAsResult } from '../../../../electron/contract/editor-page'
import { useTranslation } from 'react-i18next'

// Save as: PutRelativeFile in specific mode (X-WOPI-RelativeTarget) with the exact name typed. When the name
// is taken the host may offer a free one (X-WOPI-ValidRelativeTarget): offer it, or replace the file.

export interface SaveAsDialogProps {
  open: boolean
  initialName: string
  title?: string
  intro?: string
  onCancel(): void
  onSave(name: string, overwrite: boolean): Promise<ApiResult<SaveAsResult>>
  onSaved(result: SaveAsResult): void
}

export function SaveAsDialog({ open, initialName, title, intro, onCancel, onSave, onSaved }: SaveAsDialogProps) {
  const { t } = useTranslation()
  const [name, setName] = useState(initialName)
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState<EditorError | null>(null)
  const [takenName, setTakenName] = useState<string | null>(null)

  useEffect(() => {
    if (open) {
      setName(initialName)
      setProblem(null)
      setTakenName(null)
      setBusy(false)
    }
  }, [open, initialName])

  async function save(target: string, overwrite: boolean) {
    setBusy(true)
    setProblem(null)
    const result = await onSave(target, overwrite)
    setBusy(false)
    if (result.ok) {
      onSaved(result.value)
      return
    }
    setProblem(result.error)
    setTakenName(result.error.code === 'name-taken' ? target : null)
  }

  function submit(event: FormEvent) {
    event.preventDefault()
    if (!name.trim() || busy) return
    void save(name.trim(), false)
  }

  const suggestion = problem?.suggestedName
  return (
    <Dialog open={open} onClose={busy ? undefined : onCancel} aria-labelledby="save-as-title">
      <form onSubmit={submit} noValidate>
        <DialogTitle id="save-as-title">{title ?? t('editor:toolbar.saveAs')}</DialogTitle>
        <DialogContent>
          <Stack spacing={2}>
            {intro && <DialogContentText>{intro}</DialogContentText>}
            <TextField
              label={t('editor:saveAs.fileName')}
              value={name}
              onChange={(event) => {
                setName(event.target.value)
                setProblem(null)
                setTakenName(null)
              }}
              autoFocus
              fullWidth
              disabled={busy}
              error={problem?.code === 'invalid-name'}
              helperText={problem?.code === 'invalid-name' ? problem.message : t('editor:saveAs.help')}
              slotProps={{ htmlInput: { spellCheck: false, autoComplete: 'off' } }}
            />
            {problem && problem.code !== 'invalid-name' && (
              <Alert
                severity={problem.code === 'name-taken' ? 'warning' : 'error'}
                action={
                  problem.code === 'name-taken' ? (
                    <Stack direction="row" spacing={1}>
                      {suggestion && (
                        <Button color="inherit" size="small" disabled={busy} onClick={() => void save(suggestion, false)}>
                          {t('editor:saveAs.use', { name: suggestion })}
                        </Button>
                      )}
                      {takenName && (
                        <Button color="inherit" size="small" disabled={busy} onClick={() => void save(takenName, true)}>
                          {t('editor:saveAs.replace')}
                        </Button>
                      )}
                    </Stack>
                  ) : undefined
                }
              >
                {problem.code === 'name-taken' ? t('editor:saveAs.taken') : problem.message}
              </Alert>
            )}
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={onCancel} disabled={busy}>
            {t('common:actions.cancel')}
          </Button>
          <Button type="submit" variant="contained" disabled={busy || !name.trim()}>
            {busy ? t('editor:saveAs.busy') : t('editor:saveAs.submit')}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  )
}
