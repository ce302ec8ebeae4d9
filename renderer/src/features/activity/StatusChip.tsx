import Chip from '@mui/material/Chip'
import { statusTone } from './activity-logic'
import { useTranslation } from 'react-i18next'

const reasons: Record<number, string> = {
  200: 'OK',
  204: 'No content',
  304: 'Not modified',
  400: 'Bad request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  409: 'Conflict',
  412: 'Precondition failed',
  413: 'Too large',
  423: 'Locked',
  500: 'Server error',
  501: 'Not implemented',
  503: 'Unavailable',
}

export function StatusChip({ status, error }: { status: number; error?: string | null }) {
  const { t } = useTranslation()
  // A native title, not a Tooltip: grids render one chip per row.
  const title = [reasons[status], error].filter(Boolean).join(': ')
  const chip = (
    <Chip
      title={title || undefined}
      size="small"
      color={statusTone(status)}
      variant={statusTone(status) === 'success' ? 'outlined' : 'filled'}
      label={status}
      aria-label={t('activity:statusChip', { status: reasons[status] ? `${status} ${reasons[status]}` : String(status) })}
      sx={{ height: 22, minWidth: 48, fontWeight: 600, fontVariantNumeric: 'tabular-nums' }}
    />
  )
  return chip
}
