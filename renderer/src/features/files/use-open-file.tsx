import Button from '@mui/material/Button'
import { useCallback, useState } from 'react'
import type { OpenResult } from '../../../../electron/contract/dto'
import { useApi } from '../../api/ApiProvider'
import { errorMessage } from '../../api/api-call-error'
import { useNotify } from '../../components/NotifyProvider'
import { useTranslation } from 'react-i18next'

export interface OpenedDocument {
  fileName: string
  result: OpenResult
}

/**
 * Opens a document. In the desktop app the shell shows the editor view itself; in a browser the host page
 * opens in a new tab, and the confirmation offers what it opened (host page and editor URL) on demand: a dialog
 * that popped up on every open had to be dismissed before the next click, for details few people need.
 */
/** `place`: the place the Files page shows (paths are relative to it); the served folder when left out. */
export function useOpenFile(place?: string) {
  const { t } = useTranslation()
  const api = useApi()
  const notify = useNotify()
  const [opened, setOpened] = useState<OpenedDocument | null>(null)
  const [showDetails, setShowDetails] = useState(false)
  const [opening, setOpening] = useState<string | null>(null)

  const present = useCallback(
    (fileName: string, result: OpenResult) => {
      const names = { name: fileName, app: result.appName }
      if (api.kind === 'ipc') {
        notify(t('files:opened.opening', names), 'info')
        return
      }
      // noopener: the editor tab gets no handle back to the console (and window.open then returns null).
      window.open(result.hostPageUrl, '_blank', 'noopener,noreferrer')
      setOpened({ fileName, result })
      setShowDetails(false)
      notify(
        <>
          {t(result.canWrite ? 'files:opened.editing' : 'files:opened.viewing', names)}{' '}
          <Button color="inherit" size="small" onClick={() => setShowDetails(true)} sx={{ ml: 1, py: 0, textDecoration: 'underline' }}>
            {t('files:opened.details')}
          </Button>
        </>,
        'info',
      )
    },
    [api, notify, t],
  )

  const open = useCallback(
    async (path: string, fileName: string, choice?: { appId: string; action: string }) => {
      setOpening(path)
      try {
        const where = place ? { path, place } : { path }
        const result = await api.call('files:open', choice ? { ...where, appId: choice.appId, action: choice.action } : where)
        present(fileName, result)
      } catch (error) {
        notify(errorMessage(error), 'error')
      } finally {
        setOpening(null)
      }
    },
    [api, notify, present, place],
  )

  return { open, present, opened: showDetails ? opened : null, opening, closeOpened: () => setShowDetails(false) }
}
