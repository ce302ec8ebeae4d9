import { channelArgs, type ApiImplementation, type Channel } from './channels'
import { ApiError, type Envelope } from './envelope'

export interface DispatchLog {
  error(message: string, fields?: Record<string, unknown>): void
}

export function isChannel(name: string): name is Channel {
  return Object.prototype.hasOwnProperty.call(channelArgs, name)
}

/**
 * The one path from a transport into the core: validate the argument tuple at the boundary, call the
 * implementation, and turn every outcome into an envelope. Both the IPC binding (electron/main) and the
 * HTTP binding (core/server) go through here, so they cannot drift apart.
 */
export async function dispatch(api: ApiImplementation, channel: string, rawArgs: unknown, log?: DispatchLog): Promise<Envelope<unknown>> {
  if (!isChannel(channel)) {
    return { ok: false, error: { code: 'not-found', message: `Unknown operation "${channel}".` } }
  }
  const parsed = channelArgs[channel].safeParse(Array.isArray(rawArgs) ? rawArgs : [])
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const where = issue?.path.length ? ` (argument ${issue.path.join('.')})` : ''
    return { ok: false, error: { code: 'invalid-argument', message: `${issue?.message ?? 'Invalid arguments'}${where}.` } }
  }
  try {
    const run = api[channel] as (...args: unknown[]) => Promise<unknown>
    const value = await run(...(parsed.data as unknown[]))
    return { ok: true, value: value === undefined ? null : value }
  } catch (error) {
    if (error instanceof ApiError) return { ok: false, error: { code: error.code, message: error.message } }
    log?.error('console operation failed', { channel, error: (error as Error)?.message })
    return {
      ok: false,
      error: { code: 'internal', message: `Something went wrong while running ${channel}. Details are in the log; please try again.` },
    }
  }
}
