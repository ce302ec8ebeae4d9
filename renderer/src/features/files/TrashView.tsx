import Alert from '@mui/material/Alert'
import Box from '@mui/material/Box'
import Button from '@mui/material/Button'
import Dialog from '@mui/material/Dialog'
import DialogActions from '@mui/material/DialogActions'
import DialogContent from '@mui/material/DialogContent'
import DialogTitle from '@mui/material/DialogTitle'
import Skeleton from '@mui/material/Skeleton'
import Stack from '@mui/material/Stack'
import Table from '@mui/material/Table'
import TableBody from '@mui/material/TableBody'
import TableCell from '@mui/material/TableCell'
import TableHead from '@mui/material/TableHead'
import TableRow from '@mui/material/TableRow'
import Typography from '@mui/material/Typography'
import DeleteOutlineRounded from '@mui/icons-material/DeleteOutlineRounded'
import RestoreFromTrashRounded from '@mui/icons-material/RestoreFromTrashRounded'
import { useId, useState } from 'react'
import type { TrashEntryDto } from '../../../../electron/contract/dto'
import { useApi } from '../../api/ApiProvider'
import { useCall } from '../../api/use-call'
import { ConfirmDialog } from '../../components/ConfirmDialog'
import { ErrorAlert } from '../../components/ErrorAlert'
import { formatBytes, formatDateTime } from '../../components/format'

type Pending = { kind: 'delete'; entry: TrashEntryDto } | { kind: 'empty' }

/** The Files page's way into the trash: a button that opens the Trash view. */
export function TrashButton({ onRestored }: { onRestored: () => void }) {
  const [open, setOpen] = useState(false)
  return (
    <>
      <Button variant="outlined" startIcon={<DeleteOutlineRounded />} onClick={() => setOpen(true)}>
        Trash
      </Button>
      <TrashView open={open} onClose={() => setOpen(false)} onRestored={onRestored} />
    </>
  )
}

/** Deleted files (trash:list): each can be restored where it was or deleted for good; the trash can be emptied. */
export function TrashView({ open, onClose, onRestored }: { open: boolean; onClose: () => void; onRestored: () => void }) {
  const titleId = useId()
  return (
    <Dialog open={open} onClose={onClose} maxWidth="md" fullWidth aria-labelledby={titleId}>
      <DialogTitle id={titleId}>Trash</DialogTitle>
      {open && <TrashContent onRestored={onRestored} />}
      <DialogActions sx={{ px: 3, py: 1.5 }}>
        <Button onClick={onClose}>Close</Button>
      </DialogActions>
    </Dialog>
  )
}

function pathName(path: string): { name: string; folder: string } {
  const slash = path.lastIndexOf('/')
  return { name: path.slice(slash + 1), folder: slash < 0 ? '' : path.slice(0, slash) }
}

