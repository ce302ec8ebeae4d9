// `npm run bench` (second part): the console in Debian's Chromium against the real `wopi-desk serve` (built CLI).
//   1. Startup: from serve printing its `Console:` line to the Editors page's "Import editor" button being
//      enabled in the browser (median of several runs; a fresh browser context each time).
//   2. A 100,000-file folder on the Files page: from the click on "Files" to the first rows, split into the
//      page's own work before its data request, the host's answer, and the render after it; then a continuous
//      scroll and a jump to the end, with frame times and long tasks (PerformanceObserver 'longtask').
//   3. The renderer bundle: every out/renderer/assets/*.js, raw and gzip, and the console's first-load set.
// These are numbers for the issue notes, printed next to their targets; nothing here passes or fails.
import { execSync, spawn } from 'node:child_process'
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { availableParallelism, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { chromium } from '@playwright/test'

const repo = fileURLToPath(new URL('..', import.meta.url))
const cli = join(repo, 'bin', 'wopi-desk.js')
const assets = join(repo, 'out', 'renderer', 'assets')
const artifacts = join(repo, 'e2e-artifacts', 'console')
const STARTUP_RUNS = Math.max(1, Number(process.env.BENCH_CONSOLE_RUNS ?? 7))
const FILE_COUNT = Math.max(1, Number(process.env.BENCH_FILES ?? 100_000))
const FILES_RUNS = Math.max(1, Number(process.env.BENCH_FILES_RUNS ?? 3))

function chromiumPath() {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH
  try {
    return execSync('command -v chromium', { encoding: 'utf8' }).trim()
  } catch {
    return '/usr/bin/chromium'
  }
}

const launchArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

/** `wopi-desk serve` on free ports; resolves at its `Console:` line with the time of that line. */
function startServe(root, data) {
  const child = spawn(
    process.execPath,
    [cli, 'serve', '--root', root, '--data', data, '--port', '0', '--editor-port', '0', '--console-port', '0'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  let out = ''
  child.stderr.on('data', (chunk) => (out += chunk))
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      out += chunk
      const match = /^Console: (\S+)$/m.exec(out)
      if (match) resolve({ child, loginUrl: match[1], printedAt: performance.now() })
    })
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}:\n${out}`)))
  })
}

function stop(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve()
    child.once('exit', () => resolve())
    child.kill('SIGTERM')
  })
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}
const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0
}
const ms = (value) => `${Math.round(value)} ms`
const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`

// --- 1. Startup to interactive --------------------------------------------------------------------------------

// Records, inside the page, when the button first exists enabled (from navigation start, the page's own clock).
const WATCH_BUTTON = `(() => {
  window.__startup = { enabledAt: null }
  const check = () => {
    if (window.__startup.enabledAt !== null) return
    const button = [...document.querySelectorAll('button')].find((candidate) => candidate.textContent.trim() === 'Import editor')
    if (button && !button.disabled) window.__startup.enabledAt = performance.now()
  }
  new MutationObserver(check).observe(document, { childList: true, subtree: true, attributes: true })
})()`

async function measureStartup(browser) {
  const runs = []
  for (let run = 0; run < STARTUP_RUNS; run++) {
    const base = await mkdtemp(join(tmpdir(), 'wopi-desk-bench-console-'))
    await mkdir(join(base, 'root'))
    await writeFile(join(base, 'root', 'Welcome.txt'), 'Hello\n')
    // The person's browser is already open: a fresh context (no cache) with an empty tab, before serve starts.
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
    const page = await context.newPage()
    await page.addInitScript(WATCH_BUTTON)
    await page.goto('about:blank')
    const spawnedAt = performance.now()
    const serve = await startServe(join(base, 'root'), join(base, 'data'))
    try {
      await page.goto(serve.loginUrl, { waitUntil: 'commit' })
      const button = page.getByRole('button', { name: 'Import editor' })
      await button.waitFor({ state: 'visible', timeout: 30_000 })
      while (!(await button.isEnabled())) await page.waitForTimeout(5)
      const seenAt = performance.now()
      const inPage = await page.evaluate('window.__startup.enabledAt')
      runs.push({ startup: serve.printedAt - spawnedAt, interactive: seenAt - serve.printedAt, inPage })
    } finally {
      await context.close()
      await stop(serve.child)
      await rm(base, { recursive: true, force: true })
    }
  }
  return runs
}

// --- 2. A 100,000-file folder on the Files page ----------------------------------------------------------------

async function createFolder(root, count) {
  let next = 0
  const worker = async () => {
    while (next < count) {
      const index = next++
      await writeFile(join(root, `Report ${String(index).padStart(6, '0')}.txt`), `Report ${index}\n`)
    }
  }
  await Promise.all(Array.from({ length: 32 }, worker))
}

// In-page instrumentation, as strings: this file is plain JS run by Node, the code runs in Chromium.
const INSTRUMENT = `(() => {
  window.__bench = { longTasks: [], firstRowAt: null, clickedAt: null }
  new PerformanceObserver((list) => { for (const entry of list.getEntries()) window.__bench.longTasks.push({ start: entry.startTime, duration: entry.duration }) })
    .observe({ type: 'longtask', buffered: false })
  const seen = () => {
    if (window.__bench.firstRowAt === null && document.querySelector('tr[data-index="0"] .wd-title')) window.__bench.firstRowAt = performance.now()
  }
  new MutationObserver(seen).observe(document.body, { childList: true, subtree: true })
})()`

const CLICK_FILES = `(() => {
  performance.clearResourceTimings()
  window.__bench.firstRowAt = null
  window.__bench.longTasks = []
  window.__bench.clickedAt = performance.now()
  document.querySelector('nav[aria-label="Main"] a[href="#/files"]').click()
})()`

const FIRST_ROWS = `(() => {
  const calls = performance.getEntriesByType('resource').filter((entry) => entry.name.includes('/api/call/files:list'))
  const first = calls[0]
  return {
    clickedAt: window.__bench.clickedAt,
    firstRowAt: window.__bench.firstRowAt,
    requestStart: first ? first.startTime : null,
    responseEnd: first ? first.responseEnd : null,
    longTasks: window.__bench.longTasks,
  }
})()`

/** Scrolls like a person flinging the list for `seconds`, then jumps to the end; records every frame. */
const SCROLL = (seconds, pxPerFrame) => `(async () => {
  const scroller = document.querySelector('[data-virtuoso-scroller]')
  window.__bench.longTasks = []
  const frames = []
  let last = performance.now()
  const started = last
  await new Promise((done) => {
    const step = (now) => {
      frames.push(now - last)
      last = now
      scroller.scrollTop += ${pxPerFrame}
      if (now - started < ${seconds * 1000}) requestAnimationFrame(step)
      else done()
    }
    requestAnimationFrame(step)
  })
  const flingTasks = window.__bench.longTasks.slice()
  const flungRows = Math.round(scroller.scrollTop / 46)
  // The end of the folder: drag the scrollbar to the bottom in a few big steps, then wait for the last row.
  window.__bench.longTasks = []
  const jumpFrames = []
  last = performance.now()
  for (let i = 1; i <= 10; i++) {
    scroller.scrollTop = (scroller.scrollHeight * i) / 10
    await new Promise((done) => requestAnimationFrame((now) => { jumpFrames.push(now - last); last = now; done() }))
  }
  const reachedBottomAt = performance.now()
  const lastName = 'Report ${String(FILE_COUNT - 1).padStart(6, '0')}.txt'
  while (![...document.querySelectorAll('tr .wd-title')].some((cell) => cell.textContent === lastName)) {
    await new Promise((done) => setTimeout(done, 5))
    if (performance.now() - reachedBottomAt > 30000) break
  }
  return { frames, flingTasks, flungRows, jumpFrames, jumpTasks: window.__bench.longTasks.slice(), lastRowsAfter: performance.now() - reachedBottomAt }
})()`

async function measureFiles(browser) {
  const base = await mkdtemp(join(tmpdir(), 'wopi-desk-bench-files-'))
  const root = join(base, 'root')
  await mkdir(root)
  const createdFrom = performance.now()
  await createFolder(root, FILE_COUNT)
  const created = performance.now() - createdFrom
  const serve = await startServe(root, join(base, 'data'))
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
  try {
    const page = await context.newPage()
    await page.goto(serve.loginUrl)
    await page.getByRole('button', { name: 'Import editor' }).waitFor()
    await page.evaluate(INSTRUMENT)
    const loads = []
    for (let run = 0; run < FILES_RUNS; run++) {
      if (run > 0) {
        await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Editors', exact: true }).click()
        await page.getByRole('button', { name: 'Import editor' }).waitFor()
      }
      await page.evaluate(CLICK_FILES)
      // A function, not a string: the console's CSP forbids eval, which a string predicate needs.
      await page.waitForFunction(() => window.__bench.firstRowAt !== null, null, { timeout: 60_000, polling: 'raf' })
      const result = await page.evaluate(FIRST_ROWS)
      loads.push(result)
      if (run === 0) await page.screenshot({ path: join(artifacts, 'bench-files-100k-top.png') })
    }
    await page.waitForTimeout(500)
    const scroll = await page.evaluate(SCROLL(3, 600))
    await page.screenshot({ path: join(artifacts, 'bench-files-100k-end.png') })
    // What a jump into rows not fetched yet looks like before its window arrives.
    await page.evaluate(`(() => { const s = document.querySelector('[data-virtuoso-scroller]'); s.scrollTop = s.scrollHeight * 0.37 })()`)
    await page.waitForTimeout(50)
    await page.screenshot({ path: join(artifacts, 'bench-files-100k-loading.png') })
    return { created, loads, scroll }
  } finally {
    await context.close()
    await stop(serve.child)
    await rm(base, { recursive: true, force: true })
  }
}

// --- 3. Bundle size --------------------------------------------------------------------------------------------

function bundleSizes() {
  const files = readdirSync(assets).filter((name) => name.endsWith('.js'))
  const sizeOf = (name) => {
    const bytes = readFileSync(join(assets, name))
    return { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length }
  }
  const all = files.map((name) => ({ name, ...sizeOf(name) }))
  // First load of the console: index.html's entry script and module preloads, and whatever they import
  // statically (not the lazy pages, which come with import()).
  const html = readFileSync(join(repo, 'out', 'renderer', 'index.html'), 'utf8')
  const queue = [...html.matchAll(/(?:src|href)="\.\/assets\/([^"]+\.js)"/g)].map((match) => match[1])
  const firstLoad = new Set()
  while (queue.length) {
    const name = queue.shift()
    if (firstLoad.has(name) || !existsSync(join(assets, name))) continue
    firstLoad.add(name)
    const code = readFileSync(join(assets, name), 'utf8')
    for (const match of code.matchAll(/(?:^|[;\s}])import\s*(?:[\w${}\s,*]+from\s*)?["']\.\/([^"']+\.js)["']/g)) queue.push(match[1])
  }
  const sum = (list) => list.reduce((total, file) => ({ raw: total.raw + file.raw, gzip: total.gzip + file.gzip }), { raw: 0, gzip: 0 })
  const consoleFiles = all.filter((file) => !/^(host|editor)-/.test(file.name))
  return {
    all: sum(all),
    console: sum(consoleFiles),
    firstLoad: { ...sum(all.filter((file) => firstLoad.has(file.name))), files: [...firstLoad] },
    filesPage: all.find((file) => file.name.startsWith('FilesPage-')) ?? null,
    largest: [...all].sort((a, b) => b.raw - a.raw).slice(0, 4),
  }
}

