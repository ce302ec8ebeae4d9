import Box from '@mui/material/Box'
import Drawer from '@mui/material/Drawer'
import IconButton from '@mui/material/IconButton'
import Skeleton from '@mui/material/Skeleton'
import Typography from '@mui/material/Typography'
import CloseRounded from '@mui/icons-material/CloseRounded'
import { useId, type ReactNode } from 'react'
import type { RequestDto } from '../../../../electron/contract/dto'
import { useApi } from '../../api/ApiProvider'
import { useCall } from '../../api/use-call'
import { monoFontFamily } from '../../components/brand'
import { ErrorAlert } from '../../components/ErrorAlert'
import { formatDateTime, formatDuration } from '../../components/format'
import { StatusChip } from './StatusChip'
import { useTranslation } from 'react-i18next'

/**
 * One request in full, beside the list: what was asked, what was answered (status, headers, the start of a JSON
 * body) and how long it took. Everything here was redacted when it was recorded: no token, no proof signature.
 */
export function RequestDetailPanel({ request, onClose }: { request: RequestDto | null; onClose: () => void }) {
  const titleId = useId()
  return (
    <Drawer
      anchor="right"
      open={request !== null}
      onClose={onClose}
      slotProps={{
        paper: { sx: { width: { xs: '100%', sm: 520 }, maxWidth: '100%' }, role: 'dialog', 'aria-labelledby': titleId } as object,
      }}
    >
      {request && <Detail request={request} titleId={titleId} onClose={onClose} />}
    </Drawer>
  )
}

function Detail({ request, titleId, onClose }: { request: RequestDto; titleId: string; onClose: () => void }) {
  const { t } = useTranslation()
  const api = useApi()
  const detail = useCall(() => api.call('activity:request-detail', request.id), [api, request.id])
  const details = detail.data?.details ?? null
  return (
    <Box sx={{ p: 2.5, overflowY: 'auto' }}>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1.5, mb: 2 }}>
        <Typography variant="h2" component="h2" id={titleId} sx={{ flex: 1, minWidth: 0 }} noWrap>
          {request.operation} {request.fileName ? `· ${request.fileName}` : null}
        </Typography>
        <StatusChip status={request.status} error={request.error} />
        <IconButton aria-label={t('activity:detail.close')} onClick={onClose} edge="end">
          <CloseRounded />
        </IconButton>
      </Box>
      <Box
        component="dl"
        sx={{
          display: 'grid',
          gridTemplateColumns: '140px minmax(0, 1fr)',
          columnGap: 2,
          rowGap: 0.75,
          m: 0,
          '& dt': { color: 'text.secondary', fontSize: '0.8125rem' },
          '& dd': { m: 0, fontSize: '0.875rem', overflowWrap: 'anywhere' },
        }}
      >
        <Row label={t('activity:columns.time')}>{formatDateTime(request.ts)}</Row>
        <Row label={t('activity:columns.duration')}>{formatDuration(request.durationMs)}</Row>
        <Row label={t('activity:detail.request')}>
          <Mono>
            {request.method} {details?.path ?? ''}
          </Mono>
        </Row>
        <Row label={t('activity:columns.status')}>
          {request.status}
          {request.error ? ` — ${request.error}` : null}
        </Row>
        <Row label={t('activity:columns.client')}>{[request.client, details?.clientVersion].filter(Boolean).join(' ') || '—'}</Row>
        {request.conformance && <Row label={t('activity:detail.traffic')}>{t('activity:detail.conformance')}</Row>}
        {request.lockId && (
          <Row label={t('activity:columns.lockId')}>
            <Mono>{request.lockId}</Mono>
          </Row>
        )}
        {request.oldLockId && (
          <Row label={t('activity:detail.oldLockId')}>
            <Mono>{request.oldLockId}</Mono>
          </Row>
        )}
        {request.proof && <Row label={t('activity:detail.proof')}>{request.proof}</Row>}
        {request.correlationId && (
          <Row label={t('activity:detail.correlationId')}>
            <Mono>{request.correlationId}</Mono>
          </Row>
        )}
        {request.wopiSessionId && (
          <Row label={t('activity:detail.wopiSession')}>
            <Mono>{request.wopiSessionId}</Mono>
          </Row>
        )}
      </Box>

      {detail.error && <ErrorAlert error={detail.error} sx={{ mt: 2 }} />}
      {detail.loading && !detail.data && <Skeleton variant="rounded" height={160} sx={{ mt: 2 }} />}
      {details && (
        <>
          <Headers title={t('activity:detail.requestHeaders')} headers={details.requestHeaders} />
          <Headers title={t('activity:detail.responseHeaders')} headers={details.responseHeaders} />
          {details.responseBody && (
            <>
              <Typography variant="subtitle2" component="h3" sx={{ mt: 2.5, mb: 0.75 }}>
                {t('activity:detail.responseBody')}
              </Typography>
              <Box component="pre" sx={preSx}>
                {details.responseBody}
              </Box>
            </>
          )}
        </>
      )}
      {detail.data && !details && (
        <Typography variant="body2" color="text.secondary" sx={{ mt: 2 }}>
          {t('activity:detail.noHeaders')}
        </Typography>
      )}
    </Box>
  )
}

const preSx = {
  m: 0,
  p: 1.25,
  borderRadius: 1,
  bgcolor: 'action.hover',
  fontFamily: monoFontFamily,
  fontSize: '0.75rem',
  whiteSpace: 'pre-wrap',
  overflowWrap: 'anywhere',
  maxHeight: 320,
  overflowY: 'auto',
} as const

function Headers({ title, headers }: { title: string; headers: Record<string, string> | undefined }) {
  if (!headers || Object.keys(headers).length === 0) return null
  return (
    <>
      <Typography variant="subtitle2" component="h3" sx={{ mt: 2.5, mb: 0.75 }}>
        {title}
      </Typography>
      <Box component="pre" sx={preSx}>
        {Object.entries(headers)
          .map(([name, value]) => `${name}: ${value}`)
          .join('\n')}
      </Box>
    </>
  )
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  )
}

function Mono({ children }: { children: ReactNode }) {
  return (
    <Box component="span" sx={{ fontFamily: monoFontFamily, fontSize: '0.8125rem' }}>
      {children}
    </Box>
  )
}
