import { describe, expect, it } from 'vitest'
import { FIXTURES, fixture } from '../../core/discovery/test-support/discovery-docs'
import { useCliWithLocalEditor } from './test-support/cli-with-local-editor'

// The stable CLI interface, run in-process against a local editor on 127.0.0.1.

const local = useCliWithLocalEditor(() => fixture(FIXTURES.collabora))
const { cli, snapshot } = local

describe('wopi-desk discovery', () => {
  it('import prints a one-line summary and exits 0', async () => {
    expect(await cli('discovery', 'import', local.server.origin, '--data', 'data')).toBe(0)
    expect(local.output.out).toEqual([
      `Imported Collabora Online (127.0.0.1:${local.server.port}): 9 apps, 89 actions, proof keys: no, zone external-http`,
    ])
    // Icons on https://127.0.0.1:9980 are not reachable here: a note on stderr, not a failure.
    expect(local.output.err.every((line) => line.startsWith('note: '))).toBe(true)
  })

  it('a failed import prints one line on stderr, exits non-zero and leaves the catalog unchanged', async () => {
    expect(await cli('discovery', 'import', local.server.origin, '--data', 'data')).toBe(0)
    const before = snapshot()
    local.body = () => '<!DOCTYPE html><html><body>Login</body></html>'
    expect(await cli('discovery', 'import', local.server.origin, '--data', 'data')).toBe(1)
    expect(local.output.out).toEqual([])
    expect(local.output.err).toEqual([
      'discovery import: The server answered with an HTML page (probably a login page), not a WOPI discovery document. Check the URL points at the editor itself, not at a proxy login.',
    ])
    expect(snapshot()).toBe(before)

    local.body = () => fixture(FIXTURES.collaboraTemplate)
    expect(await cli('discovery', 'import', `${local.server.origin}/hosting/discovery`, '--data', 'data')).toBe(1)
    expect(local.output.err[0]).toContain("This looks like Collabora's discovery template")
    expect(snapshot()).toBe(before)
  })

  it('usage errors exit 2 with the usage', async () => {
    expect(await cli('discovery', 'import', '--data', 'data')).toBe(2)
    expect(local.output.err[0]).toContain('Usage: wopi-desk discovery import <url>')
    expect(await cli('discovery', 'frobnicate')).toBe(2)
    expect(await cli('discovery', 'import', local.server.origin, '--data', 'data', '--timeout', 'soon')).toBe(2)
  })

  it('list --json gives endpoints with apps and actions', async () => {
    await cli('discovery', 'import', local.server.origin, '--data', 'data')
    expect(await cli('discovery', 'list', '--data', 'data', '--json')).toBe(0)
    const list = JSON.parse(local.output.out.join('\n')) as {
      id: string
      discoveryUrl: string
      kind: string
      zone: string
      apps: { id: string; name: string; actions: { name: string; ext: string }[] }[]
    }[]
    expect(list).toHaveLength(1)
    expect(list[0]).toMatchObject({
      id: `127-0-0-1-${local.server.port}`,
      discoveryUrl: `${local.server.origin}/hosting/discovery`,
      kind: 'collabora',
      zone: 'external-http',
    })
    const writer = list[0]!.apps.find((app) => app.name === 'writer')!
    expect(writer.id).toBe(`127-0-0-1-${local.server.port}_writer`)
    expect(writer.actions).toContainEqual(expect.objectContaining({ name: 'edit', ext: 'odt' }))
  })

  it('list without --json is a readable table', async () => {
    expect(await cli('discovery', 'list', '--data', 'data')).toBe(0)
    expect(local.output.out[0]).toContain('No editors yet')
    await cli('discovery', 'import', local.server.origin, '--data', 'data')
    await cli('discovery', 'list', '--data', 'data')
    const text = local.output.out.join('\n')
    expect(text).toContain(`127-0-0-1-${local.server.port}  Collabora Online (127.0.0.1:${local.server.port})  [collabora]`)
    expect(text).toMatch(/proof keys: none/)
    expect(text).toMatch(new RegExp(`127-0-0-1-${local.server.port}_writer\\s+writer\\s+25 actions\\s+sxw odt fodt`))
  })

  it('refresh prints changes per endpoint, and fails (keeping the last good copy) when the editor answers garbage', async () => {
    await cli('discovery', 'import', local.server.origin, '--data', 'data')
    expect(await cli('discovery', 'refresh', '--data', 'data')).toBe(0)
    expect(local.output.out).toEqual([`Collabora Online (127.0.0.1:${local.server.port}): no changes`])

    local.body = () => fixture(FIXTURES.collabora).replaceAll('/browser/80a6f97/', '/browser/5e6f7a8/')
    expect(await cli('discovery', 'refresh', `127-0-0-1-${local.server.port}`, '--data', 'data')).toBe(0)
    expect(local.output.out[0]).toBe(`Collabora Online (127.0.0.1:${local.server.port}): 8 changes`)
    expect(local.output.out[1]).toMatch(/^ {2}urlsrc-changed: urlsrc changed for 25 actions of "writer"/)

    const before = JSON.parse(snapshot()) as { actions: unknown[] }
    local.body = () => 'not xml at all'
    expect(await cli('discovery', 'refresh', '--data', 'data')).toBe(1)
    expect(local.output.err[0]).toMatch(
      /^Collabora Online \(127\.0\.0\.1:\d+\): refresh failed: .*not XML.* Keeping the copy fetched \d{4}-/,
    )
    expect((JSON.parse(snapshot()) as { actions: unknown[] }).actions).toEqual(before.actions)

    expect(await cli('discovery', 'refresh', 'no-such-id', '--data', 'data')).toBe(1)
    expect(local.output.err[0]).toContain('There is no editor with id "no-such-id"')
  })

  it('remove deletes an editor', async () => {
    await cli('discovery', 'import', local.server.origin, '--data', 'data')
    expect(await cli('discovery', 'remove', `127-0-0-1-${local.server.port}`, '--data', 'data')).toBe(0)
    expect(local.output.out[0]).toBe(`Removed Collabora Online (127.0.0.1:${local.server.port}) and its 9 apps.`)
    await cli('discovery', 'list', '--data', 'data', '--json')
    expect(JSON.parse(local.output.out.join('\n'))).toEqual([])
  })
})
