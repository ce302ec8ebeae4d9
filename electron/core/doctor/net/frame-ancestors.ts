// May the host page (an origin) frame the editor page? Browsers decide with the editor's
// Content-Security-Policy `frame-ancestors` (CSP Level 3, "does url match source list") and, only when no
// policy has that directive, with X-Frame-Options. This is that decision, written out so the doctor can say
// which header and which source list refused the host page (clients.md row 7).

export interface FramingVerdict {
  allowed: boolean
  /** which mechanism decided */
  by: 'csp' | 'x-frame-options' | 'none'
  /** the directive or header value that decided, for the report */
  evidence: string
  /** one sentence */
  reason: string
}

const DEFAULT_PORTS: Record<string, string> = { 'http:': '80', 'https:': '443', 'ws:': '80', 'wss:': '443' }

function effectivePort(url: URL): string {
  return url.port || DEFAULT_PORTS[url.protocol] || ''
}

/** Each header value may hold several policies separated by commas; each policy's frame-ancestors sources, or null. */
export function frameAncestorPolicies(cspValues: string[]): { policy: string; sources: string[] }[] {
  const found: { policy: string; sources: string[] }[] = []
  for (const value of cspValues) {
    for (const policy of value.split(',')) {
      for (const directive of policy.split(';')) {
        const parts = directive.trim().split(/\s+/).filter(Boolean)
        if (parts.length === 0) continue
        // Directive names are case-insensitive; the first occurrence in a policy wins.
        if (parts[0]!.toLowerCase() === 'frame-ancestors') {
          found.push({ policy: directive.trim(), sources: parts.slice(1) })
          break
        }
      }
    }
  }
  return found
}

function schemeMatches(expression: string, url: URL): boolean {
  // A source naming http also matches https (and ws/wss likewise): the "upgrade" rule of CSP3.
  const wanted = expression.toLowerCase()
  const actual = url.protocol.slice(0, -1)
  if (wanted === actual) return true
  return (
    (wanted === 'http' && actual === 'https') ||
    (wanted === 'ws' && (actual === 'wss' || actual === 'https')) ||
    (wanted === 'wss' && actual === 'https')
  )
}

const HOST_SOURCE = /^(?:([a-z][a-z0-9+.-]*):\/\/)?(\*|\*\.[^/:]+|\[[0-9a-f:.]+\]|[^/:*]+)(?::(\*|\d+))?(\/.*)?$/i

/** Whether one source expression lets `ancestor` frame a resource served from `resource`. */
export function sourceMatches(source: string, ancestor: URL, resource: URL): boolean {
  const lower = source.toLowerCase()
  const network = ['http:', 'https:', 'ws:', 'wss:'].includes(ancestor.protocol)
  if (lower === '*') return network
  if (lower === "'self'") {
    if (ancestor.origin === resource.origin) return true
    // 'self' also covers the https form of an http resource origin.
    return (
      ancestor.hostname === resource.hostname &&
      resource.protocol === 'http:' &&
      ancestor.protocol === 'https:' &&
      (effectivePort(resource) === effectivePort(ancestor) || (effectivePort(resource) === '80' && effectivePort(ancestor) === '443'))
    )
  }
  if (lower.startsWith("'")) return false // 'none', nonces, hashes and keywords allow no ancestor
  const scheme = /^([a-z][a-z0-9+.-]*):$/i.exec(source)
  if (scheme) return schemeMatches(scheme[1]!, ancestor)
  const host = HOST_SOURCE.exec(source)
  if (!host || !network) return false
  const [, schemePart, hostPart, portPart, pathPart] = host
  if (schemePart) {
    if (!schemeMatches(schemePart, ancestor)) return false
  } else if (!schemeMatches(resource.protocol.slice(0, -1), ancestor)) {
    return false
  }
  const ancestorHost = ancestor.hostname.toLowerCase()
  const hostLower = hostPart!.toLowerCase()
  if (hostLower === '*') {
    // "*" as a host with a scheme or port matches any host.
  } else if (hostLower.startsWith('*.')) {
    if (!ancestorHost.endsWith(hostLower.slice(1))) return false
  } else if (ancestorHost !== hostLower) {
    return false
  }
  const port = effectivePort(ancestor)
  if (portPart === undefined) {
    const sourceScheme = (schemePart ?? resource.protocol.slice(0, -1)).toLowerCase() + ':'
    const defaultPort = DEFAULT_PORTS[sourceScheme]
    // No port in the source: the default port of its scheme, or https's default after an http upgrade.
    if (!(port === defaultPort || (defaultPort === '80' && ancestor.protocol === 'https:' && port === '443'))) return false
  } else if (portPart !== '*') {
    if (!(port === portPart || (portPart === '80' && ancestor.protocol === 'https:' && port === '443'))) return false
  }
  // An ancestor is compared as an origin (path "/"): a source with a longer path never matches it.
  if (pathPart && pathPart !== '/') return false
  return true
}

