import { useCallback, useState } from 'react'
import type { OpenResult } from '../../../../electron/contract/dto'
import { useApi } from '../../api/ApiProvider'
import { errorMessage } from '../../api/api-call-error'
import { useNotify } from '../../components/NotifyProvider'

export interface OpenedDocument {
  fileName: string
  result: OpenResult
}

/**
 * Opens a document. In the desktop app the shell shows the editor view itself; in a browser the host page
 * opens in a new tab and the console shows what it opened (host page and editor URL) for diagnosis.
 */
export function useOpenFile() {
  const api = useApi()
  const notify = useNotify()
  const [opened, setOpened] = useState<OpenedDocument | null>(null)
  const [opening, setOpening] = useState<string | null>(null)

  const present = useCallback(
    (fileName: string, result: OpenResult) => {
      const verb = result.canWrite ? 'Editing' : 'Viewing'
      if (api.kind === 'ipc') {
        notify(`Opening ${fileName} in ${result.appName}…`, 'info')
        return
      }
      // noopener: the editor tab gets no handle back to the console (and window.open then returns null).
      window.open(result.hostPageUrl, '_blank', 'noopener,noreferrer')
      setOpened({ fileName, result })
      notify(`${verb} ${fileName} in ${result.appName}.`, 'info')
    },
    [api, notify],
  )

  const open = useCallback(
    async (path: string, fileName: string, choice?: { appId: string; action: string }) => {
      setOpening(path)
      try {
        const result = await api.call('files:open', choice ? { path, appId: choice.appId, action: choice.action } : { path })
        present(fileName, result)
      } catch (error) {
        notify(errorMessage(error), 'error')
      } finally {
        setOpening(null)
      }
    },
    [api, notify, present],
  )

  return { open, present, opened, opening, closeOpened: () => setOpened(null) }
}
