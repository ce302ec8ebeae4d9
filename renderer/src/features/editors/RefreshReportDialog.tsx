import Alert from '@mui/material/Alert'
import Box from '@mui/material/Box'
import Button from '@mui/material/Button'
import Chip from '@mui/material/Chip'
import Dialog from '@mui/material/Dialog'
import DialogActions from '@mui/material/DialogActions'
import DialogContent from '@mui/material/DialogContent'
import DialogTitle from '@mui/material/DialogTitle'
import List from '@mui/material/List'
import ListItem from '@mui/material/ListItem'
import Typography from '@mui/material/Typography'
import CheckCircleOutlined from '@mui/icons-material/CheckCircleOutlined'
import { useId } from 'react'
import type { EndpointDto, RefreshReport } from '../../../../electron/contract/dto'
import { changeKindLabel, changeSeverity } from './catalog-logic'
import { useTranslation } from 'react-i18next'

/** What a refresh found: each change to the catalog, "No changes", or why it failed. */
export function RefreshReportDialog({
  reports,
  endpoints,
  onClose,
}: {
  reports: RefreshReport[] | null
  endpoints: EndpointDto[]
  onClose: () => void
}) {
  const { t } = useTranslation()
  const titleId = useId()
  const nameOf = (id: string) => endpoints.find((endpoint) => endpoint.id === id)?.name ?? t('editors:refresh.unknownEditor')
  const single = reports?.length === 1 ? reports[0] : undefined
  return (
    <Dialog open={reports !== null} onClose={onClose} maxWidth="sm" aria-labelledby={titleId}>
      <DialogTitle id={titleId}>
        {single ? t('editors:refresh.refreshedOne', { name: nameOf(single.endpointId) }) : t('editors:refresh.refreshedAll')}
      </DialogTitle>
      <DialogContent dividers>
        {reports?.length === 0 && <Typography color="text.secondary">{t('editors:refresh.nothing')}</Typography>}
        {reports?.map((report) => (
          <Box key={report.endpointId} sx={{ '& + &': { mt: 3 } }}>
            {!single && (
              <Typography variant="h3" component="h3" sx={{ mb: 1 }}>
                {nameOf(report.endpointId)}
              </Typography>
            )}
            {!report.ok ? (
              <Alert severity="error">
                {report.error ?? t('editors:refresh.failed')} {t('editors:refresh.kept')}
              </Alert>
            ) : report.changes.length === 0 ? (
              <Box sx={{ display: 'flex', gap: 1, alignItems: 'center', color: 'text.secondary' }}>
                <CheckCircleOutlined color="success" fontSize="small" aria-hidden />
                <Typography>{t('editors:refresh.noChanges')}</Typography>
              </Box>
            ) : (
              <>
                <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
                  {t('editors:refresh.changes', { count: report.changes.length })}
                </Typography>
                <List dense disablePadding aria-label={t('editors:refresh.changesTo', { name: nameOf(report.endpointId) })}>
                  {report.changes.map((change, index) => (
                    <ListItem key={index} disableGutters sx={{ alignItems: 'flex-start', gap: 1.5 }}>
                      <Chip
                        size="small"
                        variant="outlined"
                        color={changeSeverity(change.kind)}
                        label={changeKindLabel(change.kind, t)}
                        sx={{ flexShrink: 0, minWidth: 120 }}
                      />
                      <Typography variant="body2" sx={{ pt: 0.25 }}>
                        {change.detail}
                      </Typography>
                    </ListItem>
                  ))}
                </List>
              </>
            )}
          </Box>
        ))}
      </DialogContent>
      <DialogActions sx={{ px: 3, py: 1.5 }}>
        <Button variant="contained" onClick={onClose}>
          {t('common:actions.close')}
        </Button>
      </DialogActions>
    </Dialog>
  )
}
