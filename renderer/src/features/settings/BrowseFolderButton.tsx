import Button from '@mui/material/Button'
import InputAdornment from '@mui/material/InputAdornment'
import { useState } from 'react'
import { errorMessage } from '../../api/api-call-error'
import { systemFolderPicker } from '../../api/native-pickers'
import { useNotify } from '../../components/NotifyProvider'
import { useTranslation } from 'react-i18next'

/** Browse… for a folder with the system's picker; rendered only where the desktop app offers one. */
export function BrowseFolderButton({ onPicked, disabled }: { onPicked(path: string): void; disabled?: boolean }) {
  const { t } = useTranslation()
  const notify = useNotify()
  const [picking, setPicking] = useState(false)
  const pick = systemFolderPicker()
  if (!pick) return null
  const browse = async () => {
    setPicking(true)
    try {
      const folder = await pick()
      if (folder) onPicked(folder)
    } catch (error) {
      notify(errorMessage(error), 'error')
    } finally {
      setPicking(false)
    }
  }
  return (
    <InputAdornment position="end">
      <Button size="small" onClick={() => void browse()} disabled={disabled || picking}>
        {t('settings:browse')}
      </Button>
    </InputAdornment>
  )
}
