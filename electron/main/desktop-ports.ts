import type { DesktopPorts } from './desktop-app'

// The desktop app's two port switches, named like `serve`'s flags: `--port=<n>` for the WOPI host and
// `--editor-port=<n>` for the built-in editor; 0 takes a free port (the Electron smoke test uses it, so it runs
// beside another WOPI Desk). Without them the app keeps its usual ports, which editors' allow-lists name.

const SWITCHES = { '--port': 'wopi', '--editor-port': 'editor' } as const

export function desktopPortsFromArgv(argv: readonly string[]): DesktopPorts {
  const ports: DesktopPorts = {}
  for (const arg of argv) {
    const match = /^(--port|--editor-port)=(.*)$/.exec(arg)
    if (!match) continue
    const [, name, value] = match as unknown as [string, keyof typeof SWITCHES, string]
    const port = Number(value)
    if (!/^\d+$/.test(value) || port > 65535)
      throw new Error(`${name} takes a port number from 0 to 65535 (0 = any free port), got "${value}".`)
    ports[SWITCHES[name]] = port
  }
  return ports
}
