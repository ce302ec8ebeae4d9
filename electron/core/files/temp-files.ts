import type { Random } from '../deps'
import { randomId } from '../deps'

// Temp files live next to their target (same filesystem, so the final rename is atomic), are hidden (leading
// dot) and carry a name no document has, so listings and sweeps can recognise and skip or remove them.
const TEMP_PREFIX = '.~wopidesk-'
const TEMP_SUFFIX = '.tmp'
const TEMP_PATTERN = /^\.~wopidesk-[A-Za-z0-9_-]+\.tmp$/

export function tempFileName(random: Random): string {
  return `${TEMP_PREFIX}${randomId(random, 9)}${TEMP_SUFFIX}`
}

export function isTempFileName(name: string): boolean {
  return TEMP_PATTERN.test(name)
}
