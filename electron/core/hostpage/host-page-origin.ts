// The host page is served by the WOPI listener, and the user's browser (or the editor view) runs on this
// computer, so its origin is the listener as seen from here: loopback for a loopback or wildcard bind, else
// the bound address. It is deliberately not the public URL: that is the address an editor *server* (maybe in
// Docker or on another machine) uses to call the host, while the page is loaded by the local browser.
// Editors only post to and accept messages from this exact origin (PostMessageOrigin, spec 2.6).

export function hostPageOriginFor(bind: string, port: number): string {
  const trimmed = bind.trim()
  const wildcard = trimmed === '' || trimmed === '0.0.0.0' || trimmed === '::' || trimmed === '[::]'
  let host = wildcard ? '127.0.0.1' : trimmed.replace(/^\[|\]$/g, '')
  if (host.includes(':')) host = `[${host}]`
  return `http://${host.toLowerCase()}:${port}`
}
