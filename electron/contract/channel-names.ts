import type { Channel, EventName } from './channels'

// The channel list as plain strings, for code that must not load the argument schemas (the sandboxed
// preload). The checks below make a missing or extra name a compile error.
export const channelNames = [
  'catalog:list',
  'catalog:import',
  'catalog:refresh',
  'catalog:remove-endpoint',
  'catalog:rename-app',
  'catalog:set-icon',
  'catalog:set-app-enabled',
  'catalog:set-endpoint-enabled',
  'catalog:set-zone',
  'catalog:set-default',
  'catalog:handlers',
  'editors:status',
  'editors:restore-builtin',
  'files:list',
  'files:open',
  'files:new-document',
  'files:versions',
  'files:restore-version',
  'files:locks',
  'files:close-session',
  'files:rename',
  'files:trash',
  'files:upload',
  'files:new-folder',
  'files:rename-folder',
  'files:trash-folder',
  'places:list',
  'places:add',
  'places:remove',
  'documents:open-from-system',
  'activity:recent',
  'activity:sessions',
  'activity:export',
  'activity:request-detail',
  'app:updates',
  'app:check-for-updates',
  'host:status',
  'host:pause',
  'host:resume',
  'settings:get',
  'settings:update',
  'trash:list',
  'trash:restore',
  'trash:delete',
  'trash:empty',
  'doctor:run',
  'doctor:last',
  'doctor:report',
  'conformance:run',
  'conformance:check-host',
] as const satisfies readonly Channel[]

type Missing = Exclude<Channel, (typeof channelNames)[number]>
const everyChannelListed: [Missing] extends [never] ? true : Missing = true
void everyChannelListed

export const eventNameList = [
  'activity:request',
  'catalog:import-progress',
  'catalog:changed',
  'doctor:progress',
  'files:changed',
  'host:changed',
] as const satisfies readonly EventName[]

type MissingEvent = Exclude<EventName, (typeof eventNameList)[number]>
const everyEventListed: [MissingEvent] extends [never] ? true : MissingEvent = true
void everyEventListed
