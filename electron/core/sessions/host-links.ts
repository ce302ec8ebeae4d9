import { createHmac, timingSafeEqual } from 'node:crypto'
import type { Random } from '../deps'

// Host page URLs (HostViewUrl, HostEditUrl; spec 2.5) for tokens that belong to no session, such as those of
// `wopi-desk token`: a link that opens the file in its default editor. It is signed with a key that lives as
// long as this process and expires with the token it was made for, and grants no more than that token does (an
// edit link only for a write token): whoever holds the CheckFileInfo answer holds the token already.

export type LinkMode = 'view' | 'edit'

export interface HostLinks {
  /** path and query of the link, to put after the host page origin */
  path(fileId: string, mode: LinkMode, expiresAt: number): string
  /** whether the link's signature is ours and it has not expired */
  verify(fileId: string, mode: LinkMode, expiresAt: number, signature: string, now: number): boolean
}

export const HOST_LINK_PREFIX = '/host/open/'
const MEMO_SIZE = 256

export function createHostLinks(random: Random): HostLinks {
  const key = random.bytes(32)
  // Every CheckFileInfo with such a token signs the same links again; an HMAC each time was ~4% of the host's
  // CPU per CheckFileInfo (issue 11). Signatures depend only on their input, so a small memo is exact.
  const signed = new Map<string, string>()
  const sign = (fileId: string, mode: LinkMode, expiresAt: number) => {
    const input = `${fileId}\n${mode}\n${expiresAt}`
    let signature = signed.get(input)
    if (signature === undefined) {
      signature = createHmac('sha256', key).update(input).digest('base64url')
      if (signed.size >= MEMO_SIZE) signed.clear()
      signed.set(input, signature)
    }
    return signature
  }
  return {
    path: (fileId, mode, expiresAt) =>
      `${HOST_LINK_PREFIX}${encodeURIComponent(fileId)}/${mode}?exp=${expiresAt}&sig=${sign(fileId, mode, expiresAt)}`,
    verify(fileId, mode, expiresAt, signature, now) {
      if (!Number.isSafeInteger(expiresAt) || expiresAt <= now) return false
      const expected = Buffer.from(sign(fileId, mode, expiresAt))
      const given = Buffer.from(signature)
      return given.length === expected.length && timingSafeEqual(given, expected)
    },
  }
}
