import type { RequestRecord } from '../../db/request-log-repo'
import { formatBytes } from '../../format-bytes'
import type { DoctorContext } from '../context'
import {
  ago,
  byKind,
  clientsOf,
  duration,
  editorLabel,
  fail,
  pass,
  plural,
  skip,
  warn,
  type EndpointCheck,
  type EndpointInfo,
} from './types'

// What editors already ran into, from the traffic log (clients.md rows 11, 12, 13, 15): failed saves and
// failed opens, grouped by cause, each with what that editor shows the user and what to change. The doctor's
// own requests are left out.

const WEEK = 7 * 24 * 3600_000

interface Group {
  key: string
  rows: RequestRecord[]
}

function editorRows(ctx: DoctorContext, endpoint: EndpointInfo): RequestRecord[] | null {
  const clients = clientsOf(endpoint.kind)
  if (clients.length === 0) return null
  return ctx.traffic({ since: ctx.now() - WEEK }).filter((row) => row.client !== null && clients.includes(row.client))
}

function group(rows: RequestRecord[], keyOf: (row: RequestRecord) => string): Group[] {
  const groups = new Map<string, RequestRecord[]>()
  for (const row of rows) groups.set(keyOf(row), [...(groups.get(keyOf(row)) ?? []), row])
  return [...groups].map(([key, list]) => ({ key, rows: list })).sort((a, b) => b.rows[0]!.ts - a.rows[0]!.ts)
}

/** The longest stretch between the first and last request of one editing session (X-WOPI-SessionId, else our session). */
function longestSession(rows: RequestRecord[]): number {
  const spans = new Map<string, { first: number; last: number }>()
  for (const row of rows) {
    const key = row.wopiSessionId ?? row.sessionId
    if (!key) continue
    const span = spans.get(key) ?? { first: row.ts, last: row.ts }
    span.first = Math.min(span.first, row.ts)
    span.last = Math.max(span.last, row.ts)
    spans.set(key, span)
  }
  return Math.max(0, ...[...spans.values()].map((span) => span.last - span.first))
}

function saveCause(row: RequestRecord): string {
  const error = row.error ?? ''
  if (row.status === 401 && /expired/i.test(error)) return 'token-expired'
  if (row.status === 401 && /write permission/i.test(error)) return 'read-only'
  if (row.status === 401 || row.status === 403) return 'token'
  if (row.status === 409 && /changed on disk/i.test(error)) return 'changed'
  if (row.status === 409 && /open in (LibreOffice|Microsoft Office)/i.test(error)) return 'desktop'
  if (row.status === 409) return 'lock'
  if (row.status === 500 && /disk is full/i.test(error)) return 'disk'
  if (row.status === 500 && /proof/i.test(error)) return 'proof'
  return String(row.status)
}

