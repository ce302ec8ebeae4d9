// `npm run bench`: the WOPI host (`wopi-desk serve`, built CLI) against a raw node:http server on the same
// files (identical copies, one folder each), in the same run, on this machine. Workloads: CheckFileInfo at 16 connections, GetFile of a 100 MiB
// file, Lock -> RefreshLock -> PutFile (1 MiB) -> Unlock at 16 workers (one file each), and the peak RSS of the
// serve process while a 1 GiB file is downloaded and uploaded. Prints the ratios against the targets.
//
// Method (issue 11): the GET workloads are driven by wrk (bench/wrk.mjs) when it is installed, because a Node
// client costs about as much per request as the raw server and caps it, which flatters the ratio. Host and raw
// server alternate round by round (raw/host, host/raw, ...) in one run; every round gives one ratio, and the
// table shows the median with the spread (lowest-highest) of those ratios. On a shared machine a single round
// means little: read the spread before the median.
//   BENCH_SECONDS (5)  BENCH_ROUNDS (5)  BENCH_WARMUP_SECONDS (3)
//   BENCH_LOADGEN=wrk|node (wrk when found)  BENCH_WORKLOADS=checkfileinfo,getfile,lockcycle,memory (all)
import { spawn, execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { cp, mkdir, mkdtemp, open, rm, writeFile } from 'node:fs/promises'
import { Agent, request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { fileURLToPath } from 'node:url'
import { findWrk, prepareWrk, runWrk } from './wrk.mjs'

const repo = fileURLToPath(new URL('..', import.meta.url))
const cli = join(repo, 'bin', 'wopi-desk.js')
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5)
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 5))
// Unmeasured seconds of every workload on each server before the rounds: both start cold (JIT, page cache,
// SQLite's cache), and a 5-second window would otherwise measure mostly the host's warm-up.
const WARMUP_SECONDS = Math.max(0, Number(process.env.BENCH_WARMUP_SECONDS ?? 3))
const MiB = 1024 * 1024
const WORKERS = 16
const ALL_WORKLOADS = ['checkfileinfo', 'getfile', 'lockcycle', 'memory']
const WORKLOADS = new Set(
  (process.env.BENCH_WORKLOADS ?? ALL_WORKLOADS.join(','))
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean),
)
const LOADGEN = process.env.BENCH_LOADGEN ?? (findWrk() ? 'wrk' : 'node')

function startChild(args, ready) {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] })
  return new Promise((resolve, reject) => {
    let out = ''
    child.stdout.on('data', (chunk) => {
      out += chunk
      const match = ready.exec(out)
      if (match) resolve({ child, match })
    })
    child.stderr.on('data', (chunk) => process.stderr.write(chunk))
    child.on('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}: ${out}`)))
  })
}

function stopChild(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve()
    child.once('exit', () => resolve())
    child.kill('SIGTERM')
  })
}

/** Peak resident set size (VmHWM) and current RSS of a process, in MiB (Linux /proc; ps elsewhere). */
function memoryOf(pid) {
  const status = `/proc/${pid}/status`
  if (existsSync(status)) {
    const text = readFileSync(status, 'utf8')
    const kb = (key) => Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(text)?.[1] ?? 0)
    return { peak: kb('VmHWM') / 1024, rss: kb('VmRSS') / 1024 }
  }
  const rss = Number(execFileSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8' }).trim()) / 1024
  return { peak: rss, rss }
}

const agent = new Agent({ keepAlive: true, maxSockets: 64 })

function call(target, { path = '', method = 'GET', headers = {}, body } = {}) {
  const url = new URL(`${target.wopiSrc}${path}?access_token=${target.token}`)
  return new Promise((resolve, reject) => {
    const req = request({ agent, host: url.hostname, port: url.port, path: url.pathname + url.search, method, headers }, (res) => {
      let bytes = 0
      res.on('data', (chunk) => (bytes += chunk.length))
      res.on('end', () => resolve({ status: res.statusCode, bytes }))
      res.on('error', reject)
    })
    req.on('error', reject)
    if (body instanceof Readable) body.pipe(req)
    else req.end(body)
  })
}

