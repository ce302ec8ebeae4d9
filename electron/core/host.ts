import { mkdirSync } from 'node:fs'
import { hostname, userInfo } from 'node:os'
import { join } from 'node:path'
import type { SettingsDto } from '../contract/dto'
import { createFileRepo } from './db/file-repo'
import { createLockRepo } from './db/lock-repo'
import { DB_FILE_NAME, SERVING_BUSY_TIMEOUT_MS, openDb, type Db } from './db/open-db'
import { createRequestLogRepo } from './db/request-log-repo'
import { startRequestLogWorker } from './db/request-log-worker-client'
import { inThreadRequestLogWriter } from './db/request-log-writer'
import { createSettingsRepo } from './db/settings-repo'
import { createTokenRepo } from './db/token-repo'
import { createTrashRepo } from './db/trash-repo'
import { createUserInfoRepo } from './db/user-info-repo'
import { createVersionRepo } from './db/version-repo'
import { silentLog, systemClock, systemRandom, type Clock, type Log, type Random } from './deps'
import { createFileStore, type FileStore } from './files/file-store'
import { createKeyedMutex } from './files/keyed-mutex'
import { createPlaceSettings } from './places/place-settings'
import { createPlaces, type Places } from './places/places'
import { createTrashBin } from './files/trash'
import { createVersionKeeper } from './files/versions'
import { readServeInfo } from './server/serve-info'
import { effectiveWopiBase, startWopiListener, type ExtraRoutes, type WopiListener } from './server/wopi-listener'
import { userIdForName, type SystemIdentity } from './settings/defaults'
import { createSettings, type DeskSettingsPatch, type SettingsService } from './settings/settings'
import type { HostUrlsProvider } from './wopi/host-urls'
import { sweepExpiredLocks } from './wopi/lock-sweeper'
import { createLockService, type LockService } from './wopi/locks'
import type { ProofGate } from './wopi/proof-gate'
import { createWopiRouter } from './wopi/router'
import { createTokenService, type TokenService } from './wopi/tokens'
import { createTrafficLog, type TrafficLog } from './wopi/traffic-log'
import { createUserInfoStore } from './wopi/user-info'
import type { WopiServices } from './wopi/wopi-call'
import { createConflictMemory } from './wopi/conflict-memory'
import { ApiError } from '../contract/envelope'

export interface HostOptions {
  /** the data folder: database, versions, trash, serve.json */
  dataDir: string
  /** these four override (and are saved to) the settings */
  root?: string
  bind?: string
  port?: number
  publicUrl?: string | null
  clock?: Clock
  random?: Random
  log?: Log
  env?: Record<string, string | undefined>
  identity?: SystemIdentity
  trafficCapacity?: number
  /** how often expired locks and tokens are swept while listening (ms); 0 disables the timer */
  sweepIntervalMs?: number
  /** the SQLite addon build to load (the desktop app's Electron build); default: the one in node_modules */
  nativeBinding?: string
  /**
   * The built request log worker (out/main/request-log-worker.js): a serving host writes its traffic log from
   * that thread. Absent (commands, tests from source): the log is written on this thread.
   */
  requestLogWorker?: string
  /**
   * A served folder that no longer exists: 'explain' (default) refuses with one sentence saying so;
   * 'serve-nothing' opens with no folder served, for commands that never touch files (the catalog's).
   */
  whenServedFolderMissing?: 'explain' | 'serve-nothing'
}

/** What the WOPI listener serves besides the files: given when it starts, after everything it calls exists. */
export interface HostListenOptions {
  /** proof-key verification for tokens bound to an app; without it proofs are not required */
  proofGate?: ProofGate
  /** HostViewUrl, HostEditUrl, CloseUrl, PostMessage flags... per file, for CheckFileInfo and PutRelativeFile */
  hostUrls?: HostUrlsProvider
  /** more routes on the WOPI listener's origin (the host page, static assets) */
  extraRoutes?: ExtraRoutes
}

