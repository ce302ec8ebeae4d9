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
import { useTranslation } from 'react-i18next'

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
  const { t } = useTranslation()
  // While the dialog fades out (error is null by then) it keeps showing what it showed: without this, its title
  // and choices switch to the lock variant for the length of the transition.
  const [shown, setShown] = useState<EditorError | null>(error)
  if (error !== null && error !== shown) setShown(error)
  const current = error ?? shown
  const changed = current?.code === 'changed-on-disk'
  const choices: Array<{ id: ConflictChoice; title: string; detail: string; icon: React.ReactNode; show: boolean }> = [
    {
      id: 'save-copy',
      title: t('editor:conflict.saveCopy'),
      detail: t('editor:conflict.saveCopyDetail'),
      icon: <ContentCopyIcon />,
      show: canSaveAs,
    },
    {
      id: 'overwrite',
      title: t('editor:conflict.overwrite'),
      detail: t('editor:conflict.overwriteDetail'),
      icon: <PublishIcon />,
      show: changed,
    },
    {
      id: 'load-theirs',
      title: t('editor:conflict.loadTheirs'),
      detail: t('editor:conflict.loadTheirsDetail'),
      icon: <DownloadIcon />,
      show: changed,
    },
    {
      id: 'retry',
      title: t('common:actions.tryAgain'),
      detail: t('editor:conflict.retryDetail'),
      icon: <ReplayIcon />,
      show: !changed,
    },
  ]
  return (
    <Dialog open={error !== null} onClose={busy ? undefined : onCancel} maxWidth="sm" aria-labelledby="conflict-title">
      <DialogTitle id="conflict-title">{changed ? t('editor:conflict.changedTitle') : t('editor:conflict.failedTitle')}</DialogTitle>
      <DialogContent sx={{ pb: 0 }}>
        <DialogContentText>
          {current?.message} {t('editor:conflict.nothingLost')}
        </DialogContentText>
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
          {t('editor:conflict.later')}
        </Button>
      </DialogActions>
    </Dialog>
  )
}
