import type { SessionRepo } from '../db/session-repo'
import type { FileStore } from '../files/file-store'
import type { HostUrls, HostUrlsProvider } from '../wopi/host-urls'
import type { HostLinks } from './host-links'
import type { LiveSessions } from './live-sessions'
import { userMayWrite } from './write-access'

/**
 * CheckFileInfo's host page properties (spec 2.5, 2.6): the session's own pages for a session's token, signed
 * links that open the file for a token without one.
 */
export function createSessionHostUrls(deps: {
  repo: SessionRepo
  files: FileStore
  links: HostLinks
  live: LiveSessions
  hostPageOrigin: () => string
}): HostUrlsProvider {
  const { repo, files, links, live } = deps

  async function mayWriteFile(sessionId: string, fileId: string): Promise<boolean> {
    const known = live.knownMayWrite(sessionId, fileId)
    if (known !== undefined) return known
    const row = files.get(fileId)
    let value = false
    if (row) {
      try {
        value = await userMayWrite(await files.locate(row))
      } catch {
        value = false
      }
    }
    live.rememberMayWrite(sessionId, fileId, value)
    return value
  }

  return async (fileId, { token }) => {
    const origin = deps.hostPageOrigin()
    // Every token gets PostMessageOrigin (CLI tokens too), so an emulator or the doctor sees what a session would.
    const urls: HostUrls = { PostMessageOrigin: origin }
    const row = token.sessionId ? repo.get(token.sessionId) : undefined
    if (!row) {
      // A token from `wopi-desk token` (or any without a session) still gets host pages that open the file.
      urls.HostViewUrl = `${origin}${links.path(fileId, 'view', token.expiresAt)}`
      if (token.canWrite) urls.HostEditUrl = `${origin}${links.path(fileId, 'edit', token.expiresAt)}`
      return urls
    }
    const base = `${origin}/host/${encodeURIComponent(row.id)}`
    const other = fileId === row.fileId ? '' : `?file=${encodeURIComponent(fileId)}`
    // Spec 2.6 best practice: each *PostMessage flag comes with its URL for clients that navigate instead.
    urls.ClosePostMessage = true
    urls.CloseUrl = `${base}/closed`
    urls.FileVersionPostMessage = true
    urls.FileVersionUrl = `${base}/versions${other}`
    urls.HostViewUrl = `${base}/view${other}`
    if (await mayWriteFile(row.id, fileId)) {
      urls.EditModePostMessage = true
      urls.HostEditUrl = `${base}/edit${other}`
    }
    return urls
  }
}