// --- Run and report -------------------------------------------------------------------------------------------

if (!existsSync(join(repo, 'out', 'renderer', 'index.html')) || !existsSync(join(repo, 'out', 'main', 'cli.js'))) {
  process.stderr.write('The build is missing: run `node scripts/ensure-build.mjs` (npm run bench does it) first.\n')
  process.exit(1)
}
await mkdir(artifacts, { recursive: true })
const load1 = loadavg()[0].toFixed(2)
process.stdout.write(
  `\nConsole benchmarks (Chromium ${chromiumPath()}, ${STARTUP_RUNS} startup runs, ${FILE_COUNT.toLocaleString('en-US')} files; load average ${load1} on ${availableParallelism()} CPUs: timings are only comparable on a quiet machine)\n`,
)
const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: launchArgs })
let startup, files
try {
  process.stdout.write('Starting serve and opening the console ...\n')
  startup = await measureStartup(browser)
  process.stdout.write(`Creating ${FILE_COUNT.toLocaleString('en-US')} files and listing them ...\n`)
  files = await measureFiles(browser)
} finally {
  await browser.close()
}
const bundle = bundleSizes()

const rows = []
const row = (what, value, target = '—') => rows.push(`| ${what} | ${value} | ${target} |`)
const interactive = startup.map((run) => run.interactive)
row('serve: spawn to `Console:` line (median)', ms(median(startup.map((run) => run.startup))))
row(
  'console interactive: `Console:` line to "Import editor" enabled, seen by the test (median)',
  `${ms(median(interactive))} (min ${ms(Math.min(...interactive))}, max ${ms(Math.max(...interactive))})`,
  '< 1000 ms',
)
const inPage = startup.map((run) => run.inPage).filter((value) => typeof value === 'number')
if (inPage.length) row('  of which in the page: navigation start to the button enabled (median)', ms(median(inPage)))

