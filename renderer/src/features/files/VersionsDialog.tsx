import Alert from '@mui/material/Alert'
import Button from '@mui/material/Button'
import DialogContent from '@mui/material/DialogContent'
import Table from '@mui/material/Table'
import TableBody from '@mui/material/TableBody'
import TableCell from '@mui/material/TableCell'
import TableHead from '@mui/material/TableHead'
import TableRow from '@mui/material/TableRow'
import HistoryRounded from '@mui/icons-material/HistoryRounded'
import { useMemo, useState } from 'react'
import type { FileEntryDto, VersionDto } from '../../../../electron/contract/dto'
import { useApi } from '../../api/ApiProvider'
import { useCall } from '../../api/use-call'
import { ConfirmDialog } from '../../components/ConfirmDialog'
import { CloseOnlyDialog } from '../../components/CloseOnlyDialog'
import { DialogListStates } from '../../components/DialogListStates'
import { formatBytes, formatDateTime } from '../../components/format'
import { ActionsHeaderCell } from './ActionsHeaderCell'
import { versionReasonKey } from './file-logic'
import { useTranslation } from 'react-i18next'

/** The kept versions of a document (files:versions), each restorable after a confirmation. */
export function VersionsDialog({
  entry,
  place,
  onClose,
  onRestored,
}: {
  entry: FileEntryDto | null
  /** the place the entry's path is relative to (PlaceDto.id); the served folder when left out */
  place?: string | undefined
  onClose: () => void
  onRestored: () => void
}) {
  const { t } = useTranslation()
  return (
    <CloseOnlyDialog open={entry !== null} title={t('files:row.versionsOf', { name: entry?.name ?? '' })} onClose={onClose}>
      {entry && <VersionsContent entry={entry} place={place} onRestored={onRestored} />}
    </CloseOnlyDialog>
  )
}

function VersionsContent({ entry, place, onRestored }: { entry: FileEntryDto; place: string | undefined; onRestored: () => void }) {
  const { t } = useTranslation()
  const api = useApi()
  const where = useMemo(() => (place ? { place } : {}), [place])
  const versions = useCall(() => api.call('files:versions', entry.path, where), [api, entry.path, where])
  const [restoring, setRestoring] = useState<VersionDto | null>(null)
  // Said inside the dialog: a toast behind a modal dialog is hidden from screen readers (aria-hidden).
  const [restored, setRestored] = useState<string | null>(null)

  return (
    <DialogContent dividers sx={{ p: 0, minHeight: 200 }}>
      {restored && (
        <Alert severity="success" role="status" sx={{ m: 2, mb: 0 }}>
          {restored}
        </Alert>
      )}
      <DialogListStates
        list={versions}
        emptyIcon={HistoryRounded}
        emptyTitle={t('files:versions.none')}
        emptyHelp={t('files:versions.noneHelp', { name: entry.name })}
      />
      {versions.data && versions.data.length > 0 && (
        <Table size="small" aria-label={t('files:row.versionsOf', { name: entry.name })} stickyHeader>
          <TableHead>
            <TableRow>
              <TableCell sx={{ pl: 3 }}>{t('files:versions.version')}</TableCell>
              <TableCell>{t('files:versions.saved')}</TableCell>
              <TableCell align="right">{t('files:columns.size')}</TableCell>
              <TableCell>{t('files:versions.reason')}</TableCell>
              <ActionsHeaderCell />
            </TableRow>
          </TableHead>
          <TableBody>
            {versions.data.map((version) => (
              <TableRow key={version.id} hover>
                <TableCell sx={{ pl: 3, fontWeight: 600 }}>{version.version}</TableCell>
                <TableCell>{formatDateTime(version.createdAt)}</TableCell>
                <TableCell align="right">{formatBytes(version.size)}</TableCell>
                <TableCell sx={{ color: 'text.secondary' }}>
                  {(() => {
                    const key = versionReasonKey(version.reason)
                    return key ? t(key) : version.reason
                  })()}
                </TableCell>
                <TableCell align="right" sx={{ pr: 3 }}>
                  <Button
                    size="small"
                    variant="outlined"
                    onClick={() => setRestoring(version)}
                    aria-label={t('files:versions.restoreNamed', { version: version.version })}
                  >
                    {t('files:versions.restore')}
                  </Button>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      <ConfirmDialog
        open={restoring !== null}
        title={t('files:versions.restoreTitle', { version: restoring?.version ?? '' })}
        confirmLabel={t('files:versions.restore')}
        onClose={() => setRestoring(null)}
        onConfirm={async () => {
          if (!restoring) return
          await api.call('files:restore-version', entry.path, restoring.id, where)
          setRestored(t('files:versions.restored', { name: entry.name, version: restoring.version }))
          onRestored()
          await versions.reload()
        }}
      >
        {t('files:versions.restoreBody', { name: entry.name, date: restoring ? formatDateTime(restoring.createdAt) : '' })}
      </ConfirmDialog>
    </DialogContent>
  )
}
