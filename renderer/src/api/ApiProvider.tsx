import { createContext, useContext, type ReactNode } from 'react'
import type { Transport } from './transport'

const ApiContext = createContext<Transport | null>(null)

export function ApiProvider({ transport, children }: { transport: Transport; children: ReactNode }) {
  return <ApiContext.Provider value={transport}>{children}</ApiContext.Provider>
}

/** The contract, whichever transport carries it: `useApi().call('catalog:rename-app', appId, name)`. */
export function useApi(): Transport {
  const transport = useContext(ApiContext)
  if (!transport) throw new Error('useApi() needs an <ApiProvider> above it')
  return transport
}
