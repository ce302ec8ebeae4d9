import { afterEach, describe, expect, it, vi } from 'vitest'
import { isWritableByUser } from './read-only'

const stats = (mode: number, uid: number, gid: number) => ({ mode: BigInt(0o100000 | mode), uid: BigInt(uid), gid: BigInt(gid) })

describe('isWritableByUser', () => {
  afterEach(() => {
    vi.restoreAllMocks()
  })

  it("decides by the owner's bits for the owner, the group's for a member, the others' for everyone else", () => {
    expect(isWritableByUser(stats(0o644, 1000, 50), 1000, [50])).toBe(true)
    expect(isWritableByUser(stats(0o464, 1000, 50), 1000, [50])).toBe(false)
    expect(isWritableByUser(stats(0o464, 1000, 50), 1001, [50])).toBe(true)
    expect(isWritableByUser(stats(0o646, 1000, 50), 1001, [50])).toBe(false)
    expect(isWritableByUser(stats(0o646, 1000, 50), 1001, [60])).toBe(true)
    expect(isWritableByUser(stats(0o444, 1000, 50), 0, [])).toBe(false)
    expect(isWritableByUser(stats(0o004 | 0o020, 1000, 50), 0, [])).toBe(true)
  })

  it("asks for the process's groups only when the owner's bits do not decide", () => {
    if (!process.getgroups) return expect(process.platform).toBe('win32')
    const getgroups = vi.spyOn(process, 'getgroups').mockReturnValue([50])
    expect(isWritableByUser(stats(0o644, 1000, 50), 1000)).toBe(true)
    expect(getgroups).not.toHaveBeenCalled()
    expect(isWritableByUser(stats(0o464, 1000, 50), 1001)).toBe(true)
    expect(getgroups).toHaveBeenCalledTimes(1)
  })
})
