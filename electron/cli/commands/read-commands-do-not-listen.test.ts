import { Server } from 'node:net'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { startTestHost, type TestHost } from '../../core/wopi/test-kit'
import { main } from '../index'
import { testIo } from './cli-test-io'

// The CLI's commands open the same desk as `serve` (openDesk) and never listen: no port is taken, not even for
// a moment, while they read or change the data folder.

describe('commands that work on a data folder', () => {
  let host: TestHost
  beforeEach(async () => {
    host = await startTestHost({ files: { 'Plan.docx': 'plan' }, listen: false })
  })
  afterEach(async () => {
    vi.restoreAllMocks()
    await host.close()
  })

  it('token, discovery list, apps and trash list open no listener', async () => {
    const listenCalls = vi.spyOn(Server.prototype, 'listen')
    for (const argv of [
      ['token', 'Plan.docx'],
      ['discovery', 'list', '--json'],
      ['apps', 'enable', 'no-such-app'],
      ['trash', 'list', '--json'],
    ]) {
      const io = testIo(host.root)
      const status = await main([...argv, '--data', host.dataDir], io)
      expect(io.errors.join('\n'), argv.join(' ')).not.toContain('unexpected error')
      expect(status, argv.join(' ')).toBe(argv[0] === 'apps' ? 1 : 0)
    }
    expect(listenCalls).not.toHaveBeenCalled()
  })
})
