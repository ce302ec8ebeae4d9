import { fail, pass, warn, type HostCheck } from './types'

// PostMessageOrigin (clients.md rows 17 and 18): editors talk to the host page only through this origin, so it must
// be exactly the origin the page runs under. Collabora serving over TLS also rewrites an http origin to https.

export const postMessageOriginCheck: HostCheck = {
  id: 'host.postmessage-origin',
  title: 'PostMessageOrigin matches the host page',
  scope: 'host',
  async run(ctx) {
    const page = ctx.hostPageOrigin
    const sent = ctx.settings.hostPageOrigin
    const where = `Host page: ${page}; WOPISrc base: ${ctx.host.wopiBase}.`
    if (!sent) {
      return fail(
        `CheckFileInfo carries no PostMessageOrigin, so editors send the host page no messages: no "document loaded", close, rename or save notifications (Collabora sends none at all). ${where}`,
        `Set the host page origin (setting hostPageOrigin) to ${page}.`,
      )
    }
    if (sent !== page) {
      return fail(
        `PostMessageOrigin is ${sent}, but the host page runs at ${page}: browsers drop every message between the editor and the page. ${where}`,
        `Set the host page origin (setting hostPageOrigin) to ${page}.`,
      )
    }
    if (sent.startsWith('http:')) {
      const tlsCollabora = ctx.allEndpoints.filter(
        (endpoint) => endpoint.enabled && endpoint.kind === 'collabora' && endpoint.actions.some((action) => action.urlsrc.startsWith('https:')),
      )
      if (tlsCollabora.length > 0) {
        return warn(
          `PostMessageOrigin ${sent} matches the host page, but ${tlsCollabora.map((endpoint) => endpoint.name).join(', ')} runs over https and rewrites an http PostMessageOrigin to https (${sent.replace(/^http:/, 'https:')}), which no longer matches the page: its messages are dropped. ${where}`,
          'Serve the host page over https as well (a TLS proxy in front of WOPI Desk, with --public-url https://...), or, if that Collabora is not really behind TLS, turn off ssl.enable and ssl.termination in coolwsd.xml.',
        )
      }
    }
    return pass(`PostMessageOrigin ${sent} matches the host page origin. ${where}`)
  },
}
