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
