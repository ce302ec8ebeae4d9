import type { PlaceDto } from '../../../../electron/contract/dto'
import { useApi } from '../../api/ApiProvider'
import { useCall, type CallState } from '../../api/use-call'

/** The served places (the served folder first), for the Files page's place chips and the Settings page. */
export function usePlaces(): CallState<PlaceDto[]> {
  const api = useApi()
  return useCall(() => api.call('places:list'), [api])
}
