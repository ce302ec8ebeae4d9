import { PROBE_ID_PREFIX } from '../canary'
import { HOST_NOT_RUNNING, HOST_NOT_RUNNING_FIX, type DoctorContext } from '../context'
import type { ProbeResponse } from '../net/http-probe'
import { isHostPausedAnswer } from '../../wopi/host-paused'
import { fail, pass, warn, type HostCheck } from './types'

// Is the WOPI host up, and is it really us that answers? A WOPI path without a token must get the router's
// 401 (or 404): a 200 page or a proxy error means another program owns the port or the public URL.

async function knock(ctx: DoctorContext, base: string): Promise<{ response: ProbeResponse | null; error: string | null }> {
  try {
    return { response: await ctx.probe(`${base}/wopi/files/${PROBE_ID_PREFIX}listener`, { timeoutMs: 5_000, maxBytes: 2048 }), error: null }
  } catch (error) {
    return { response: null, error: (error as Error).message }
  }
}

const isOurs = (response: ProbeResponse) => response.status === 401 || response.status === 404

export const hostListenerCheck: HostCheck = {
  id: 'host.listener',
  title: 'The WOPI host answers',
  scope: 'host',
  async run(ctx) {
    if (ctx.host.state === 'none') return fail(HOST_NOT_RUNNING, HOST_NOT_RUNNING_FIX)
    const who = ctx.host.state === 'in-process' ? 'This app' : `wopi-desk serve (pid ${ctx.host.pid})`
    const local = ctx.host.localBase!
    const first = await knock(ctx, local)
    if (!first.response) {
      return fail(
        `${who} runs the host, but ${local} does not answer from this computer: ${first.error}`,
        'Restart the host (stop and start wopi-desk serve, or restart the app); if it persists, check that no firewall or security tool blocks this port.',
      )
    }
    // Paused (issue 14): it is WOPI Desk answering, on purpose; every later check that calls the host would fail.
    if (isHostPausedAnswer(first.response.status, first.response.body)) {
      return warn(
        `${who} is paused at ${local}: editors get 503 and show "cannot reach storage" until it resumes. Checks that call the host fail meanwhile.`,
        'Resume it: Resume host in the WOPI Desk tray menu, or Resume on the Paused banner of the console.',
      )
    }
    if (!isOurs(first.response)) {
      return fail(
        `Something other than WOPI Desk answers at ${local}: a WOPI request without a token got ${first.response.status} ${first.response.statusText} instead of 401.`,
        `Another program (or a proxy) uses this address. Stop it, or start the host on another port: wopi-desk serve --port <free port> (then update the editor's allow-list and --public-url).`,
      )
    }
    if (ctx.host.wopiBase === local) return pass(`${who} answers as a WOPI host at ${local}.`)
    const publicAnswer = await knock(ctx, ctx.host.wopiBase)
    if (publicAnswer.response && isOurs(publicAnswer.response)) {
      return pass(`${who} answers as a WOPI host at ${local} and at its public URL ${ctx.host.wopiBase}.`)
    }
    const what = publicAnswer.response
      ? `answers ${publicAnswer.response.status} ${publicAnswer.response.statusText}, not as WOPI Desk`
      : `does not answer (${publicAnswer.error})`
    return warn(
      `${who} answers at ${local}, but its public URL ${ctx.host.wopiBase} ${what} from this computer. That is expected when the address only exists on the editor's side (host.docker.internal inside Docker); otherwise the editor cannot reach it either.`,
      `Check --public-url: it must be the address at which the editor reaches this host (scheme, host and port). A proxy in front of WOPI Desk must forward /wopi/ to ${local}.`,
    )
  },
}
