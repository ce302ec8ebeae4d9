#!/usr/bin/env node
// The `wopi-desk` command. The CLI is built with the app (`npm run build`) into out/main/cli.js.
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

// A file server spends libuv's worker threads on fsync: with the default 4, one slow save stalls every other
// request's stat and read behind it. Must be set before the first asynchronous file operation.
process.env.UV_THREADPOOL_SIZE ??= '16'

const cli = fileURLToPath(new URL('../out/main/cli.js', import.meta.url))
if (!existsSync(cli)) {
  process.stderr.write('wopi-desk: the CLI is not built yet; run "npm run build" first.\n')
  process.exit(2)
}
const { main, processIo } = await import(cli)
process.exitCode = await main(process.argv.slice(2), processIo())
