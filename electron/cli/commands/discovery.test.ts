import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { catalogSnapshot } from '../../core/catalog/test-support/harness'
import { DB_FILE_NAME, openDb } from '../../core/db/open-db'
import { FIXTURES, fixture, tempDir } from '../../core/discovery/test-support/discovery-docs'
import { discoveryHandler, startServer, type LocalServer } from '../../core/discovery/test-support/local-server'
import { main } from '../index'
import type { CliIo } from '../io'

// The stable CLI interface, run in-process against a local editor on 127.0.0.1.

let temp: { dir: string; remove: () => void }
let server: LocalServer
let body: () => string
let output: { out: string[]; err: string[] }

function io(): CliIo {
  return {
    out: (line) => void output.out.push(line),
    err: (line) => void output.err.push(line),
    waitForStop: () => new Promise(() => undefined),
    env: { HOME: temp.dir, XDG_CONFIG_HOME: join(temp.dir, '.config') },
    cwd: temp.dir,
  }
}

async function cli(...argv: string[]): Promise<number> {
  output = { out: [], err: [] }
  return main(argv, io())
}

const snapshot = () => {
  const db = openDb(join(temp.dir, 'data', DB_FILE_NAME))
  try {
    return catalogSnapshot(db, join(temp.dir, 'data'))
  } finally {
    db.close()
  }
}

beforeEach(async () => {
  temp = tempDir('wopi-desk-cli-')
  server = await startServer((request, response) => discoveryHandler(() => body())(request, response))
  body = () => fixture(FIXTURES.collabora)
})
afterEach(async () => {
  await server.close()
  temp.remove()
})

describe('wopi-desk discovery', () => {
  it('import prints a one-line summary and exits 0', async () => {
    expect(await cli('discovery', 'import', server.origin, '--data', 'data')).toBe(0)
    expect(output.out).toEqual([
      `Imported Collabora Online (127.0.0.1:${server.port}): 9 apps, 89 actions, proof keys: no, zone external-http`,
    ])
    // Icons on https://127.0.0.1:9980 are not reachable here: a note on stderr, not a failure.
    expect(output.err.every((line) => line.startsWith('note: '))).toBe(true)
  })

  it('a failed import prints one line on stderr, exits non-zero and leaves the catalog unchanged', async () => {
    expect(await cli('discovery', 'import', server.origin, '--data', 'data')).toBe(0)
    const before = snapshot()
    body = () => '<!DOCTYPE html><html><body>Login</body></html>'
    expect(await cli('discovery', 'import', server.origin, '--data', 'data')).toBe(1)
    expect(output.out).toEqual([])
    expect(output.err).toEqual([
      'discovery import: The server answered with an HTML page (probably a login page), not a WOPI discovery document. Check the URL points at the editor itself, not at a proxy login.',
    ])
    expect(snapshot()).toBe(before)

    body = () => fixture(FIXTURES.collaboraTemplate)
    expect(await cli('discovery', 'import', `${server.origin}/hosting/discovery`, '--data', 'data')).toBe(1)
    expect(output.err[0]).toContain("This looks like Collabora's discovery template")
    expect(snapshot()).toBe(before)
  })

  it('usage errors exit 2 with the usage', async () => {
    expect(await cli('discovery', 'import', '--data', 'data')).toBe(2)
    expect(output.err[0]).toContain('Usage: wopi-desk discovery import <url>')
    expect(await cli('discovery', 'frobnicate')).toBe(2)
    expect(await cli('discovery', 'import', server.origin, '--data', 'data', '--timeout', 'soon')).toBe(2)
  })

  it('list --json gives endpoints with apps and actions', async () => {
    await cli('discovery', 'import', server.origin, '--data', 'data')
    expect(await cli('discovery', 'list', '--data', 'data', '--json')).toBe(0)
    const list = JSON.parse(output.out.join('\n')) as {
      id: string
      discoveryUrl: string
      kind: string
      zone: string
      apps: { id: string; name: string; actions: { name: string; ext: string }[] }[]
    }[]
    expect(list).toHaveLength(1)
    expect(list[0]).toMatchObject({
      id: `127-0-0-1-${server.port}`,
      discoveryUrl: `${server.origin}/hosting/discovery`,
      kind: 'collabora',
      zone: 'external-http',
    })
    const writer = list[0]!.apps.find((app) => app.name === 'writer')!
    expect(writer.id).toBe(`127-0-0-1-${server.port}_writer`)
    expect(writer.actions).toContainEqual(expect.objectContaining({ name: 'edit', ext: 'odt' }))
  })

  it('list without --json is a readable table', async () => {
    expect(await cli('discovery', 'list', '--data', 'data')).toBe(0)
    expect(output.out[0]).toContain('No editors yet')
    await cli('discovery', 'import', server.origin, '--data', 'data')
    await cli('discovery', 'list', '--data', 'data')
    const text = output.out.join('\n')
    expect(text).toContain(`127-0-0-1-${server.port}  Collabora Online (127.0.0.1:${server.port})  [collabora]`)
    expect(text).toMatch(/proof keys: none/)
    expect(text).toMatch(new RegExp(`127-0-0-1-${server.port}_writer\\s+writer\\s+25 actions\\s+sxw odt fodt`))
  })

  it('refresh prints changes per endpoint, and fails (keeping the last good copy) when the editor answers garbage', async () => {
    await cli('discovery', 'import', server.origin, '--data', 'data')
    expect(await cli('discovery', 'refresh', '--data', 'data')).toBe(0)
    expect(output.out).toEqual([`Collabora Online (127.0.0.1:${server.port}): no changes`])

    body = () => fixture(FIXTURES.collabora).replaceAll('/browser/80a6f97/', '/browser/5e6f7a8/')
    expect(await cli('discovery', 'refresh', `127-0-0-1-${server.port}`, '--data', 'data')).toBe(0)
    expect(output.out[0]).toBe(`Collabora Online (127.0.0.1:${server.port}): 8 changes`)
    expect(output.out[1]).toMatch(/^ {2}urlsrc-changed: urlsrc changed for 25 actions of "writer"/)

    const before = JSON.parse(snapshot()) as { actions: unknown[] }
    body = () => 'not xml at all'
    expect(await cli('discovery', 'refresh', '--data', 'data')).toBe(1)
    expect(output.err[0]).toMatch(/^Collabora Online \(127\.0\.0\.1:\d+\): refresh failed: .*not XML.* Keeping the copy fetched \d{4}-/)
    expect((JSON.parse(snapshot()) as { actions: unknown[] }).actions).toEqual(before.actions)

    expect(await cli('discovery', 'refresh', 'no-such-id', '--data', 'data')).toBe(1)
    expect(output.err[0]).toContain('There is no editor with id "no-such-id"')
  })

  it('remove deletes an editor', async () => {
    await cli('discovery', 'import', server.origin, '--data', 'data')
    expect(await cli('discovery', 'remove', `127-0-0-1-${server.port}`, '--data', 'data')).toBe(0)
    expect(output.out[0]).toBe(`Removed Collabora Online (127.0.0.1:${server.port}) and its 9 apps.`)
    await cli('discovery', 'list', '--data', 'data', '--json')
    expect(JSON.parse(output.out.join('\n'))).toEqual([])
  })
})
