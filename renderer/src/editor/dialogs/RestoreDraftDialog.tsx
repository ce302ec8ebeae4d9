import Button from '@mui/material/Button'
import Dialog from '@mui/material/Dialog'
import DialogActions from '@mui/material/DialogActions'
import DialogContent from '@mui/material/DialogContent'
import DialogContentText from '@mui/material/DialogContentText'
import DialogTitle from '@mui/material/DialogTitle'
import { useTranslation } from 'react-i18next'

// Unsaved text from an earlier visit of this page, for a file that has changed since: the user chooses.

export interface RestoreDraftDialogProps {
  open: boolean
  when: string
  onRestore(): void
  onKeepFile(): void
}

export function RestoreDraftDialog({ open, when, onRestore, onKeepFile }: RestoreDraftDialogProps) {
  const { t } = useTranslation()
  return (
    <Dialog open={open} aria-labelledby="restore-title">
      <DialogTitle id="restore-title">{t('editor:draft.title')}</DialogTitle>
      <DialogContent>
        <DialogContentText>{t('editor:draft.body', { when })}</DialogContentText>
      </DialogContent>
      <DialogActions>
        <Button onClick={onKeepFile}>{t('editor:draft.keepFile')}</Button>
        <Button variant="contained" onClick={onRestore}>
          {t('editor:draft.restore')}
        </Button>
      </DialogActions>
    </Dialog>
  )
}
