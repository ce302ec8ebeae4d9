import Box from '@mui/material/Box'
import Typography from '@mui/material/Typography'
import type { RequestDto } from '../../../../electron/contract/dto'
import { monoFontFamily } from '../../components/brand'
import { formatClockTime, formatDuration } from '../../components/format'
import { sessionTimeline, statusTone } from './activity-logic'
import { StatusChip } from './StatusChip'
import { useTranslation } from 'react-i18next'

const toneColor = { success: 'success.main', warning: 'warning.main', error: 'error.main', info: 'info.main' } as const

/** A session's requests in order (CheckFileInfo -> GetFile -> Lock -> PutFile ...) on a vertical line. */
export function SessionTimeline({ requests }: { requests: RequestDto[] }) {
  const { t } = useTranslation()
  const steps = sessionTimeline(requests)
  return (
    <Box component="ol" aria-label={t('activity:timeline.label')} sx={{ listStyle: 'none', m: 0, p: 0, position: 'relative' }}>
      {steps.map(({ request, offsetMs, gapMs }, index) => (
        <Box
          component="li"
          key={request.id}
          sx={{
            display: 'grid',
            gridTemplateColumns: '84px 20px 1fr',
            columnGap: 1.5,
            minHeight: 52,
          }}
        >
          <Box sx={{ textAlign: 'right', pt: 0.25 }}>
            <Typography variant="caption" sx={{ display: 'block', fontVariantNumeric: 'tabular-nums', fontWeight: 600 }}>
              {index === 0 ? t('activity:timeline.start') : `+${formatDuration(offsetMs)}`}
            </Typography>
            <Typography variant="caption" color="text.secondary" sx={{ display: 'block', fontVariantNumeric: 'tabular-nums' }}>
              {formatClockTime(request.ts).slice(0, 8)}
            </Typography>
          </Box>
          <Box sx={{ position: 'relative', display: 'flex', justifyContent: 'center' }} aria-hidden>
            {index < steps.length - 1 && (
              <Box sx={{ position: 'absolute', top: 14, bottom: -6, width: 2, bgcolor: 'divider', borderRadius: 1 }} />
            )}
            <Box
              sx={{
                mt: 0.5,
                width: 12,
                height: 12,
                borderRadius: '50%',
                bgcolor: 'background.paper',
                border: 3,
                borderColor: toneColor[statusTone(request.status)],
                zIndex: 1,
              }}
            />
          </Box>
          <Box sx={{ pb: 1.75, minWidth: 0 }}>
            <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, flexWrap: 'wrap' }}>
              <Typography variant="body2" sx={{ fontWeight: 650 }}>
                {request.operation}
              </Typography>
              <StatusChip status={request.status} error={request.error} />
              <Typography variant="caption" color="text.secondary" sx={{ fontVariantNumeric: 'tabular-nums' }}>
                {t('activity:timeline.took', { duration: formatDuration(request.durationMs) })}
                {index > 0 && gapMs > 0 ? ` · ${t('activity:timeline.after', { gap: formatDuration(gapMs) })}` : null}
              </Typography>
            </Box>
            {(request.lockId || request.error) && (
              <Typography variant="caption" color={request.error ? 'error' : 'text.secondary'} component="div" sx={{ mt: 0.25 }}>
                {request.error}
                {request.error && request.lockId ? ' · ' : ''}
                {request.lockId && (
                  <>
                    {t('activity:timeline.lock')}{' '}
                    <Box component="span" sx={{ fontFamily: monoFontFamily }}>
                      {request.lockId}
                    </Box>
                  </>
                )}
              </Typography>
            )}
          </Box>
        </Box>
      ))}
    </Box>
  )
}
