import type { Channel } from '../../../electron/contract/channels'

/** 'catalog:rename-app' -> ['catalog', 'renameApp']: the preload's verb for a channel (contract/api.ts verbPath). */
export function channelToVerb(channel: Channel): [domain: string, verb: string] {
  const [domain = '', verb = ''] = channel.split(':')
  return [domain, verb.replace(/-([a-z])/g, (_match, letter: string) => letter.toUpperCase())]
}
