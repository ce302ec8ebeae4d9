import type { ServerResponse } from 'node:http'
import type { EventBus } from '../event-bus'

const HEARTBEAT_MS = 20_000

/** Streams every bus event to one console as server-sent events until the connection closes. */
export function streamEvents(res: ServerResponse, events: EventBus): void {
  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no',
  })
  res.write(': connected\n\n')
  const unsubscribe = events.subscribeAll((event, payload) => {
    res.write(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`)
  })
  // A comment line keeps proxies and the browser from timing out an idle stream.
  const heartbeat = setInterval(() => res.write(': ping\n\n'), HEARTBEAT_MS)
  heartbeat.unref()
  const stop = () => {
    clearInterval(heartbeat)
    unsubscribe()
  }
  res.on('close', stop)
  res.on('error', stop)
}