async function expectOk(promise, what) {
  const result = await promise
  if (result.status !== 200) throw new Error(`${what} answered ${result.status}`)
  return result
}

/** CPU time (user + system, all threads) a process has used, in microseconds; null where /proc is missing. */
function cpuMicros(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
    return ((Number(fields[11]) + Number(fields[12])) * 1e6) / 100
  } catch {
    return null
  }
}

/**
 * Runs `concurrency` loops of `task` for `seconds`; returns operations per second and the server's CPU time per
 * operation (a figure other load on the machine disturbs far less than throughput).
 */
async function throughput(concurrency, task, pid, seconds) {
  const end = Date.now() + seconds * 1000
  let count = 0
  const cpuBefore = cpuMicros(pid)
  const started = process.hrtime.bigint()
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      while (Date.now() < end) {
        // Await first, then add: `count += await ...` would read `count` before the await and lose updates.
        const units = (await task(worker)) ?? 1
        count += units
      }
    }),
  )
  const cpuAfter = cpuMicros(pid)
  return {
    perSecond: count / (Number(process.hrtime.bigint() - started) / 1e9),
    cpuPerOp: cpuBefore === null || cpuAfter === null ? null : (cpuAfter - cpuBefore) / count,
  }
}

/**
 * Writes dirty pages out and gives the disk a moment: gigabytes of freshly written files would otherwise be
 * flushed during the measurements and slow both servers by an order of magnitude on a virtual disk.
 */
function settleDisk() {
  try {
    execFileSync('sync')
  } catch {
    // no `sync` command (Windows): the measurements just carry more noise
  }
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2000)
}

async function makeFile(path, size) {
  const handle = await open(path, 'w')
  const chunk = randomBytes(4 * MiB)
  for (let written = 0; written < size; written += chunk.length) await handle.write(chunk, 0, Math.min(chunk.length, size - written))
  await handle.close()
}

function bodyOf(size) {
  const chunk = Buffer.alloc(Math.min(size, 1 * MiB), 7)
  let left = size
  return new Readable({
    read() {
      if (left <= 0) return this.push(null)
      const part = left >= chunk.length ? chunk : chunk.subarray(0, left)
      left -= part.length
      this.push(part)
    },
  })
}

/** One GET workload through wrk: operations per second (or MiB/s with `unit`) and the server's CPU per request. */
async function wrkThroughput(wrkSetup, target, path, connections, pid, seconds, unit = 1) {
  const url = `${target.wopiSrc}${path}?access_token=${target.token}`
  const cpuBefore = cpuMicros(pid)
  const run = await runWrk({ ...wrkSetup, url, connections, seconds })
  const cpuAfter = cpuMicros(pid)
  return {
    perSecond: (run.requests * unit) / run.seconds,
    cpuPerOp: cpuBefore === null || cpuAfter === null || run.requests === 0 ? null : (cpuAfter - cpuBefore) / run.requests,
    p99Us: run.p99Us,
  }
}

