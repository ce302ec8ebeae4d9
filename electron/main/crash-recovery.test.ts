import { EventEmitter } from 'node:events'
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { crashDumpSummary, crashMessage, MAX_RELOADS, recoverFromCrashes, type CrashNotice } from './crash-recovery'
import { createMainI18n } from './main-i18n'

function setUp(now: { value: number }) {
  const contents = new EventEmitter()
  const notices: CrashNotice[] = []
  let reloads = 0
  recoverFromCrashes(contents as never, {
    what: 'The console',
    reload: () => reloads++,
    notify: (notice) => notices.push(notice),
    now: () => now.value,
  })
  const crash = (reason: string) => contents.emit('render-process-gone', {}, { reason, exitCode: 1 })
  return { crash, notices, reloads: () => reloads }
}

describe('crash recovery', () => {
  it('reloads a crashed renderer and says so', () => {
    const { crash, notices, reloads } = setUp({ value: 0 })
    crash('crashed')
    expect(reloads()).toBe(1)
    expect(notices).toEqual([{ what: 'The console', reason: 'crashed', reloaded: true }])
    expect(crashMessage(notices[0]!).message).toBe('The console stopped and was reloaded.')
  })

  it('ignores a clean exit', () => {
    const { crash, notices, reloads } = setUp({ value: 0 })
    crash('clean-exit')
    expect(reloads()).toBe(0)
    expect(notices).toEqual([])
  })

  it('stops reloading a renderer that keeps dying within a minute, and starts again after a quiet minute', () => {
    const now = { value: 0 }
    const { crash, notices, reloads } = setUp(now)
    for (let i = 0; i <= MAX_RELOADS; i++) crash('oom')
    expect(reloads()).toBe(MAX_RELOADS)
    expect(notices.at(-1)).toMatchObject({ reloaded: false })
    expect(crashMessage(notices.at(-1)!).message).toBe('The console keeps stopping.')
    now.value = 120_000
    crash('killed')
    expect(reloads()).toBe(MAX_RELOADS + 1)
  })
})

describe('crash dumps for the diagnostics report', () => {
  it('lists local dumps newest first, and says when there are none', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wopi-desk-dumps-'))
    try {
      expect(crashDumpSummary(dir)).toBe('Crash reports: none.')
      mkdirSync(join(dir, 'completed'))
      writeFileSync(join(dir, 'completed', 'old.dmp'), 'x')
      writeFileSync(join(dir, 'completed', 'new.dmp'), 'xyz')
      writeFileSync(join(dir, 'settings.dat'), 'not a dump')
      utimesSync(join(dir, 'completed', 'old.dmp'), new Date('2026-01-01T00:00:00Z'), new Date('2026-01-01T00:00:00Z'))
      utimesSync(join(dir, 'completed', 'new.dmp'), new Date('2026-02-01T00:00:00Z'), new Date('2026-02-01T00:00:00Z'))
      expect(crashDumpSummary(dir).split('\n')).toEqual([
        'Crash reports (2, kept in the crash dumps folder of the app, never uploaded):',
        `- 2026-02-01T00:00:00.000Z ${join('completed', 'new.dmp')} (3 bytes)`,
        `- 2026-01-01T00:00:00.000Z ${join('completed', 'old.dmp')} (1 bytes)`,
      ])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('the crash message in German', () => {
  it('says what stopped and why in the chosen language', () => {
    const { t } = createMainI18n('de', () => [])
    const what = t('crash.editorWindow', { name: 'a.odt' })
    expect(crashMessage({ what, reason: 'oom', reloaded: true }, t)).toEqual({
      message: 'Das Editorfenster für a.odt wurde unterbrochen und neu geladen.',
      detail: expect.stringContaining('weil der Speicher nicht reichte') as unknown as string,
    })
    expect(crashMessage({ what, reason: 'crashed', reloaded: false }, t).detail).toMatch(
      /^Sie brach 4-mal .*, zuletzt weil sie abgestürzt ist \(crashed\),/,
    )
  })
})
