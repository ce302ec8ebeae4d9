import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startTestHost, wopi, type TestHost } from '../wopi/test-kit'

// Issue 13, item 2: the retention setting removes deleted files from the trash once they are older than it.

describe('trash retention', () => {
  let host: TestHost
  beforeEach(async () => {
    host = await startTestHost({ files: { 'old.txt': 'old', 'new.txt': 'new' } })
  })
  afterEach(async () => {
    await host.close()
  })

  it('deletes for good what is older than the retention, keeps the rest, and keeps everything at 0', async () => {
    expect(host.desk.settings.get().trashRetentionDays).toBe(30)
    expect((await wopi(await host.token('old.txt'), { override: 'DELETE' })).status).toBe(200)
    host.clock.advance(20 * 24 * 3600 * 1000)
    expect((await wopi(await host.token('new.txt'), { override: 'DELETE' })).status).toBe(200)
    host.desk.settings.update({ trashRetentionDays: 0 })
    host.clock.advance(11 * 24 * 3600 * 1000)
    await host.desk.sweep()
    expect(host.desk.files.listTrash()).toHaveLength(2)
    host.desk.settings.update({ trashRetentionDays: 30 })
    await host.desk.sweep()
    expect(host.desk.files.listTrash().map((entry) => entry.relPath)).toEqual(['new.txt'])
    expect(await readdir(join(host.dataDir, 'trash'))).toHaveLength(1)
  })

  it('refuses a retention that is not a whole number of days, and changes nothing', () => {
    expect(() => host.desk.settings.update({ trashRetentionDays: -1 })).toThrow(/days deleted files stay in the trash/)
    expect(host.desk.settings.get().trashRetentionDays).toBe(30)
  })
})
