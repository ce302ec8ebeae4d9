import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { FILE_SERVER_HEAP_FLAGS, tuneHeapForFileServing } from './heap-tuning'

describe('tuneHeapForFileServing', () => {
  it('hands V8 the heap-growth flag once', () => {
    const given: string[] = []
    tuneHeapForFileServing((flags) => given.push(flags))
    expect(given).toEqual([FILE_SERVER_HEAP_FLAGS])
  })

  it("names a flag this Node's V8 knows (an unknown flag would be ignored silently)", () => {
    const name = /^--([\w-]+)=/.exec(FILE_SERVER_HEAP_FLAGS)?.[1]
    expect(name).toBeTruthy()
    const options = execFileSync(process.execPath, ['--v8-options'], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 })
    expect(options).toContain(`--${name!}`)
  })
})
