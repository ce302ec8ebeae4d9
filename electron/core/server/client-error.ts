import type { Duplex } from 'node:stream'

// What a listener answers when Node's HTTP parser gives up on a request before any handler sees it. Headers
// over Node's limit are 431 Request Header Fields Too Large (RFC 6585), so a client knows to send fewer or
// shorter headers; every other parse error is 400. The connection closes after the answer: the parser cannot
// find the next request on it.

export function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  if (!socket.writable) {
    socket.destroy()
    return
  }
  const status = error.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request'
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
}
