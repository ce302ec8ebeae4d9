import { EventEmitter } from 'node:events'
import { describe, expect, it } from 'vitest'
import { createElectronUpdates, type AutoUpdater } from './updates'

function fakeUpdater(onCheck: (updater: EventEmitter) => void) {
  const emitter = new EventEmitter()
  let loads = 0
  const updater = Object.assign(emitter, {
    autoDownload: false,
    autoInstallOnAppQuit: false,
    logger: {} as AutoUpdater['logger'],
    checkForUpdates: async () => onCheck(emitter),
  })
  return {
    updater,
    loads: () => loads,
    load: async () => {
      loads++
      return updater as unknown as AutoUpdater
    },
  }
}

describe('desktop updates', () => {
  it('are off in a development build and never load the updater', async () => {
    const fake = fakeUpdater(() => undefined)
    const updates = createElectronUpdates({ version: '0.2.0', packaged: false, feedConfigured: true, loadUpdater: fake.load })
    expect(await updates.check()).toMatchObject({
      version: '0.2.0',
      state: 'disabled',
      detail: 'Development build: updates are off.',
      detailCode: 'development-build',
    })
    expect(fake.loads()).toBe(0)
  })

  it('are off in a packaged build without a feed, and say so', async () => {
    const fake = fakeUpdater(() => undefined)
    const updates = createElectronUpdates({ version: '0.2.0', packaged: true, feedConfigured: false, loadUpdater: fake.load })
    expect(updates.status()).toMatchObject({
      state: 'disabled',
      detail: 'This build has no update feed; install new versions by hand.',
      detailCode: 'no-feed',
    })
    await updates.check()
    expect(fake.loads()).toBe(0)
  })

  it('follow electron-updater from the check to the download, with the version on offer', async () => {
    const fake = fakeUpdater((updater) => {
      updater.emit('checking-for-update')
      updater.emit('update-available', { version: '0.3.0' })
      updater.emit('download-progress', { percent: 41.6 })
    })
    const updates = createElectronUpdates({
      version: '0.2.0',
      packaged: true,
      feedConfigured: true,
      loadUpdater: fake.load,
      clock: () => 1000,
    })
    expect(updates.status()).toMatchObject({ state: 'idle', detail: null, detailCode: null, detailValues: null })
    expect(await updates.check()).toMatchObject({ state: 'downloading', availableVersion: '0.3.0', percent: 42, checkedAt: 1000 })
    expect(fake.updater.autoDownload).toBe(true)
    expect(fake.updater.logger).toBeNull()
    fake.updater.emit('update-downloaded', { version: '0.3.0' })
    expect(updates.status()).toMatchObject({
      state: 'downloaded',
      detail: 'WOPI Desk 0.3.0 is installed when the app quits.',
      detailCode: 'installs-on-quit',
      detailValues: { version: '0.3.0' },
    })
  })

  it('report a failed check in one sentence, and load the updater once', async () => {
    const fake = fakeUpdater(() => {
      throw new Error('net::ERR_NAME_NOT_RESOLVED')
    })
    const updates = createElectronUpdates({ version: '0.2.0', packaged: true, feedConfigured: true, loadUpdater: fake.load })
    expect(await updates.check()).toMatchObject({
      state: 'error',
      detail: 'The update check failed: net::ERR_NAME_NOT_RESOLVED',
      detailCode: 'check-failed',
      detailValues: { error: 'net::ERR_NAME_NOT_RESOLVED' },
    })
    await updates.check()
    expect(fake.loads()).toBe(1)
  })

  it('report a failure the updater emits, and clear it when the next check starts', async () => {
    const fake = fakeUpdater((updater) => {
      updater.emit('checking-for-update')
      updater.emit('error', new Error('sha512 checksum mismatch'))
    })
    const warned: unknown[] = []
    const updates = createElectronUpdates({
      version: '0.2.0',
      packaged: true,
      feedConfigured: true,
      loadUpdater: fake.load,
      log: { warn: (message, fields) => void warned.push([message, fields]) },
    })
    expect(await updates.check()).toMatchObject({
      state: 'error',
      detailCode: 'check-failed',
      detailValues: { error: 'sha512 checksum mismatch' },
    })
    expect(warned).toEqual([['update check failed', { error: 'sha512 checksum mismatch' }]])
    fake.updater.emit('checking-for-update')
    expect(updates.status()).toMatchObject({ state: 'checking', detail: null, detailCode: null, detailValues: null })
  })
})
