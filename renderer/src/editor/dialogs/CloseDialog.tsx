import Button from '@mui/material/Button'
import Dialog from '@mui/material/Dialog'
import DialogActions from '@mui/material/DialogActions'
import DialogContent from '@mui/material/DialogContent'
import DialogContentText from '@mui/material/DialogContentText'
import DialogTitle from '@mui/material/DialogTitle'

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
  return (
    <Dialog open={open} onClose={onCancel} aria-labelledby="close-title">
      <DialogTitle id="close-title">Close without saving?</DialogTitle>
      <DialogContent>
        <DialogContentText>{reason} If you close now, your unsaved text is gone. Copy it first to keep it.</DialogContentText>
      </DialogContent>
      <DialogActions>
        <Button onClick={onCancel}>Keep editing</Button>
        <Button onClick={onCopy}>Copy text</Button>
        <Button color="error" onClick={onCloseAnyway}>
          Close without saving
        </Button>
      </DialogActions>
    </Dialog>
  )
}
