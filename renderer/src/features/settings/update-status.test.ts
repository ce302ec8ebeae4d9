import { describe, expect, it } from 'vitest'
import type { UpdateStatusDto } from '../../../../electron/contract/dto'
import { consoleResources } from '../../i18n/console-resources'
import { createI18n } from '../../i18n/create-i18n'
import { describeUpdates as describeIn } from './update-status'

const english = createI18n(consoleResources, 'en')
const german = createI18n(consoleResources, 'de')
const describeUpdates = (status: UpdateStatusDto) => describeIn(status, english.t)

const base: UpdateStatusDto = { version: '0.2.0', state: 'idle', availableVersion: null, percent: null, detail: null, checkedAt: null }

describe('the Updates card text', () => {
  it('says why updates are off, and offers no check', () => {
    expect(
      describeUpdates({ ...base, state: 'disabled', detail: 'The command line is updated through npm: npm install -g wopi-desk@latest.' }),
    ).toEqual({
      text: 'The command line is updated through npm: npm install -g wopi-desk@latest.',
      canCheck: false,
      severity: 'info',
    })
  })

  it('names the version on offer while it downloads', () => {
    expect(describeUpdates({ ...base, state: 'downloading', availableVersion: '0.3.0', percent: 42 }).text).toBe(
      'WOPI Desk 0.3.0 is downloading (42 %).',
    )
  })

  it('speaks the page language', () => {
    expect(describeIn({ ...base, state: 'downloading', availableVersion: '0.3.0', percent: 42 }, german.t).text).toBe(
      'WOPI Desk 0.3.0 wird heruntergeladen (42 %).',
    )
  })

  it('says the host’s sentence in the page language from its code, the updater’s own message as it comes', () => {
    const failed: UpdateStatusDto = {
      ...base,
      state: 'error',
      detail: 'The update check failed: net::ERR_NAME_NOT_RESOLVED',
      detailCode: 'check-failed',
      detailValues: { error: 'net::ERR_NAME_NOT_RESOLVED' },
    }
    expect(describeIn(failed, german.t).text).toBe('Die Suche nach Updates ist fehlgeschlagen: net::ERR_NAME_NOT_RESOLVED')
    expect(describeUpdates(failed).text).toBe('The update check failed: net::ERR_NAME_NOT_RESOLVED')
    const downloaded: UpdateStatusDto = {
      ...base,
      state: 'downloaded',
      availableVersion: '0.3.0',
      detail: 'WOPI Desk 0.3.0 is installed when the app quits.',
      detailCode: 'installs-on-quit',
      detailValues: { version: '0.3.0' },
    }
    expect(describeIn(downloaded, german.t).text).toBe('WOPI Desk 0.3.0 wird installiert, wenn die App beendet wird.')
    const off = (detailCode: 'development-build' | 'no-feed' | 'npm') =>
      describeIn({ ...base, state: 'disabled', detail: 'English', detailCode, detailValues: {} }, german.t).text
    expect(off('development-build')).toBe('Entwicklungs-Build: Updates sind ausgeschaltet.')
    expect(off('no-feed')).toBe('Dieser Build hat keine Update-Quelle; installieren Sie neue Versionen von Hand.')
    expect(off('npm')).toBe('Die Kommandozeile wird über npm aktualisiert: npm install -g wopi-desk@latest.')
    expect(describeUpdates({ ...base, state: 'disabled', detail: 'English', detailCode: 'npm', detailValues: {} }).text).toBe(
      'The command line is updated through npm: npm install -g wopi-desk@latest.',
    )
  })

  it('shows the host’s English sentence for a code it does not know, or from a host without codes', () => {
    const newer = { ...base, state: 'disabled', detail: 'Updates come from the store.', detailCode: 'store' } as unknown as UpdateStatusDto
    expect(describeIn(newer, german.t).text).toBe('Updates come from the store.')
    expect(describeIn({ ...base, state: 'error', detail: 'The update check failed: offline' }, german.t).text).toBe(
      'The update check failed: offline',
    )
    expect(describeIn({ ...base, state: 'error' }, german.t).text).toBe('Die Suche nach Updates ist fehlgeschlagen.')
  })

  it('lets the user check again after a failure or when up to date, not while checking', () => {
    expect(describeUpdates({ ...base, state: 'error', detail: 'The update check failed: offline' })).toMatchObject({
      canCheck: true,
      severity: 'error',
      text: 'The update check failed: offline',
    })
    expect(describeUpdates({ ...base, state: 'up-to-date' }).canCheck).toBe(true)
    expect(describeUpdates({ ...base, state: 'checking' }).canCheck).toBe(false)
  })
})