function explainSave(
  ctx: DoctorContext,
  endpoint: EndpointInfo,
  cause: string,
  rows: RequestRecord[],
  all: RequestRecord[],
): { text: string; fix: string } {
  const label = editorLabel(endpoint.kind)
  const ttl = ctx.settings.tokenTtlSeconds * 1000
  const collabora = endpoint.kind === 'collabora'
  const unauthorized = collabora
    ? ' (Collabora maps 401/403/404 to "unauthorized": "Document cannot be saved... expired or incorrect access token")'
    : ''
  switch (cause) {
    case 'token-expired': {
      const longest = longestSession(all)
      return {
        text: `401, the access token had expired${unauthorized}${longest > ttl ? `; the longest session lasted ${duration(longest)}, longer than the token lifetime of ${duration(ttl)}` : `; tokens live ${duration(ttl)}`}`,
        fix: `Raise the token lifetime above the longest editing session (Settings, Token lifetime; tokenTtlSeconds is ${ctx.settings.tokenTtlSeconds}), or reopen documents that stay open all day.`,
      }
    }
    case 'read-only':
      return {
        text: `401, the document was opened read-only but ${label} tried to save${unauthorized}`,
        fix: 'Open the document for editing (the edit action), not for viewing.',
      }
    case 'token':
      return {
        text: `${rows[0]!.status}, the token was not accepted (${rows[0]!.error ?? 'unknown token'})${unauthorized}`,
        fix: 'Reopen the document; tokens from another data folder or from before the database was reset are unknown to this host.',
      }
    case 'changed':
      return {
        text: `409 with COOLStatusCode 1010: the file changed on disk while it was open, so the host refused to overwrite it${collabora ? ' (Collabora asks the user to overwrite, discard or reload)' : ''}`,
        fix: 'Another program or a sync client changed the file: keep only one program editing it. The disk version was kept, and so was each refused save: restore it from the versions of the file ("Kept after a conflicting save") if the editor reloaded without your edits.',
      }
    case 'desktop':
      return {
        text: `409, the file is open in a desktop program (${rows[0]!.error})${collabora ? '; Collabora shows a save conflict (409 without COOLStatusCode 1010)' : ''}`,
        fix: 'Close the document in LibreOffice or Microsoft Office, or delete its owner file if that program crashed.',
      }
    case 'lock':
      return {
        text: `409, lock mismatch (${rows[0]!.error ?? 'another lock id'})${collabora ? '; Collabora shows a generic save conflict (409 without COOLStatusCode 1010)' : ''}${endpoint.kind === 'onlyoffice' ? '; ONLYOFFICE keeps the changes unsaved' : ''}`,
        fix: 'Another editor session or app holds the lock: close the document there (Files page shows the holder), or wait up to 30 minutes for an abandoned lock to expire.',
      }
    case '413':
      return {
        text: `413, the document was larger than this host accepts (${formatBytes(ctx.settings.maxFileSizeBytes)})${collabora ? '; Collabora reports the storage as full' : ''}`,
        fix: `Raise the largest accepted file size (Settings; maxFileSizeBytes is ${ctx.settings.maxFileSizeBytes}).`,
      }
    case 'disk':
      return {
        text: '500, the disk of the served folder is full',
        fix: "Free disk space on the served folder's drive (versions live in the data folder).",
      }
    case 'proof':
      return { text: '500, the proof check failed', fix: 'See "Proof keys" for this editor.' }
    case '404':
      return { text: '404, the file was moved, renamed or deleted outside the editor', fix: 'Reopen the document from its new place.' }
    case '499':
      return {
        text: '499, the connection closed before the upload was complete',
        fix: 'A proxy between the editor and this host cut the upload: raise its body size and time limits (nginx: client_max_body_size, proxy_read_timeout).',
      }
    case '500':
      return {
        text: `500, the host could not write the file (${rows[0]!.error ?? 'internal error'})`,
        fix: 'Check the served folder is writable (and on Windows that no other program holds the file open), then the host log.',
      }
    default:
      return { text: `${cause}, ${rows[0]!.error ?? 'no reason recorded'}`, fix: 'See the Activity page for these requests.' }
  }
}

export const putFileCheck: EndpointCheck = {
  id: 'wopi.put-file',
  title: 'Saves from this editor succeed',
  scope: 'endpoint',
  async run(ctx, endpoint) {
    const rows = editorRows(ctx, endpoint)
    if (!rows) return skip('Requests of this kind of editor cannot be told apart in the traffic log.')
    const saves = rows.filter((row) => row.operation === 'PutFile')
    const label = editorLabel(endpoint.kind)
    if (saves.length === 0) return skip(`No save from ${label} in the last 7 days to look at.`)
    const failures = saves.filter((row) => row.status >= 400)
    if (failures.length === 0)
      return pass(
        `${plural(saves.length, 'save')} from ${label} in the last 7 days, all successful (last ${ago(ctx.now() - saves[0]!.ts)}).`,
      )
    const groups = group(failures, saveCause)
    const explained = groups.map((entry) => ({
      ...explainSave(ctx, endpoint, entry.key, entry.rows, rows),
      count: entry.rows.length,
      last: entry.rows[0]!,
      files: [...new Set(entry.rows.map((row) => row.fileName).filter(Boolean))],
    }))
    const detail = `${failures.length} of ${plural(saves.length, 'save')} from ${label} failed in the last 7 days: ${explained
      .map(
        (entry) =>
          `${entry.count} x ${entry.text} (last ${ago(ctx.now() - entry.last.ts)}${entry.files.length ? `, ${entry.files.slice(0, 3).join(', ')}` : ''})`,
      )
      .join('; ')}.`
    const fix = [...new Set(explained.map((entry) => entry.fix))].join(' ')
    const lastSave = saves[0]!
    const onlyExpected = groups.every((entry) => entry.key === 'changed')
    if (lastSave.status >= 400 && !onlyExpected) return fail(`${detail} The most recent save failed too.`, fix)
    return warn(detail, fix)
  },
}