export interface IssueTokenOptions {
  write?: boolean
  /** a name (its id is derived from it) or an explicit identity; default: this OS account */
  user?: string | { id: string; name: string }
  ttlSeconds?: number
  /** absolute expiry (ms), wins over ttlSeconds */
  expiresAt?: number
  appId?: string | null
  sessionId?: string | null
}

/** What an editor needs to open a file: the same four values `wopi-desk token` prints. */
export interface IssuedAccess {
  fileId: string
  wopiSrc: string
  accessToken: string
  /** absolute expiry in ms since the epoch, as access_token_ttl */
  accessTokenTtl: number
}

export interface Host {
  dataDir: string
  db: Db
  settings: SettingsService
  /** every place's files: the configured root's and those of the places added since */
  files: FileStore
  places: Places
  tokens: TokenService
  locks: LockService
  requestLog: TrafficLog
  /** the WOPI listener now: port and bind null until listenHost */
  readonly wopi: { url: string; port: number | null; bind: string | null; listening: boolean }
  /** issue 14: while paused, WOPI requests get 503 + Retry-After; tokens, locks and sessions are kept */
  readonly paused: boolean
  pause(): void
  resume(): void
  /** effective WOPI base URL now (publicUrl setting, else the listener) */
  wopiBase(): string
  wopiSrc(fileId: string): string
  issueToken(relPath: string, options?: IssueTokenOptions): Promise<IssuedAccess>
  settingsDto(): SettingsDto
  /** expired locks (and their desktop owner files), long-expired tokens */
  sweep(): Promise<void>
  close(): Promise<void>
}

/** Issue 13 item 12: a served folder that vanished (moved, renamed, a disk not connected) said only ENOENT. */
function servedFolderOrExplain<T>(root: string, whenMissing: 'explain' | 'serve-nothing', open: (root: string) => T): T {
  try {
    return open(root)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (root && (code === 'ENOENT' || code === 'ENOTDIR')) {
      if (whenMissing === 'serve-nothing') return open('')
      throw new ApiError(
        'not-found',
        `The served folder ${root} no longer exists (it was moved, renamed, or is on a disk that is not connected). Bring it back, or serve another folder.`,
      )
    }
    throw error
  }
}

function systemIdentity(): SystemIdentity {
  try {
    const info = userInfo()
    return { username: info.username, uid: info.uid, hostname: hostname() }
  } catch {
    // No passwd entry (some containers): still a stable identity per machine.
    return { username: process.env['USER'] ?? process.env['USERNAME'] ?? 'user', uid: -1, hostname: hostname() }
  }
}

// listenHost reaches into the closure openHost made through this, so starting the listener stays one exported
// function rather than a method every holder of a Host could call.
type StartListening = (options: HostListenOptions) => Promise<{ url: string; port: number }>
const listenerStarters = new WeakMap<Host, StartListening>()

/**
 * The WOPI host without a socket: data folder, database, settings, files, tokens, locks and traffic log, wired
 * once. Commands use it as it is; listenHost starts serving editors. desk.ts composes it with the rest.
 */
