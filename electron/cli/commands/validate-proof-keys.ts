import { readFile, writeFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { resolve } from 'node:path'
import { conformanceDiscoveryXml, proofKeyElement, type RunnerProofKeys } from '../../core/conformance'
import { newProofKeyFileText, parseProofKeyFile, ProofKeyFileError } from '../../core/conformance/proof-key-file'
import { CliError } from '../cli-error'
import type { CliIo } from '../io'

// validate's own proof key pair: create the file, print the <proof-key> element a host must trust, or serve a
// discovery document with it so a host that imports discovery (WOPI Desk: `discovery import <url>`) trusts it.

export async function readProofKeys(io: CliIo, path: string): Promise<RunnerProofKeys> {
  const absolute = resolve(io.cwd, path)
  let text: string
  try {
    text = await readFile(absolute, 'utf8')
  } catch (error) {
    throw new CliError(
      `validate: cannot read --proof-keys ${absolute} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}). Create a key pair file with: wopi-desk validate --create-proof-keys ${path}`,
    )
  }
  try {
    return parseProofKeyFile(text)
  } catch (error) {
    if (error instanceof ProofKeyFileError) throw new CliError(`validate: --proof-keys ${absolute}: ${error.message}.`)
    throw error
  }
}

export async function createProofKeys(io: CliIo, path: string): Promise<number> {
  const absolute = resolve(io.cwd, path)
  const text = newProofKeyFileText()
  try {
    // wx: never replace a key pair a host may already trust
    await writeFile(absolute, text, { flag: 'wx', mode: 0o600 })
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'EEXIST')
      throw new CliError(
        `validate: ${absolute} already exists; it may hold a key pair a host trusts. Choose another file name or delete it first.`,
      )
    throw new CliError(`validate: cannot write ${absolute} (${code ?? (error as Error).message}).`)
  }
  io.out(`Created a proof key pair in ${absolute} (readable only by you).`)
  io.out('Make the host trust it: add this element to the discovery document the host reads,')
  io.out(proofKeyElement(parseProofKeyFile(text)))
  io.out(`or serve a discovery document with it: wopi-desk validate --proof-keys ${path} --serve-discovery`)
  io.out(`Then sign every request with it: wopi-desk validate --proof-keys ${path} --wopisrc <url> --token <token>`)
  return 0
}

export function printProofKey(io: CliIo, keys: RunnerProofKeys): number {
  io.out(proofKeyElement(keys))
  return 0
}

export async function serveDiscovery(io: CliIo, keys: RunnerProofKeys, port: number): Promise<number> {
  let xml = ''
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname
    if (req.method !== 'GET' || (path !== '/hosting/discovery' && path !== '/hosting/discovery/')) {
      res.writeHead(404, { 'Content-Type': 'text/plain' })
      res.end('Only /hosting/discovery is served here.\n')
      return
    }
    res.writeHead(200, { 'Content-Type': 'text/xml; charset=utf-8' })
    res.end(xml)
  })
  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new CliError(
          error.code === 'EADDRINUSE'
            ? `validate: port ${port} is in use; pass another --port or 0 for any free port.`
            : `validate: cannot listen (${error.message}).`,
        ),
      ),
    )
    server.listen(port, '127.0.0.1', () => resolvePromise())
  })
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  xml = conformanceDiscoveryXml({ keys, urlsrc: `${base}/hosting/wopitest?<ui=UI_LLCC&>` })
  io.out(`Discovery with validate's proof keys: ${base}/hosting/discovery`)
  io.out(
    `For WOPI Desk: wopi-desk discovery import ${base} --data <dir>, then issue the test token bound to that editor (token <path> --write --app <its app id>).`,
  )
  io.out('Press Ctrl+C to stop.')
  await io.waitForStop()
  await new Promise<void>((resolvePromise) => {
    server.closeAllConnections()
    server.close(() => resolvePromise())
  })
  return 0
}
