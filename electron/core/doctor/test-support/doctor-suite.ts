import { afterEach, beforeEach } from 'vitest'
import { startDoctorHarness, type DoctorHarness, type HarnessOptions } from './doctor-harness'
import { startFakeEditor, type FakeEditor } from './fake-editor'

// Test-only: the set-up the doctor check tests share. A fresh harness for every test (started before it, or by the
// test with its own options) and fake editors, all closed after it (editors first, as they may still be talking to
// the host), so no test sees another's state.

export interface DoctorSuite {
  /** the harness of the running test; stable across tests, so a test file can hold it in a const */
  h: DoctorHarness
  /** starts a fake editor that is closed after the test */
  editor(...args: Parameters<typeof startFakeEditor>): Promise<FakeEditor>
  /** starts the test's harness with these options, closing the one that runs; returns it */
  start(options?: HarnessOptions): Promise<DoctorHarness>
}

/**
 * Registers the hooks in the calling test file (or describe block). 'before-each' starts every test's harness with
 * `options`; 'on-demand' leaves it to each test's start().
 */
export function useDoctorSuite(options: HarnessOptions = {}, when: 'before-each' | 'on-demand' = 'before-each'): DoctorSuite {
  let current: DoctorHarness | undefined
  const editors: FakeEditor[] = []
  const running = (): DoctorHarness => {
    if (!current) throw new Error('No doctor harness runs: use it inside it(), and start() it first when it starts on demand.')
    return current
  }

  beforeEach(async () => {
    if (when === 'before-each') current = await startDoctorHarness(options)
  })
  afterEach(async () => {
    for (const started of editors.splice(0)) await started.close()
    await current?.close()
    current = undefined
  })

  const h: DoctorHarness = {
    get host() {
      return running().host
    },
    get catalog() {
      return running().catalog
    },
    get deps() {
      return running().deps
    },
    addEditor: (...args) => running().addEditor(...args),
    run: (...args) => running().run(...args),
    check: (...args) => running().check(...args),
    close: () => running().close(),
  }
  return {
    h,
    async editor(...args) {
      const started = await startFakeEditor(...args)
      editors.push(started)
      return started
    },
    async start(next = {}) {
      const previous = current
      current = undefined
      await previous?.close()
      current = await startDoctorHarness(next)
      return current
    },
  }
}
