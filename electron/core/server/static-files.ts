import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import type { ServerResponse } from 'node:http'
import { extname, join, normalize, sep } from 'node:path'

/** Content types of what the app serves itself (built pages, their assets, icons). */
export const contentTypes: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
}

/**
 * Serves one file below `dir` when `relative` stays inside it. Returns false (nothing written) when there
 * is no such file, so the caller decides what a miss means.
 */
export async function serveStatic(
  res: ServerResponse,
  dir: string,
  relative: string,
  headers: Record<string, string> = {},
): Promise<boolean> {
  let decoded: string
  try {
    decoded = decodeURIComponent(relative)
  } catch {
    return false
  }
  if (decoded.includes('\0')) return false
  const base = normalize(dir + sep)
  const file = normalize(join(dir, decoded))
  if (!file.startsWith(base)) return false
  let info
  try {
    info = await stat(file)
  } catch {
    return false
  }
  if (!info.isFile()) return false
  const immutable = /[\\/]assets[\\/]/.test(file)
  res.writeHead(200, {
    'Content-Type': contentTypes[extname(file).toLowerCase()] ?? 'application/octet-stream',
    'Content-Length': String(info.size),
    'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    'X-Content-Type-Options': 'nosniff',
    ...headers,
  })
  await new Promise<void>((resolve) => {
    const stream = createReadStream(file)
    stream.on('error', () => {
      res.destroy()
      resolve()
    })
    stream.on('end', resolve)
    stream.pipe(res)
  })
  return true
}
