import Alert from '@mui/material/Alert'
import { useEffect, useState, type FormEvent } from 'react'
import type { ApiResult, EditorError, RenameResult } from '../../../../electron/contract/editor-page'
import { useTranslation } from 'react-i18next'
import { NameField, NameFormDialog } from './NameFormDialog'

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
    <NameFormDialog
      open={open}
      titleId="rename-title"
      title={t('common:actions.rename')}
      busy={busy}
      name={name}
      submitLabel={t('common:actions.rename')}
      busyLabel={t('editor:rename.busy')}
      onCancel={onCancel}
      onSubmit={(event) => void submit(event)}
    >
      <NameField
        label={t('editor:rename.newName')}
        value={name}
        busy={busy}
        problem={problem}
        helperText=" "
        suffix={extension}
        onChange={(value) => {
          setName(value)
          setProblem(null)
        }}
      />
      {problem && problem.code !== 'invalid-name' && <Alert severity="error">{problem.message}</Alert>}
    </NameFormDialog>
  )
}
