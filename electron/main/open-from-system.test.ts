import { describe, expect, it } from 'vitest'
import type { OpenResult } from '../contract/dto'
import type { OpenFromSystemRequest } from '../contract/dto'
import { createMainI18n } from './main-i18n'
import { CHOICE_BUTTONS, openDocumentFromSystem } from './open-from-system'

const opened = (path: string): OpenResult => ({
  sessionId: `s-${path}`,
  hostPageUrl: 'http://127.0.0.1:1/host/x',
  actionUrl: 'http://127.0.0.1:2/e',
  appId: 'a',
  appName: 'A',
  action: 'edit',
  fileId: 'f',
  canWrite: true,
})

describe('opening a document from the system', () => {
  const chooser = (path: string) => async (request: OpenFromSystemRequest) =>
    request.choice ? { kind: 'opened' as const, ...opened(request.choice) } : { kind: 'choose' as const, path, folder: '/f' }

  it('asks with a native message box and calls again with the choice', async () => {
    const asked: { buttons: string[] }[] = []
    for (const [response, choice] of [
      [0, 'this-file'],
      [1, 'serve-folder'],
    ] as const) {
      const result = await openDocumentFromSystem(
        chooser('/f/x.odt'),
        { showMessageBox: async (options) => (asked.push(options), { response }) },
        '/f/x.odt',
      )
      expect(result?.sessionId).toBe(`s-${choice}`)
      expect(result).not.toHaveProperty('kind')
    }
    expect(asked[0]!.buttons).toEqual([...CHOICE_BUTTONS])
  })

  it('opens nothing when cancelled', async () => {
    expect(await openDocumentFromSystem(chooser('/f/x.odt'), { showMessageBox: async () => ({ response: 2 }) }, '/f/x.odt')).toBeNull()
  })

  it('asks in German when German is chosen, and reads the answer by position', async () => {
    const asked: { message: string; detail: string; buttons: string[] }[] = []
    const result = await openDocumentFromSystem(
      chooser('/f/x.odt'),
      { showMessageBox: async (options) => (asked.push(options), { response: 1 }) },
      '/f/x.odt',
      createMainI18n('de', () => []).t,
    )
    expect(result?.sessionId).toBe('s-serve-folder')
    expect(asked[0]!.buttons).toEqual(['Nur diese Datei öffnen', 'Ihren Ordner bereitstellen', 'Abbrechen'])
    expect(asked[0]!.message).toBe('/f/x.odt liegt außerhalb der Ordner, die WOPI Desk bereitstellt.')
    expect(asked[0]!.detail).toContain('(/f)')
  })
})