export function sourceListAllows(sources: string[], ancestor: URL, resource: URL): boolean {
  // A list that is just 'none' (or empty) allows nothing; 'none' next to other sources is ignored.
  const effective = sources.filter((source) => source.toLowerCase() !== "'none'")
  return effective.some((source) => sourceMatches(source, ancestor, resource))
}

/**
 * The browser's framing decision for a page of `resource` framed by `pageOrigin`, from the response headers
 * (all values of Content-Security-Policy, and X-Frame-Options).
 */
export function evaluateFraming(cspValues: string[], xFrameOptions: string[], pageOrigin: string, resource: string): FramingVerdict {
  const ancestor = new URL(pageOrigin)
  const resourceUrl = new URL(resource)
  const policies = frameAncestorPolicies(cspValues)
  if (policies.length > 0) {
    // Every policy must allow the ancestor (several policies only ever restrict further).
    for (const { policy, sources } of policies) {
      if (!sourceListAllows(sources, ancestor, resourceUrl)) {
        const none = sources.length === 0 || sources.every((source) => source.toLowerCase() === "'none'")
        return {
          allowed: false,
          by: 'csp',
          evidence: policy,
          reason: none
            ? `The editor page forbids all framing (Content-Security-Policy: ${policy}).`
            : `The editor page allows framing only by ${sources.join(' ')}, not by ${ancestor.origin} (Content-Security-Policy: ${policy}).`,
        }
      }
    }
    const ignored =
      xFrameOptions.length > 0
        ? ` X-Frame-Options (${xFrameOptions.join(', ')}) is ignored by browsers when frame-ancestors is present.`
        : ''
    return {
      allowed: true,
      by: 'csp',
      evidence: policies.map((entry) => entry.policy).join(' | '),
      reason: `frame-ancestors allows ${ancestor.origin}.${ignored}`,
    }
  }
  if (xFrameOptions.length > 0) {
    const values = xFrameOptions
      .flatMap((value) => value.split(','))
      .map((value) => value.trim().toUpperCase())
      .filter(Boolean)
    if (values.includes('DENY')) {
      return {
        allowed: false,
        by: 'x-frame-options',
        evidence: xFrameOptions.join(', '),
        reason: 'The editor page forbids all framing (X-Frame-Options: DENY).',
      }
    }
    if (values.includes('SAMEORIGIN') && ancestor.origin !== resourceUrl.origin) {
      return {
        allowed: false,
        by: 'x-frame-options',
        evidence: xFrameOptions.join(', '),
        reason: `The editor page may only be framed by its own origin ${resourceUrl.origin} (X-Frame-Options: SAMEORIGIN), not by ${ancestor.origin}.`,
      }
    }
    return {
      allowed: true,
      by: 'x-frame-options',
      evidence: xFrameOptions.join(', '),
      reason: `X-Frame-Options ${xFrameOptions.join(', ')} does not forbid ${ancestor.origin} (ALLOW-FROM is ignored by current browsers).`,
    }
  }
  return {
    allowed: true,
    by: 'none',
    evidence: '',
    reason: 'The editor page sends neither frame-ancestors nor X-Frame-Options, so any page may frame it.',
  }
}
