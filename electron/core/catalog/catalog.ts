import { createCatalogContext } from './catalog-context'
import { createCatalogEdits } from './catalog-edits'
import { createImporter } from './catalog-import'
import { createCatalogQueries } from './catalog-queries'
import { createRefresher } from './catalog-refresh'
import type { Catalog, CatalogDeps } from './catalog-types'
import { createDiscoveryWriter } from './write-discovery'

// The editor catalog: endpoints imported from <editor>/hosting/discovery, each a group of apps whose names,
// icons and enabled flags the admin edits, kept current by refreshes that report what changed. The parts:
// catalog-import.ts and catalog-refresh.ts fetch and write discoveries (through write-discovery.ts),
// catalog-edits.ts holds the admin's edits, catalog-queries.ts the reads and the lookups for opening a file.

export { DEFAULT_HOST_CAPABILITIES, DEFAULT_PROOF_REFRESH_MIN_INTERVAL_MS } from './catalog-types'
export type {
  AppIcon,
  Catalog,
  CatalogDeps,
  CatalogEmit,
  HostCapabilities,
  IconUploadBytes,
  ImportStage,
  PickedAction,
  PickOptions,
  ProgressListener,
  ProofRefreshOutcome,
  ProofTarget,
} from './catalog-types'
export { importSummary } from './catalog-import'

export function createCatalog(deps: CatalogDeps): Catalog {
  const ctx = createCatalogContext(deps)
  const writer = createDiscoveryWriter(ctx)
  const refresher = createRefresher(ctx, writer)
  const { replan, forgetProofRefresh, startScheduler, stopScheduler, schedulerSettled, ...refreshes } = refresher
  return {
    importEndpoint: createImporter(ctx, writer, replan),
    ...refreshes,
    ...createCatalogEdits(ctx, writer, { replan, forgetProofRefresh }),
    ...createCatalogQueries(ctx),
    startScheduler,
    stop: stopScheduler,
    async idle(): Promise<void> {
      await ctx.settled()
      await schedulerSettled()
      await ctx.settled()
    },
  }
}
