import { statfs, stat, unlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { randomId } from '../../deps'
import { formatBytes } from '../../format-bytes'
import type { DoctorContext } from '../context'
import { localityFact } from '../facts'
import { isLoopbackHost, isWildcardAddress } from '../net/addresses'
import { fail, pass, warn, type HostCheck } from './types'

// The host's own configuration: the address editors are told (public URL versus bind address), and the two
// folders it writes to (the data folder and the served folder).

const LOW_SPACE_BYTES = 1024 * 1024 * 1024

export function listenerPort(ctx: DoctorContext): number {
  const fromBase = Number(new URL(ctx.host.localBase ?? ctx.host.wopiBase).port)
  return ctx.desk.wopi.port ?? (fromBase || ctx.settings.port)
}

export function exampleLanAddress(ctx: DoctorContext): string {
  return ctx.lanAddresses().find((address) => !address.startsWith('172.17.')) ?? ctx.lanAddresses()[0] ?? '192.168.1.20'
}

/** The fix for "the editor cannot call back to a loopback WOPISrc", in the words of each setup. */
export function reachableAddressFix(ctx: DoctorContext, options: { collabora?: boolean } = {}): string {
  const port = listenerPort(ctx)
  const lan = exampleLanAddress(ctx)
  const lines = [
    `Editor in Docker on this machine: start the container with --add-host=host.docker.internal:host-gateway (needed on Linux), then run wopi-desk serve --bind 0.0.0.0 --public-url http://host.docker.internal:${port} (Docker Desktop on Windows/macOS: the --public-url alone is enough).`,
    `Or use the Docker bridge address: wopi-desk serve --bind 172.17.0.1 --public-url http://172.17.0.1:${port}.`,
    `Editor on another machine: wopi-desk serve --bind 0.0.0.0 --public-url http://${lan}:${port}, and allow TCP port ${port} in this computer's firewall.`,
  ]
  if (options.collabora)
    lines.push(`Collabora must also allow that address: -e aliasgroup1=http://host.docker.internal:${port} (or the address you chose).`)
  return lines.join(' ')
}

export const publicUrlCheck: HostCheck = {
  id: 'host.public-url',
  title: 'Editors are told an address they can reach',
  scope: 'host',
  async run(ctx) {
    const { bind, publicUrl } = ctx.settings
    const base = new URL(ctx.host.wopiBase)
    const port = listenerPort(ctx)
    const lan = exampleLanAddress(ctx)
    const lanList = ctx.lanAddresses().length ? ` (this computer's addresses: ${ctx.lanAddresses().join(', ')})` : ''
    const told = ctx.host.state === 'none' ? 'When the host runs, editors will be told' : 'Editors are told'
    if (isLoopbackHost(base.hostname)) {
      const remote: string[] = []
      for (const endpoint of ctx.allEndpoints.filter((candidate) => candidate.enabled)) {
        if ((await localityFact(ctx, endpoint)).locality === 'remote') remote.push(endpoint.name)
      }
      if (remote.length > 0) {
        return fail(
          `WOPISrc starts with ${base.origin}, a loopback address, but ${remote.join(', ')} ${remote.length === 1 ? 'runs' : 'run'} on another machine: for ${remote.length === 1 ? 'it' : 'them'}, ${base.hostname} is itself, so ${remote.length === 1 ? 'it' : 'they'} can never call back.`,
          `Set the public URL to an address the editor reaches${lanList}: wopi-desk serve --bind 0.0.0.0 --public-url http://${lan}:${port}. ${reachableAddressFix(ctx)}`,
        )
      }
      if (!isLoopbackHost(bind)) {
        return warn(
          `The host listens on ${bind}${isWildcardAddress(bind) ? ' (all interfaces)' : ''}, so other machines can connect, but no public URL is set: WOPISrc says ${base.origin}, which an editor elsewhere (or in a container) takes to mean itself.`,
          `Set the public URL${lanList}: wopi-desk serve --bind ${bind} --public-url http://${lan}:${port} (desktop app: Settings, Public URL).`,
        )
      }
      return pass(
        `${told} to call ${base.origin} (loopback); every editor in the catalog runs on this machine, and the listener accepts only local connections (bind ${bind}).`,
      )
    }
    if (publicUrl && isLoopbackHost(bind) && !isWildcardAddress(bind)) {
      return warn(
        `The public URL names ${base.host}, but the listener only accepts connections from this computer (bind ${bind}): an editor elsewhere gets "connection refused", unless a proxy on this computer forwards ${base.origin} to the listener.`,
        `Without such a proxy, listen on the network too: wopi-desk serve --bind 0.0.0.0 --public-url ${publicUrl} (desktop app: Settings, Bind address).`,
      )
    }
    return pass(`${told} to call ${base.origin} (public URL${publicUrl ? '' : ' not set'}; listener bound to ${bind}).`)
  },
}

async function writable(dir: string, random: DoctorContext['random']): Promise<string | null> {
  // The name follows files/temp-files.ts, so listings skip it and a crash leaves nothing a sweep would not remove.
  const probe = join(dir, `.~wopidesk-doctor${randomId(random, 6)}.tmp`)
  try {
    await writeFile(probe, 'x', { flag: 'wx' })
    await unlink(probe)
    return null
  } catch (error) {
    return (error as NodeJS.ErrnoException).code ?? (error as Error).message
  }
}

async function freeBytes(dir: string): Promise<number | null> {
  try {
    const stats = await statfs(dir)
    return Number(stats.bavail) * Number(stats.bsize)
  } catch {
    return null
  }
}

export const dataFolderCheck: HostCheck = {
  id: 'host.data-dir',
  title: 'The data folder is writable',
  scope: 'host',
  async run(ctx) {
    const dir = ctx.desk.dataDir
    const problem = await writable(dir, ctx.random)
    if (problem) {
      return fail(
        `Cannot write to the data folder ${dir} (${problem}): the host cannot keep versions, locks or its request log.`,
        `Give this account write access to ${dir}, or use another data folder (--data).`,
      )
    }
    const free = await freeBytes(dir)
    if (free !== null && free < LOW_SPACE_BYTES) {
      return warn(
        `The data folder is writable but its disk has only ${formatBytes(free)} free: versions are kept there, and a full disk makes every save fail with 500.`,
        'Free disk space, or lower the number of versions kept per file (Settings).',
      )
    }
    return pass(`The data folder ${dir} is writable${free !== null ? ` (${formatBytes(free)} free)` : ''}.`)
  },
}

export const servedFolderCheck: HostCheck = {
  id: 'host.served-folder',
  title: 'The served folder is readable and writable',
  scope: 'host',
  async run(ctx) {
    const root = ctx.settings.root
    if (!root)
      return fail(
        'No folder is being served: editors have nothing to open.',
        'Choose the folder: wopi-desk serve --root <folder> --data <data folder> (desktop app: Settings, Folder).',
      )
    let isDir = false
    try {
      isDir = (await stat(root)).isDirectory()
    } catch (error) {
      return fail(
        `The served folder ${root} is not there (${(error as NodeJS.ErrnoException).code}): every open fails with 404.`,
        'Reconnect the drive or choose another folder (--root).',
      )
    }
    if (!isDir) return fail(`The served path ${root} is a file, not a folder.`, 'Choose a folder to serve (--root).')
    const problem = await writable(root, ctx.random)
    if (problem) {
      return fail(
        `The served folder ${root} is readable but not writable (${problem}): documents open, but every save (PutFile) fails with 500 and the editor reports "cannot be saved".`,
        `Give this account write access to ${root}.`,
      )
    }
    const free = await freeBytes(root)
    const limit = ctx.settings.maxFileSizeBytes
    if (free !== null && free < LOW_SPACE_BYTES) {
      return warn(
        `The served folder's disk has only ${formatBytes(free)} free: a save needs room for the new file next to the old one, so large saves will fail with 500 ("disk full").`,
        'Free disk space on that drive.',
      )
    }
    return pass(
      `${root} is readable and writable${free !== null ? ` (${formatBytes(free)} free; largest accepted file ${formatBytes(limit)})` : ''}.`,
    )
  },
}
