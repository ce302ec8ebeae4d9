import Box from '@mui/material/Box'
import Button from '@mui/material/Button'
import FormControlLabel from '@mui/material/FormControlLabel'
import Switch from '@mui/material/Switch'
import Card from '@mui/material/Card'
import MenuItem from '@mui/material/MenuItem'
import Stack from '@mui/material/Stack'
import Tab from '@mui/material/Tab'
import Tabs from '@mui/material/Tabs'
import TextField from '@mui/material/TextField'
import ToggleButton from '@mui/material/ToggleButton'
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup'
import Typography from '@mui/material/Typography'
import FileDownloadOutlined from '@mui/icons-material/FileDownloadOutlined'
import { useMemo, useState } from 'react'
import type { RequestDto } from '../../../../electron/contract/dto'
import { useApi } from '../../api/ApiProvider'
import { errorMessage } from '../../api/api-call-error'
import { useCall } from '../../api/use-call'
import { useEvent } from '../../api/use-event'
import { downloadText } from '../../components/clipboard'
import { ErrorAlert } from '../../components/ErrorAlert'
import { useNotify } from '../../components/NotifyProvider'
import { PageContainer } from '../../components/PageContainer'
import { PageHeader } from '../../components/PageHeader'
import { useNow } from '../../components/use-now'
import {
  ACTIVITY_CAP,
  defaultView,
  exportFileName,
  exportFilter,
  filterRequests,
  latencyStats,
  mergeRequests,
  timeRanges,
  type ActivityView,
  type StatusFilter,
  type TimeRange,
} from './activity-logic'
import { LatencyChart } from './LatencyChart'
import { RequestDetailPanel } from './RequestDetailPanel'
import { RequestsGrid } from './RequestsGrid'
import { SessionsPanel } from './SessionsPanel'
import { useTranslation } from 'react-i18next'

type ActivityTab = 'requests' | 'latency' | 'sessions'

