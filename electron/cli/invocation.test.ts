import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { cliInvocation, command } from './invocation'

describe('the invocation that works where the CLI runs', () => {
  let base: string
  beforeEach(async () => {
    base = await mkdtemp(join(tmpdir(), 'wopi-desk-invocation-'))
  })
  afterEach(() => rm(base, { recursive: true, force: true }))

  it('is wopi-desk when installed', () => {
    expect(cliInvocation({}, base)).toBe('wopi-desk')
  })
  it('is npm run -s cli -- in a clone, or when started through npm run cli', async () => {
    expect(cliInvocation({ npm_lifecycle_event: 'cli' }, base)).toBe('npm run -s cli --')
    await mkdir(join(base, '.git'))
    expect(cliInvocation({}, base)).toBe('npm run -s cli --')
    expect(command({}, base, 'console')).toBe('npm run -s cli -- console')
  })
})