export async function openHost(options: HostOptions): Promise<Host> {
  const clock = options.clock ?? systemClock
  const random = options.random ?? systemRandom
  const log = options.log ?? silentLog
  const dataDir = options.dataDir
  mkdirSync(dataDir, { recursive: true })
  // A command waits like a command for another process's write lock; listenHost shortens the wait once serving.
  const db = openDb(join(dataDir, DB_FILE_NAME), options.nativeBinding ? { nativeBinding: options.nativeBinding } : {})
  // WAL + synchronous=NORMAL: commits are not fsynced one by one (a lock, a version bump, a log row), which is
  // what keeps the save cycle fast; the database stays consistent, and a power cut can only roll back the last
  // such rows. Document bytes never depend on it: saves fsync the file and its folder themselves, and moving
  // files to and from the trash commits with a full fsync (db/durable.ts).
  db.pragma('synchronous = NORMAL')

  try {
    const settings = createSettings({
      repo: createSettingsRepo(db),
      env: options.env ?? process.env,
      identity: options.identity ?? systemIdentity(),
    })
    const overrides: DeskSettingsPatch = {}
    if (options.root !== undefined) overrides.root = options.root
    if (options.bind !== undefined) overrides.bind = options.bind
    if (options.port !== undefined) overrides.port = options.port
    if (options.publicUrl !== undefined) overrides.publicUrl = options.publicUrl
    if (Object.keys(overrides).length > 0) settings.update(overrides)

    const fileRepo = createFileRepo(db)
    const versions = createVersionKeeper({
      repo: createVersionRepo(db),
      dataDir,
      clock,
      random,
      retention: () => settings.get().versionRetention,
      log,
    })
    const trashBin = createTrashBin({ repo: createTrashRepo(db), dataDir, clock, random })
    const mutex = createKeyedMutex()
    const storeFor = (root: string, onlyFiles?: () => ReadonlySet<string> | null): FileStore =>
      createFileStore({
        db,
        files: fileRepo,
        versions,
        trashBin,
        root,
        ownerId: () => settings.get().userId,
        clock,
        random,
        log,
        mutex,
        onlyFiles,
      })
    const rootStore = servedFolderOrExplain(settings.get().root, options.whenServedFolderMissing ?? 'explain', (root) => storeFor(root))
    const places = createPlaces({
      settings: createPlaceSettings(createSettingsRepo(db)),
      rows: fileRepo,
      rootStore,
      makeStore: storeFor,
      clock,
      log,
    })
    const files = places.files
    const tokens = createTokenService({ repo: createTokenRepo(db), clock, random })
    const lockRepo = createLockRepo(db)
    const locks = createLockService({ db, repo: lockRepo, clock })
    const requestLogRepo = createRequestLogRepo(db)
    const requestLog = createTrafficLog({
      repo: requestLogRepo,
      ...(options.requestLogWorker
        ? {
            writer: startRequestLogWorker({
              script: options.requestLogWorker,
              dbFile: join(dataDir, DB_FILE_NAME),
              ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
              log,
              fallback: inThreadRequestLogWriter(requestLogRepo),
            }),
          }
        : {}),
      clock,
      log,
      capacity: options.trafficCapacity,
    })

    let listener: WopiListener | null = null
    // In memory only: a restart serves again, so a forgotten pause cannot keep editors out for good.
    let pausedSince: number | null = null
    /**
     * Editors' RefreshLock calls were refused while paused: the locks held when the pause began get the paused
     * time back, so an editor resuming after a long pause still holds its lock (and its next PutFile matches).
     */
    const giveLocksThePauseBack = (since: number): void => {
      const pausedFor = clock.now() - since
      if (pausedFor <= 0) return
      for (const row of [...locks.active(), ...locks.expired()]) {
        if (row.expiresAt > since) lockRepo.refresh(row.fileId, row.refreshedAt, row.expiresAt + pausedFor)
      }
    }
    // Until this host listens, WOPISrc names the `serve` running on this data folder, if any (`token` while it runs).
    const serveInfo = await readServeInfo(dataDir)
    const wopiBase = (): string => {
      const current = settings.get()
      if (listener) return effectiveWopiBase(current.publicUrl, listener.bind, listener.port)
      return current.publicUrl ?? serveInfo?.wopiBase ?? effectiveWopiBase(null, current.bind, current.port)
    }
    const wopiSrc = (fileId: string) => `${wopiBase()}/wopi/files/${fileId}`

    const services: WopiServices = {
      dataDir,
      files,
      locks,
      tokens,
      userInfo: createUserInfoStore(createUserInfoRepo(db)),
      settings: () => settings.get(),
      clock,
      log,
      wopiSrc,
      conflicts: createConflictMemory(clock),
    }

    const sweep = async (): Promise<void> => {
      // While paused, editors cannot refresh their locks: none of them is taken for abandoned meanwhile.
      if (pausedSince === null) await sweepExpiredLocks(services, locks, log)
      tokens.sweep()
      const days = settings.get().trashRetentionDays
      if (days > 0) await files.emptyTrash(clock.now() - days * 24 * 3600 * 1000)
    }

    let timer: NodeJS.Timeout | null = null
    let closed = false
    const startListening: StartListening = async (listen) => {
      if (closed) throw new Error('this host is closed')
      if (listener) throw new Error('this host listens already')
      db.pragma(`busy_timeout = ${SERVING_BUSY_TIMEOUT_MS}`)
      // Before any editor is served: work a crash interrupted is finished or undone (file-store reconcile).
      await files.reconcile().catch((error: unknown) => log.warn('start-up reconcile failed', { error: (error as Error).message }))
      const router = createWopiRouter({
        services: { ...services, hostUrls: listen.hostUrls },
        traffic: requestLog,
        proofGate: listen.proofGate,
        wopiBase,
        paused: () => pausedSince !== null,
      })
      const current = settings.get()
      listener = await startWopiListener({
        handle: router.handle,
        extraRoutes: listen.extraRoutes,
        bind: current.bind,
        port: current.port,
        log,
      })

      // Start-up housekeeping in the background: a crash may have left temp files and expired locks behind.
      void files.sweepTempFiles().catch((error: unknown) => log.warn('temp file sweep failed', { error: (error as Error).message }))
      void sweep().catch((error: unknown) => log.warn('lock sweep failed', { error: (error as Error).message }))
      const interval = options.sweepIntervalMs ?? 60_000
      if (interval > 0) {
        timer = setInterval(
          () => void sweep().catch((error: unknown) => log.warn('lock sweep failed', { error: (error as Error).message })),
          interval,
        )
        timer.unref()
      }
      return { url: wopiBase(), port: listener.port }
    }

    const host: Host = {
      dataDir,
      db,
      settings,
      files,
      places,
      tokens,
      locks,
      requestLog,
      get wopi() {
        return { url: wopiBase(), port: listener?.port ?? null, bind: listener?.bind ?? null, listening: listener !== null }
      },
      get paused() {
        return pausedSince !== null
      },
      pause() {
        if (pausedSince !== null) return
        pausedSince = clock.now()
        log.info('WOPI host paused: editors are answered 503 until it resumes')
      },
      resume() {
        if (pausedSince === null) return
        giveLocksThePauseBack(pausedSince)
        pausedSince = null
        log.info('WOPI host resumed')
      },
      wopiBase,
      wopiSrc,
      async issueToken(relPath, issue = {}) {
        const row = await files.ensureFile(relPath)
        const current = settings.get()
        const user =
          typeof issue.user === 'string'
            ? { id: issue.user === current.userName ? current.userId : userIdForName(issue.user), name: issue.user }
            : (issue.user ?? { id: current.userId, name: current.userName })
        const expiresAt = issue.expiresAt ?? clock.now() + (issue.ttlSeconds ?? current.tokenTtlSeconds) * 1000
        const issued = tokens.issue({
          fileId: row.id,
          userId: user.id,
          userName: user.name,
          canWrite: issue.write ?? false,
          appId: issue.appId ?? null,
          sessionId: issue.sessionId ?? null,
          expiresAt,
        })
        return { fileId: row.id, wopiSrc: wopiSrc(row.id), accessToken: issued.token, accessTokenTtl: issued.expiresAt }
      },
      settingsDto: () => settings.toDto({ dataDir, effectiveWopiBase: wopiBase() }),
      sweep,
      async close() {
        if (closed) return
        closed = true
        if (timer) clearInterval(timer)
        if (listener) await listener.close()
        requestLog.close()
        db.close()
      },
    }
    listenerStarters.set(host, startListening)
    return host
  } catch (error) {
    db.close()
    throw error
  }
}

/**
 * Starts the WOPI listener on the settings' bind address and port (0 picks a free one) and the sweeps that go
 * with serving; returns where editors reach it. host.close() stops it.
 */
export async function listenHost(host: Host, options: HostListenOptions = {}): Promise<{ url: string; port: number }> {
  const start = listenerStarters.get(host)
  if (!start) throw new Error('listenHost takes a host made by openHost')
  return start(options)
}

/** Tests' shorthand: openHost, then listenHost; a listener that cannot start leaves nothing open. */
export async function createHost(options: HostOptions & HostListenOptions): Promise<Host> {
  const host = await openHost(options)
  await listenHost(host, options).catch(async (error: unknown) => {
    await host.close()
    throw error
  })
  return host
}
