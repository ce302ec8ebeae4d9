import Box from '@mui/material/Box'
import Button from '@mui/material/Button'
import Card from '@mui/material/Card'
import Chip from '@mui/material/Chip'
import LinearProgress from '@mui/material/LinearProgress'
import Skeleton from '@mui/material/Skeleton'
import Stack from '@mui/material/Stack'
import Typography from '@mui/material/Typography'
import ContentCopyRounded from '@mui/icons-material/ContentCopyRounded'
import MonitorHeartOutlined from '@mui/icons-material/MonitorHeartOutlined'
import PlayArrowRounded from '@mui/icons-material/PlayArrowRounded'
import SaveAltRounded from '@mui/icons-material/SaveAltRounded'
import { useId, useMemo, useRef, useState } from 'react'
import type { CheckResultDto, CheckStatus, DoctorProgress } from '../../../../electron/contract/dto'
import { useApi } from '../../api/ApiProvider'
import { errorMessage } from '../../api/api-call-error'
import { useCall } from '../../api/use-call'
import { useEvent } from '../../api/use-event'
import { copyText, downloadText } from '../../components/clipboard'
import { EmptyState } from '../../components/EmptyState'
import { ErrorAlert } from '../../components/ErrorAlert'
import { formatDateTime, formatRelative, pluralize } from '../../components/format'
import { useNotify } from '../../components/NotifyProvider'
import { PageContainer } from '../../components/PageContainer'
import { PageHeader } from '../../components/PageHeader'
import { newRequestId } from '../../components/request-id'
import { useNow } from '../../components/use-now'
import { CheckStatusBadge } from './CheckStatusIcon'
import { CheckAnotherHost } from './CheckAnotherHost'
import { ConformancePanel } from './ConformancePanel'
import { FixAdvice } from './FixAdvice'
import { countByStatus, filterGroups, groupChecks, upsertResult, type CheckGroup } from './doctor-logic'

export function DoctorPage() {
  const api = useApi()
  const notify = useNotify()
  const now = useNow(30_000)
  const last = useCall(() => api.call('doctor:last'), [api])
  const catalog = useCall(() => api.call('catalog:list'), [api])
  const [running, setRunning] = useState(false)
  const [progress, setProgress] = useState<DoctorProgress | null>(null)
  const [live, setLive] = useState<CheckResultDto[] | null>(null)
  const [runError, setRunError] = useState<unknown>(null)
  const [copying, setCopying] = useState(false)
  const runId = useRef<string | null>(null)
  const [shown, setShown] = useState<CheckStatus | null>(null)

  // An editor imported or renamed meanwhile: its checks are grouped under its name, not "Removed editor".
  useEvent('catalog:changed', () => void catalog.reload())

  useEvent('doctor:progress', (event) => {
    if (event.runId !== runId.current) return
    setProgress(event)
    if (event.result) setLive((previous) => upsertResult(previous ?? [], event.result!))
  })

  const run = async () => {
    const id = newRequestId()
    runId.current = id
    setRunning(true)
    setRunError(null)
    setProgress(null)
    setLive([])
    try {
      const report = await api.call('doctor:run', {}, id)
      last.setData(report)
      setLive(null)
    } catch (error) {
      setRunError(error)
    } finally {
      setRunning(false)
      runId.current = null
    }
  }

  // The diagnostics report: redacted by the host (no tokens, proof material, document contents or paths
  // outside the served folder), to paste into a ticket or attach as a file.
  const shareReport = async (how: 'copy' | 'save') => {
    setCopying(true)
    try {
      const report = await api.call('doctor:report')
      if (how === 'save') {
        downloadText(report.fileName, report.text, 'text/plain')
        notify(`Saved ${report.fileName}. Attach it to your support request.`, 'success')
        return
      }
      const ok = await copyText(report.text)
      notify(ok ? 'Report copied. Paste it into a support request or an issue.' : 'Copying is blocked here. Use "Save report" instead.', ok ? 'success' : 'warning')
    } catch (error) {
      notify(errorMessage(error), 'error')
    } finally {
      setCopying(false)
    }
  }

  const checks = useMemo(() => live ?? last.data?.checks ?? [], [live, last.data])
  const groups = useMemo(() => groupChecks(checks, catalog.data ?? []), [checks, catalog.data])
  const counts = countByStatus(checks)
  const shownGroups = filterGroups(groups, shown)
  const hasResults = checks.length > 0
  // The empty state carries the one Run checks button, so the page never shows two.
  const neverRun = !running && last.data === null && live === null
  const percent = progress && progress.total > 0 ? Math.round((progress.done / progress.total) * 100) : undefined

  return (
    <PageContainer maxWidth={1100}>
      <PageHeader
        title="Doctor"
        description="Checks the way from each editor to this host and back — addresses, certificates, allowed hosts, proof keys — and says in plain words how to fix what fails."
        actions={
          neverRun ? undefined : (
          <>
            <Button variant="outlined" startIcon={<ContentCopyRounded />} onClick={() => void shareReport('copy')} loading={copying} loadingPosition="start" disabled={!hasResults || running}>
              Copy report
            </Button>
            <Button variant="outlined" startIcon={<SaveAltRounded />} onClick={() => void shareReport('save')} disabled={!hasResults || running || copying}>
              Save report
            </Button>
            <Button variant="contained" startIcon={<PlayArrowRounded />} onClick={() => void run()} loading={running} loadingPosition="start">
              Run checks
            </Button>
          </>
          )
        }
      />

      <Stack sx={{ gap: 3 }}>
        {running && (
          <Card sx={{ p: 2.5 }} role="status" aria-live="polite">
            <Stack direction="row" sx={{ justifyContent: 'space-between', mb: 1 }}>
              <Typography variant="body2" sx={{ fontWeight: 600 }}>
                {progress?.current ? `Checking: ${progress.current}` : 'Starting checks…'}
              </Typography>
              {progress && (
                <Typography variant="body2" color="text.secondary" sx={{ fontVariantNumeric: 'tabular-nums' }}>
                  {progress.done} of {progress.total}
                </Typography>
              )}
            </Stack>
            <LinearProgress variant={percent === undefined ? 'indeterminate' : 'determinate'} value={percent} aria-label="Checks progress" />
          </Card>
        )}
        {runError !== null && <ErrorAlert error={runError} title="The checks could not run" onRetry={() => void run()} />}
        {last.error && !last.data && !running && <ErrorAlert error={last.error} title="The last report could not be loaded" onRetry={() => void last.reload()} />}

        {last.loading && last.data === undefined && !running && (
          <Card sx={{ p: 3 }}>
            <Skeleton width={280} height={32} />
            {[0, 1, 2].map((index) => (
              <Skeleton key={index} height={64} />
            ))}
          </Card>
        )}

        {neverRun && (
          <EmptyState
            icon={<MonitorHeartOutlined />}
            title="No checks run yet"
            action={
              <Button variant="contained" startIcon={<PlayArrowRounded />} onClick={() => void run()}>
                Run checks
              </Button>
            }
          >
            The doctor tries what an editor does — reach this host, fetch a file, verify proof keys — and tells you what to change when
            something fails. It takes a few seconds and changes nothing.
          </EmptyState>
        )}

        {hasResults && (
          <Stack direction="row" sx={{ gap: 1, alignItems: 'center', flexWrap: 'wrap' }} aria-label="Summary">
            {summaryChips.map(({ status, color, label }) =>
              status === 'skip' && counts.skip === 0 ? null : (
                <Chip
                  key={status}
                  color={color}
                  variant={shown === status || (shown === null && (status === 'fail' || status === 'warn') && counts[status] > 0) ? 'filled' : 'outlined'}
                  label={label(counts[status])}
                  aria-pressed={shown === status}
                  title={shown === status ? 'Show every check' : `Show only these checks`}
                  onClick={() => setShown((current) => (current === status ? null : status))}
                />
              ),
            )}
            {!running && last.data && (
              <Typography variant="body2" color="text.secondary" sx={{ ml: 1 }} title={formatDateTime(last.data.finishedAt)}>
                Last run {formatRelative(last.data.finishedAt, now)}
              </Typography>
            )}
          </Stack>
        )}

        {shownGroups.map((group) => (
          <CheckGroupCard key={group.key} group={group} />
        ))}

        <ConformancePanel />
        <CheckAnotherHost />
      </Stack>
    </PageContainer>
  )
}

