import type { ApiImplementation } from '../contract/channels'
import type { HostStatusDto } from '../contract/dto'
import type { Clock } from './deps'
import type { EventBus } from './event-bus'
import type { Host } from './host'

/**
 * Issue 14: Pause host, for the console's banner and the tray. Every console (and the tray) hears `host:changed`,
 * so a pause from one place shows everywhere. Pausing twice keeps the first time: it says since when editors wait.
 */
export function createHostPauseApi(deps: {
  host: Pick<Host, 'paused' | 'pause' | 'resume'>
  clock: Clock
  events: Pick<EventBus, 'emit'>
}): Pick<ApiImplementation, 'host:status' | 'host:pause' | 'host:resume'> {
  let pausedAt: number | null = null
  const status = (): HostStatusDto => ({ paused: deps.host.paused, pausedAt: deps.host.paused ? pausedAt : null })
  const change = (paused: boolean): HostStatusDto => {
    if (paused === deps.host.paused) return status()
    if (paused) {
      pausedAt = deps.clock.now()
      deps.host.pause()
    } else {
      pausedAt = null
      deps.host.resume()
    }
    const now = status()
    deps.events.emit('host:changed', now)
    return now
  }
  return {
    'host:status': async () => status(),
    'host:pause': async () => change(true),
    'host:resume': async () => change(false),
  }
}
