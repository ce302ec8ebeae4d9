import { isConformanceClient } from '../../wopi/client-detect'
import { homedir, release, type as osType } from 'node:os'
import type { DoctorReport } from '../../../contract/dto'
import type { Catalog } from '../../catalog/catalog'
import type { RequestRecord } from '../../db/request-log-repo'
import type { Host } from '../../host'
import { readServeInfo } from '../../server/serve-info'
import { isDoctorTraffic } from '../canary'
import { createRedactor } from '../redact'
import { createPathRedactor } from './path-redactor'

// The diagnostics report: one file a user attaches to a support ticket. It is text with a JSON block inside:
// the top is readable in any ticket system or mail client without tools (versions, editors, what the doctor
// found and how to fix it), and the JSON below carries everything in full for support tooling. Nothing in it
// identifies a token, a proof key, a place outside the served folder, or the contents of a document: every
// string passes through the path redactor and the secret redactor before it is written.

export const REPORT_FORMAT = 'wopi-desk-diagnostics/1'
const JSON_BEGIN = '----- BEGIN WOPI DESK DIAGNOSTICS JSON -----'
const JSON_END = '----- END WOPI DESK DIAGNOSTICS JSON -----'

export interface ReportEnvironment {
  /** package.json version, passed in by the app or the CLI */
  appVersion: string
  /** process.versions.electron / chrome inside the desktop app */
  electronVersion?: string | null
  chromeVersion?: string | null
  /** default os.homedir() */
  homeDir?: string
  /** traffic-log rows included; default 200 */
  requestLimit?: number
}

export interface DiagnosticsReport {
  fileName: string
  text: string
}

export interface ReportInput {
  desk: Host
  catalog: Catalog
  doctor: DoctorReport | null
  env: ReportEnvironment
  now: number
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json }

function deepMapStrings(value: unknown, map: (text: string) => string): Json {
  if (typeof value === 'string') return map(value)
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return value
  if (Array.isArray(value)) return value.map((item) => deepMapStrings(item, map))
  if (typeof value === 'object' && value !== undefined) {
    const out: Record<string, Json> = {}
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) if (item !== undefined) out[key] = deepMapStrings(item, map)
    return out
  }
  return null
}

function stamp(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, '')
    .replace('T', '-')
}

function requestView(record: RequestRecord) {
  return {
    id: record.id,
    at: new Date(record.ts).toISOString(),
    operation: record.operation,
    method: record.method,
    status: record.status,
    durationMs: Math.round(record.durationMs * 10) / 10,
    client: record.client,
    fileId: record.fileId,
    fileName: record.fileName,
    sessionId: record.sessionId,
    wopiSessionId: record.wopiSessionId,
    correlationId: record.correlationId,
    lockId: record.lockId,
    proof: record.proof,
    error: record.error,
    details: record.details,
  }
}