const summaryChips: { status: CheckStatus; color: 'error' | 'warning' | 'success' | 'default'; label: (count: number) => string }[] = [
  { status: 'fail', color: 'error', label: (count) => `${count} failed` },
  { status: 'warn', color: 'warning', label: (count) => pluralize(count, 'warning') },
  { status: 'pass', color: 'success', label: (count) => `${count} passed` },
  { status: 'skip', color: 'default', label: (count) => `${count} skipped` },
]

function CheckGroupCard({ group }: { group: CheckGroup }) {
  const headingId = useId()
  const counts = countByStatus(group.checks)
  return (
    <Card component="section" aria-labelledby={headingId}>
      <Stack direction="row" sx={{ px: 2.5, py: 1.75, alignItems: 'center', gap: 1.5, borderBottom: 1, borderColor: 'divider' }}>
        <Typography variant="h2" component="h2" id={headingId} sx={{ flex: 1 }}>
          {group.title}
        </Typography>
        <Typography variant="body2" color="text.secondary">
          {[counts.fail && `${counts.fail} failed`, counts.warn && pluralize(counts.warn, 'warning'), `${counts.pass} passed`].filter(Boolean).join(' · ')}
        </Typography>
      </Stack>
      <Box component="ul" sx={{ listStyle: 'none', m: 0, p: 0 }} aria-label={`Checks for ${group.title}`}>
        {group.checks.map((check) => (
          <Box
            component="li"
            key={check.id}
            aria-label={check.title}
            sx={{
              display: 'grid',
              gridTemplateColumns: '104px minmax(0, 1fr)',
              gap: 2,
              px: 2.5,
              py: 1.75,
              '& + &': { borderTop: 1, borderColor: 'divider' },
            }}
          >
            <Box sx={{ pt: 0.1 }}>
              <CheckStatusBadge status={check.status} />
            </Box>
            <Box sx={{ minWidth: 0 }}>
              <Typography variant="body2" sx={{ fontWeight: 650 }}>
                {check.title}
              </Typography>
              {check.detail && (
                <Typography variant="body2" color="text.secondary" sx={{ mt: 0.25, overflowWrap: 'anywhere' }}>
                  {check.detail}
                </Typography>
              )}
              {check.fix && check.status !== 'pass' && <FixAdvice check={check} />}
            </Box>
          </Box>
        ))}
      </Box>
    </Card>
  )
}
