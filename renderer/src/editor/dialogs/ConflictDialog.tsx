import Button from '@mui/material/Button'
import Dialog from '@mui/material/Dialog'
import DialogActions from '@mui/material/DialogActions'
import DialogContent from '@mui/material/DialogContent'
import DialogContentText from '@mui/material/DialogContentText'
import DialogTitle from '@mui/material/DialogTitle'
import List from '@mui/material/List'
import ListItemButton from '@mui/material/ListItemButton'
import ListItemIcon from '@mui/material/ListItemIcon'
import ListItemText from '@mui/material/ListItemText'
import ContentCopyIcon from '@mui/icons-material/FileCopyOutlined'
import DownloadIcon from '@mui/icons-material/CloudDownloadOutlined'
import PublishIcon from '@mui/icons-material/PublishOutlined'
import ReplayIcon from '@mui/icons-material/Replay'
import { useState } from 'react'
import type { EditorError } from '../../../../electron/contract/editor-page'

// What to do when a save cannot land: the file changed on disk (Collabora's COOLStatusCode 1010) or the
// lock belongs to someone else now. Every choice keeps the user's text: as a copy, over theirs (the host
// keeps the overwritten content as a version), or next to theirs in a panel to copy from.

export type ConflictChoice = 'save-copy' | 'overwrite' | 'load-theirs' | 'retry'

export interface ConflictDialogProps {
  error: EditorError | null
  busy: boolean
  canSaveAs: boolean
  onChoose(choice: ConflictChoice): void
  onCancel(): void
}

export function ConflictDialog({ error, busy, canSaveAs, onChoose, onCancel }: ConflictDialogProps) {
  // While the dialog fades out (error is null by then) it keeps showing what it showed: without this, its title
  // and choices switch to the lock variant for the length of the transition.
  const [shown, setShown] = useState<EditorError | null>(error)
  if (error !== null && error !== shown) setShown(error)
  const current = error ?? shown
  const changed = current?.code === 'changed-on-disk'
  const choices: Array<{ id: ConflictChoice; title: string; detail: string; icon: React.ReactNode; show: boolean }> = [
    {
      id: 'save-copy',
      title: 'Save mine as a copy',
      detail: 'Keep both: your text goes to a new file next to this one, and you continue there.',
      icon: <ContentCopyIcon />,
      show: canSaveAs,
    },
    {
      id: 'overwrite',
      title: 'Overwrite with mine',
      detail: 'Replace the file with your text. WOPI Desk keeps their version in the file’s history.',
      icon: <PublishIcon />,
      show: changed,
    },
    {
      id: 'load-theirs',
      title: 'Load theirs',
      detail: 'Show the file as it is now. Your text stays open beside it to copy from.',
      icon: <DownloadIcon />,
      show: changed,
    },
    {
      id: 'retry',
      title: 'Try again',
      detail: 'Save again, for example after the other person closed the file.',
      icon: <ReplayIcon />,
      show: !changed,
    },
  ]
  return (
    <Dialog open={error !== null} onClose={busy ? undefined : onCancel} maxWidth="sm" aria-labelledby="conflict-title">
      <DialogTitle id="conflict-title">{changed ? 'The file changed while you were editing' : 'Your changes could not be saved'}</DialogTitle>
      <DialogContent sx={{ pb: 0 }}>
        <DialogContentText>{current?.message} Nothing you typed is lost.</DialogContentText>
        <List sx={{ mt: 1 }}>
          {choices
            .filter((choice) => choice.show)
            .map((choice) => (
              <ListItemButton
                key={choice.id}
                disabled={busy}
                onClick={() => onChoose(choice.id)}
                sx={{ borderRadius: 1.5, border: 1, borderColor: 'divider', mb: 1, alignItems: 'flex-start' }}
              >
                <ListItemIcon sx={{ minWidth: 40, mt: 0.5, color: 'primary.main' }}>{choice.icon}</ListItemIcon>
                <ListItemText primary={choice.title} secondary={choice.detail} slotProps={{ primary: { sx: { fontWeight: 600 } } }} />
              </ListItemButton>
            ))}
        </List>
      </DialogContent>
      <DialogActions>
        <Button onClick={onCancel} disabled={busy}>
          Decide later
        </Button>
      </DialogActions>
    </Dialog>
  )
}
