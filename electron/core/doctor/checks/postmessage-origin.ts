import { createCanaryFile } from '../canary'
import type { DoctorContext } from '../context'
import { fail, pass, skip, warn, type HostCheck } from './types'

// PostMessageOrigin (clients.md rows 17 and 18): editors talk to the host page only through this origin, so it must
// be exactly the origin the page runs under. The check reads what CheckFileInfo really sends for a test document,
// not what the settings say. Collabora serving over TLS also rewrites an http origin to https.

async function sentPostMessageOrigin(ctx: DoctorContext): Promise<string | null | undefined> {
  if (ctx.host.state === 'none' || !ctx.host.localBase || !ctx.desk.files.root) return undefined
  const file = await createCanaryFile(ctx.desk, ctx.random, ctx.now, { ext: 'txt' })
  ctx.redact.add(file.token)
  ctx.defer(file.remove)
  const response = await fetch(`${ctx.host.localBase}/wopi/files/${file.fileId}?access_token=${encodeURIComponent(file.token)}`, {
    signal: ctx.signal,
  })
  if (!response.ok) return undefined
  const info = (await response.json()) as { PostMessageOrigin?: unknown }
  return typeof info.PostMessageOrigin === 'string' && info.PostMessageOrigin ? info.PostMessageOrigin : null
}

export const postMessageOriginCheck: HostCheck = {
  id: 'host.postmessage-origin',
  title: 'PostMessageOrigin matches the host page',
  scope: 'host',
  async run(ctx) {
    const page = ctx.hostPageOrigin
    const where = `Host page: ${page}; WOPISrc base: ${ctx.host.wopiBase}.`
    const sent = await sentPostMessageOrigin(ctx).catch(() => undefined)
    if (sent === undefined) {
      return skip(
        `CheckFileInfo could not be read from the running host, so what it sends as PostMessageOrigin is unknown. ${where}`,
        'See "The WOPI host answers".',
      )
    }
    if (!sent) {
      return fail(
        `CheckFileInfo carries no PostMessageOrigin, so editors send the host page no messages: no "document loaded", close, rename or save notifications (Collabora sends none at all). ${where}`,
        `Set the host page origin (setting hostPageOrigin) to ${page}.`,
      )
    }
    if (sent !== page) {
      return fail(
        `PostMessageOrigin is ${sent}, but the host page runs at ${page}: browsers drop every message between the editor and the page. ${where}`,
        `Set the host page origin (setting hostPageOrigin) to ${page}, or remove the setting so the listener's own origin is used.`,
      )
    }
    if (sent.startsWith('http:')) {
      const tlsCollabora = ctx.allEndpoints.filter(
        (endpoint) =>
          endpoint.enabled && endpoint.kind === 'collabora' && endpoint.actions.some((action) => action.urlsrc.startsWith('https:')),
      )
      if (tlsCollabora.length > 0) {
        return warn(
          `PostMessageOrigin ${sent} matches the host page, but ${tlsCollabora.map((endpoint) => endpoint.name).join(', ')} runs over https and rewrites an http PostMessageOrigin to https (${sent.replace(/^http:/, 'https:')}), which no longer matches the page: its messages are dropped. ${where}`,
          'Serve the host page over https as well (a TLS proxy in front of WOPI Desk, with --public-url https://...), or, if that Collabora is not really behind TLS, turn off ssl.enable and ssl.termination in coolwsd.xml.',
        )
      }
    }
    return pass(`CheckFileInfo sends PostMessageOrigin ${sent}, the host page's origin. ${where}`)
  },
}
