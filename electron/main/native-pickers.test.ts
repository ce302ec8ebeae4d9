import { describe, expect, it } from 'vitest'
import { CONSOLE_URL } from './app-protocol'
import { createMainI18n } from './main-i18n'
import { bindNativePickers, PICK_PATH_CHANNEL } from './native-pickers'

function setUp(answer: { canceled: boolean; filePaths: string[] }, language = 'en') {
  const handlers = new Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>()
  const contents = { mainFrame: { url: CONSOLE_URL } }
  const window = { webContents: contents }
  const shown: unknown[] = []
  const unbind = bindNativePickers(
    {
      handle: (channel: string, handler: never) => void handlers.set(channel, handler),
      removeHandler: (channel: string) => void handlers.delete(channel),
    } as never,
    { showOpenDialog: async (_owner: unknown, options: unknown) => (shown.push(options), answer) } as never,
    () => window as never,
    createMainI18n(language, () => []).t,
  )
  const pick = (sender: unknown, frame: unknown, ...args: unknown[]) =>
    handlers.get(PICK_PATH_CHANNEL)!({ sender, senderFrame: frame }, ...args)
  return { pick, contents, shown, unbind, handlers }
}

describe('the native pickers', () => {
  it('answer the console with the chosen folder or file, or null when cancelled', async () => {
    const chosen = setUp({ canceled: false, filePaths: ['/home/me/Documents'] })
    expect(await chosen.pick(chosen.contents, chosen.contents.mainFrame, 'folder')).toEqual({ ok: true, value: '/home/me/Documents' })
    expect(await chosen.pick(chosen.contents, chosen.contents.mainFrame, 'file')).toEqual({ ok: true, value: '/home/me/Documents' })
    expect(chosen.shown).toEqual([
      { title: 'Choose a folder to serve', properties: ['openDirectory', 'createDirectory'] },
      { title: 'Choose a document to serve', properties: ['openFile'] },
    ])
    const cancelled = setUp({ canceled: true, filePaths: [] })
    expect(await cancelled.pick(cancelled.contents, cancelled.contents.mainFrame, 'folder')).toEqual({ ok: true, value: null })
  })

  it('title the dialog in the language chosen in Settings', async () => {
    const german = setUp({ canceled: true, filePaths: [] }, 'de')
    await german.pick(german.contents, german.contents.mainFrame, 'folder')
    expect(german.shown).toEqual([{ title: 'Ordner zum Bereitstellen wählen', properties: ['openDirectory', 'createDirectory'] }])
  })

  it('refuse other senders and anything but the kind from the page, without showing a dialog', async () => {
    const b = setUp({ canceled: false, filePaths: ['/x'] })
    expect(await b.pick({}, { url: CONSOLE_URL }, 'folder')).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    expect(await b.pick(b.contents, { url: 'https://evil.example/' }, 'folder')).toMatchObject({ ok: false })
    for (const args of [[], ['/etc'], [{ defaultPath: '/etc' }], ['folder', { defaultPath: '/etc' }]]) {
      expect(await b.pick(b.contents, b.contents.mainFrame, ...args)).toMatchObject({ ok: false, error: { code: 'invalid' } })
    }
    expect(b.shown).toEqual([])
    b.unbind()
    expect(b.handlers.size).toBe(0)
  })
})
