import { createContext, useContext, type ReactNode } from 'react'
import type { SettingsDto } from '../../../electron/contract/dto'
import { useApi } from '../api/ApiProvider'
import { useCall, type CallState } from '../api/use-call'

const SettingsContext = createContext<CallState<SettingsDto> | null>(null)

/** settings:get once for the whole console: the app bar, Files and Settings read the same copy. */
export function SettingsProvider({ children }: { children: ReactNode }) {
  const api = useApi()
  const state = useCall(() => api.call('settings:get'), [api])
  return <SettingsContext.Provider value={state}>{children}</SettingsContext.Provider>
}

export function useSettings(): CallState<SettingsDto> {
  const state = useContext(SettingsContext)
  if (!state) throw new Error('useSettings() needs a <SettingsProvider> above it')
  return state
}
