// `npm run bench`: the host workloads (bench/run.mjs) and the console's (bench/console.mjs), one after the
// other whatever the first reports, so every figure is printed. Exit status 1 when any target was missed.
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

let status = 0
for (const script of ['run.mjs', 'console.mjs']) {
  const result = spawnSync(process.execPath, [fileURLToPath(new URL(script, import.meta.url))], { stdio: 'inherit' })
  status = Math.max(status, result.status ?? 1)
}
process.exitCode = status