export const requestFailuresCheck: EndpointCheck = {
  id: 'wopi.requests',
  title: 'Documents open without errors',
  scope: 'endpoint',
  async run(ctx, endpoint) {
    const rows = editorRows(ctx, endpoint)
    if (!rows) return skip('Requests of this kind of editor cannot be told apart in the traffic log.')
    const label = editorLabel(endpoint.kind)
    const opens = rows.filter((row) => row.operation === 'CheckFileInfo')
    if (rows.length === 0) return skip(`No request from ${label} in the last 7 days to look at.`)
    const failedOpens = opens.filter((row) => row.status >= 400 && !(row.status === 500 && row.proof?.startsWith('failed')))
    const lockRefusals = rows.filter((row) => row.operation === 'Lock' && row.status === 409)
    const findings: string[] = []
    const fixes: string[] = []
    const missingToken = failedOpens.filter((row) => row.status === 401 && /no access token/i.test(row.error ?? ''))
    if (missingToken.length > 0) {
      findings.push(
        `${plural(missingToken.length, 'CheckFileInfo')} arrived without an access token (last ${ago(ctx.now() - missingToken[0]!.ts)})${byKind(endpoint.kind, { onlyoffice: ': ONLYOFFICE reads access_token only from the POSTed form, never from the action URL', other: '' })}`,
      )
      fixes.push(
        'Open documents through the WOPI Desk host page, which POSTs access_token and access_token_ttl as form fields; a proxy must not turn that POST into a GET.',
      )
    }
    const expired = failedOpens.filter((row) => row.status === 401 && /expired/i.test(row.error ?? ''))
    if (expired.length > 0) {
      findings.push(`${plural(expired.length, 'open')} with an expired token`)
      fixes.push(`Reopen the document; raise the token lifetime (tokenTtlSeconds ${ctx.settings.tokenTtlSeconds}) if sessions outlive it.`)
    }
    const other = failedOpens.filter((row) => !missingToken.includes(row) && !expired.includes(row))
    for (const entry of group(other, (row) => `${row.status} ${row.error ?? ''}`)) {
      findings.push(`${plural(entry.rows.length, 'CheckFileInfo')} answered ${entry.key.trim()}`)
    }
    if (other.some((row) => row.status === 404))
      fixes.push('A 404 means the file was moved, renamed or deleted outside the editor: reopen it from its new place.')
    if (lockRefusals.length > 0) {
      findings.push(
        `${plural(lockRefusals.length, 'lock request')} refused with 409 (${lockRefusals[0]!.error ?? 'locked'})${byKind(endpoint.kind, {
          onlyoffice: ': ONLYOFFICE then silently opens the document read-only',
          collabora: ': Collabora then opens it read-only ("locked by another user")',
          other: '',
        })}`,
      )
      fixes.push('See "Locked documents" for who holds the lock; close the document there or wait for the lock to expire (30 minutes).')
    }
    if (findings.length === 0)
      return pass(
        `${plural(opens.length, 'document open')} and ${plural(rows.length - opens.length, 'other request')} from ${label} in the last 7 days without errors.`,
      )
    const detail = `From ${label} in the last 7 days: ${findings.join('; ')}.`
    const lastOpen = opens[0]
    if (lastOpen && lastOpen.status >= 400 && !(lastOpen.status === 500 && lastOpen.proof?.startsWith('failed')))
      return fail(`${detail} The most recent open failed too.`, fixes.join(' '))
    return warn(detail, fixes.join(' ') || 'See the Activity page for these requests.')
  },
}
