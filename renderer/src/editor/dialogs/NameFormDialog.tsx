import Box from '@mui/material/Box'
import Button from '@mui/material/Button'
import Dialog from '@mui/material/Dialog'
import DialogActions from '@mui/material/DialogActions'
import DialogContent from '@mui/material/DialogContent'
import DialogTitle from '@mui/material/DialogTitle'
import InputAdornment from '@mui/material/InputAdornment'
import TextField from '@mui/material/TextField'
import type { FormEvent, ReactNode } from 'react'
import type { EditorError } from '../../../../electron/contract/editor-page'
import { useTranslation } from 'react-i18next'

// What the dialogs that ask for a file name (Rename, Save as) share: one form, so Enter submits; Cancel and the
// submit button; a name field that shows the host's "invalid name" under itself. Other problems each dialog
// says in its own way.

export interface NameFormDialogProps {
  open: boolean
  titleId: string
  title: string
  /** While the host answers: nothing can be changed and the dialog cannot be dismissed. */
  busy: boolean
  /** The name as typed; the submit button stays off while it is blank. */
  name: string
  submitLabel: string
  busyLabel: string
  onCancel(): void
  onSubmit(event: FormEvent): void
  children: ReactNode
}

export function NameFormDialog(props: NameFormDialogProps) {
  const { open, titleId, title, busy, name, submitLabel, busyLabel, onCancel, onSubmit, children } = props
  const { t } = useTranslation()
  return (
    <Dialog open={open} onClose={busy ? undefined : onCancel} aria-labelledby={titleId}>
      <form onSubmit={onSubmit} noValidate>
        <DialogTitle id={titleId}>{title}</DialogTitle>
        <DialogContent>
          {/* The name field's outlined label stands above its edge; DialogContent under a title has no top padding to hold it. */}
          <Box sx={{ pt: 1 }}>{children}</Box>
        </DialogContent>
        <DialogActions>
          <Button onClick={onCancel} disabled={busy}>
            {t('common:actions.cancel')}
          </Button>
          <Button type="submit" variant="contained" disabled={busy || !name.trim()}>
            {busy ? busyLabel : submitLabel}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  )
}

export interface NameFieldProps {
  label: string
  value: string
  busy: boolean
  problem: EditorError | null
  /** Shown under the field unless the host refused the name. */
  helperText: string
  /** A fixed ending the user cannot edit (the extension when renaming). */
  suffix?: string
  onChange(value: string): void
}

export function NameField({ label, value, busy, problem, helperText, suffix, onChange }: NameFieldProps) {
  const invalid = problem?.code === 'invalid-name'
  return (
    <TextField
      label={label}
      value={value}
      onChange={(event) => onChange(event.target.value)}
      autoFocus
      fullWidth
      disabled={busy}
      error={invalid}
      helperText={invalid ? problem.message : helperText}
      slotProps={{
        htmlInput: { spellCheck: false, autoComplete: 'off' },
        input: suffix ? { endAdornment: <InputAdornment position="end">{suffix}</InputAdornment> } : {},
      }}
    />
  )
}