async function workloads(name, targets, pid, wrkSetup, seconds = SECONDS, quiet = false) {
  const { cfi, big, workers } = targets
  const result = {}
  const parts = []
  const us = (value) => (value === null ? 'n/a' : `${value.toFixed(0)} us CPU`)
  if (WORKLOADS.has('checkfileinfo')) {
    await expectOk(call(cfi), `${name} CheckFileInfo`)
    const cfiRun = wrkSetup
      ? await wrkThroughput(wrkSetup, cfi, '', 16, pid, seconds)
      : await throughput(16, async () => void (await expectOk(call(cfi), 'CheckFileInfo')), pid, seconds)
    result.checkFileInfo = cfiRun.perSecond
    result.cfiCpu = cfiRun.cpuPerOp
    parts.push(
      `CheckFileInfo ${cfiRun.perSecond.toFixed(0)}/s (${us(cfiRun.cpuPerOp)} each${cfiRun.p99Us ? `, p99 ${(cfiRun.p99Us / 1000).toFixed(1)} ms` : ''})`,
    )
  }

  if (WORKLOADS.has('getfile')) {
    // Two downloads at a time for SECONDS: MiB/s over the whole run.
    const getRun = wrkSetup
      ? await wrkThroughput(wrkSetup, big, '/contents', 2, pid, seconds, 100)
      : await throughput(
          2,
          async () => {
            const { bytes } = await expectOk(call(big, { path: '/contents' }), 'GetFile')
            if (bytes !== 100 * MiB) throw new Error(`GetFile returned ${bytes} bytes`)
            return bytes / MiB
          },
          pid,
          seconds,
        )
    result.getFile = getRun.perSecond
    parts.push(`GetFile ${getRun.perSecond.toFixed(0)} MiB/s`)
  }

  if (WORKLOADS.has('lockcycle')) {
    const payload = Buffer.alloc(MiB, 3)
    // The raw server leaves gigabytes of unsynced writes behind; without this the kernel flushes them during the
    // next server's measurement, and whichever runs second pays for the other's writes.
    settleDisk()
    // Four requests in a row per worker with a lock id each: kept on the Node client, whose cost here is small
    // next to the servers' (a 1 MiB upload and, on the host, two fsyncs per cycle).
    const cycleRun = await throughput(
      WORKERS,
      async (worker) => {
        const target = workers[worker]
        const lock = { 'X-WOPI-Lock': `bench-${worker}` }
        await expectOk(call(target, { method: 'POST', headers: { 'X-WOPI-Override': 'LOCK', ...lock, 'Content-Length': 0 } }), 'Lock')
        await expectOk(
          call(target, { method: 'POST', headers: { 'X-WOPI-Override': 'REFRESH_LOCK', ...lock, 'Content-Length': 0 } }),
          'RefreshLock',
        )
        await expectOk(
          call(target, {
            path: '/contents',
            method: 'POST',
            headers: { 'X-WOPI-Override': 'PUT', ...lock, 'Content-Length': payload.length },
            body: payload,
          }),
          'PutFile',
        )
        await expectOk(call(target, { method: 'POST', headers: { 'X-WOPI-Override': 'UNLOCK', ...lock, 'Content-Length': 0 } }), 'Unlock')
      },
      pid,
      seconds,
    )
    result.lockCycle = cycleRun.perSecond
    result.cycleCpu = cycleRun.cpuPerOp
    parts.push(`lock cycle ${cycleRun.perSecond.toFixed(1)}/s (${us(cycleRun.cpuPerOp)} each)`)
  }
  if (!quiet) process.stdout.write(`  ${name}: ${parts.join(', ')}\n`)
  return result
}

