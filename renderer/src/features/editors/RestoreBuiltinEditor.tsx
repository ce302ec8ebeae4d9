import Alert from '@mui/material/Alert'
import Button from '@mui/material/Button'
import { useState } from 'react'
import type { EndpointDto } from '../../../../electron/contract/dto'
import { useApi } from '../../api/ApiProvider'
import { errorMessage } from '../../api/api-call-error'
import { useNotify } from '../../components/NotifyProvider'
import { useTranslation } from 'react-i18next'

/** Shown while the built-in editor is out of the catalog: the way back that "Remove" promised. */
export function RestoreBuiltinEditor({ onRestored }: { onRestored: (endpoint: EndpointDto) => void }) {
  const api = useApi()
  const { t } = useTranslation()
  const notify = useNotify()
  const [busy, setBusy] = useState(false)
  const restore = async () => {
    setBusy(true)
    try {
      const endpoint = await api.call('editors:restore-builtin')
      notify(t('editors:builtin.back', { name: endpoint.name }), 'success')
      onRestored(endpoint)
    } catch (error) {
      notify(errorMessage(error), 'error')
    } finally {
      setBusy(false)
    }
  }
  return (
    <Alert
      severity="info"
      sx={{ mb: 3 }}
      action={
        <Button color="inherit" size="small" loading={busy} onClick={() => void restore()}>
          {t('editors:builtin.restore')}
        </Button>
      }
    >
      {t('editors:builtin.removed')}
    </Alert>
  )
}
