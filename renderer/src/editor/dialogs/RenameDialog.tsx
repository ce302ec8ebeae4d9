import Alert from '@mui/material/Alert'
import Button from '@mui/material/Button'
import Dialog from '@mui/material/Dialog'
import DialogActions from '@mui/material/DialogActions'
import DialogContent from '@mui/material/DialogContent'
import DialogTitle from '@mui/material/DialogTitle'
import InputAdornment from '@mui/material/InputAdornment'
import TextField from '@mui/material/TextField'
import { useEffect, useState, type FormEvent } from 'react'
import type { ApiResult, EditorError, RenameResult } from '../../../../electron/contract/editor-page'
import { useTranslation } from 'react-i18next'

// Rename: RenameFile changes the name, never the extension (spec 6.1), so only the stem is editable.

export interface RenameDialogProps {
  open: boolean
  stem: string
  extension: string
  onCancel(): void
  onRename(stem: string): Promise<ApiResult<RenameResult>>
  onRenamed(result: RenameResult): void
}

export function RenameDialog({ open, stem, extension, onCancel, onRename, onRenamed }: RenameDialogProps) {
  const { t } = useTranslation()
  const [name, setName] = useState(stem)
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState<EditorError | null>(null)

  useEffect(() => {
    if (open) {
      setName(stem)
      setProblem(null)
      setBusy(false)
    }
  }, [open, stem])

  async function submit(event: FormEvent) {
    event.preventDefault()
    const wanted = name.trim()
    if (!wanted || busy) return
    if (wanted === stem) return onCancel()
    setBusy(true)
    const result = await onRename(wanted)
    setBusy(false)
    if (result.ok) onRenamed(result.value)
    else setProblem(result.error)
  }

  return (
    <Dialog open={open} onClose={busy ? undefined : onCancel} aria-labelledby="rename-title">
      <form onSubmit={(event) => void submit(event)} noValidate>
        <DialogTitle id="rename-title">{t('common:actions.rename')}</DialogTitle>
        <DialogContent>
          <TextField
            label={t('editor:rename.newName')}
            value={name}
            onChange={(event) => {
              setName(event.target.value)
              setProblem(null)
            }}
            autoFocus
            fullWidth
            disabled={busy}
            error={problem?.code === 'invalid-name'}
            helperText={problem?.code === 'invalid-name' ? problem.message : ' '}
            sx={{ mt: 1 }}
            slotProps={{
              htmlInput: { spellCheck: false, autoComplete: 'off' },
              input: extension ? { endAdornment: <InputAdornment position="end">{extension}</InputAdornment> } : {},
            }}
          />
          {problem && problem.code !== 'invalid-name' && <Alert severity="error">{problem.message}</Alert>}
        </DialogContent>
        <DialogActions>
          <Button onClick={onCancel} disabled={busy}>
            {t('common:actions.cancel')}
          </Button>
          <Button type="submit" variant="contained" disabled={busy || !name.trim()}>
            {busy ? t('editor:rename.busy') : t('common:actions.rename')}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  )
}
