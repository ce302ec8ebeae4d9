import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { PNG_1x1, smallDiscovery } from '../../core/discovery/test-support/discovery-docs'
import { useCliWithLocalEditor } from './test-support/cli-with-local-editor'

// `apps` over a catalog imported with `discovery import`, in-process against a local editor on 127.0.0.1.

const local = useCliWithLocalEditor((origin) => smallDiscovery({ origin }))
const { cli, snapshot } = local

describe('wopi-desk apps', () => {
  it('rename and reset a name', async () => {
    await cli('discovery', 'import', local.server.origin, '--data', 'data')
    const id = `127-0-0-1-${local.server.port}_writer`
    expect(await cli('apps', 'rename', id, 'Text documents', '--data', 'data')).toBe(0)
    expect(local.output.out).toEqual([`Renamed ${id} to "Text documents" (discovered as "writer").`])
    await cli('discovery', 'list', '--data', 'data', '--json')
    expect(JSON.parse(local.output.out.join('\n'))[0].apps[0].name).toBe('Text documents')
    expect(await cli('apps', 'rename', id, '--reset', '--data', 'data')).toBe(0)
    expect(local.output.out).toEqual([`${id} is called "writer" again, as discovered.`])
    expect(await cli('apps', 'rename', 'nope_writer', 'X', '--data', 'data')).toBe(1)
    expect(local.output.err[0]).toBe('apps rename: There is no app with id "nope_writer". List them with: wopi-desk discovery list.')
  })

  it('set an icon from a file, refuse a non-image, and reset', async () => {
    await cli('discovery', 'import', local.server.origin, '--data', 'data')
    const id = `127-0-0-1-${local.server.port}_calc`
    writeFileSync(join(local.dir, 'icon.png'), PNG_1x1)
    writeFileSync(join(local.dir, 'notes.txt'), 'hello')
    expect(await cli('apps', 'icon', id, 'icon.png', '--data', 'data')).toBe(0)
    expect(local.output.out).toEqual([`Icon of ${id} ("calc") set from icon.png.`])
    const before = snapshot()
    expect(await cli('apps', 'icon', id, 'notes.txt', '--data', 'data')).toBe(1)
    expect(local.output.err[0]).toBe(
      'apps icon: "notes.txt" is not a PNG, SVG or ICO image (checked by its content). Choose a PNG, SVG or ICO file of at most 512 KiB.',
    )
    expect(snapshot()).toBe(before)
    expect(await cli('apps', 'icon', id, 'missing.png', '--data', 'data')).toBe(1)
    expect(local.output.err[0]).toContain('cannot read')
    expect(await cli('apps', 'icon', id, '--reset', '--data', 'data')).toBe(0)
    expect(local.output.out).toEqual([`Icon of ${id} ("calc") reset to none (the editor publishes no usable icon).`])
    expect(await cli('apps', 'icon', id, '--data', 'data')).toBe(2)
  })

  it('disable and enable', async () => {
    await cli('discovery', 'import', local.server.origin, '--data', 'data')
    const id = `127-0-0-1-${local.server.port}_calc`
    expect(await cli('apps', 'disable', id, '--data', 'data')).toBe(0)
    expect(local.output.out).toEqual([`${id} ("calc") is disabled.`])
    expect(await cli('apps', 'enable', id, '--data', 'data')).toBe(0)
    expect(local.output.out).toEqual([`${id} ("calc") is enabled.`])
  })
})
