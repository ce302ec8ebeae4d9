import { EventEmitter } from 'node:events'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { keepWindowState, loadWindowState, WINDOW_STATE_FILE } from './window-state'

const dir = mkdtempSync(join(tmpdir(), 'wopi-desk-window-state-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const displays = [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }]
const defaults = { width: 1280, height: 820 }

function fakeWindow(bounds: { x: number; y: number; width: number; height: number }, maximized = false) {
  return Object.assign(new EventEmitter(), { getNormalBounds: () => bounds, isMaximized: () => maximized, isDestroyed: () => false })
}

describe('the console window’s state', () => {
  it('is saved when the window closes and comes back at the next start', () => {
    const file = join(dir, 'a-' + WINDOW_STATE_FILE)
    const window = fakeWindow({ x: 100, y: 40, width: 1400, height: 900 }, true)
    keepWindowState(window as never, file)
    window.emit('close')
    expect(loadWindowState(file, displays, defaults)).toEqual({ x: 100, y: 40, width: 1400, height: 900, maximized: true })
  })

  it('is saved after a move settles', async () => {
    const file = join(dir, 'b-' + WINDOW_STATE_FILE)
    const window = fakeWindow({ x: 10, y: 20, width: 1100, height: 760 })
    keepWindowState(window as never, file, 5)
    window.emit('move')
    await new Promise((done) => setTimeout(done, 30))
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ x: 10, y: 20 })
  })

  it('drops a position no display shows any more, and keeps the size', () => {
    const file = join(dir, 'c-' + WINDOW_STATE_FILE)
    writeFileSync(file, JSON.stringify({ x: 3000, y: 200, width: 1300, height: 800 }))
    expect(loadWindowState(file, displays, defaults)).toEqual({ width: 1300, height: 800 })
  })

  it('uses the defaults for a missing or damaged file, and never goes below the minimum size', () => {
    expect(loadWindowState(join(dir, 'none.json'), displays, defaults)).toEqual(defaults)
    const damaged = join(dir, 'd-' + WINDOW_STATE_FILE)
    writeFileSync(damaged, '{"width":"wide"')
    expect(loadWindowState(damaged, displays, defaults)).toEqual(defaults)
    writeFileSync(damaged, JSON.stringify({ width: 10, height: 10 }))
    expect(loadWindowState(damaged, displays, defaults)).toEqual({ width: 1024, height: 700 })
  })
})
