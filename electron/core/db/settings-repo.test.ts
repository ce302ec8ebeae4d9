import { describe, expect, it } from 'vitest'
import { useTempDb } from './test-support/temp-db'
import { createSettingsRepo } from './settings-repo'

describe('settings repository', () => {
  const temp = useTempDb('wopi-desk-settings-')

  it('settings: withPrefix returns only the keys under the prefix, skipping values that are not JSON', () => {
    const settings = createSettingsRepo(temp.db)
    settings.set('rename-intent:a', { from: 'x', to: 'y' })
    settings.set('rename-intent:b', 1)
    settings.set('rename-intentz', 'outside')
    settings.set('root', '/served')
    createSettingsRepo(temp.db).set('rename-intent:c', 'kept')
    temp.db.prepare("UPDATE settings SET value = 'not json' WHERE key = 'rename-intent:c'").run()
    expect(settings.withPrefix('rename-intent:')).toEqual(
      new Map<string, unknown>([
        ['rename-intent:a', { from: 'x', to: 'y' }],
        ['rename-intent:b', 1],
      ]),
    )
  })
})
