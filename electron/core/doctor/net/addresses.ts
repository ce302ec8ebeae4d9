import { lookup } from 'node:dns/promises'
import { isIP } from 'node:net'
import { networkInterfaces } from 'node:os'

// Where things live, as far as the network is concerned: is a host name this machine's loopback, what does it
// resolve to, and which LAN addresses could an editor elsewhere use to reach this machine.

export type Lookup = (host: string) => Promise<string[]>

export const systemLookup: Lookup = async (host) => (await lookup(host, { all: true, verbatim: true })).map((entry) => entry.address)

/** IPv4/IPv6 addresses of this machine's interfaces that are not loopback or link-local: candidates for --public-url. */
export function lanAddresses(interfaces = networkInterfaces()): string[] {
  const found: string[] = []
  for (const list of Object.values(interfaces)) {
    for (const entry of list ?? []) {
      if (entry.internal) continue
      if (entry.family === 'IPv4' && !entry.address.startsWith('169.254.')) found.push(entry.address)
    }
  }
  return [...new Set(found)]
}

export function stripBrackets(host: string): string {
  return host.replace(/^\[|\]$/g, '')
}

/** 127.0.0.0/8, ::1, localhost (and *.localhost): only reachable from this machine. */
export function isLoopbackHost(host: string): boolean {
  const bare = stripBrackets(host).toLowerCase()
  if (bare === 'localhost' || bare.endsWith('.localhost')) return true
  if (isIP(bare) === 4) return bare.startsWith('127.')
  if (isIP(bare) === 6) return bare === '::1' || bare === '0:0:0:0:0:0:0:1' || /^::ffff:127\./.test(bare)
  return false
}

export function isWildcardAddress(host: string): boolean {
  const bare = stripBrackets(host)
  return bare === '0.0.0.0' || bare === '::' || bare === ''
}

/**
 * Whether the editor at `host` runs on this machine: 'local' when the name is (or resolves only to) loopback,
 * 'remote' when it resolves to anything else, 'unknown' when it cannot be resolved here.
 */
export async function hostLocality(
  host: string,
  resolve: Lookup,
): Promise<{ locality: 'local' | 'remote' | 'unknown'; addresses: string[] }> {
  if (isLoopbackHost(host)) return { locality: 'local', addresses: [stripBrackets(host)] }
  if (isIP(stripBrackets(host))) return { locality: 'remote', addresses: [stripBrackets(host)] }
  try {
    const addresses = await resolve(host)
    if (addresses.length === 0) return { locality: 'unknown', addresses }
    return { locality: addresses.every(isLoopbackHost) ? 'local' : 'remote', addresses }
  } catch {
    return { locality: 'unknown', addresses: [] }
  }
}

/** scheme://host:port with the port always written out, the way Collabora's alias groups compare hosts. */
export function originWithPort(url: string | URL): string {
  const parsed = typeof url === 'string' ? new URL(url) : url
  const port = parsed.port || (parsed.protocol === 'https:' ? '443' : '80')
  return `${parsed.protocol}//${parsed.hostname}:${port}`
}
