import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createDirectorySync, fsyncDirectoryOnce } from './directory-sync'

/** An fsync stand-in that finishes only when the test says so, and records when each one started. */
function controlledFsync() {
  const started: { dir: string; finish: () => void; fail: (error: Error) => void }[] = []
  const fsync = (dir: string) =>
    new Promise<void>((resolve, reject) => {
      started.push({ dir, finish: resolve, fail: reject })
    })
  return { started, fsync }
}

const tick = () => new Promise((resolve) => setImmediate(resolve))

describe('createDirectorySync (group commit of folder fsyncs)', () => {
  it('answers every caller only after an fsync that started after its call, with one fsync for all who waited', async () => {
    const { started, fsync } = controlledFsync()
    const sync = createDirectorySync(fsync)
    const done: string[] = []
    const first = sync('/d').then(() => done.push('first'))
    expect(started).toHaveLength(1)
    // These three renamed while the first fsync ran: it does not cover them.
    const waiting = ['a', 'b', 'c'].map((name) => sync('/d').then(() => done.push(name)))
    expect(started).toHaveLength(1)
    started[0]!.finish()
    await first
    await tick()
    expect(done).toEqual(['first'])
    expect(started).toHaveLength(2)
    // A caller arriving while the shared fsync runs needs a third.
    const late = sync('/d').then(() => done.push('late'))
    started[1]!.finish()
    await Promise.all(waiting)
    expect(done).toEqual(['first', 'a', 'b', 'c'])
    await tick()
    expect(started).toHaveLength(3)
    started[2]!.finish()
    await late
    expect(done).toEqual(['first', 'a', 'b', 'c', 'late'])
  })

  it('keeps folders apart', async () => {
    const { started, fsync } = controlledFsync()
    const sync = createDirectorySync(fsync)
    const one = sync('/one')
    const two = sync('/two')
    expect(started.map((entry) => entry.dir)).toEqual(['/one', '/two'])
    started.forEach((entry) => entry.finish())
    await Promise.all([one, two])
  })

  it('fails everyone who shared a failed fsync, and the next caller starts afresh', async () => {
    const { started, fsync } = controlledFsync()
    const sync = createDirectorySync(fsync)
    const first = sync('/d')
    const shared = [sync('/d'), sync('/d')]
    started[0]!.fail(Object.assign(new Error('EIO'), { code: 'EIO' }))
    await expect(first).rejects.toThrow('EIO')
    await tick()
    started[1]!.fail(Object.assign(new Error('EIO'), { code: 'EIO' }))
    for (const promise of shared) await expect(promise).rejects.toThrow('EIO')
    const after = sync('/d')
    expect(started).toHaveLength(3)
    started[2]!.finish()
    await expect(after).resolves.toBeUndefined()
  })

  it('fsyncs a real folder, and tolerates one that cannot be opened for it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'wopi-desk-dirsync-'))
    try {
      await expect(fsyncDirectoryOnce(dir)).resolves.toBeUndefined()
      await expect(fsyncDirectoryOnce(join(dir, 'missing'))).rejects.toMatchObject({ code: 'ENOENT' })
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
