import Alert from '@mui/material/Alert'
import Box from '@mui/material/Box'
import Button from '@mui/material/Button'
import Card from '@mui/material/Card'
import Typography from '@mui/material/Typography'
import { useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useApi } from '../../api/ApiProvider'
import { errorMessage } from '../../api/api-call-error'
import { useCall } from '../../api/use-call'
import { describeUpdates } from './update-status'

/** The app's version and where its updates stand, with a "Check now" when a feed is configured. */
export function UpdatesCard() {
  const { t } = useTranslation()
  const api = useApi()
  const headingId = useId()
  const status = useCall(() => api.call('app:updates'), [api])
  const [checking, setChecking] = useState(false)
  const [checkError, setCheckError] = useState<string | null>(null)

  const check = async () => {
    setChecking(true)
    setCheckError(null)
    try {
      status.setData(await api.call('app:check-for-updates'))
    } catch (error) {
      setCheckError(errorMessage(error))
    } finally {
      setChecking(false)
    }
  }

  const described = status.data ? describeUpdates(status.data, t) : null
  return (
    <Card component="section" aria-labelledby={headingId} sx={{ p: 3 }}>
      <Box sx={{ display: 'flex', alignItems: 'baseline', justifyContent: 'space-between', gap: 2, flexWrap: 'wrap' }}>
        <Typography variant="h2" component="h2" id={headingId}>
          {t('settings:updates.title')}
        </Typography>
        {status.data && (
          <Typography variant="body2" color="text.secondary">
            {t('settings:updates.version', { version: status.data.version })}
          </Typography>
        )}
      </Box>
      {status.error && !status.data && (
        <Alert severity="error" sx={{ mt: 2 }}>
          {errorMessage(status.error)}
        </Alert>
      )}
      {described && (
        <Alert
          severity={described.severity}
          variant="outlined"
          sx={{ mt: 2 }}
          action={
            described.canCheck ? (
              <Button color="inherit" size="small" disabled={checking} onClick={() => void check()}>
                {checking ? t('settings:updates.checking') : t('settings:updates.check')}
              </Button>
            ) : undefined
          }
        >
          {described.text}
        </Alert>
      )}
      {checkError && (
        <Alert severity="error" sx={{ mt: 2 }}>
          {checkError}
        </Alert>
      )}
    </Card>
  )
}
