import Alert from '@mui/material/Alert'
import Button from '@mui/material/Button'
import DialogContent from '@mui/material/DialogContent'
import Stack from '@mui/material/Stack'
import Table from '@mui/material/Table'
import TableBody from '@mui/material/TableBody'
import TableCell from '@mui/material/TableCell'
import TableHead from '@mui/material/TableHead'
import TableRow from '@mui/material/TableRow'
import Typography from '@mui/material/Typography'
import DeleteOutlineRounded from '@mui/icons-material/DeleteOutlineRounded'
import RestoreFromTrashRounded from '@mui/icons-material/RestoreFromTrashRounded'
import { useState } from 'react'
import type { TrashEntryDto } from '../../../../electron/contract/dto'
import { useApi } from '../../api/ApiProvider'
import { useCall } from '../../api/use-call'
import { CloseOnlyDialog } from '../../components/CloseOnlyDialog'
import { ConfirmDialog } from '../../components/ConfirmDialog'
import { DialogListStates } from '../../components/DialogListStates'
import { ErrorAlert } from '../../components/ErrorAlert'
import { formatBytes, formatDateTime } from '../../components/format'
import { ActionsHeaderCell } from './ActionsHeaderCell'
import { useTranslation } from 'react-i18next'

type Pending = { kind: 'delete'; entry: TrashEntryDto } | { kind: 'empty' }

/** The Files page's way into the trash: a button that opens the Trash view. */
export function TrashButton({ onRestored }: { onRestored: () => void }) {
  const { t } = useTranslation()
  const [open, setOpen] = useState(false)
  return (
    <>
      <Button variant="outlined" startIcon={<DeleteOutlineRounded />} onClick={() => setOpen(true)}>
        {t('files:trash.title')}
      </Button>
      <TrashView open={open} onClose={() => setOpen(false)} onRestored={onRestored} />
    </>
  )
}

/** Deleted files (trash:list): each can be restored where it was or deleted for good; the trash can be emptied. */
export function TrashView({ open, onClose, onRestored }: { open: boolean; onClose: () => void; onRestored: () => void }) {
  const { t } = useTranslation()
  return (
    <CloseOnlyDialog open={open} title={t('files:trash.title')} onClose={onClose} fullWidth>
      {open && <TrashContent onRestored={onRestored} />}
    </CloseOnlyDialog>
  )
}

function pathName(path: string): { name: string; folder: string } {
  const slash = path.lastIndexOf('/')
  return { name: path.slice(slash + 1), folder: slash < 0 ? '' : path.slice(0, slash) }
}

function TrashContent({ onRestored }: { onRestored: () => void }) {
  const { t } = useTranslation()
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
      setDone(
        restored.path === entry.path
          ? t('files:trash.back', { path: restored.path })
          : t('files:trash.backAs', { path: entry.path, as: restored.path }),
      )
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
      <DialogListStates
        list={trash}
        emptyIcon={DeleteOutlineRounded}
        emptyTitle={t('files:trash.empty')}
        emptyHelp={t('files:trash.emptyHelp')}
      />
      {entries.length > 0 && (
        <>
          <Stack direction="row" sx={{ justifyContent: 'flex-end', px: 3, py: 1 }}>
            <Button color="error" onClick={() => setPending({ kind: 'empty' })}>
              {t('files:trash.emptyTrash')}
            </Button>
          </Stack>
          <Table size="small" aria-label={t('files:trash.deletedFiles')} stickyHeader>
            <TableHead>
              <TableRow>
                <TableCell sx={{ pl: 3 }}>{t('files:columns.name')}</TableCell>
                <TableCell>{t('files:trash.deleted')}</TableCell>
                <TableCell align="right">{t('files:columns.size')}</TableCell>
                <TableCell>{t('files:trash.keptUntil')}</TableCell>
                <ActionsHeaderCell />
              </TableRow>
            </TableHead>
            <TableBody>
              {entries.map((entry) => {
                const { name, folder } = pathName(entry.path)
                // The served folder's entries say nothing more: the place is named only when it is another one.
                const placeName = entry.place !== undefined && entry.place !== 'root' ? entry.placeName : undefined
                let where = folder ? t('files:trash.inFolder', { folder }) : ''
                if (placeName !== undefined)
                  where = folder
                    ? t('files:trash.inFolderOfPlace', { folder, place: placeName })
                    : t('files:trash.inPlace', { place: placeName })
                return (
                  <TableRow key={entry.id} hover>
                    <TableCell sx={{ pl: 3, overflowWrap: 'anywhere' }}>
                      <Typography variant="body2" sx={{ fontWeight: 600 }}>
                        {name}
                      </Typography>
                      {where && (
                        <Typography variant="caption" color="text.secondary">
                          {where}
                        </Typography>
                      )}
                    </TableCell>
                    <TableCell>{formatDateTime(entry.deletedAt)}</TableCell>
                    <TableCell align="right">{formatBytes(entry.size)}</TableCell>
                    <TableCell sx={{ color: 'text.secondary' }}>
                      {entry.expiresAt === null ? t('files:trash.untilEmptied') : formatDateTime(entry.expiresAt)}
                    </TableCell>
                    <TableCell align="right" sx={{ pr: 3, whiteSpace: 'nowrap' }}>
                      <Button
                        size="small"
                        variant="outlined"
                        startIcon={<RestoreFromTrashRounded />}
                        onClick={() => void restore(entry)}
                        aria-label={t('files:trash.restoreNamed', { path: entry.path })}
                      >
                        {t('files:versions.restore')}
                      </Button>{' '}
                      <Button
                        size="small"
                        color="error"
                        onClick={() => setPending({ kind: 'delete', entry })}
                        aria-label={t('files:trash.deleteNamed', { path: entry.path })}
                      >
                        {t('files:trash.deleteForGood')}
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
        title={
          pending?.kind === 'empty'
            ? t('files:trash.emptyTitle')
            : t('files:trash.deleteTitle', { name: pending?.kind === 'delete' ? pathName(pending.entry.path).name : '' })
        }
        confirmLabel={pending?.kind === 'empty' ? t('files:trash.emptyTrash') : t('files:trash.deleteForGood')}
        destructive
        onClose={() => setPending(null)}
        onConfirm={async () => {
          if (!pending) return
          if (pending.kind === 'empty') {
            const { removed } = await api.call('trash:empty')
            setDone(t('files:trash.emptied', { count: removed }))
          } else {
            await api.call('trash:delete', pending.entry.id)
            setDone(t('files:trash.deletedForGood', { path: pending.entry.path }))
          }
          await trash.reload()
        }}
      >
        {pending?.kind === 'empty' ? t('files:trash.emptyBody', { count: entries.length }) : t('files:trash.deleteBody')}
      </ConfirmDialog>
    </DialogContent>
  )
}
