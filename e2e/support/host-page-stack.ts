import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createBuiltinEditor, type BuiltinEditor } from '../../electron/core/builtin-editor/builtin-editor'
import { createCatalog, type Catalog } from '../../electron/core/catalog/catalog'
import { listenHost, openHost, type Host } from '../../electron/core/host'
import { silentLog, systemClock, systemRandom } from '../../electron/core/deps'
import type { SessionService } from '../../electron/core/sessions/session-service'
import { createHostPageSessions } from '../../electron/core/sessions/host-page-sessions'
import { startFakeEditor, type FakeEditor } from './fake-editor'

// The host page as `serve` runs it: a real desk on 127.0.0.1 port 0 over a temp folder, the host page
// routes on its listener serving the BUILT page (out/renderer), and a fake Collabora-shaped editor imported into a
// real catalog.

export interface HostPageStack {
  desk: Host
  catalog: Catalog
  sessions: SessionService
  editor: FakeEditor
  /** WOPI Desk's own editor (built page), when asked for */
  builtin: BuiltinEditor | null
  origin: string
  root: string
  close(): Promise<void>
}

export const RENDERER_DIR = resolve('out/renderer')

export async function startHostPageStack(options: { loadTimeoutMs?: number; builtinEditor?: boolean } = {}): Promise<HostPageStack> {
  if (!existsSync(join(RENDERER_DIR, 'host.html'))) {
    throw new Error('out/renderer/host.html is missing: build first with `npx electron-vite build` (npm run e2e does it).')
  }
  const base = await mkdtemp(join(tmpdir(), 'wopi-desk-e2e-host-'))
  const root = join(base, 'root')
  await mkdir(root)
  await writeFile(join(root, 'report.odt'), 'PK fake odt bytes')
  await writeFile(join(root, 'notes.txt'), 'Shopping list\n- bread\n- milk\n')
  const desk = await openHost({
    dataDir: join(base, 'data'),
    root,
    port: 0,
    sweepIntervalMs: 0,
    env: { LANG: 'en_US.UTF-8' },
  })
  const editor = await startFakeEditor()
  const catalog = createCatalog({ db: desk.db, dataDir: join(base, 'data'), clock: systemClock, log: silentLog })
  await catalog.importEndpoint({ url: editor.discoveryUrl })
  const builtin = options.builtinEditor
    ? await createBuiltinEditor({
        dataDir: join(base, 'editor-data'),
        staticDir: RENDERER_DIR,
        clock: systemClock,
        random: systemRandom,
        log: silentLog,
      })
    : null
  if (builtin) await catalog.importEndpoint({ url: builtin.discoveryUrl })
  const { sessions, routes } = createHostPageSessions({
    host: desk,
    catalog,
    staticDir: RENDERER_DIR,
    consoleUrl: () => 'http://127.0.0.1:9/',
    ...(options.loadTimeoutMs !== undefined ? { loadTimeoutMs: options.loadTimeoutMs } : {}),
    clock: systemClock,
    random: systemRandom,
    log: silentLog,
  })
  await listenHost(desk, { hostUrls: (fileId, context) => sessions.hostUrls(fileId, context), extraRoutes: routes })
  return {
    desk,
    catalog,
    sessions,
    editor,
    builtin,
    origin: `http://127.0.0.1:${desk.wopi.port}`,
    root,
    async close() {
      catalog.stop()
      await catalog.idle()
      await editor.close()
      await builtin?.close()
      await desk.close()
      await rm(base, { recursive: true, force: true })
    },
  }
}
