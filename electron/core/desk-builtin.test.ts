import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createDesk, EditorPortInUseError, type Desk, type CreateDeskOptions } from './desk'
import { testDeskOptions } from './desk-test-options'

// The built-in editor's place in the catalog across starts: removed stays removed until restored; its status
// card answers; a taken editor port is refused when the caller asks (as `serve` does for a taken WOPI port).

describe('the built-in editor in the catalog', () => {
  let base: string
  let desk: Desk | null = null
  const start = (extra: Partial<CreateDeskOptions> = {}) => createDesk(testDeskOptions(base, { builtinEditor: { port: 0 }, ...extra }))

  beforeEach(async () => {
    base = await mkdtemp(join(tmpdir(), 'wopi-desk-builtin-'))
    await mkdir(join(base, 'Documents'), { recursive: true })
  })
  afterEach(async () => {
    await desk?.close()
    desk = null
    await rm(base, { recursive: true, force: true })
  })

  const builtins = async () => (await desk!.api['catalog:list']()).filter((endpoint) => endpoint.kind === 'builtin')

  it('stays removed at the next start, and comes back when restored', async () => {
    desk = await start()
    const [builtin] = await builtins()
    await desk.api['catalog:remove-endpoint'](builtin!.id)
    await desk.close()

    desk = await start()
    expect(await builtins()).toHaveLength(0)
    const restored = await desk.api['editors:restore-builtin']()
    expect(restored.kind).toBe('builtin')
    expect(await builtins()).toHaveLength(1)
    await desk.close()

    desk = await start()
    expect(await builtins()).toHaveLength(1)
  })

  it('reports the built-in editor reachable, with its product name and version', async () => {
    desk = await start()
    const [builtin] = await builtins()
    const status = await desk.api['editors:status'](builtin!.id)
    expect(status).toMatchObject({ endpointId: builtin!.id, reachable: true, productVersion: '0.0.0-test' })
    expect(status.productName).toMatch(/WOPI Desk/)
    await expect(desk.api['editors:status']('no-such-editor')).rejects.toMatchObject({ code: 'not-found' })
  })

  it('refuses a taken editor port when asked to, instead of moving to another', async () => {
    const blocker = createServer()
    await new Promise<void>((done) => blocker.listen(0, '127.0.0.1', () => done()))
    const port = (blocker.address() as AddressInfo).port
    try {
      const failed = await start({ builtinEditor: { port, whenPortTaken: 'refuse' } }).catch((error: unknown) => error)
      expect(failed).toBeInstanceOf(EditorPortInUseError)
      expect((failed as EditorPortInUseError).port).toBe(port)
      desk = await start({ builtinEditor: { port } })
      expect(desk.editor!.origin).not.toContain(`:${port}`)
    } finally {
      await new Promise<void>((done) => blocker.close(() => done()))
    }
  })
})
