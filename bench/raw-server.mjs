// The baseline for `npm run bench`: the least a WOPI host can do with plain node:http on the same files, with
// no tokens, no database, no atomic saves and no versions. Run as a child process; prints its port.
import { createReadStream, createWriteStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { createServer } from 'node:http'
import { join } from 'node:path'
import { pipeline } from 'node:stream/promises'

const root = process.argv[2]
const locks = new Map()

const server = createServer(async (req, res) => {
  try {
    const url = new URL(req.url, 'http://x')
    const match = /^\/wopi\/files\/([^/]+)(\/contents)?$/.exec(url.pathname)
    if (!match) return res.writeHead(404).end()
    const name = decodeURIComponent(match[1])
    const path = join(root, name)
    const override = req.headers['x-wopi-override']
    if (req.method === 'GET' && !match[2]) {
      const info = await stat(path)
      const body = JSON.stringify({
        BaseFileName: name,
        OwnerId: 'raw',
        UserId: 'raw',
        Size: info.size,
        Version: String(info.mtimeMs),
        SupportsLocks: true,
        SupportsUpdate: true,
        UserCanWrite: true,
      })
      return res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) }).end(body)
    }
    if (req.method === 'GET') {
      const info = await stat(path)
      res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': info.size })
      // Same read size as the host, so the comparison measures overhead rather than tuning.
      return await pipeline(createReadStream(path, { highWaterMark: 256 * 1024 }), res)
    }
    if (match[2] && override === 'PUT') {
      await pipeline(req, createWriteStream(path))
      return res.writeHead(200, { 'Content-Length': 0 }).end()
    }
    const lock = req.headers['x-wopi-lock']
    if (override === 'LOCK' || override === 'REFRESH_LOCK') {
      const current = locks.get(name)
      if (current && current !== lock) return res.writeHead(409, { 'X-WOPI-Lock': current, 'Content-Length': 0 }).end()
      locks.set(name, lock)
      return res.writeHead(200, { 'Content-Length': 0 }).end()
    }
    if (override === 'UNLOCK') {
      if (locks.get(name) !== lock) return res.writeHead(409, { 'X-WOPI-Lock': locks.get(name) ?? '', 'Content-Length': 0 }).end()
      locks.delete(name)
      return res.writeHead(200, { 'Content-Length': 0 }).end()
    }
    res.writeHead(501, { 'Content-Length': 0 }).end()
  } catch {
    if (!res.headersSent) res.writeHead(500, { 'Content-Length': 0 }).end()
    else res.destroy()
  }
})
server.keepAliveTimeout = 30_000
server.listen(0, '127.0.0.1', () => process.stdout.write(`RAW ${server.address().port}\n`))
process.on('SIGTERM', () => server.close(() => process.exit(0)))
