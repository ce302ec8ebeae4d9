#!/usr/bin/env node
// The `wopi-desk` command. The CLI is built with the app (`npm run build`) into out/main/cli.js.
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const cli = fileURLToPath(new URL('../out/main/cli.js', import.meta.url))
if (!existsSync(cli)) {
  process.stderr.write('wopi-desk: the CLI is not built yet; run "npm run build" first.\n')
  process.exit(2)
}
const { main, processIo } = await import(cli)
process.exitCode = await main(process.argv.slice(2), processIo())