export function ActivityPage() {
  const { t } = useTranslation()
  const api = useApi()
  const notify = useNotify()
  const now = useNow(15_000)
  const [tab, setTab] = useState<ActivityTab>('requests')
  const [view, setView] = useState<ActivityView>(defaultView)
  const [exporting, setExporting] = useState(false)
  const [selected, setSelected] = useState<RequestDto | null>(null)
  const recent = useCall(() => api.call('activity:recent', { limit: ACTIVITY_CAP }), [api])

  // Live events are kept apart from the loaded list, so one that arrives while the first load is still on its
  // way is merged in rather than overwritten by it.
  const [live, setLive] = useState<RequestDto[]>([])
  useEvent('activity:request', (request) => setLive((previous) => mergeRequests(previous, [request])))

  const all = useMemo(() => mergeRequests(mergeRequests([], recent.data ?? []), live), [recent.data, live])
  const operations = useMemo(() => [...new Set(all.map((request) => request.operation))].sort(), [all])
  const visible = useMemo(() => filterRequests(all, view, now), [all, view, now])
  const stats = useMemo(() => latencyStats(visible), [visible])
  const errors = visible.filter((request) => request.status < 200 || request.status >= 300).length
  const filtered = view.operation !== '' || view.status !== 'all' || view.file.trim() !== '' || view.range !== 'all'

  const exportRange = async () => {
    setExporting(true)
    try {
      const result = await api.call('activity:export', exportFilter(view, Date.now()))
      const file = view.file.trim().toLowerCase()
      const requests = file
        ? result.requests.filter((request: RequestDto) => (request.fileName ?? '').toLowerCase().includes(file))
        : result.requests
      downloadText(exportFileName('range', Date.now()), JSON.stringify({ ...result, requests }, null, 2))
    } catch (error) {
      notify(errorMessage(error), 'error')
    } finally {
      setExporting(false)
    }
  }

  const conformanceCount = useMemo(() => all.filter((request) => request.conformance).length, [all])
  const update = (patch: Partial<ActivityView>) => setView((previous) => ({ ...previous, ...patch }))

  return (
    <PageContainer fill maxWidth={1400}>
      <PageHeader
        title={t('activity:title')}
        description={t('activity:description')}
        actions={
          <Button
            variant="outlined"
            startIcon={<FileDownloadOutlined />}
            onClick={() => void exportRange()}
            loading={exporting}
            loadingPosition="start"
          >
            {t('activity:export')}
          </Button>
        }
      />

      <Stack
        direction="row"
        sx={{ gap: 1.5, mb: 2, flexWrap: 'wrap', alignItems: 'center' }}
        role="group"
        aria-label={t('activity:filters')}
      >
        <TextField
          select
          label={t('activity:operation')}
          value={view.operation}
          onChange={(event) => update({ operation: event.target.value })}
          sx={{ width: 190 }}
          slotProps={{ inputLabel: { shrink: true }, select: { displayEmpty: true } }}
        >
          <MenuItem value="">{t('activity:allOperations')}</MenuItem>
          {operations.map((operation) => (
            <MenuItem key={operation} value={operation}>
              {operation}
            </MenuItem>
          ))}
        </TextField>
        <ToggleButtonGroup
          exclusive
          size="small"
          value={view.status}
          onChange={(_event, value: StatusFilter | null) => value && update({ status: value })}
          aria-label={t('activity:status')}
          sx={{ '& .MuiToggleButton-root': { px: 1.5, py: 0.6, textTransform: 'none', fontWeight: 600 } }}
        >
          <ToggleButton value="all">{t('activity:statusAll')}</ToggleButton>
          <ToggleButton value="ok">{t('activity:statusOk')}</ToggleButton>
          <ToggleButton value="errors">{t('activity:statusErrors')}</ToggleButton>
        </ToggleButtonGroup>
        <TextField
          label={t('activity:file')}
          placeholder={t('activity:anyFile')}
          value={view.file}
          onChange={(event) => update({ file: event.target.value })}
          sx={{ width: 200 }}
          slotProps={{ inputLabel: { shrink: true } }}
        />
        <TextField
          select
          label={t('activity:timeRange')}
          value={view.range}
          onChange={(event) => update({ range: event.target.value as TimeRange })}
          sx={{ width: 180 }}
        >
          {timeRanges.map((range) => (
            <MenuItem key={range.value} value={range.value}>
              {t(range.label)}
            </MenuItem>
          ))}
        </TextField>
        {conformanceCount > 0 && (
          <FormControlLabel
            control={<Switch size="small" checked={view.conformance} onChange={(_event, checked) => update({ conformance: checked })} />}
            label={t('activity:conformanceRuns', { count: conformanceCount })}
            sx={{ ml: 0.5, '& .MuiFormControlLabel-label': { fontSize: '0.875rem' } }}
          />
        )}
        {filtered && (
          <Button size="small" onClick={() => setView(defaultView)}>
            {t('activity:clearFilters')}
          </Button>
        )}
        <Box sx={{ flex: 1 }} />
        <LiveSummary total={visible.length} errors={errors} />
      </Stack>

      {recent.error && !recent.data && (
        <ErrorAlert error={recent.error} title={t('activity:loadFailed')} onRetry={() => void recent.reload()} sx={{ mb: 2 }} />
      )}

      <Card sx={{ flex: 1, minHeight: 360, display: 'flex', flexDirection: 'column' }}>
        <Tabs
          value={tab}
          onChange={(_event, value: ActivityTab) => setTab(value)}
          aria-label={t('activity:views')}
          sx={{ px: 2, borderBottom: 1, borderColor: 'divider', minHeight: 44, '& .MuiTab-root': { minHeight: 44 } }}
        >
          <Tab value="requests" label={t('activity:tabs.requests')} id="activity-tab-requests" aria-controls="activity-panel-requests" />
          <Tab value="latency" label={t('activity:tabs.latency')} id="activity-tab-latency" aria-controls="activity-panel-latency" />
          <Tab value="sessions" label={t('activity:tabs.sessions')} id="activity-tab-sessions" aria-controls="activity-panel-sessions" />
        </Tabs>
        <Box
          role="tabpanel"
          id={`activity-panel-${tab}`}
          aria-labelledby={`activity-tab-${tab}`}
          sx={{ flex: 1, minHeight: 0, display: 'flex', flexDirection: 'column', overflow: tab === 'latency' ? 'auto' : 'hidden' }}
        >
          {tab === 'requests' && (
            <RequestsGrid requests={visible} loading={recent.loading && !recent.data} filtered={filtered} onSelect={setSelected} />
          )}
          {tab === 'latency' && (
            <Box sx={{ p: 3 }}>
              <Typography variant="h2" component="h2" sx={{ mb: 0.5 }}>
                {t('activity:latency.title')}
              </Typography>
              <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
                {t('activity:latency.body', { count: visible.length })}
              </Typography>
              <LatencyChart stats={stats} />
            </Box>
          )}
          {tab === 'sessions' && <SessionsPanel now={now} />}
        </Box>
      </Card>
      <RequestDetailPanel request={selected} onClose={() => setSelected(null)} />
    </PageContainer>
  )
}

function LiveSummary({ total, errors }: { total: number; errors: number }) {
  const { t } = useTranslation()
  return (
    <Stack direction="row" sx={{ alignItems: 'center', gap: 1 }} aria-live="polite">
      <Box
        aria-hidden
        sx={{
          width: 8,
          height: 8,
          borderRadius: '50%',
          bgcolor: 'success.main',
          boxShadow: '0 0 0 0 currentColor',
          color: 'success.main',
          animation: 'wopiLivePulse 2s infinite',
          '@keyframes wopiLivePulse': {
            '0%': { boxShadow: '0 0 0 0 rgba(31,138,76,0.5)' },
            '70%': { boxShadow: '0 0 0 6px rgba(31,138,76,0)' },
            '100%': { boxShadow: '0 0 0 0 rgba(31,138,76,0)' },
          },
        }}
      />
      <Typography variant="body2" color="text.secondary" sx={{ whiteSpace: 'nowrap' }}>
        {t('activity:live', { count: total })}
        {errors > 0 && (
          <Box component="span" sx={{ color: 'error.main', fontWeight: 600 }}>
            {' '}
            · {t('activity:errors', { count: errors })}
          </Box>
        )}
      </Typography>
    </Stack>
  )
}
