import { describe, expect, it } from 'vitest'
import { desktopPortsFromArgv } from './desktop-ports'

describe('desktopPortsFromArgv', () => {
  it('reads --port and --editor-port, and leaves out what is not given', () => {
    expect(desktopPortsFromArgv(['electron', 'out/main/index.js', '--port=0', '--editor-port=18000'])).toEqual({ wopi: 0, editor: 18000 })
    expect(desktopPortsFromArgv(['electron', 'out/main/index.js', '--user-data-dir=/tmp/x', 'Report.docx'])).toEqual({})
  })

  it('refuses a value that is not a port, saying what it takes', () => {
    expect(() => desktopPortsFromArgv(['--port=http'])).toThrow(
      '--port takes a port number from 0 to 65535 (0 = any free port), got "http".',
    )
    expect(() => desktopPortsFromArgv(['--editor-port=70000'])).toThrow('--editor-port takes a port number')
    expect(() => desktopPortsFromArgv(['--port='])).toThrow('got "".')
  })
})
