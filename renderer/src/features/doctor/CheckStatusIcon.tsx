import Box from '@mui/material/Box'
import CheckCircleRounded from '@mui/icons-material/CheckCircleRounded'
import ErrorRounded from '@mui/icons-material/ErrorRounded'
import RemoveCircleOutlineRounded from '@mui/icons-material/RemoveCircleOutlineRounded'
import WarningRounded from '@mui/icons-material/WarningRounded'
import type { CheckStatus } from '../../../../electron/contract/dto'
import { statusLabelKeys } from './doctor-logic'
import { useTranslation } from 'react-i18next'

const colors: Record<CheckStatus, string> = { pass: 'success.main', warn: 'warning.main', fail: 'error.main', skip: 'text.disabled' }

/** Icon and word together: status is never told by color alone. */
export function CheckStatusBadge({ status }: { status: CheckStatus }) {
  const { t } = useTranslation()
  const Icon =
    status === 'pass'
      ? CheckCircleRounded
      : status === 'warn'
        ? WarningRounded
        : status === 'fail'
          ? ErrorRounded
          : RemoveCircleOutlineRounded
  return (
    <Box
      sx={{
        display: 'inline-flex',
        alignItems: 'center',
        gap: 0.75,
        color: colors[status],
        fontWeight: 650,
        fontSize: '0.8125rem',
        whiteSpace: 'nowrap',
      }}
    >
      <Icon sx={{ fontSize: 20 }} aria-hidden />
      <span>{t(statusLabelKeys[status])}</span>
    </Box>
  )
}
