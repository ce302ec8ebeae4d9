import Button from '@mui/material/Button'
import Dialog from '@mui/material/Dialog'
import DialogActions from '@mui/material/DialogActions'
import DialogContent from '@mui/material/DialogContent'
import DialogContentText from '@mui/material/DialogContentText'
import DialogTitle from '@mui/material/DialogTitle'

// Unsaved text from an earlier visit of this page, for a file that has changed since: the user chooses.

export interface RestoreDraftDialogProps {
  open: boolean
  when: string
  onRestore(): void
  onKeepFile(): void
}

export function RestoreDraftDialog({ open, when, onRestore, onKeepFile }: RestoreDraftDialogProps) {
  return (
    <Dialog open={open} aria-labelledby="restore-title">
      <DialogTitle id="restore-title">Restore your unsaved text?</DialogTitle>
      <DialogContent>
        <DialogContentText>
          This page holds text you had not saved at {when}. The file has changed since then, so saving it will ask how to combine the two.
        </DialogContentText>
      </DialogContent>
      <DialogActions>
        <Button onClick={onKeepFile}>Show the file, keep my text aside</Button>
        <Button variant="contained" onClick={onRestore}>
          Restore my text
        </Button>
      </DialogActions>
    </Dialog>
  )
}
