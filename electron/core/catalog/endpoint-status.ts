import type { EndpointDto, EndpointStatusDto } from '../../contract/dto'
import type { Fetcher } from '../discovery/http-fetch'

// "Is this editor up right now, and which version is it?" for the editor cards, as Nextcloud's Office settings
// show it: one GET of the discovery document, and for editors that publish Collabora's /hosting/capabilities
// (Collabora, the built-in editor) its productName and productVersion. Short timeouts: a card waits for it.

const TIMEOUT_MS = 5_000

export async function probeEndpoint(
  endpoint: Pick<EndpointDto, 'id' | 'kind' | 'discoveryUrl' | 'insecureTls'>,
  deps: { fetcher: Fetcher; now: () => number },
): Promise<EndpointStatusDto> {
  const insecureTlsHost = endpoint.insecureTls ? new URL(endpoint.discoveryUrl).host : null
  const base = { endpointId: endpoint.id, productName: null, productVersion: null }
  try {
    const discovery = await deps.fetcher(endpoint.discoveryUrl, { timeoutMs: TIMEOUT_MS, insecureTlsHost, accept: 'text/xml' })
    if (discovery.status !== 200) {
      return {
        ...base,
        reachable: false,
        detail: `The discovery address answered ${discovery.status} ${discovery.statusText}.`.trim(),
        checkedAt: deps.now(),
      }
    }
  } catch (error) {
    return { ...base, reachable: false, detail: (error as Error).message, checkedAt: deps.now() }
  }
  const product =
    endpoint.kind === 'collabora' || endpoint.kind === 'builtin'
      ? await readCapabilities(endpoint.discoveryUrl, insecureTlsHost, deps.fetcher)
      : null
  return {
    endpointId: endpoint.id,
    reachable: true,
    detail: 'The discovery address answers.',
    productName: product?.name ?? null,
    productVersion: product?.version ?? null,
    checkedAt: deps.now(),
  }
}

async function readCapabilities(
  discoveryUrl: string,
  insecureTlsHost: string | null,
  fetcher: Fetcher,
): Promise<{ name: string | null; version: string | null } | null> {
  try {
    const answer = await fetcher(new URL('/hosting/capabilities', discoveryUrl).href, {
      timeoutMs: TIMEOUT_MS,
      insecureTlsHost,
      maxBytes: 256 * 1024,
      accept: 'application/json',
    })
    if (answer.status !== 200) return null
    const json = JSON.parse(answer.body.toString('utf8')) as Record<string, unknown>
    const text = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value.trim().slice(0, 100) : null)
    return { name: text(json['productName']), version: text(json['productVersion']) }
  } catch {
    // An editor without capabilities is still reachable; the card then shows no version.
    return null
  }
}
