import Alert from '@mui/material/Alert'
import Button from '@mui/material/Button'
import DialogContentText from '@mui/material/DialogContentText'
import Stack from '@mui/material/Stack'
import { useEffect, useState, type FormEvent } from 'react'
import type { ApiResult, EditorError, SaveAsResult } from '../../../../electron/contract/editor-page'
import { useTranslation } from 'react-i18next'
import { NameField, NameFormDialog } from './NameFormDialog'

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
    <NameFormDialog
      open={open}
      titleId="save-as-title"
      title={title ?? t('editor:toolbar.saveAs')}
      busy={busy}
      name={name}
      submitLabel={t('editor:saveAs.submit')}
      busyLabel={t('editor:saveAs.busy')}
      onCancel={onCancel}
      onSubmit={submit}
    >
      <Stack spacing={2}>
        {intro && <DialogContentText>{intro}</DialogContentText>}
        <NameField
          label={t('editor:saveAs.fileName')}
          value={name}
          busy={busy}
          problem={problem}
          helperText={t('editor:saveAs.help')}
          onChange={(value) => {
            setName(value)
            setProblem(null)
            setTakenName(null)
          }}
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
    </NameFormDialog>
  )
}
