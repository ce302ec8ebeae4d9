import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { ApiImplementation } from '../contract/channels'
import type { OpenResult } from '../contract/dto'
import { CHOICE_BUTTONS, openDocumentFromSystem, openFromSystemAdapter, type OpenFromSystemRequest } from './open-from-system'

const opened = (path: string): OpenResult => ({ sessionId: `s-${path}`, hostPageUrl: 'http://127.0.0.1:1/host/x', actionUrl: 'http://127.0.0.1:2/e', appId: 'a', appName: 'A', action: 'edit', fileId: 'f', canWrite: true })

function fakeApi(root: { value: string }, restartRequired: string[] = []) {
  const calls: unknown[] = []
  const api = {
    'files:open': async (request: { path: string }) => {
      calls.push(['files:open', request])
      return opened(request.path)
    },
    'settings:update': async (patch: { root: string }) => {
      calls.push(['settings:update', patch])
      if (!restartRequired.length) root.value = patch.root
      return { restartRequired }
    },
  } as unknown as ApiImplementation
  return { api, calls }
}

describe('the open-from-system adapter over one served folder', () => {
  const served = join('/srv', 'served')

  it('opens a document of the served folder by its relative path', async () => {
    const { api, calls } = fakeApi({ value: served })
    const answer = await openFromSystemAdapter(api, () => served)({ path: join(served, 'a', 'b.odt') })
    expect(answer).toMatchObject({ kind: 'opened', sessionId: 's-a/b.odt' })
    expect(calls).toEqual([['files:open', { path: 'a/b.odt' }]])
  })

  it('asks to choose for a document outside, and serves its folder when told to', async () => {
    const root = { value: served }
    const { api, calls } = fakeApi(root)
    const open = openFromSystemAdapter(api, () => root.value)
    expect(await open({ path: '/home/me/x.odt' })).toEqual({ kind: 'choose', path: '/home/me/x.odt', folder: '/home/me' })
    expect(calls).toEqual([])
    expect(await open({ path: '/home/me/x.odt', choice: 'serve-folder' })).toMatchObject({ kind: 'opened', sessionId: 's-x.odt' })
    expect(calls).toEqual([['settings:update', { root: '/home/me' }], ['files:open', { path: 'x.odt' }]])
  })

  it('says when the folder is served only from the next start', async () => {
    const { api, calls } = fakeApi({ value: served }, ['root'])
    await expect(openFromSystemAdapter(api, () => served)({ path: '/home/me/x.odt', choice: 'serve-folder' })).rejects.toThrow(
      'WOPI Desk serves /home/me from its next start. Quit WOPI Desk, start it again, and open the document once more.',
    )
    expect(calls).toEqual([['settings:update', { root: '/home/me' }]])
  })

  it('says what to do when only this file was asked for, and changes nothing', async () => {
    const { api, calls } = fakeApi({ value: served })
    await expect(openFromSystemAdapter(api, () => served)({ path: '/tmp/x.odt', choice: 'this-file' })).rejects.toThrow(/Choose "Serve its folder"/)
    expect(calls).toEqual([])
  })

  it('uses the core channel once the contract has it', async () => {
    const requests: OpenFromSystemRequest[] = []
    const api = { 'documents:open-from-system': async (request: OpenFromSystemRequest) => (requests.push(request), { kind: 'opened', ...opened('core') }) } as unknown as ApiImplementation
    expect(await openFromSystemAdapter(api, () => served)({ path: '/anywhere/x.odt' })).toMatchObject({ kind: 'opened', sessionId: 's-core' })
    expect(requests).toEqual([{ path: '/anywhere/x.odt' }])
  })
})

describe('opening a document from the system', () => {
  const chooser = (path: string) => async (request: OpenFromSystemRequest) =>
    request.choice ? { kind: 'opened' as const, ...opened(request.choice) } : { kind: 'choose' as const, path, folder: '/f' }

  it('asks with a native message box and calls again with the choice', async () => {
    const asked: { buttons: string[] }[] = []
    for (const [response, choice] of [[0, 'this-file'], [1, 'serve-folder']] as const) {
      const result = await openDocumentFromSystem(chooser('/f/x.odt'), { showMessageBox: async (options) => (asked.push(options), { response }) }, '/f/x.odt')
      expect(result?.sessionId).toBe(`s-${choice}`)
      expect(result).not.toHaveProperty('kind')
    }
    expect(asked[0]!.buttons).toEqual([...CHOICE_BUTTONS])
  })

  it('opens nothing when cancelled', async () => {
    expect(await openDocumentFromSystem(chooser('/f/x.odt'), { showMessageBox: async () => ({ response: 2 }) }, '/f/x.odt')).toBeNull()
  })
})
