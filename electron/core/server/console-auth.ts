import { timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import { isIP } from 'node:net'

export const CONSOLE_COOKIE = 'wopidesk_console'

/** Compares secrets without leaking how many leading characters matched. */
export function secretsEqual(a: string, b: string): boolean {
  const left = Buffer.from(a)
  const right = Buffer.from(b)
  return left.length === right.length && timingSafeEqual(left, right)
}

export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false
  const plain = address.startsWith('::ffff:') ? address.slice(7) : address
  if (isIP(plain) === 4) return plain.startsWith('127.')
  return plain === '::1'
}

/**
 * DNS-rebinding guard: a page on evil.example that resolves to 127.0.0.1 still sends its own Host header,
 * so only the loopback names of this very port are accepted.
 */
export function hostHeaderAllowed(host: string | undefined, port: number): boolean {
  if (!host) return false
  const allowed = [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]
  return allowed.includes(host.toLowerCase())
}

export function readCookie(req: IncomingMessage, name: string): string | undefined {
  const header = req.headers.cookie
  if (!header) return undefined
  for (const part of header.split(';')) {
    const index = part.indexOf('=')
    if (index < 0) continue
    if (part.slice(0, index).trim() === name) return part.slice(index + 1).trim()
  }
  return undefined
}

export function sessionCookie(secret: string): string {
  // HttpOnly: page scripts never see the secret; SameSite=Strict: other sites cannot ride on it (CSRF).
  return `${CONSOLE_COOKIE}=${secret}; HttpOnly; SameSite=Strict; Path=/`
}
