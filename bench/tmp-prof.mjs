import { spawn } from 'node:child_process'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium } from '@playwright/test'
const cli = new URL('../bin/wopi-desk.js', import.meta.url).pathname
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] })
const base = await mkdtemp(join(tmpdir(), 'probe-'))
await mkdir(join(base, 'root')); await writeFile(join(base, 'root', 'Welcome.txt'), 'Hello\n')
const child = spawn(process.execPath, [cli, 'serve', '--root', join(base, 'root'), '--data', join(base, 'data'), '--port', '0', '--editor-port', '0', '--console-port', '0'], { stdio: ['ignore', 'pipe', 'ignore'] })
const url = await new Promise((res) => { let out = ''; child.stdout.on('data', (c) => { out += c; const m = /Console: (\S+)/.exec(out); if (m) res(m[1]) }) })
const context = await browser.newContext(); const page = await context.newPage()
await page.goto(new URL('/robots.txt', url).href)
const cdp = await context.newCDPSession(page)
await cdp.send('Profiler.enable'); await cdp.send('Profiler.setSamplingInterval', { interval: 200 }); await cdp.send('Profiler.start')
const t0 = performance.now()
await page.goto(url, { waitUntil: 'commit' })
await page.getByRole('button', { name: 'Import editor' }).waitFor({ state: 'visible' })
console.log('visible after', (performance.now() - t0).toFixed(0))
await page.waitForTimeout(300)
const { profile } = await cdp.send('Profiler.stop')
writeFileSync('/tmp/prof/page.cpuprofile', JSON.stringify(profile))
await context.close(); child.kill('SIGTERM'); await new Promise((r) => child.once('exit', r)); await rm(base, { recursive: true, force: true }); await browser.close()
