import { afterEach, beforeEach } from 'vitest'
import { startDoctorHarness, type DoctorHarness, type HarnessOptions } from './doctor-harness'
import { startFakeEditor, type FakeEditor } from './fake-editor'

// Test-only: the set-up most doctor check tests share. A fresh harness for every test and fake editors that are
// closed after it (editors first, as they may still be talking to the host), so no test sees another's state.

export interface DoctorSuite {
  /** the harness of the running test; stable across tests, so a test file can hold it in a const */
  h: DoctorHarness
  /** starts a fake editor that is closed after the test */
  editor(...args: Parameters<typeof startFakeEditor>): Promise<FakeEditor>
  /** replaces the running test's harness with one started with other options */
  restart(options: HarnessOptions): Promise<void>
}

/** Registers the hooks in the calling test file (or describe block); `options` are those of every test's harness. */
export function useDoctorSuite(options: HarnessOptions = {}): DoctorSuite {
  let current: DoctorHarness | undefined
  const editors: FakeEditor[] = []
  const running = (): DoctorHarness => {
    if (!current) throw new Error('The doctor harness exists only while a test runs: use it inside it(), not at load time.')
    return current
  }

  beforeEach(async () => {
    current = await startDoctorHarness(options)
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
    async restart(next) {
      await running().close()
      current = undefined
      current = await startDoctorHarness(next)
    },
  }
}
