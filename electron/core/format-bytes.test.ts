import { describe, expect, it } from 'vitest'
import { formatBytes } from './format-bytes'

describe('formatBytes', () => {
  it('names bytes, whole KiB, and MiB/GiB with one decimal', () => {
    expect(formatBytes(0)).toBe('0 bytes')
    expect(formatBytes(1023)).toBe('1023 bytes')
    expect(formatBytes(1024)).toBe('1 KiB')
    expect(formatBytes(600 * 1024 + 300)).toBe('600 KiB')
    expect(formatBytes(5 * 1024 ** 2)).toBe('5 MiB')
    expect(formatBytes(1.25 * 1024 ** 2)).toBe('1.3 MiB')
    expect(formatBytes(2 * 1024 ** 3)).toBe('2 GiB')
    expect(formatBytes(1.5 * 1024 ** 4)).toBe('1536 GiB')
  })
})