export async function buildDiagnosticsReport(input: ReportInput): Promise<DiagnosticsReport> {
  const { desk, catalog, doctor, env, now } = input
  const settings = desk.settings.get()
  const dto = desk.settingsDto()
  const redactPaths = createPathRedactor({ root: settings.root || desk.files.root, dataDir: desk.dataDir, home: env.homeDir ?? homedir() })
  const redactSecrets = createRedactor()
  const clean = (text: string) => redactSecrets(redactPaths(text))
  const serve = await readServeInfo(desk.dataDir)
  const requests = desk.requestLog.recent({ limit: env.requestLimit ?? 200 }).filter((record) => !isDoctorTraffic(record))
  // Conformance runs fail requests on purpose: they are not the errors a support person is looking for.
  const errors = desk.requestLog
    .recent({ status: 'error', limit: 50 })
    .filter((record) => !isDoctorTraffic(record) && !isConformanceClient(record.client))
  const endpoints = catalog.listEndpoints()
  const locks = desk.locks.active().map((lock) => ({
    file: desk.files.get(lock.fileId)?.relPath ?? lock.fileId,
    client: lock.client,
    userId: lock.userId,
    since: new Date(lock.createdAt).toISOString(),
    expires: new Date(lock.expiresAt).toISOString(),
  }))

  const raw = {
    format: REPORT_FORMAT,
    createdAt: new Date(now).toISOString(),
    app: {
      name: 'WOPI Desk',
      version: env.appVersion,
      node: process.versions.node,
      electron: env.electronVersion ?? null,
      chrome: env.chromeVersion ?? null,
    },
    os: { platform: process.platform, arch: process.arch, release: release(), type: osType() },
    host: {
      running: desk.wopi.listening ? 'in this process' : serve ? `wopi-desk serve (pid ${serve.pid})` : 'not running',
      wopiBase: desk.wopi.listening ? desk.wopiBase() : (serve?.wopiBase ?? dto.effectiveWopiBase),
    },
    settings: {
      root: settings.root ? '<served folder>' : '(none)',
      dataDir: '<data folder>',
      bind: dto.bind,
      port: dto.port,
      publicUrl: dto.publicUrl,
      effectiveWopiBase: dto.effectiveWopiBase,
      hostPageOrigin: settings.hostPageOrigin,
      tokenTtlSeconds: dto.tokenTtlSeconds,
      versionRetention: dto.versionRetention,
      maxFileSizeBytes: dto.maxFileSizeBytes,
      locale: dto.locale,
      userName: '<user name>',
    },
    catalog: endpoints.map((endpoint) => ({
      id: endpoint.id,
      name: endpoint.name,
      kind: endpoint.kind,
      discoveryUrl: endpoint.discoveryUrl,
      enabled: endpoint.enabled,
      zone: endpoint.zone,
      zones: endpoint.zones,
      insecureTls: endpoint.insecureTls,
      proofKeys: endpoint.proofKeys.present ? (endpoint.proofKeys.hasOldKey ? 'yes (current and previous)' : 'yes') : 'no',
      apps: endpoint.apps.filter((app) => app.present).length,
      enabledApps: endpoint.apps.filter((app) => app.present && app.enabled).length,
      actions: endpoint.apps.reduce((sum, app) => sum + app.actions.length, 0),
      extensions: [...new Set(endpoint.apps.flatMap((app) => app.extensions))].length,
      fetchedAt: new Date(endpoint.fetchedAt).toISOString(),
      lastAttemptAt: endpoint.lastAttemptAt ? new Date(endpoint.lastAttemptAt).toISOString() : null,
      lastError: endpoint.lastError,
      notes: endpoint.notes ?? [],
    })),
    doctor: doctor
      ? {
          runId: doctor.runId,
          startedAt: new Date(doctor.startedAt).toISOString(),
          finishedAt: new Date(doctor.finishedAt).toISOString(),
          checks: doctor.checks,
        }
      : null,
    locks,
    recentErrors: [
      ...endpoints
        .filter((endpoint) => endpoint.lastError)
        .map((endpoint) => ({
          source: `editor ${endpoint.id}`,
          at: endpoint.lastAttemptAt ? new Date(endpoint.lastAttemptAt).toISOString() : null,
          message: endpoint.lastError!,
        })),
      ...errors.map((record) => ({
        source: `${record.operation} ${record.status}${record.client ? ` from ${record.client}` : ''}`,
        at: new Date(record.ts).toISOString(),
        message: record.error ?? '',
      })),
    ],
    requests: requests.map(requestView),
  }
  const report = deepMapStrings(raw, clean) as unknown as typeof raw

  const lines: string[] = []
  lines.push(`WOPI Desk diagnostics report, ${report.createdAt}`)
  lines.push(
    'Attach this file to your support ticket. Tokens, proof keys, document contents and paths outside the served folder have been removed.',
  )
  lines.push('')
  lines.push(
    `App: WOPI Desk ${report.app.version} (Node ${report.app.node}${report.app.electron ? `, Electron ${report.app.electron}` : ''}${report.app.chrome ? `, Chrome ${report.app.chrome}` : ''})`,
  )
  lines.push(`OS: ${report.os.type} ${report.os.release} (${report.os.platform}, ${report.os.arch})`)
  lines.push(`Host: ${report.host.running}; editors call ${report.host.wopiBase}`)
  lines.push(
    `Settings: bind ${report.settings.bind}, port ${report.settings.port}, public URL ${report.settings.publicUrl ?? '(none)'}, host page origin ${report.settings.hostPageOrigin ?? '(none)'}, token lifetime ${report.settings.tokenTtlSeconds} s, largest file ${report.settings.maxFileSizeBytes} bytes`,
  )
  lines.push('')
  lines.push(`Editors (${report.catalog.length}):`)
  for (const endpoint of report.catalog) {
    lines.push(
      `  ${endpoint.name} [${endpoint.id}] ${endpoint.kind}, ${endpoint.enabled ? 'enabled' : 'disabled'}, zone ${endpoint.zone}, ${endpoint.enabledApps}/${endpoint.apps} apps, ${endpoint.actions} actions, proof keys ${endpoint.proofKeys}, refreshed ${endpoint.fetchedAt}${endpoint.lastError ? `; last error: ${endpoint.lastError}` : ''}`,
    )
  }
  lines.push('')
  if (report.doctor) {
    const counts = ['pass', 'warn', 'fail', 'skip']
      .map((status) => `${report.doctor!.checks.filter((check) => check.status === status).length} ${status}`)
      .join(', ')
    lines.push(`Connection doctor (${report.doctor.finishedAt}): ${counts}`)
    for (const check of report.doctor.checks.filter((candidate) => candidate.status === 'fail' || candidate.status === 'warn')) {
      lines.push(`  ${check.status.toUpperCase()} ${check.title}${check.endpointId ? ` [${check.endpointId}]` : ''}: ${check.detail}`)
      if (check.fix) lines.push(`      fix: ${check.fix}`)
    }
  } else {
    lines.push('Connection doctor: not run.')
  }
  lines.push('')
  lines.push(`Recent errors (${report.recentErrors.length}):`)
  for (const error of report.recentErrors.slice(0, 20)) lines.push(`  ${error.at ?? ''} ${error.source}: ${error.message}`)
  lines.push('')
  lines.push(`The JSON below holds all of the above plus the last ${report.requests.length} WOPI requests.`)
  lines.push(JSON_BEGIN)
  lines.push(JSON.stringify(report, null, 2))
  lines.push(JSON_END)
  // A last pass over the finished text, in case a value was assembled from pieces that were clean on their own.
  const text = redactSecrets(lines.join('\n') + '\n')
  return { fileName: `wopi-desk-report-${stamp(now)}.txt`, text }
}

/** The JSON part of a report file (for support tooling and tests). */
export function reportJson(text: string): Record<string, unknown> {
  const start = text.indexOf(JSON_BEGIN)
  const end = text.indexOf(JSON_END)
  if (start < 0 || end < start) throw new Error('not a WOPI Desk diagnostics report')
  return JSON.parse(text.slice(start + JSON_BEGIN.length, end)) as Record<string, unknown>
}
