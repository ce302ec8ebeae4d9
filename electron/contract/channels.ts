import { z } from 'zod'
import type {
  ActivityFilter,
  ConformanceReport,
  DoctorReport,
  EndpointDto,
  EndpointStatusDto,
  FileEntryDto,
  FileListing,
  HandlerDto,
  HostStatusDto,
  ImportResult,
  LockDto,
  OpenResult,
  OpenFromSystemResult,
  PlaceDto,
  RefreshReport,
  RequestDto,
  RequestDetailDto,
  SessionSummaryDto,
  SettingsDto,
  SettingsUpdateResult,
  VersionDto,
  UpdateStatusDto,
  AppDto,
  ImportProgress,
  DoctorProgress,
  CheckResultDto,
  TrashEntryDto,
} from './dto'

// The one list of console operations. Each entry: a zod schema for the argument tuple (validated at the
// boundary by both transports) and, as a type, its result. Adding an operation here without implementing it in
// the core, or without a schema, is a compile error in both bindings.

const id = z.string().min(1).max(200)
const relPath = z.string().max(4096)
/** the place a path is relative to (PlaceDto.id) */
const inPlace = z.object({ place: id.optional() }).strict()
const ext = z
  .string()
  .max(32)
  .regex(/^[a-z0-9_+-]*$/i, 'an extension without the dot, letters and digits only')

const activityFilter = z
  .object({
    operation: z.string().max(64).optional(),
    fileId: id.optional(),
    sessionId: id.optional(),
    status: z.enum(['ok', 'error']).optional(),
    since: z.number().int().nonnegative().optional(),
    until: z.number().int().nonnegative().optional(),
    limit: z.number().int().min(1).max(10_000).optional(),
  })
  .strict()

export const channelArgs = {
  'catalog:list': z.tuple([]),
  'catalog:import': z.tuple([
    z.object({ url: z.string().min(1).max(2048), insecureTls: z.boolean().optional() }).strict(),
    z.string().max(100).optional(), // client-chosen request id for progress events
  ]),
  'catalog:refresh': z.tuple([id.optional()]),
  'catalog:remove-endpoint': z.tuple([id]),
  'catalog:rename-app': z.tuple([id, z.string().trim().min(1, 'a name cannot be empty').max(100)]),
  'catalog:set-icon': z.tuple([
    id,
    z
      .object({
        fileName: z.string().max(255),
        mimeType: z.string().max(100),
        base64: z.string().max(700_000, 'icons are limited to 512 KiB'),
      })
      .strict()
      .nullable(), // null = back to the discovered icon
  ]),
  'catalog:set-app-enabled': z.tuple([id, z.boolean()]),
  'catalog:set-endpoint-enabled': z.tuple([id, z.boolean()]),
  'catalog:set-zone': z.tuple([id, z.string().min(1).max(64)]),
  'catalog:set-default': z.tuple([ext, id.nullable()]),
  'catalog:handlers': z.tuple([ext]),
  'editors:status': z.tuple([id]),
  'editors:restore-builtin': z.tuple([]),

  'files:list': z.tuple([
    z
      .object({
        place: id.optional(),
        dir: relPath,
        query: z.string().max(200).optional(),
        offset: z.number().int().nonnegative().optional(),
        limit: z.number().int().min(1).max(5000).optional(),
        sort: z.enum(['name', 'modified', 'size']).optional(),
        direction: z.enum(['asc', 'desc']).optional(),
      })
      .strict(),
  ]),
  'files:open': z.tuple([
    z.object({ path: relPath, appId: id.optional(), action: z.string().max(64).optional(), place: id.optional() }).strict(),
  ]),
  'files:new-document': z.tuple([
    z.object({ dir: relPath, name: z.string().min(1).max(255), appId: id.optional(), place: id.optional() }).strict(),
  ]),
  // The optional last argument names the place the path is relative to (PlaceDto.id); the served folder when left out.
  // Without it, versions also take a file's full path in any place (the form before places could be named).
  'files:versions': z.tuple([relPath, inPlace.optional()]),
  'files:restore-version': z.tuple([relPath, z.number().int().positive(), inPlace.optional()]),
  'files:locks': z.tuple([]),
  'files:close-session': z.tuple([id]),
  // The optional last argument names the place the path is relative to (PlaceDto.id); the served folder when left out.
  'files:rename': z.tuple([relPath, z.string().min(1).max(255), inPlace.optional()]),
  'files:trash': z.tuple([relPath, inPlace.optional()]),
  // base64 of at most 50 MiB (the console's HTTP transport allows this channel a larger body)
  'files:upload': z.tuple([
    z.object({ dir: relPath, name: z.string().min(1).max(255), base64: z.string().max(70_000_000), place: id.optional() }).strict(),
  ]),
  'files:new-folder': z.tuple([z.object({ dir: relPath, name: z.string().min(1).max(255), place: id.optional() }).strict()]),
  'files:rename-folder': z.tuple([relPath, z.string().min(1).max(255), inPlace.optional()]),
  'files:trash-folder': z.tuple([relPath, inPlace.optional()]),

  'places:list': z.tuple([]),
  'places:add': z.tuple([z.object({ path: z.string().min(1).max(4096), kind: z.enum(['folder', 'file']) }).strict()]),
  'places:remove': z.tuple([z.object({ id }).strict()]),
  'documents:open-from-system': z.tuple([
    z.object({ path: z.string().min(1).max(4096), choice: z.enum(['this-file', 'serve-folder']).optional() }).strict(),
  ]),

  'activity:recent': z.tuple([activityFilter]),
  'activity:sessions': z.tuple([z.number().int().min(1).max(1000).optional()]),
  'activity:export': z.tuple([activityFilter]),
  'activity:request-detail': z.tuple([z.number().int().positive()]),

  'app:updates': z.tuple([]),
  'app:check-for-updates': z.tuple([]),
  'host:status': z.tuple([]),
  'host:pause': z.tuple([]),
  'host:resume': z.tuple([]),
  'settings:get': z.tuple([]),
  'settings:update': z.tuple([
    z
      .object({
        publicUrl: z.string().max(2048).nullable().optional(),
        tokenTtlSeconds: z
          .number()
          .int()
          .min(60)
          .max(7 * 24 * 3600)
          .optional(),
        versionRetention: z.number().int().min(0).max(1000).optional(),
        trashRetentionDays: z.number().int().min(0).max(36500).optional(),
        maxFileSizeBytes: z.number().int().min(1024).optional(),
        locale: z
          .string()
          .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'a language tag such as en-US')
          .optional(),
        userName: z.string().trim().min(1).max(100).optional(),
        language: z.enum(['system', 'en', 'de', 'zh-Hans']).optional(),
        root: z.string().min(1).max(4096).optional(),
        bind: z.string().min(1).max(255).optional(),
        port: z.number().int().min(0).max(65535).optional(),
      })
      .strict(),
  ]),

  'trash:list': z.tuple([]),
  'trash:restore': z.tuple([z.number().int().positive()]),
  'trash:delete': z.tuple([z.number().int().positive()]),
  'trash:empty': z.tuple([]),

  'doctor:run': z.tuple([z.object({ endpointId: id.optional() }).strict(), z.string().max(100).optional()]),
  'doctor:last': z.tuple([]),
  'doctor:report': z.tuple([]),
  'conformance:run': z.tuple([z.object({ category: z.string().max(32).optional() }).strict()]),
  // Another host: a WOPISrc with its token, or (without a token) a host page URL to read them from.
  'conformance:check-host': z.tuple([
    z
      .object({
        target: z.string().trim().min(1).max(4096),
        token: z.string().max(8192).optional(),
        category: z.string().max(32).optional(),
      })
      .strict(),
  ]),
} as const

