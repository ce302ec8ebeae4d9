import { join } from 'node:path'
import type { CreateDeskOptions } from './desk'
import { silentLog } from './deps'

// The desk as the core's tests start it: data in `<base>/data`, the served folder `<base>/Documents`, every port
// chosen by the system, no renderer, no sweeps, a silent log. Each test adds what it is about.

const resourcesDir = new URL('../../resources', import.meta.url).pathname

export function testDeskOptions(base: string, extra: Partial<CreateDeskOptions> = {}): CreateDeskOptions {
  return {
    dataDir: join(base, 'data'),
    root: join(base, 'Documents'),
    port: 0,
    staticDir: join(base, 'no-renderer-in-unit-tests'),
    resourcesDir,
    appVersion: '0.0.0-test',
    builtinEditor: false,
    env: { LANG: 'en_US.UTF-8' },
    log: silentLog,
    sweepIntervalMs: 0,
    ...extra,
  }
}
