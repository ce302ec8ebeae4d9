import { describe, expect, it } from 'vitest'
import { createUpdatesApi, npmUpdates } from './updates-api'

describe('updates of the command line', () => {
  it('are off, and say in English and as a code that npm updates it', async () => {
    const api = createUpdatesApi(npmUpdates('0.2.0'))
    const expected = {
      version: '0.2.0',
      state: 'disabled',
      availableVersion: null,
      percent: null,
      checkedAt: null,
      detail: 'The command line is updated through npm: npm install -g wopi-desk@latest.',
      detailCode: 'npm',
      detailValues: {},
    }
    expect(await api['app:updates']()).toEqual(expected)
    expect(await api['app:check-for-updates']()).toEqual(expected)
  })
})
