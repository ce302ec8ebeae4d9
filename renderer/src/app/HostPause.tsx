import Alert from '@mui/material/Alert'
import Button from '@mui/material/Button'
import Tooltip from '@mui/material/Tooltip'
import PauseCircleOutline from '@mui/icons-material/PauseCircleOutlineOutlined'
import { useTranslation } from 'react-i18next'
import { useHostPause } from './use-host-pause'

/**
 * Issue 14: while the host is paused every page says so, because editors then show only their own "cannot reach
 * storage"; Resume is right there.
 */
export function PausedBanner() {
  const { t } = useTranslation()
  const { status, busy, change } = useHostPause()
  if (!status?.paused) return null
  return (
    <Alert
      severity="warning"
      square
      role="status"
      action={
        <Button color="inherit" size="small" variant="outlined" disabled={busy} onClick={() => void change(false)}>
          {t('common:paused.resume')}
        </Button>
      }
    >
      {t('common:paused.message')}
    </Alert>
  )
}

/** The top bar's Pause host, for `serve` where no tray exists; hidden while paused (the banner resumes). */
export function PauseHostButton() {
  const { t } = useTranslation()
  const { status, busy, change } = useHostPause()
  if (!status || status.paused) return null
  return (
    <Tooltip title={t('common:paused.pauseHint')} describeChild>
      <Button
        size="small"
        variant="outlined"
        color="inherit"
        startIcon={<PauseCircleOutline />}
        disabled={busy}
        onClick={() => void change(true)}
        sx={{ flexShrink: 0, height: 28, color: 'text.secondary', borderColor: 'divider' }}
      >
        {t('common:paused.pause')}
      </Button>
    </Tooltip>
  )
}
