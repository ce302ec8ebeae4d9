// The load generator of `npm run bench` for the GET workloads (CheckFileInfo, GetFile): wrk, a C client whose
// cost per request (a few microseconds) is far below either server's. The bench's earlier client, 16 async loops
// in one Node process, spent about as much CPU per request as the raw server itself; on two cores it became the
// bottleneck for the raw server first and so reported the host closer to the floor than it is (issue 11).
import { execFileSync, spawn } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'

// wrk's summary as one JSON line: its own text output rounds rates and hides per-kind errors.
const SUMMARY_SCRIPT = `done = function(summary, latency, requests)
  io.write(string.format('WRK_JSON {"requests":%d,"bytes":%d,"durationUs":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d,"p50Us":%d,"p99Us":%d}\\n',
    summary.requests, summary.bytes, summary.duration, summary.errors.connect, summary.errors.read, summary.errors.write,
    summary.errors.status, summary.errors.timeout, latency:percentile(50), latency:percentile(99)))
end
`

/** The wrk binary on PATH (Debian: `apt-get install wrk`), or null. */
export function findWrk() {
  try {
    return execFileSync('sh', ['-c', 'command -v wrk'], { encoding: 'utf8' }).trim() || null
  } catch {
    return null
  }
}

/** Writes the summary script into `dir` once; returns its path for runWrk. */
export function prepareWrk(dir) {
  const script = join(dir, 'wrk-summary.lua')
  writeFileSync(script, SUMMARY_SCRIPT)
  return script
}

/**
 * `connections` keep-alive connections on one wrk thread for `seconds` against `url`. Resolves
 * { requests, bytes, seconds, p50Us, p99Us }; rejects when any request failed or answered other than 2xx/3xx,
 * so a broken server cannot pass for a fast one.
 */
export function runWrk({ wrk, script, url, connections, seconds, timeoutSeconds = 30 }) {
  // One thread: wrk's thread drives far more requests per second than either server answers, and the second
  // core stays with the server under test.
  const args = ['-t1', `-c${connections}`, `-d${seconds}s`, `--timeout`, `${timeoutSeconds}s`, '-s', script, url]
  return new Promise((resolve, reject) => {
    const child = spawn(wrk, args, { stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    child.stdout.on('data', (chunk) => (out += chunk))
    child.stderr.on('data', (chunk) => (err += chunk))
    child.on('error', reject)
    child.on('exit', (code) => {
      const line = /^WRK_JSON (.*)$/m.exec(out)
      if (code !== 0 || !line) return reject(new Error(`wrk ${args.join(' ')} exited with ${code}: ${err || out}`))
      const summary = JSON.parse(line[1])
      const failed = summary.connect + summary.read + summary.write + summary.status + summary.timeout
      if (failed > 0)
        return reject(
          new Error(`wrk against ${url.replace(/access_token=[^&]*/, 'access_token=REDACTED')}: ${failed} failed requests (${line[1]})`),
        )
      resolve({
        requests: summary.requests,
        bytes: summary.bytes,
        seconds: summary.durationUs / 1e6,
        p50Us: summary.p50Us,
        p99Us: summary.p99Us,
      })
    })
  })
}
