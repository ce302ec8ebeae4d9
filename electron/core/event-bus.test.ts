import { describe, expect, it } from 'vitest'
import { createEventBus } from './event-bus'

describe('event bus', () => {
  it('delivers to every subscriber and stops after unsubscribe', () => {
    const bus = createEventBus()
    const seen: string[] = []
    const offA = bus.subscribeAll((event) => seen.push(`a:${event}`))
    bus.subscribeAll((event) => seen.push(`b:${event}`))
    bus.emit('files:changed', { paths: ['x'] })
    offA()
    bus.emit('catalog:changed', { endpointId: null })
    expect(seen).toEqual(['a:files:changed', 'b:files:changed', 'b:catalog:changed'])
    expect(bus.listenerCount()).toBe(1)
  })

  it('unsubscribes only the subscription it was returned for, even for the same function', () => {
    const bus = createEventBus()
    let calls = 0
    const listener = () => calls++
    const off1 = bus.subscribeAll(listener)
    bus.subscribeAll(listener)
    off1()
    bus.emit('files:changed', { paths: [] })
    expect(calls).toBe(1)
  })

  it('keeps delivering when one listener throws', () => {
    const errors: unknown[] = []
    const bus = createEventBus((error) => errors.push(error))
    let delivered = false
    bus.subscribeAll(() => {
      throw new Error('broken console')
    })
    bus.subscribeAll(() => {
      delivered = true
    })
    bus.emit('files:changed', { paths: [] })
    expect(delivered).toBe(true)
    expect(errors).toHaveLength(1)
  })
})
