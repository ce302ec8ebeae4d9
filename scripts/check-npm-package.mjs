// The `wopi-desk` npm package as a stranger gets it: `npm pack` (whose prepack builds), then a global install of
// the tarball into an empty temporary prefix, run from an empty folder, and the CLI driven with Node alone:
// --version, serve (console and built-in editor answer), token + CheckFileInfo, validate against that host with
// 0 failures. It checks the tarball against its size budget and that no Electron package was installed.
// Exit 0 when every check passed; each failed check prints one line saying what went wrong.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(fileURLToPath(new URL('..', import.meta.url)))
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
/**
 * The tarball holds the CLI and main bundles, the built renderer (console, host page, built-in editor) and
 * Microsoft's validator test cases: 0.85 MB packed at 0.2.0. The budget leaves room to grow, and would catch
 * node_modules, sources or the desktop app's resources slipping in.
 */
export const TARBALL_BUDGET_BYTES = 2 * 1024 * 1024
const isWindows = process.platform === 'win32'

const failures = []
const check = (ok, message) => {
  if (!ok) failures.push(message)
  process.stdout.write(`${ok ? 'ok  ' : 'FAIL'} ${message}\n`)
  return ok
}

function npm(args, options) {
  const result = spawnSync(isWindows ? 'npm.cmd' : 'npm', args, { encoding: 'utf8', shell: isWindows, ...options })
  return { status: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '' }
}

/** Every installed package name under a node_modules tree (scoped names included). */
function installedPackages(nodeModules, found = []) {
  if (!existsSync(nodeModules)) return found
  for (const entry of readdirSync(nodeModules)) {
    if (entry.startsWith('.')) continue
    const dirs = entry.startsWith('@') ? readdirSync(join(nodeModules, entry)).map((name) => `${entry}/${name}`) : [entry]
    for (const name of dirs) {
      found.push(name)
      installedPackages(join(nodeModules, name, 'node_modules'), found)
    }
  }
  return found
}

/**
 * The SQLite addon as registry users get it. Their install downloads better-sqlite3's prebuilt for their Node from
 * GitHub; machines that cannot reach GitHub compile it instead (minutes on two busy cores). prebuild-install's own
 * local-prebuilds setting is handed the same prebuilt, packed from node_modules' build of the same version for
 * the same Node, so the install takes the path registry users take. WOPI_DESK_PACKAGE_CHECK_FROM_SOURCE=1 skips this.
 */
function localPrebuild(work, folder = 'prebuilds') {
  if (process.env.WOPI_DESK_PACKAGE_CHECK_FROM_SOURCE === '1') return {}
  const sqliteDir = join(root, 'node_modules', 'better-sqlite3')
  const version = JSON.parse(readFileSync(join(sqliteDir, 'package.json'), 'utf8')).version
  if (manifest.dependencies['better-sqlite3'] !== version || !existsSync(join(sqliteDir, 'build', 'Release', 'better_sqlite3.node')))
    return {}
  const dir = join(work, folder)
  mkdirSync(dir)
  const name = `better-sqlite3-v${version}-node-v${process.versions.modules}-${process.platform}-${process.arch}.tar.gz`
  const packed = spawnSync('tar', ['-czf', join(dir, name), '-C', sqliteDir, 'build/Release/better_sqlite3.node'])
  return packed.status === 0 ? { npm_config_better_sqlite3_local_prebuilds: dir } : {}
}

/** Runs the installed `wopi-desk` with args; resolves { code, out, err }. */
function wopiDesk(bin, args, env) {
  const result = spawnSync(bin, args, { encoding: 'utf8', env, shell: isWindows, timeout: 120_000 })
  return { code: result.status, out: result.stdout ?? '', err: result.stderr ?? '' }
}

/** `serve` on system-chosen ports; resolves its printed URLs once the Console line is out. */
function startServe(bin, args, env) {
  const child = spawn(bin, ['serve', ...args], { env, shell: isWindows, stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  child.stdout.setEncoding('utf8').on('data', (chunk) => (out += chunk))
  child.stderr.setEncoding('utf8').on('data', (chunk) => (out += chunk))
  const exited = new Promise((done) => child.once('exit', (code, signal) => done(code ?? signal)))
  const ready = new Promise((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`serve printed no Console URL within 30 s:\n${out}`)), 30_000)
    const poll = setInterval(() => {
      const console = /^Console: (\S+)$/m.exec(out)
      if (!console) return
      clearInterval(poll)
      clearTimeout(timer)
      done({ console: console[1], editor: /^Built-in editor: (\S+)$/m.exec(out)?.[1] ?? null })
    }, 50)
    child.once('exit', (code) => {
      clearInterval(poll)
      clearTimeout(timer)
      fail(new Error(`serve exited with ${code} before printing its Console URL:\n${out}`))
    })
  })
  return {
    ready,
    output: () => out,
    async stop() {
      child.kill('SIGINT')
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
      const result = await exited
      clearTimeout(timer)
      return result
    },
  }
}

