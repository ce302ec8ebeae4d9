import Button from '@mui/material/Button'
import Dialog from '@mui/material/Dialog'
import DialogActions from '@mui/material/DialogActions'
import DialogContent from '@mui/material/DialogContent'
import DialogContentText from '@mui/material/DialogContentText'
import DialogTitle from '@mui/material/DialogTitle'
import { useTranslation } from 'react-i18next'

// Closing with text that cannot be saved any more (session expired, file gone, read-only): the user decides,
// after being offered to copy it first.

export interface CloseDialogProps {
  open: boolean
  reason: string
  onCopy(): void
  onCloseAnyway(): void
  onCancel(): void
}

export function CloseDialog({ open, reason, onCopy, onCloseAnyway, onCancel }: CloseDialogProps) {
  const { t } = useTranslation()
  return (
    <Dialog open={open} onClose={onCancel} aria-labelledby="close-title">
      <DialogTitle id="close-title">{t('editor:close.title')}</DialogTitle>
      <DialogContent>
        <DialogContentText>
          {reason} {t('editor:close.body')}
        </DialogContentText>
      </DialogContent>
      <DialogActions>
        <Button onClick={onCancel}>{t('editor:close.keepEditing')}</Button>
        <Button onClick={onCopy}>{t('editor:close.copy')}</Button>
        <Button color="error" onClick={onCloseAnyway}>
          {t('editor:close.closeAnyway')}
        </Button>
      </DialogActions>
    </Dialog>
  )
}
