import Alert from '@mui/material/Alert'
import Button from '@mui/material/Button'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useApi } from '../api/ApiProvider'
import { useCall } from '../api/use-call'
import { useEvent } from '../api/use-event'
import { errorMessage } from '../api/api-call-error'
import { useNotify } from '../components/NotifyProvider'

/**
 * Issue 14: while the host is paused (from the tray, or another console) every page says so, because editors then
 * show only their own "cannot reach storage". host:changed keeps it current without polling.
 */
export function PausedBanner() {
  const { t } = useTranslation()
  const api = useApi()
  const notify = useNotify()
  const { data: status, setData } = useCall(() => api.call('host:status'), [api])
  const [resuming, setResuming] = useState(false)
  useEvent('host:changed', (next) => setData(next))
  if (!status?.paused) return null

  const resume = async () => {
    setResuming(true)
    try {
      setData(await api.call('host:resume'))
    } catch (caught) {
      notify(errorMessage(caught), 'error')
    } finally {
      setResuming(false)
    }
  }

  return (
    <Alert
      severity="warning"
      square
      role="status"
      action={
        <Button color="inherit" size="small" variant="outlined" disabled={resuming} onClick={() => void resume()}>
          {t('common:paused.resume')}
        </Button>
      }
    >
      {t('common:paused.message')}
    </Alert>
  )
}
