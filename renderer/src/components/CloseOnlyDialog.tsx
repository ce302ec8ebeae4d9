import Button from '@mui/material/Button'
import Dialog, { type DialogProps } from '@mui/material/Dialog'
import DialogActions from '@mui/material/DialogActions'
import DialogTitle from '@mui/material/DialogTitle'
import { useId, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'

/**
 * A dialog whose own actions live in its content (a list with a button on each row): a title, the content, and
 * Close. The content brings its own DialogContent, so it can mount only while the dialog is open.
 */
export function CloseOnlyDialog({
  open,
  title,
  onClose,
  fullWidth,
  children,
}: {
  open: boolean
  title: string
  onClose: () => void
  fullWidth?: DialogProps['fullWidth']
  children: ReactNode
}) {
  const { t } = useTranslation()
  const titleId = useId()
  return (
    <Dialog open={open} onClose={onClose} maxWidth="md" fullWidth={fullWidth} aria-labelledby={titleId}>
      <DialogTitle id={titleId}>{title}</DialogTitle>
      {children}
      <DialogActions sx={{ px: 3, py: 1.5 }}>
        <Button onClick={onClose}>{t('common:actions.close')}</Button>
      </DialogActions>
    </Dialog>
  )
}