async function main() {
  const work = mkdtempSync(join(tmpdir(), 'wopi-desk-npm-package-'))
  let serve = null
  try {
    // 1. Pack. prepack builds when out/ is stale; --json keeps stdout parseable.
    const packed = npm(['pack', '--json', '--pack-destination', work], { cwd: root })
    if (!check(packed.status === 0, `npm pack exits 0${packed.status === 0 ? '' : `: ${packed.stderr.trim().split('\n').at(-1)}`}`)) return
    const info = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('[')))[0]
    const tarball = join(work, info.filename)
    const size = statSync(tarball).size
    check(
      info.name === 'wopi-desk' && info.version === manifest.version,
      `the package is wopi-desk@${manifest.version} (got ${info.name}@${info.version})`,
    )
    check(
      size <= TARBALL_BUDGET_BYTES,
      `tarball ${(size / 1024 / 1024).toFixed(2)} MB within its budget of ${TARBALL_BUDGET_BYTES / 1024 / 1024} MB (${info.entryCount} files)`,
    )
    const stray = info.files
      .map((file) => file.path)
      .filter(
        (path) =>
          /^(electron|renderer|e2e|bench|scripts|security|types|node_modules)\//.test(path) ||
          /\.(ts|tsx|map)$/.test(path) ||
          /\.test\./.test(path),
      )
    check(
      stray.length === 0,
      `the tarball holds no sources, tests or node_modules${stray.length ? `: ${stray.slice(0, 5).join(', ')}` : ''}`,
    )

    // 2. Install it globally into an empty prefix, from an empty folder: nothing of the checkout can help.
    const prefix = join(work, 'prefix')
    const empty = join(work, 'elsewhere')
    mkdirSync(empty)
    const started = Date.now()
    const installed = npm(['install', '--global', '--prefix', prefix, '--no-audit', '--no-fund', '--loglevel=error', tarball], {
      cwd: empty,
      env: { ...process.env, ...localPrebuild(work) },
    })
    const installSeconds = ((Date.now() - started) / 1000).toFixed(1)
    const fromPrebuilt = existsSync(join(work, 'prebuilds'))
    if (
      !check(
        installed.status === 0,
        `npm install --global of the tarball exits 0 (${installSeconds} s, SQLite addon ${fromPrebuilt ? 'from a local prebuilt' : 'compiled or downloaded'})${installed.status === 0 ? '' : `: ${installed.stderr.trim().split('\n').slice(-3).join(' ')}`}`,
      )
    )
      return
    const globalModules = isWindows ? join(prefix, 'node_modules') : join(prefix, 'lib', 'node_modules')
    const packages = installedPackages(join(globalModules, 'wopi-desk', 'node_modules'))
    const electronish = packages.filter(
      (name) => name === 'electron' || name.startsWith('@electron/') || name.startsWith('electron-') || name === 'app-builder-bin',
    )
    check(
      electronish.length === 0,
      `no Electron package was installed (${packages.length} packages in all)${electronish.length ? `: ${electronish.join(', ')}` : ''}`,
    )
    const bin = isWindows ? join(prefix, 'wopi-desk.cmd') : join(prefix, 'bin', 'wopi-desk')
    const home = join(work, 'home')
    mkdirSync(home)
    const env = {
      ...process.env,
      HOME: home,
      USERPROFILE: home,
      APPDATA: join(home, 'AppData'),
      XDG_CONFIG_HOME: join(home, '.config'),
      LANG: 'en_US.UTF-8',
    }

    // 3. The commands.
    const version = wopiDesk(bin, ['--version'], env)
    check(
      version.code === 0 && version.out.trim() === manifest.version,
      `wopi-desk --version prints ${manifest.version} (got "${version.out.trim()}"${version.err ? `, ${version.err.trim()}` : ''})`,
    )

    // npx, as people run it without installing: its own cache here, so the user's npx cache is left alone.
    const npxStarted = Date.now()
    const viaNpx = npm(['exec', '--yes', '--package', tarball, '--', 'wopi-desk', '--version'], {
      cwd: empty,
      env: {
        ...env,
        ...localPrebuild(work, 'prebuilds-npx'),
        npm_config_cache: join(work, 'npx-cache'),
        npm_config_update_notifier: 'false',
      },
    })
    check(
      viaNpx.status === 0 && viaNpx.stdout.trim() === manifest.version,
      `npx wopi-desk --version prints ${manifest.version} (${((Date.now() - npxStarted) / 1000).toFixed(1)} s${viaNpx.status === 0 ? '' : `: ${viaNpx.stderr.trim().split('\n').at(-1)}`})`,
    )

    const served = join(work, 'served')
    const data = join(work, 'data')
    mkdirSync(served)
    writeFileSync(join(served, 'hello.txt'), 'Hello from the npm package.\n')
    writeFileSync(join(served, 'test.wopitest'), '')
    serve = startServe(bin, ['--root', served, '--data', data, '--port', '0', '--console-port', '0', '--editor-port', '0'], env)
    const urls = await serve.ready
    // The login URL trades its key for a cookie and redirects to the console page, as in a browser.
    const login = await fetch(urls.console, { redirect: 'manual' })
    const cookie = login.headers.get('set-cookie')?.split(';')[0] ?? ''
    const location = login.headers.get('location')
    const consolePage = location ? await fetch(new URL(location, urls.console), { headers: { cookie } }) : login
    const consoleHtml = await consolePage.text()
    check(
      consolePage.status === 200 && /<div id="root">|<script/.test(consoleHtml),
      `the console URL answers with the console page (HTTP ${consolePage.status})`,
    )
    const discovery = urls.editor ? await fetch(`${urls.editor}/hosting/discovery`) : null
    check(
      discovery?.status === 200 && /<wopi-discovery/.test(await discovery.text()),
      `the built-in editor answers its discovery (HTTP ${discovery?.status ?? 'no editor URL printed'})`,
    )

    const token = wopiDesk(bin, ['token', 'hello.txt', '--data', data], env)
    const access = token.code === 0 ? JSON.parse(token.out) : null
    if (
      check(
        access?.accessToken && access?.wopiSrc,
        `wopi-desk token prints an access token and WOPISrc${access ? '' : `: ${token.err.trim()}`}`,
      )
    ) {
      const response = await fetch(`${access.wopiSrc}?access_token=${encodeURIComponent(access.accessToken)}`)
      const fileInfo = response.status === 200 ? await response.json() : null
      check(
        fileInfo?.BaseFileName === 'hello.txt' && fileInfo?.Size === 28,
        `CheckFileInfo answers for hello.txt (HTTP ${response.status})`,
      )
    }

    const writeToken = wopiDesk(bin, ['token', 'test.wopitest', '--data', data, '--write'], env)
    const writeAccess = writeToken.code === 0 ? JSON.parse(writeToken.out) : null
    if (check(writeAccess?.accessToken, `wopi-desk token --write for test.wopitest${writeAccess ? '' : `: ${writeToken.err.trim()}`}`)) {
      const cases = join(globalModules, 'wopi-desk', 'resources', 'wopi-validator', 'TestCases.xml')
      const validated = wopiDesk(
        bin,
        ['validate', '--wopisrc', writeAccess.wopiSrc, '--token', writeAccess.accessToken, '--cases', cases],
        env,
      )
      const summary = /(\d+) passed, (\d+) failed/.exec(validated.out)
      check(
        validated.code === 0 && summary && Number(summary[2]) === 0 && Number(summary[1]) > 0,
        `validate against that host: ${summary ? summary[0] : validated.err.trim().split('\n').at(-1)}`,
      )
    }
    process.stdout.write(`tarball ${size} bytes, installed in ${installSeconds} s\n`)
  } finally {
    if (serve) {
      const stopped = await serve.stop()
      check(stopped === 0, `serve stops cleanly on Ctrl+C (exit ${stopped})`)
    }
    rmSync(work, { recursive: true, force: true })
  }
}

try {
  await main()
} catch (error) {
  failures.push(error.message)
  process.stdout.write(`FAIL ${error.message}\n`)
}
process.stdout.write(`${failures.length === 0 ? 'npm package: all checks passed' : `npm package: ${failures.length} check(s) failed`}\n`)
process.exitCode = failures.length === 0 ? 0 : 1
