import Box from '@mui/material/Box'
import Link from '@mui/material/Link'
import Typography from '@mui/material/Typography'
import { useApi } from '../../api/ApiProvider'
import { errorMessage } from '../../api/api-call-error'
import { useCall } from '../../api/use-call'
import { useTranslation } from 'react-i18next'

/**
 * "Reachable now · Collabora Online Development Edition 24.04.9.2": asked when the card appears and on demand,
 * so the page says whether an editor is up before someone tries to open a document in it.
 */
export function EndpointStatusLine({
  endpointId,
  endpointName,
  refreshKey,
}: {
  endpointId: string
  endpointName: string
  refreshKey: number
}) {
  const api = useApi()
  const status = useCall(() => api.call('editors:status', endpointId), [api, endpointId, refreshKey])
  const { t } = useTranslation()
  const checking = status.loading
  const data = status.data
  const product = data?.productName ? [data.productName, data.productVersion].filter(Boolean).join(' ') : null
  const tone = checking ? 'text.disabled' : data?.reachable ? 'success.main' : 'error.main'
  const text = checking
    ? t('editors:status.checking')
    : status.error
      ? t('editors:status.checkFailed', { error: errorMessage(status.error) })
      : data?.reachable
        ? product
          ? t('editors:status.reachableProduct', { product })
          : t('editors:status.reachable')
        : t('editors:status.unreachable', { detail: data?.detail ?? '' })
  return (
    <Box
      sx={{ display: 'flex', alignItems: 'center', gap: 1, mt: 0.75, minWidth: 0 }}
      role="status"
      aria-label={t('editors:status.label', { name: endpointName })}
    >
      <Box component="span" aria-hidden sx={{ width: 8, height: 8, borderRadius: '50%', bgcolor: tone, flexShrink: 0 }} />
      <Typography
        variant="body2"
        color={data && !data.reachable && !checking ? 'error' : 'text.secondary'}
        sx={{ overflowWrap: 'anywhere' }}
      >
        {text}
      </Typography>
      {!checking && (
        <Link
          component="button"
          type="button"
          variant="body2"
          onClick={() => void status.reload()}
          aria-label={t('editors:status.checkAgainNamed', { name: endpointName })}
        >
          {t('editors:status.checkAgain')}
        </Link>
      )}
    </Box>
  )
}
