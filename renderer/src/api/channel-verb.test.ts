import { describe, expect, it } from 'vitest'
import { verbPath } from '../../../electron/contract/api'
import { channelNames } from '../../../electron/contract/channel-names'
import { channelToVerb } from './channel-verb'

describe('channelToVerb', () => {
  it('turns a kebab-case channel into the preload verb', () => {
    expect(channelToVerb('catalog:rename-app')).toEqual(['catalog', 'renameApp'])
    expect(channelToVerb('catalog:set-endpoint-enabled')).toEqual(['catalog', 'setEndpointEnabled'])
    expect(channelToVerb('settings:get')).toEqual(['settings', 'get'])
  })

  // The renderer may not import the contract's runtime code, so it has its own copy: this keeps them equal.
  it('agrees with the contract for every channel', () => {
    for (const channel of channelNames) expect(channelToVerb(channel)).toEqual(verbPath(channel))
  })
})
