import { EventEmitter } from 'node:events'
import { describe, expect, it } from 'vitest'
import { createSecureWindow, hardenedWebPreferences } from './secure-window'

describe('secure window factory', () => {
  it('writes every hardened preference explicitly', () => {
    const prefs = hardenedWebPreferences()
    expect(prefs).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      disableBlinkFeatures: 'Auxclick',
    })
  })

  it('extra options can add a preload or a partition but never weaken the defaults', () => {
    const prefs = hardenedWebPreferences({ preload: '/p.cjs', partition: 'editor-1', ...({ sandbox: false } as object) })
    expect(prefs.preload).toBe('/p.cjs')
    expect(prefs.partition).toBe('editor-1')
    // hardenedWebPreferences only accepts preload and partition; the type forbids the rest.
    const built = createSecureWindowWith({ preload: '/p.cjs' })
    expect(built.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, preload: '/p.cjs' })
  })

  it('creates the window hidden and shows it when ready (no white flash)', () => {
    const built = createSecureWindowWith({})
    expect(built.options.show).toBe(false)
    expect(built.shown).toBe(false)
    built.window.emit('ready-to-show')
    expect(built.shown).toBe(true)
  })
})

function createSecureWindowWith(extra: { preload?: string }) {
  const record: { options: Record<string, unknown> & { webPreferences?: object; show?: boolean }; shown: boolean; window: EventEmitter } = {
    options: {},
    shown: false,
    window: new EventEmitter(),
  }
  class FakeWindow extends EventEmitter {
    constructor(options: Record<string, unknown>) {
      super()
      record.options = options
      record.window = this
    }
    show() {
      record.shown = true
    }
  }
  createSecureWindow(FakeWindow as never, { title: 'WOPI Desk', width: 1280, height: 800, ...extra })
  return record
}
