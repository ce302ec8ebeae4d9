import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ApiError } from '../../contract/envelope'
import { useTempDb } from '../db/test-support/temp-db'
import { createSettingsRepo } from '../db/settings-repo'
import { detectLocale, localeFromPosix, userIdFor } from './defaults'
import { createSettings } from './settings'

const identity = { username: 'alex', uid: 1000, hostname: 'alex-pc' }

describe('settings', () => {
  const temp = useTempDb('wopi-desk-settings-')

  it('has documented defaults', () => {
    const settings = createSettings({ repo: createSettingsRepo(temp.db), env: { LANG: 'de_DE.UTF-8' }, identity })
    expect(settings.get()).toEqual({
      root: '',
      bind: '127.0.0.1',
      port: 17890,
      publicUrl: null,
      tokenTtlSeconds: 36000,
      versionRetention: 20,
      trashRetentionDays: 30,
      maxFileSizeBytes: 2 * 1024 * 1024 * 1024,
      locale: 'de-DE',
      userName: 'alex',
      userId: userIdFor(identity),
      hostPageOrigin: null,
      language: 'system',
    })
  })

  it('keeps the user id stable even when the machine changes name', () => {
    const repo = createSettingsRepo(temp.db)
    const first = createSettings({ repo, env: {}, identity }).get().userId
    const renamed = createSettings({ repo, env: {}, identity: { ...identity, hostname: 'new-name' } }).get().userId
    expect(renamed).toBe(first)
    expect(first).toMatch(/^local-[0-9a-f]{16}$/)
  })

  it('validates and persists updates, naming what needs a restart', () => {
    const settings = createSettings({ repo: createSettingsRepo(temp.db), env: {}, identity })
    const result = settings.update({
      root: temp.dir,
      port: 18000,
      publicUrl: 'https://desk.example.test:8443/',
      versionRetention: 3,
      locale: 'fr-fr',
      language: 'zh-Hans',
    })
    expect(result.restartRequired.sort()).toEqual(['port', 'root'])
    expect(result.settings).toMatchObject({
      root: temp.dir,
      port: 18000,
      publicUrl: 'https://desk.example.test:8443',
      versionRetention: 3,
      locale: 'fr-FR',
    })
    const reopened = createSettings({ repo: createSettingsRepo(temp.db), env: {}, identity })
    expect(reopened.get()).toMatchObject({ port: 18000, publicUrl: 'https://desk.example.test:8443', language: 'zh-Hans' })
    expect(reopened.update({ publicUrl: null }).settings.publicUrl).toBeNull()
  })

  it('refuses bad values with one clear message and changes nothing', () => {
    const settings = createSettings({ repo: createSettingsRepo(temp.db), env: {}, identity })
    const bad: Record<string, unknown>[] = [
      { port: 70000 },
      { port: 1.5 },
      { tokenTtlSeconds: 10 },
      { versionRetention: -1 },
      { maxFileSizeBytes: 10 },
      { publicUrl: 'ftp://x' },
      { publicUrl: 'not a url' },
      { publicUrl: 'http://x/?q=1' },
      { root: 'relative/path' },
      { root: join(temp.dir, 'missing') },
      { locale: 'not a locale!' },
      { language: 'fr' },
      { userName: '' },
      { hostPageOrigin: 'nope' },
      { unknownKey: 1 },
    ]
    for (const patch of bad) {
      expect(() => settings.update(patch as never), JSON.stringify(patch)).toThrow(ApiError)
    }
    expect(settings.get().port).toBe(17890)
  })

  it('finds the locale in the environment, else Intl', () => {
    expect(localeFromPosix('pt_BR.UTF-8')).toBe('pt-BR')
    expect(localeFromPosix('C')).toBeNull()
    expect(localeFromPosix('POSIX')).toBeNull()
    expect(detectLocale({ LC_ALL: 'sv_SE.UTF-8', LANG: 'de_DE.UTF-8' })).toBe('sv-SE')
    expect(detectLocale({ LANG: 'C' })).toMatch(/^[a-z]{2,3}(-[A-Za-z0-9]+)*$/)
  })
})
