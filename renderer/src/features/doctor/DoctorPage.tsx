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
import { formatDateTime, formatRelative } from '../../components/format'
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
import { useTranslation } from 'react-i18next'

export function DoctorPage() {
  const { t } = useTranslation()
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
      notify(
        ok ? 'Report copied. Paste it into a support request or an issue.' : 'Copying is blocked here. Use "Save report" instead.',
        ok ? 'success' : 'warning',
      )
    } catch (error) {
      notify(errorMessage(error), 'error')
    } finally {
      setCopying(false)
    }
  }

  const checks = useMemo(() => live ?? last.data?.checks ?? [], [live, last.data])
  const groups = useMemo(
    () => groupChecks(checks, catalog.data ?? [], { thisHost: t('doctor:thisHost'), removedEditor: t('doctor:removedEditor') }),
    [checks, catalog.data, t],
  )
  const counts = countByStatus(checks)
  const shownGroups = filterGroups(groups, shown)
  const hasResults = checks.length > 0
  // The empty state carries the one Run checks button, so the page never shows two.
  const neverRun = !running && last.data === null && live === null
  const percent = progress && progress.total > 0 ? Math.round((progress.done / progress.total) * 100) : undefined

  return (
    <PageContainer maxWidth={1100}>
      <PageHeader
        title={t('doctor:title')}
        description={t('doctor:description')}
        actions={
          neverRun ? undefined : (
            <>
              <Button
                variant="outlined"
                startIcon={<ContentCopyRounded />}
                onClick={() => void shareReport('copy')}
                loading={copying}
                loadingPosition="start"
                disabled={!hasResults || running}
              >
                {t('doctor:copyReport')}
              </Button>
              <Button
                variant="outlined"
                startIcon={<SaveAltRounded />}
                onClick={() => void shareReport('save')}
                disabled={!hasResults || running || copying}
              >
                {t('doctor:saveReport')}
              </Button>
              <Button
                variant="contained"
                startIcon={<PlayArrowRounded />}
                onClick={() => void run()}
                loading={running}
                loadingPosition="start"
              >
                {t('doctor:run')}
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
                {progress?.current ? t('doctor:checking', { current: progress.current }) : t('doctor:starting')}
              </Typography>
              {progress && (
                <Typography variant="body2" color="text.secondary" sx={{ fontVariantNumeric: 'tabular-nums' }}>
                  {t('doctor:progress', { done: progress.done, total: progress.total })}
                </Typography>
              )}
            </Stack>
            <LinearProgress
              variant={percent === undefined ? 'indeterminate' : 'determinate'}
              value={percent}
              aria-label={t('doctor:progressLabel')}
            />
          </Card>
        )}
        {runError !== null && <ErrorAlert error={runError} title={t('doctor:runFailed')} onRetry={() => void run()} />}
        {last.error && !last.data && !running && (
          <ErrorAlert error={last.error} title={t('doctor:lastFailed')} onRetry={() => void last.reload()} />
        )}

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
            title={t('doctor:neverRun.title')}
            action={
              <Button variant="contained" startIcon={<PlayArrowRounded />} onClick={() => void run()}>
                {t('doctor:run')}
              </Button>
            }
          >
            {t('doctor:neverRun.body')}
          </EmptyState>
        )}

        {hasResults && (
          <Stack direction="row" sx={{ gap: 1, alignItems: 'center', flexWrap: 'wrap' }} aria-label={t('doctor:summary')}>
            {summaryChips.map(({ status, color, label }) =>
              status === 'skip' && counts.skip === 0 ? null : (
                <Chip
                  key={status}
                  color={color}
                  variant={
                    shown === status || (shown === null && (status === 'fail' || status === 'warn') && counts[status] > 0)
                      ? 'filled'
                      : 'outlined'
                  }
                  label={t(label, { count: counts[status] })}
                  aria-pressed={shown === status}
                  title={shown === status ? t('doctor:showAll') : t('doctor:showOnly')}
                  onClick={() => setShown((current) => (current === status ? null : status))}
                />
              ),
            )}
            {!running && last.data && (
              <Typography variant="body2" color="text.secondary" sx={{ ml: 1 }} title={formatDateTime(last.data.finishedAt)}>
                {t('doctor:lastRun', { when: formatRelative(last.data.finishedAt, now) })}
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

const summaryChips: { status: CheckStatus; color: 'error' | 'warning' | 'success' | 'default'; label: `doctor:counts.${string}` }[] = [
  { status: 'fail', color: 'error', label: 'doctor:counts.failed' },
  { status: 'warn', color: 'warning', label: 'doctor:counts.warnings' },
  { status: 'pass', color: 'success', label: 'doctor:counts.passed' },
  { status: 'skip', color: 'default', label: 'doctor:counts.skipped' },
]

function CheckGroupCard({ group }: { group: CheckGroup }) {
  const { t } = useTranslation()
  const headingId = useId()
  const counts = countByStatus(group.checks)
  return (
    <Card component="section" aria-labelledby={headingId}>
      <Stack direction="row" sx={{ px: 2.5, py: 1.75, alignItems: 'center', gap: 1.5, borderBottom: 1, borderColor: 'divider' }}>
        <Typography variant="h2" component="h2" id={headingId} sx={{ flex: 1 }}>
          {group.title}
        </Typography>
        <Typography variant="body2" color="text.secondary">
          {[
            counts.fail && t('doctor:counts.failed', { count: counts.fail }),
            counts.warn && t('doctor:counts.warnings', { count: counts.warn }),
            t('doctor:counts.passed', { count: counts.pass }),
          ]
            .filter(Boolean)
            .join(' · ')}
        </Typography>
      </Stack>
      <Box component="ul" sx={{ listStyle: 'none', m: 0, p: 0 }} aria-label={t('doctor:checksFor', { group: group.title })}>
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
