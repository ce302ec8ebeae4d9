import { setFlagsFromString } from 'node:v8'

// The host's live heap is small (about 15 MB) and almost all it allocates while saving is socket buffers, which
// V8 counts as external memory against the old generation's limit. V8's memory reducer reads a file server's
// waits on fsync as idleness and keeps that limit at 1.3x the live heap, so under a burst of saves every 8 MB of
// request bodies started a full mark-compact: 15-20 a second at 16 concurrent 1 MiB saves, about 40% of the
// host's CPU per save. Letting the old generation grow to 4x its live size (V8's own ceiling when it is not reducing
// memory; about 60 MB here) leaves the young-generation scavenges to free those buffers, as they do in a
// process with a smaller heap. The flag is read each time V8 sets a new limit, so setting it at start-up is
// enough; older or newer V8s without it ignore it.
export const FILE_SERVER_HEAP_FLAGS = '--heap-growing-percent=300'

/** Applies FILE_SERVER_HEAP_FLAGS to this process; the long-running entry points call it once at start. */
export function tuneHeapForFileServing(setFlags: (flags: string) => void = setFlagsFromString): void {
  setFlags(FILE_SERVER_HEAP_FLAGS)
}
