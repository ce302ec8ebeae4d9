import { describe, expect, it } from 'vitest'
import { createBurstGate } from './burst-gate'

describe('the burst gate', () => {
  it('lets the first action through, asks for one that follows closely, and drops more while asking', async () => {
    const clock = { now: 0 }
    const questions: string[] = []
    let answer!: (value: boolean) => void
    const gate = createBurstGate({
      intervalMs: 1000,
      now: () => clock.now,
      ask: (what) => (questions.push(what), new Promise((done) => (answer = done))),
    })
    expect(gate('link a')).toBe(true)
    clock.now = 100
    const asked = gate('link b')
    expect(asked).toBeInstanceOf(Promise)
    expect(gate('link c')).toBe(false)
    answer(true)
    expect(await asked).toBe(true)
    expect(questions).toEqual(['link b'])
    clock.now = 5000
    expect(gate('link d')).toBe(true)
  })

  it('takes a refusal or a failed question as no', async () => {
    const gate = createBurstGate({ intervalMs: 1000, now: () => 0, ask: async () => false })
    expect(gate('a')).toBe(true)
    expect(await gate('b')).toBe(false)
    const failing = createBurstGate({ intervalMs: 1000, now: () => 0, ask: () => Promise.reject(new Error('no window')) })
    expect(failing('a')).toBe(true)
    expect(await failing('b')).toBe(false)
    expect(await failing('c')).toBe(false)
  })
})