async function main() {
  if (!existsSync(join(repo, 'out', 'main', 'cli.js')))
    throw new Error('the CLI is not built: run "npm run build" (npm run bench does it for you)')
  const base = await mkdtemp(join(tmpdir(), 'wopi-desk-bench-'))
  const root = join(base, 'root')
  const rawRoot = join(base, 'raw-root')
  const data = join(base, 'data')
  await mkdir(root)
  const children = []
  try {
    process.stdout.write(`Preparing files in ${base} ...\n`)
    await writeFile(join(root, 'cfi.docx'), randomBytes(48 * 1024))
    await makeFile(join(root, 'big.bin'), 100 * MiB)
    for (let i = 0; i < WORKERS; i++) await writeFile(join(root, `w${i}.docx`), randomBytes(MiB))
    // The raw server gets its own copy of the same files: its in-place writes into the host's folder would look
    // to the host like another program changing every document between two of its saves (and vice versa).
    await cp(root, rawRoot, { recursive: true })
    settleDisk()

    const host = await startChild([cli, 'serve', '--root', root, '--data', data, '--port', '0', '--editor-port', '0'], /WOPI host: (\S+)\n/)
    children.push(host.child)
    const raw = await startChild([join(repo, 'bench', 'raw-server.mjs'), rawRoot], /RAW (\d+)\n/)
    children.push(raw.child)
    const rawBase = `http://127.0.0.1:${raw.match[1]}`

    const hostTarget = (name) => {
      const issued = JSON.parse(execFileSync(process.execPath, [cli, 'token', name, '--data', data, '--write'], { encoding: 'utf8' }))
      return { wopiSrc: issued.wopiSrc, token: issued.accessToken }
    }
    const rawTarget = (name) => ({ wopiSrc: `${rawBase}/wopi/files/${encodeURIComponent(name)}`, token: 'raw' })
    const names = { cfi: 'cfi.docx', big: 'big.bin', workers: Array.from({ length: WORKERS }, (_, i) => `w${i}.docx`) }
    const targetsFor = (make) => ({ cfi: make(names.cfi), big: make(names.big), workers: names.workers.map(make) })
    const hostTargets = targetsFor(hostTarget)
    const rawTargets = targetsFor(rawTarget)

    const wrkSetup = LOADGEN === 'wrk' ? { wrk: findWrk(), script: prepareWrk(base) } : null
    if (LOADGEN === 'wrk' && !wrkSetup.wrk)
      throw new Error('BENCH_LOADGEN=wrk but wrk is not installed: apt-get install wrk (or unset BENCH_LOADGEN)')
    process.stdout.write(
      `Load generator for CheckFileInfo and GetFile: ${wrkSetup ? `wrk (${wrkSetup.wrk}, one thread)` : 'Node (16 async loops in this process)'}` +
        `${wrkSetup ? '' : ' - WARNING: this client can cap the raw server and flatter the ratio; install wrk'}\n`,
    )
    process.stdout.write(
      `Running workloads (${[...WORKLOADS].filter((w) => w !== 'memory').join(', ')}; ${SECONDS} s each, ${ROUNDS} alternating rounds, median of the per-round ratios) ...\n`,
    )
    // Rounds alternate raw/host, host/raw, raw/host... so drift in the machine's load hits both sides alike. Each
    // round gives one ratio from two back-to-back runs; the median of those is what counts (one lucky or unlucky
    // round on a shared machine moves it less than a best-of or a mean would), and the spread says how far to trust it.
    const runRaw = (seconds, quiet) => workloads('raw node:http', rawTargets, raw.child.pid, wrkSetup, seconds, quiet)
    const runHost = (seconds, quiet) => workloads('WOPI Desk host', hostTargets, host.child.pid, wrkSetup, seconds, quiet)
    if (WARMUP_SECONDS > 0) {
      process.stdout.write(`Warming up both servers (${WARMUP_SECONDS} s of each workload, not measured) ...\n`)
      await runRaw(WARMUP_SECONDS, true)
      await runHost(WARMUP_SECONDS, true)
    }
    const rounds = []
    for (let round = 0; round < ROUNDS; round++) {
      const first = round % 2 === 0 ? await runRaw() : await runHost()
      const second = round % 2 === 0 ? await runHost() : await runRaw()
      rounds.push(round % 2 === 0 ? { raw: first, host: second } : { host: first, raw: second })
    }
    const median = (values) => {
      const sorted = values.filter((v) => v !== null && v !== undefined).sort((a, b) => a - b)
      if (sorted.length === 0) return null
      const mid = sorted.length >> 1
      return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
    }
    const summary = (key) => {
      const ratios = rounds.map((r) => r.host[key] / r.raw[key]).filter((v) => Number.isFinite(v))
      return {
        ours: median(rounds.map((r) => r.host[key])),
        theirs: median(rounds.map((r) => r.raw[key])),
        ratio: median(ratios),
        lowest: ratios.length ? Math.min(...ratios) : null,
        highest: ratios.length ? Math.max(...ratios) : null,
        ratios,
      }
    }

    const rows = [
      ['checkfileinfo', 'CheckFileInfo, 16 connections (req/s)', summary('checkFileInfo'), 0.8],
      ['getfile', 'GetFile 100 MiB (MiB/s)', summary('getFile'), 0.9],
      ['lockcycle', 'Lock/Refresh/PutFile 1 MiB/Unlock, 16 workers (cycles/s)', summary('lockCycle'), 0.5],
    ].filter(([workload]) => WORKLOADS.has(workload))
    let allMet = true
    if (rows.length > 0) {
      process.stdout.write(
        '\n| workload (medians over the rounds) | WOPI Desk | raw node:http | ratio | spread of the ratios | target |\n|---|---:|---:|---:|---:|---:|\n',
      )
      for (const [, label, { ours, theirs, ratio, lowest, highest }, target] of rows) {
        if (ratio < target) allMet = false
        process.stdout.write(
          `| ${label} | ${ours.toFixed(1)} | ${theirs.toFixed(1)} | ${ratio.toFixed(2)}x | ${lowest.toFixed(2)}-${highest.toFixed(2)}x | >= ${target}x ${ratio >= target ? 'met' : 'MISSED'} |\n`,
        )
      }
      process.stdout.write(
        `\nPer-round ratios (in order): ${rows.map(([, label, { ratios }]) => `${label.split(',')[0].split(' (')[0]} ${ratios.map((r) => r.toFixed(2)).join(' ')}`).join('; ')}\n`,
      )
    }
    const cfiCpu = summary('cfiCpu')
    const cycleCpu = summary('cycleCpu')
    const cpuParts = []
    if (cfiCpu.ours !== null && cfiCpu.theirs !== null)
      cpuParts.push(`CheckFileInfo ${cfiCpu.ours.toFixed(0)} us vs ${cfiCpu.theirs.toFixed(0)} us raw`)
    if (cycleCpu.ours !== null && cycleCpu.theirs !== null)
      cpuParts.push(
        `lock cycle ${cycleCpu.ours.toFixed(0)} us vs ${cycleCpu.theirs.toFixed(0)} us raw (ours includes the kernel's work for two fsyncs per save)`,
      )
    if (cpuParts.length > 0) process.stdout.write(`\nServer CPU per operation, medians (lower is better): ${cpuParts.join('; ')}.\n`)

    let flat = true
    if (WORKLOADS.has('memory')) {
      process.stdout.write('\nMemory of the serve process with a 1 GiB file ...\n')
      await makeFile(join(root, 'huge.bin'), 1024 * MiB)
      settleDisk()
      const pid = host.child.pid
      const before = memoryOf(pid)
      const huge = hostTarget('huge.bin')
      const got = await expectOk(call(huge, { path: '/contents' }), 'GetFile 1 GiB')
      const afterRead = memoryOf(pid)
      const lock = { 'X-WOPI-Lock': 'bench-huge' }
      await expectOk(call(huge, { method: 'POST', headers: { 'X-WOPI-Override': 'LOCK', ...lock, 'Content-Length': 0 } }), 'Lock')
      await expectOk(
        call(huge, {
          path: '/contents',
          method: 'POST',
          headers: { 'X-WOPI-Override': 'PUT', ...lock, 'Content-Length': 1024 * MiB },
          body: bodyOf(1024 * MiB),
        }),
        'PutFile 1 GiB',
      )
      const afterWrite = memoryOf(pid)
      process.stdout.write(
        `Serve process memory: RSS ${before.rss.toFixed(0)} MiB before the 1 GiB phase (peak so far ${before.peak.toFixed(0)} MiB); ` +
          `peak ${afterRead.peak.toFixed(0)} MiB after downloading ${(got.bytes / MiB).toFixed(0)} MiB, ` +
          `peak ${afterWrite.peak.toFixed(0)} MiB after uploading 1024 MiB.\n`,
      )
      const growth = afterWrite.peak - before.peak
      flat = growth < 64
      process.stdout.write(
        `Memory ${flat ? 'stayed flat' : 'GREW'}: peak grew by ${growth.toFixed(0)} MiB over the 1 GiB read and write.\n`,
      )
    }
    process.exitCode = allMet && flat ? 0 : 1
  } finally {
    for (const child of children) await stopChild(child)
    agent.destroy()
    await rm(base, { recursive: true, force: true })
  }
}

main().catch((error) => {
  process.stderr.write(`bench failed: ${error.stack ?? error}\n`)
  process.exitCode = 1
})
