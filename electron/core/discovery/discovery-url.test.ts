import { describe, expect, it } from 'vitest'
import { DiscoveryError } from './discovery-error'
import { normaliseDiscoveryUrl } from './discovery-url'

describe('normaliseDiscoveryUrl', () => {
  it.each([
    ['https://code.example:9980', 'https://code.example:9980/hosting/discovery'],
    ['https://code.example:9980/', 'https://code.example:9980/hosting/discovery'],
    ['  https://code.example:9980/hosting/discovery  ', 'https://code.example:9980/hosting/discovery'],
    ['https://code.example:9980/hosting/discovery/', 'https://code.example:9980/hosting/discovery'],
    ['HTTPS://Code.Example:443/hosting/discovery', 'https://code.example/hosting/discovery'],
    ['https://office.example/collabora', 'https://office.example/collabora/hosting/discovery'],
    ['https://office.example/collabora/hosting/discovery#top', 'https://office.example/collabora/hosting/discovery'],
    ['https://office.example/?x=1', 'https://office.example/hosting/discovery'],
    ['http://127.0.0.1:8080', 'http://127.0.0.1:8080/hosting/discovery'],
  ])('%s -> %s', (input, expected) => {
    expect(normaliseDiscoveryUrl(input).discoveryUrl).toBe(expected)
  })

  it('keeps the base for resolving relative icons', () => {
    expect(normaliseDiscoveryUrl('https://office.example/collabora/hosting/discovery').baseUrl).toBe('https://office.example/collabora')
  })

  it.each([
    ['', 'Enter the address'],
    ['code.example:9980', 'has no scheme'],
    ['ftp://code.example', 'Only http:// and https://'],
    ['https://admin:secret@code.example', 'Remove the user name and password'],
    ['https://exa mple', 'not a valid address'],
  ])('refuses %j with a plain message', (input, message) => {
    let caught: unknown
    try {
      normaliseDiscoveryUrl(input)
    } catch (error) {
      caught = error
    }
    expect(caught).toBeInstanceOf(DiscoveryError)
    expect((caught as DiscoveryError).code).toBe('bad-url')
    expect((caught as Error).message).toContain(message)
    expect((caught as Error).message).not.toContain('secret')
  })
})
