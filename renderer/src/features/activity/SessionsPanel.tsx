import Box from '@mui/material/Box'
import Button from '@mui/material/Button'
import Chip from '@mui/material/Chip'
import List from '@mui/material/List'
import ListItemButton from '@mui/material/ListItemButton'
import ListItemText from '@mui/material/ListItemText'
import Skeleton from '@mui/material/Skeleton'
import Stack from '@mui/material/Stack'
import Typography from '@mui/material/Typography'
import FileDownloadOutlined from '@mui/icons-material/FileDownloadOutlined'
import { useEffect, useState } from 'react'
import type { RequestDto, SessionSummaryDto } from '../../../../electron/contract/dto'
import { useApi } from '../../api/ApiProvider'
import { errorMessage } from '../../api/api-call-error'
import { useCall } from '../../api/use-call'
import { useEvent } from '../../api/use-event'
import { downloadText } from '../../components/clipboard'
import { ErrorAlert } from '../../components/ErrorAlert'
import { formatDateTime, formatRelative } from '../../components/format'
import { useNotify } from '../../components/NotifyProvider'
import { exportFileName, mergeRequests } from './activity-logic'
import { SessionTimeline } from './SessionTimeline'
import { StatusChip } from './StatusChip'
import { useTranslation } from 'react-i18next'

/** Editing sessions (one per "open this file with that app") and the request timeline of the chosen one. */
export function SessionsPanel({ now }: { now: number }) {
  const { t } = useTranslation()
  const api = useApi()
  const notify = useNotify()
  const sessions = useCall(() => api.call('activity:sessions', 200), [api])
  const [selected, setSelected] = useState<string | null>(null)
  const [exporting, setExporting] = useState(false)
  const current = sessions.data?.find((session) => session.id === selected) ?? null

  useEffect(() => {
    if (selected === null && sessions.data && sessions.data.length > 0) setSelected(sessions.data[0]!.id)
  }, [sessions.data, selected])

  const timeline = useCall<RequestDto[]>(
    () => (selected ? api.call('activity:recent', { sessionId: selected, limit: 10_000 }) : Promise.resolve([])),
    [api, selected],
  )
  useEvent('activity:request', (request) => {
    if (request.sessionId && request.sessionId === selected)
      timeline.setData((previous) => mergeRequests(previous ?? [], [request], 10_000))
  })

  const exportSession = async (session: SessionSummaryDto) => {
    setExporting(true)
    try {
      const result = await api.call('activity:export', { sessionId: session.id, limit: 10_000 })
      downloadText(exportFileName('session', Date.now(), session.id), JSON.stringify(result, null, 2))
    } catch (error) {
      notify(errorMessage(error), 'error')
    } finally {
      setExporting(false)
    }
  }

  if (sessions.error && !sessions.data) return <ErrorAlert error={sessions.error} onRetry={() => void sessions.reload()} sx={{ m: 2 }} />
  if (sessions.data?.length === 0) {
    return (
      <Typography color="text.secondary" sx={{ py: 6, px: 3, textAlign: 'center' }}>
        {t('activity:sessions.none')}
      </Typography>
    )
  }
  return (
    <Box sx={{ display: 'grid', gridTemplateColumns: 'minmax(240px, 320px) minmax(0, 1fr)', flex: 1, minHeight: 0 }}>
      <Box sx={{ borderRight: 1, borderColor: 'divider', overflow: 'auto', minHeight: 0 }}>
        {!sessions.data ? (
          <Box sx={{ p: 2 }}>
            {[0, 1, 2, 3].map((index) => (
              <Skeleton key={index} height={56} />
            ))}
          </Box>
        ) : (
          <List dense aria-label={t('activity:tabs.sessions')} sx={{ py: 0.5 }}>
            {sessions.data.map((session) => (
              <ListItemButton
                key={session.id}
                selected={session.id === selected}
                onClick={() => setSelected(session.id)}
                aria-current={session.id === selected ? 'true' : undefined}
                sx={{ alignItems: 'flex-start', py: 1, px: 2 }}
              >
                <ListItemText
                  primary={session.fileName}
                  secondary={`${session.appName ?? t('activity:sessions.unknownApp')} · ${session.action} · ${formatRelative(session.createdAt, now)}`}
                  slotProps={{ primary: { noWrap: true, sx: { fontWeight: 600 } }, secondary: { noWrap: true } }}
                />
                <Stack sx={{ alignItems: 'flex-end', gap: 0.5, ml: 1, pt: 0.25 }}>
                  {session.lastStatus !== null && <StatusChip status={session.lastStatus} />}
                  {session.closedAt === null && (
                    <Chip label={t('activity:sessions.open')} size="small" color="primary" sx={{ height: 20, fontSize: '0.6875rem' }} />
                  )}
                </Stack>
              </ListItemButton>
            ))}
          </List>
        )}
      </Box>
      <Box sx={{ overflow: 'auto', minHeight: 0, p: 3 }}>
        {current && (
          <>
            <Stack direction="row" sx={{ alignItems: 'flex-start', justifyContent: 'space-between', gap: 2, mb: 2.5 }}>
              <Box sx={{ minWidth: 0 }}>
                <Typography variant="h2" component="h2" noWrap>
                  {current.fileName}
                </Typography>
                <Typography variant="body2" color="text.secondary">
                  {current.appName ?? t('activity:sessions.unknownApp')} · {current.action} ·{' '}
                  {t('activity:sessions.started', { when: formatDateTime(current.createdAt) })}
                  {' · '}
                  {current.closedAt
                    ? t('activity:sessions.closed', { when: formatRelative(current.closedAt, now) })
                    : t('activity:sessions.stillOpen')}
                  {' · '}
                  {t('activity:sessions.requests', { count: current.requests })}
                </Typography>
              </Box>
              <Button
                variant="outlined"
                size="small"
                startIcon={<FileDownloadOutlined />}
                onClick={() => void exportSession(current)}
                loading={exporting}
                loadingPosition="start"
                sx={{ flexShrink: 0 }}
              >
                {t('activity:sessions.export')}
              </Button>
            </Stack>
            {timeline.error && <ErrorAlert error={timeline.error} onRetry={() => void timeline.reload()} />}
            {timeline.loading && !timeline.data?.length ? (
              <Box>
                {[0, 1, 2, 3].map((index) => (
                  <Skeleton key={index} height={48} />
                ))}
              </Box>
            ) : timeline.data && timeline.data.length > 0 ? (
              <SessionTimeline requests={timeline.data} />
            ) : (
              <Typography color="text.secondary">{t('activity:sessions.noRequests')}</Typography>
            )}
          </>
        )}
      </Box>
    </Box>
  )
}