process.stdout.write(`Created the folder in ${ms(files.created)}.\n`)
files.loads.forEach((load, index) => {
  const label = index === 0 ? 'first visit' : `visit ${index + 1}`
  if (load.requestStart === null || load.firstRowAt === null) return row(`Files ${label}`, 'no data request seen')
  const server = load.responseEnd - load.requestStart
  const render = load.firstRowAt - load.responseEnd
  row(`Files (${label}): click to data request (page code${index === 0 ? ', lazy chunk' : ''})`, ms(load.requestStart - load.clickedAt))
  row(`Files (${label}): host answers the first 500 rows`, ms(server))
  row(`Files (${label}): answer to first rows drawn`, ms(render))
  row(`Files (${label}): data request start to first rows`, ms(load.firstRowAt - load.requestStart), '< 300 ms')
  row(`Files (${label}): click to first rows`, ms(load.firstRowAt - load.clickedAt))
  if (load.longTasks.length)
    row(
      `Files (${label}): long tasks while loading`,
      `${load.longTasks.length}, longest ${ms(Math.max(...load.longTasks.map((task) => task.duration)))}`,
    )
})
const { scroll } = files
const frames = scroll.frames.slice(1)
const longest = (tasks) => (tasks.length ? ms(Math.max(...tasks.map((task) => task.duration))) : '—')
row(
  `scroll fling (3 s, ${scroll.flungRows.toLocaleString('en-US')} rows): frame time p50 / p95 / max`,
  `${ms(percentile(frames, 50))} / ${ms(percentile(frames, 95))} / ${ms(Math.max(...frames))}`,
  'p95 <= 17 ms (60 fps)',
)
row('scroll fling: long tasks (> 50 ms)', `${scroll.flingTasks.length}, longest ${longest(scroll.flingTasks)}`, '0')
row('jump to the end: frame times of the 10 scrollbar steps (max)', ms(Math.max(...scroll.jumpFrames.slice(1))))
row('jump to the end: long tasks', `${scroll.jumpTasks.length}, longest ${longest(scroll.jumpTasks)}`, '0')
row('jump to the end: last rows drawn after reaching the bottom', ms(scroll.lastRowsAfter))
row('renderer bundle: all .js (raw / gzip)', `${kib(bundle.all.raw)} / ${kib(bundle.all.gzip)}`)
row('console pages only (no host page, no built-in editor)', `${kib(bundle.console.raw)} / ${kib(bundle.console.gzip)}`)
row(
  `console first load (${bundle.firstLoad.files.length} files: entry + preloads + static imports)`,
  `${kib(bundle.firstLoad.raw)} / ${kib(bundle.firstLoad.gzip)}`,
)
if (bundle.filesPage) row('Files page chunk (lazy)', `${kib(bundle.filesPage.raw)} / ${kib(bundle.filesPage.gzip)}`)
row('largest chunks', bundle.largest.map((file) => `${file.name} ${kib(file.gzip)} gz`).join(', '))

process.stdout.write('\n| console measurement | value | target |\n|---|---:|---:|\n' + rows.join('\n') + '\n')
process.stdout.write(
  `Screenshots: ${['top', 'end', 'loading'].map((name) => join(artifacts, `bench-files-100k-${name}.png`)).join(', ')}\n`,
)
