import type { Channel, ChannelArgs, ChannelResult, EventName, EventPayloads } from './channels'

// The shape of window.wopiDesk: verbs grouped by domain, e.g. `wopiDesk.catalog.renameApp(appId, name)` for
// channel 'catalog:rename-app' (house rule 4). The renderer sees this type only.

type CamelCase<S extends string> = S extends `${infer Head}-${infer Tail}` ? `${Head}${Capitalize<CamelCase<Tail>>}` : S
type DomainOf<C extends string> = C extends `${infer D}:${string}` ? D : never
type VerbOf<C extends string> = C extends `${string}:${infer V}` ? CamelCase<V> : never

export type Domain = DomainOf<Channel>

export type VerbApi = {
  [D in Domain]: {
    [C in Channel as DomainOf<C> extends D ? VerbOf<C> : never]: (...args: ChannelArgs<C>) => Promise<ChannelResult<C>>
  }
}

export interface EventApi {
  /** Returns an unsubscribe that removes exactly this listener. */
  on<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): () => void
}

/** What only the desktop app's preload offers (outside the contract: `serve` has no native dialogs). */
export interface NativeApi {
  /** the system's folder or file picker; null when the user cancelled */
  pickPath?(kind: 'folder' | 'file'): Promise<string | null>
  /** opens documents dropped on the console window (the File objects of the drop) in their editors */
  openDroppedFiles?(files: readonly object[]): Promise<void>
}

export type WopiDeskApi = VerbApi & EventApi & NativeApi

/** 'catalog:rename-app' -> ['catalog', 'renameApp'] */
export function verbPath(channel: Channel): [string, string] {
  const [domain, verb] = channel.split(':') as [string, string]
  return [domain, verb.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase())]
}

export const IPC_INVOKE_PREFIX = 'wopi-desk:'
export const IPC_EVENT_CHANNEL = 'wopi-desk:event'
/** IPC channel of the preload's pickPath (not a contract channel: the console's other transport has no picker). */
export const IPC_PICK_PATH_CHANNEL = 'wopi-desk-native:pick-path'
/** IPC channel of the preload's openDroppedFiles: the dropped files' paths, which only the preload can read. */
export const IPC_OPEN_DROPPED_CHANNEL = 'wopi-desk-native:open-dropped'