function TrashContent({ onRestored }: { onRestored: () => void }) {
  const api = useApi()
  const trash = useCall(() => api.call('trash:list'), [api])
  const [pending, setPending] = useState<Pending | null>(null)
  const [done, setDone] = useState<string | null>(null)
  const [failure, setFailure] = useState<unknown>(null)
  const entries = trash.data ?? []

  async function restore(entry: TrashEntryDto): Promise<void> {
    setFailure(null)
    try {
      const restored = await api.call('trash:restore', entry.id)
      setDone(restored.path === entry.path ? `${restored.path} is back.` : `${entry.path} is back, as ${restored.path} (the name was taken).`)
      onRestored()
    } catch (error) {
      setFailure(error)
    }
    await trash.reload()
  }

  return (
    <DialogContent dividers sx={{ p: 0, minHeight: 200 }}>
      {done && (
        <Alert severity="success" role="status" sx={{ m: 2, mb: 0 }}>
          {done}
        </Alert>
      )}
      {failure != null && <ErrorAlert error={failure} sx={{ m: 2, mb: 0 }} />}
      {trash.error && <ErrorAlert error={trash.error} onRetry={() => void trash.reload()} sx={{ m: 2 }} />}
      {trash.loading && !trash.data && (
        <Box sx={{ p: 2 }} aria-busy="true">
          {[0, 1, 2].map((index) => (
            <Skeleton key={index} height={44} />
          ))}
        </Box>
      )}
      {trash.data?.length === 0 && (
        <Box sx={{ p: 4, textAlign: 'center' }}>
          <DeleteOutlineRounded sx={{ fontSize: 36, color: 'text.secondary', mb: 1 }} aria-hidden />
          <Typography>The trash is empty.</Typography>
          <Typography variant="body2" color="text.secondary">
            Files deleted by an editor or here are kept in the trash until they are restored or deleted for good.
          </Typography>
        </Box>
      )}
      {entries.length > 0 && (
        <>
          <Stack direction="row" sx={{ justifyContent: 'flex-end', px: 3, py: 1 }}>
            <Button color="error" onClick={() => setPending({ kind: 'empty' })}>
              Empty trash
            </Button>
          </Stack>
          <Table size="small" aria-label="Deleted files" stickyHeader>
            <TableHead>
              <TableRow>
                <TableCell sx={{ pl: 3 }}>Name</TableCell>
                <TableCell>Deleted</TableCell>
                <TableCell align="right">Size</TableCell>
                <TableCell>Kept until</TableCell>
                <TableCell align="right" sx={{ pr: 3 }}>
                  <Box component="span" sx={{ position: 'absolute', width: '1px', height: '1px', overflow: 'hidden', clip: 'rect(0 0 0 0)' }}>
                    Actions
                  </Box>
                </TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {entries.map((entry) => {
                const { name, folder } = pathName(entry.path)
                return (
                  <TableRow key={entry.id} hover>
                    <TableCell sx={{ pl: 3, overflowWrap: 'anywhere' }}>
                      <Typography variant="body2" sx={{ fontWeight: 600 }}>
                        {name}
                      </Typography>
                      {folder && (
                        <Typography variant="caption" color="text.secondary">
                          in {folder}
                        </Typography>
                      )}
                    </TableCell>
                    <TableCell>{formatDateTime(entry.deletedAt)}</TableCell>
                    <TableCell align="right">{formatBytes(entry.size)}</TableCell>
                    <TableCell sx={{ color: 'text.secondary' }}>{entry.expiresAt === null ? 'until emptied' : formatDateTime(entry.expiresAt)}</TableCell>
                    <TableCell align="right" sx={{ pr: 3, whiteSpace: 'nowrap' }}>
                      <Button size="small" variant="outlined" startIcon={<RestoreFromTrashRounded />} onClick={() => void restore(entry)} aria-label={`Restore ${entry.path}`}>
                        Restore
                      </Button>{' '}
                      <Button size="small" color="error" onClick={() => setPending({ kind: 'delete', entry })} aria-label={`Delete ${entry.path} for good`}>
                        Delete for good
                      </Button>
                    </TableCell>
                  </TableRow>
                )
              })}
            </TableBody>
          </Table>
        </>
      )}
      <ConfirmDialog
        open={pending !== null}
        title={pending?.kind === 'empty' ? 'Empty the trash?' : `Delete ${pending?.kind === 'delete' ? pathName(pending.entry.path).name : ''} for good?`}
        confirmLabel={pending?.kind === 'empty' ? 'Empty trash' : 'Delete for good'}
        destructive
        onClose={() => setPending(null)}
        onConfirm={async () => {
          if (!pending) return
          if (pending.kind === 'empty') {
            const { removed } = await api.call('trash:empty')
            setDone(`Deleted ${removed} file${removed === 1 ? '' : 's'} for good.`)
          } else {
            await api.call('trash:delete', pending.entry.id)
            setDone(`${pending.entry.path} is deleted for good.`)
          }
          await trash.reload()
        }}
      >
        {pending?.kind === 'empty'
          ? `All ${entries.length} deleted files are removed from this computer. This cannot be undone.`
          : 'The file is removed from this computer. This cannot be undone.'}
      </ConfirmDialog>
    </DialogContent>
  )
}
