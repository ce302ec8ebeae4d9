import { isDiscoveryError } from '../discovery/discovery-error'
import type { Fetcher } from '../discovery/http-fetch'
import { MAX_ICON_BYTES, sniffImage, type ImageKind } from '../discovery/image-sniff'
import type { IconStore } from './icon-store'

// Discovered favicons are copied into the data folder so the console shows them offline. A failed icon is a
// note on the endpoint, never a failed import.

const DISCOVERED_KINDS: readonly ImageKind[] = ['png', 'ico', 'svg', 'gif', 'jpeg']
const CONCURRENCY = 4

export interface IconJob {
  url: string
  appNames: string[]
}

export interface IconDownloadResult {
  url: string
  stored: string | null
  error?: string
}

export async function downloadIcons(
  jobs: IconJob[],
  deps: { fetcher: Fetcher; icons: IconStore; timeoutMs: number; insecureTlsHost: string | null },
): Promise<IconDownloadResult[]> {
  const results: IconDownloadResult[] = []
  const queue = [...jobs]
  const worker = async () => {
    for (let job = queue.shift(); job; job = queue.shift()) results.push(await downloadOne(job, deps))
  }
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, jobs.length) }, worker))
  return results
}

async function downloadOne(
  job: IconJob,
  deps: { fetcher: Fetcher; icons: IconStore; timeoutMs: number; insecureTlsHost: string | null },
): Promise<IconDownloadResult> {
  const who = job.appNames.map((name) => `"${name}"`).join(', ')
  try {
    const response = await deps.fetcher(job.url, {
      accept: 'image/*',
      maxBytes: MAX_ICON_BYTES,
      timeoutMs: deps.timeoutMs,
      insecureTlsHost: deps.insecureTlsHost,
    })
    if (response.status < 200 || response.status > 299) {
      return {
        url: job.url,
        stored: null,
        error: `The icon of ${who} could not be downloaded: ${new URL(job.url).host} answered ${response.status}.`,
      }
    }
    const kind = sniffImage(response.body)
    if (!kind || !DISCOVERED_KINDS.includes(kind)) {
      return {
        url: job.url,
        stored: null,
        error: `The icon of ${who} at ${job.url} is not a PNG, ICO, SVG, GIF or JPEG image; it was not stored.`,
      }
    }
    return { url: job.url, stored: deps.icons.save(response.body, kind) }
  } catch (error) {
    const reason = isDiscoveryError(error) ? error.message : (error as Error).message
    return { url: job.url, stored: null, error: `The icon of ${who} could not be downloaded: ${reason}` }
  }
}
