import { describe, expect, it } from 'vitest'
import { verbPath } from './api'
import { channelNames } from './channel-names'

describe('verbPath', () => {
  it('turns a kebab-case channel into its domain and camelCase verb', () => {
    expect(verbPath('catalog:rename-app')).toEqual(['catalog', 'renameApp'])
    expect(verbPath('catalog:set-endpoint-enabled')).toEqual(['catalog', 'setEndpointEnabled'])
    expect(verbPath('settings:get')).toEqual(['settings', 'get'])
  })

  it('gives every channel its own verb', () => {
    const paths = channelNames.map((channel) => verbPath(channel).join('.'))
    expect(new Set(paths).size).toBe(channelNames.length)
    expect(paths.every((path) => /^[a-z]+\.[a-z][A-Za-z]*$/.test(path))).toBe(true)
  })
})
