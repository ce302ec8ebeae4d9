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
import { pluralize } from '../../components/format'
import { changeKindLabel, changeSeverity } from './catalog-logic'

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
  const titleId = useId()
  const nameOf = (id: string) => endpoints.find((endpoint) => endpoint.id === id)?.name ?? 'Editor'
  const single = reports?.length === 1 ? reports[0] : undefined
  return (
    <Dialog open={reports !== null} onClose={onClose} maxWidth="sm" aria-labelledby={titleId}>
      <DialogTitle id={titleId}>{single ? `Refreshed ${nameOf(single.endpointId)}` : 'Refreshed all editors'}</DialogTitle>
      <DialogContent dividers>
        {reports?.length === 0 && <Typography color="text.secondary">There are no editors to refresh.</Typography>}
        {reports?.map((report) => (
          <Box key={report.endpointId} sx={{ '& + &': { mt: 3 } }}>
            {!single && (
              <Typography variant="h3" component="h3" sx={{ mb: 1 }}>
                {nameOf(report.endpointId)}
              </Typography>
            )}
            {!report.ok ? (
              <Alert severity="error">{report.error ?? 'The editor could not be refreshed.'} The catalog keeps what it had before.</Alert>
            ) : report.changes.length === 0 ? (
              <Box sx={{ display: 'flex', gap: 1, alignItems: 'center', color: 'text.secondary' }}>
                <CheckCircleOutlined color="success" fontSize="small" aria-hidden />
                <Typography>No changes</Typography>
              </Box>
            ) : (
              <>
                <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
                  {pluralize(report.changes.length, 'change')} since the last refresh:
                </Typography>
                <List dense disablePadding aria-label={`Changes to ${nameOf(report.endpointId)}`}>
                  {report.changes.map((change, index) => (
                    <ListItem key={index} disableGutters sx={{ alignItems: 'flex-start', gap: 1.5 }}>
                      <Chip
                        size="small"
                        variant="outlined"
                        color={changeSeverity(change.kind)}
                        label={changeKindLabel(change.kind)}
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
          Close
        </Button>
      </DialogActions>
    </Dialog>
  )
}
