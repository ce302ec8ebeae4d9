import { describe, expect, it } from 'vitest'
import { useTempDb } from './test-support/temp-db'
import { createRuntimeRepo } from './runtime-repo'

describe('runtime repository', () => {
  const temp = useTempDb('wopi-desk-runtime-')

  it('runtime: a value is set, replaced and deleted', () => {
    const runtime = createRuntimeRepo(temp.db)
    expect(runtime.get('k')).toBeUndefined()
    runtime.set('k', 'one', 1)
    runtime.set('k', 'two', 2)
    expect(runtime.get('k')).toBe('two')
    runtime.delete('k')
    expect(runtime.get('k')).toBeUndefined()
  })
})
