import type { CheckStatus, EndpointKind } from '../../../contract/dto'
import type { ModelProofKeys } from '../../discovery/build-model'
import type { DoctorContext } from '../context'

// A diagnostic check is a small function (house rule 9): it looks at one thing and answers with a status, one or
// two sentences of what it found, and a fix that names the exact setting, flag or config line. The runner
// redacts every answer before it reaches a screen, a log or a clipboard.

export interface CheckOutcome {
  status: CheckStatus
  detail: string
  /** '' when there is nothing to do */
  fix: string
}

/** One editor of the catalog as the checks see it (read from the stored catalog, never from the network). */
export interface EndpointInfo {
  id: string
  name: string
  kind: EndpointKind
  discoveryUrl: string
  insecureTls: boolean
  enabled: boolean
  zone: string
  fetchedAt: number
  proofKeys: ModelProofKeys | null
  /** actions of the chosen zone, with their stored urlsrc */
  actions: { appId: string; app: string; name: string; ext: string; urlsrc: string; requires: string[] }[]
}

export interface HostCheck {
  id: string
  title: string
  scope: 'host'
  /** overrides the runner's per-check time limit */
  timeoutMs?: number
  run(ctx: DoctorContext): Promise<CheckOutcome>
}

export interface EndpointCheck {
  id: string
  title: string
  scope: 'endpoint'
  timeoutMs?: number
  run(ctx: DoctorContext, endpoint: EndpointInfo): Promise<CheckOutcome>
}

export type Check = HostCheck | EndpointCheck

export const pass = (detail: string, fix = ''): CheckOutcome => ({ status: 'pass', detail, fix })
export const warn = (detail: string, fix: string): CheckOutcome => ({ status: 'warn', detail, fix })
export const fail = (detail: string, fix: string): CheckOutcome => ({ status: 'fail', detail, fix })
export const skip = (detail: string, fix = ''): CheckOutcome => ({ status: 'skip', detail, fix })

/** Editor-specific wording, keyed by endpoint kind. */
export function byKind<T>(kind: EndpointKind, values: Partial<Record<EndpointKind, T>> & { other: T }): T {
  return values[kind] ?? values.other
}

/** The traffic log's client names (wopi/client-detect.ts) that a kind of editor shows up as. */
export function clientsOf(kind: EndpointKind): string[] {
  switch (kind) {
    case 'collabora':
      return ['Collabora']
    case 'onlyoffice':
      return ['ONLYOFFICE']
    case 'office':
      return ['Microsoft Office']
    case 'builtin':
      return ['WOPI Desk editor']
    default:
      return []
  }
}

export function editorLabel(kind: EndpointKind): string {
  return byKind(kind, {
    collabora: 'Collabora',
    onlyoffice: 'ONLYOFFICE',
    office: 'Office Online Server',
    builtin: 'the built-in editor',
    other: 'the editor',
  })
}

export function plural(count: number, word: string, many = `${word}s`): string {
  return `${count} ${count === 1 ? word : many}`
}

export function ago(ms: number): string {
  const minutes = Math.round(ms / 60_000)
  if (minutes < 1) return 'just now'
  if (minutes < 90) return `${minutes} min ago`
  const hours = Math.round(minutes / 60)
  if (hours < 48) return `${hours} h ago`
  return `${Math.round(hours / 24)} days ago`
}

export function duration(ms: number): string {
  const abs = Math.abs(ms)
  if (abs < 120_000) return `${Math.round(abs / 1000)} s`
  if (abs < 2 * 3600_000) return `${Math.round(abs / 60_000)} min`
  return `${Math.round((abs / 3600_000) * 10) / 10} h`
}
