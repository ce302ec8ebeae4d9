import Alert from '@mui/material/Alert'
import AlertTitle from '@mui/material/AlertTitle'
import Button from '@mui/material/Button'
import type { SxProps, Theme } from '@mui/material/styles'
import { errorMessage } from '../api/api-call-error'
import { useTranslation } from 'react-i18next'

/** An error in plain words, with a retry where retrying makes sense. */
export function ErrorAlert({ error, title, onRetry, sx }: { error: unknown; title?: string; onRetry?: () => void; sx?: SxProps<Theme> }) {
  const { t } = useTranslation()
  return (
    <Alert
      severity="error"
      sx={sx}
      action={
        onRetry ? (
          <Button color="inherit" size="small" onClick={onRetry}>
            {t('common:actions.tryAgain')}
          </Button>
        ) : undefined
      }
    >
      {title && <AlertTitle>{title}</AlertTitle>}
      {errorMessage(error)}
    </Alert>
  )
}
