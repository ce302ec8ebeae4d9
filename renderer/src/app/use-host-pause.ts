import { useState } from 'react'
import type { HostStatusDto } from '../../../electron/contract/dto'
import { useApi } from '../api/ApiProvider'
import { errorMessage } from '../api/api-call-error'
import { useCall } from '../api/use-call'
import { useEvent } from '../api/use-event'
import { useNotify } from '../components/NotifyProvider'

/** Issue 14: the host's pause as every console shows it, kept current by host:changed (the tray, other consoles). */
export function useHostPause(): { status: HostStatusDto | undefined; busy: boolean; change(paused: boolean): Promise<void> } {
  const api = useApi()
  const notify = useNotify()
  const { data: status, setData } = useCall(() => api.call('host:status'), [api])
  const [busy, setBusy] = useState(false)
  useEvent('host:changed', (next) => setData(next))
  const change = async (paused: boolean) => {
    setBusy(true)
    try {
      setData(await api.call(paused ? 'host:pause' : 'host:resume'))
    } catch (caught) {
      notify(errorMessage(caught), 'error')
    } finally {
      setBusy(false)
    }
  }
  return { status, busy, change }
}