export interface ChannelResults {
  'catalog:list': EndpointDto[]
  'catalog:import': ImportResult
  'catalog:refresh': RefreshReport[]
  'catalog:remove-endpoint': void
  'catalog:rename-app': AppDto
  'catalog:set-icon': AppDto
  'catalog:set-app-enabled': AppDto
  'catalog:set-endpoint-enabled': EndpointDto
  'catalog:set-zone': EndpointDto
  'catalog:set-default': HandlerDto[]
  'catalog:handlers': HandlerDto[]
  'editors:status': EndpointStatusDto
  'editors:restore-builtin': EndpointDto

  'files:list': FileListing
  'files:open': OpenResult
  'files:new-document': OpenResult
  'files:versions': VersionDto[]
  'files:restore-version': FileEntryDto
  'files:locks': (LockDto & { path: string })[]
  'files:close-session': void
  'files:rename': FileEntryDto
  'files:trash': { trashId: number }
  'files:upload': FileEntryDto
  'files:new-folder': FileEntryDto
  'files:rename-folder': FileEntryDto
  /** one trash entry per file the folder held; its (then empty) folders are removed */
  'files:trash-folder': { trashIds: number[] }

  'places:list': PlaceDto[]
  'places:add': PlaceDto
  'places:remove': void
  'documents:open-from-system': OpenFromSystemResult

  'activity:recent': RequestDto[]
  'activity:sessions': SessionSummaryDto[]
  'activity:export': { exportedAt: number; filter: ActivityFilter; requests: RequestDto[] }
  'activity:request-detail': RequestDetailDto

  'app:updates': UpdateStatusDto
  'app:check-for-updates': UpdateStatusDto

  'host:status': HostStatusDto
  'host:pause': HostStatusDto
  'host:resume': HostStatusDto

  'settings:get': SettingsDto
  'settings:update': SettingsUpdateResult

  'trash:list': TrashEntryDto[]
  'trash:restore': FileEntryDto
  'trash:delete': void
  'trash:empty': { removed: number }

  'doctor:run': DoctorReport
  'doctor:last': DoctorReport | null
  'doctor:report': { fileName: string; text: string }
  'conformance:run': ConformanceReport
  'conformance:check-host': ConformanceReport
}

export type Channel = keyof typeof channelArgs
export type ChannelArgs<C extends Channel> = z.infer<(typeof channelArgs)[C]>
export type ChannelResult<C extends Channel> = ChannelResults[C]

/** Pushed from the core to every console that listens. */
export interface EventPayloads {
  'activity:request': RequestDto
  'catalog:import-progress': ImportProgress
  'catalog:changed': { endpointId: string | null }
  'doctor:progress': DoctorProgress
  'files:changed': { paths: string[] }
  /** paused or resumed, from any console or the tray */
  'host:changed': HostStatusDto
}
export type EventName = keyof EventPayloads

export const channels = Object.keys(channelArgs) as Channel[]

/** What the core implements and both transports call: one async function per channel. */
export type ApiImplementation = {
  [C in Channel]: (...args: ChannelArgs<C>) => Promise<ChannelResult<C>>
}

export type { CheckResultDto }
