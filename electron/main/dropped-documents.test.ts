import { describe, expect, it } from 'vitest'
import { IPC_OPEN_DROPPED_CHANNEL } from '../contract/api'
import { CONSOLE_URL } from './app-protocol'
import { bindDroppedDocuments, MAX_DROPPED_PATHS } from './dropped-documents'

function setUp() {
  const handlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>()
  const contents = { mainFrame: { url: CONSOLE_URL } }
  const opened: string[] = []
  const unbind = bindDroppedDocuments(
    {
      handle: (channel: string, handler: never) => void handlers.set(channel, handler),
      removeHandler: (channel: string) => void handlers.delete(channel),
    } as never,
    () => contents as never,
    (path) => opened.push(path),
  )
  const drop = (sender: unknown, frame: unknown, ...args: unknown[]) =>
    handlers.get(IPC_OPEN_DROPPED_CHANNEL)!({ sender, senderFrame: frame }, ...args)
  return { drop, contents, opened, unbind, handlers }
}

describe('documents dropped on the console', () => {
  it('open, in the order dropped', () => {
    const { drop, contents, opened } = setUp()
    expect(drop(contents, contents.mainFrame, ['/docs/a.odt', '/docs/b.docx'])).toEqual({ ok: true, value: null })
    expect(opened).toEqual(['/docs/a.odt', '/docs/b.docx'])
  })

  it('are refused from another sender, and in any other shape, opening nothing', () => {
    const { drop, contents, opened, unbind, handlers } = setUp()
    expect(drop({}, { url: CONSOLE_URL }, ['/docs/a.odt'])).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    for (const args of [
      [],
      [[]],
      [['relative.odt']],
      [[42]],
      [['/a'], 'extra'],
      [Array.from({ length: MAX_DROPPED_PATHS + 1 }, (_, i) => `/d/${i}`)],
    ]) {
      expect(drop(contents, contents.mainFrame, ...args)).toMatchObject({ ok: false, error: { code: 'invalid' } })
    }
    expect(opened).toEqual([])
    unbind()
    expect(handlers.size).toBe(0)
  })
})
