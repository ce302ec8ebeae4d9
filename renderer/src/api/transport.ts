import type { Channel, ChannelArgs, ChannelResult, EventName, EventPayloads } from '../../../electron/contract/channels'

export type { Channel, ChannelArgs, ChannelResult, EventName, EventPayloads }

export type EventListener<E extends EventName> = (payload: EventPayloads[E]) => void

/** The console's only way to the core: one call per contract channel, one subscription per event. */
export interface Transport {
  readonly kind: 'ipc' | 'http'
  call<C extends Channel>(channel: C, ...args: ChannelArgs<C>): Promise<ChannelResult<C>>
  /** Returns an unsubscribe that removes exactly this listener. */
  on<E extends EventName>(event: E, listener: EventListener<E>): () => void
  /**
   * The desktop app's native folder/file picker, when its bridge offers one (`window.wopiDesk.pickPath`): the
   * chosen path, or null when the user cancelled. Absent in a browser, where the page cannot know real paths.
   */
  pickPath?: (kind: 'folder' | 'file') => Promise<string | null>
}
