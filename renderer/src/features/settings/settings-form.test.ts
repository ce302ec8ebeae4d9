import { describe, expect, it } from 'vitest'
import type { SettingsDto } from '../../../../electron/contract/dto'
import { checkSettingsForm, fieldOfSaveError, reachabilityWarning, toForm } from './settings-form'

const current: SettingsDto = {
  root: '/home/alex/Docs',
  dataDir: '/home/alex/.local/share/wopi-desk',
  bind: '127.0.0.1',
  port: 17890,
  publicUrl: null,
  effectiveWopiBase: 'http://127.0.0.1:17890/wopi',
  tokenTtlSeconds: 36_000,
  versionRetention: 20,
  trashRetentionDays: 30,
  maxFileSizeBytes: 100 * 1024 * 1024,
  locale: 'en-US',
  userName: 'Alex',
  language: 'system',
}

describe('settings form', () => {
  it('shows settings in the units people type', () => {
    expect(toForm(current)).toMatchObject({ port: '17890', publicUrl: '', tokenTtlMinutes: '600', maxFileSizeMb: '100' })
  })

  it('sends nothing when nothing changed', () => {
    expect(checkSettingsForm(toForm(current), current)).toEqual({ patch: {}, errors: {} })
  })

  it('sends the language when another is chosen', () => {
    expect(checkSettingsForm({ ...toForm(current), language: 'de' }, current)).toEqual({ patch: { language: 'de' }, errors: {} })
  })

  it('sends only what changed, converted back', () => {
    const form = {
      ...toForm(current),
      publicUrl: ' http://host.docker.internal:17890/ ',
      tokenTtlMinutes: '60',
      maxFileSizeMb: '0.5',
      userName: ' Alex M ',
    }
    expect(checkSettingsForm(form, current)).toEqual({
      patch: { publicUrl: 'http://host.docker.internal:17890', tokenTtlSeconds: 3600, maxFileSizeBytes: 524_288, userName: 'Alex M' },
      errors: {},
    })
  })

  it('clears the public URL with an empty field', () => {
    const withUrl = { ...current, publicUrl: 'http://192.168.1.20:17890' }
    expect(checkSettingsForm({ ...toForm(withUrl), publicUrl: '  ' }, withUrl).patch).toEqual({ publicUrl: null })
  })

  it('gives one message per bad field', () => {
    const form = {
      ...toForm(current),
      root: ' ',
      bind: 'not an address!',
      port: '70000',
      publicUrl: 'host.docker.internal',
      tokenTtlMinutes: '0',
      versionRetention: '-1',
      trashRetentionDays: '2.5',
      maxFileSizeMb: 'big',
      locale: 'English',
      userName: '',
    }
    const { errors } = checkSettingsForm(form, current)
    expect(Object.keys(errors).sort()).toEqual([
      'bind',
      'locale',
      'maxFileSizeMb',
      'port',
      'publicUrl',
      'root',
      'tokenTtlMinutes',
      'trashRetentionDays',
      'userName',
      'versionRetention',
    ])
    expect(errors.port).toBe('settings:errors.port')
    expect(errors.publicUrl).toBe('settings:errors.publicUrl')
  })

  it('refuses query strings and credentials in the public URL', () => {
    expect(checkSettingsForm({ ...toForm(current), publicUrl: 'http://x.example/?a=1' }, current).errors.publicUrl).toBe(
      'settings:errors.publicUrlQuery',
    )
    expect(checkSettingsForm({ ...toForm(current), publicUrl: 'http://u:p@x.example' }, current).errors.publicUrl).toBe(
      'settings:errors.publicUrlCredentials',
    )
  })

  it('warns when editors are sent to an address the loopback listener cannot answer', () => {
    expect(reachabilityWarning({ ...toForm(current), publicUrl: 'http://host.docker.internal:17890' })).toEqual({
      bind: '127.0.0.1',
      host: 'host.docker.internal',
    })
    expect(reachabilityWarning({ ...toForm(current), bind: '0.0.0.0', publicUrl: 'http://host.docker.internal:17890' })).toBeNull()
    expect(reachabilityWarning({ ...toForm(current), publicUrl: 'http://localhost:17890' })).toBeNull()
    expect(reachabilityWarning(toForm(current))).toBeNull()
  })
})

describe('a refused save', () => {
  it('is about the only field saved', () => {
    expect(fieldOfSaveError('Something odd.', { root: '/nope' })).toBe('root')
  })
  it('is about the field its sentence names, among those saved', () => {
    const patch = { root: '/nope', port: 8080, userName: 'Sam' }
    expect(fieldOfSaveError('The folder "/nope" does not exist; create it or choose another.', patch)).toBe('root')
    expect(fieldOfSaveError('The port must be a whole number from 0 to 65535.', patch)).toBe('port')
  })
  it('names no field when it cannot tell', () => {
    expect(fieldOfSaveError('The database is busy.', { root: '/a', port: 1 })).toBeNull()
    // The sentence names a field that was not saved: not that one.
    expect(fieldOfSaveError('The public URL must start with http://.', { root: '/a', port: 1 })).toBeNull()
  })
})
