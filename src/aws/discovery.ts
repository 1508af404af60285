// Discovery (DESIGN.md section 5): every kind of the registry listed concurrently in every scanned
// region, IAM and S3 once, then one pure classification over all of it, so a role used in one
// region is known to be in use when another region is judged.
//
// Calls follow the number of kinds, not of resources: one listing per kind and region (plus its
// pages), server-side tag filters where the API has them, and the few dependent calls each lister
// needs (load-balancer tags in batches of 20; tags of IAM roles and profiles named like kube-up's;
// region and tags of `kubernetes-staging-*` buckets). No lister is more than three round trips deep.
// A region with spot nodes takes one more round: their live price (the kinds' `enrich`).
import { setMaxListeners } from 'node:events';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { DiscoverProgress } from '../model/engine.js';
import type { Inventory, ListedResource } from '../model/inventory.js';
import { type AwsContext, callOptions } from './context.js';
import { classify } from './inventory-classify.js';
import { priceInventory } from './pricing.js';
import { mapLimit } from './resources/common.js';
import { ENRICHING_KINDS, LISTINGS } from './resources/registry.js';

export interface DiscoverOptions {
  /** The regions to scan; default the context's region. */
  regions?: readonly string[];
  /** Set when `regions` are every enabled region (`--all-regions`): IAM usage is then complete. */
  allRegions?: boolean;
  signal?: AbortSignal;
  /**
   * After each region's listings: the regions scanned so far, classified and priced without the
   * global kinds (IAM, S3), which only the whole scan can judge. Home's spend line fills in with it.
   */
  onRegion?: (progress: DiscoverProgress) => void;
}

/** Regions scanned at once with `--all-regions`; each runs all of its listers concurrently. */
export const REGION_CONCURRENCY = 4;

export async function discover(ctx: AwsContext, options: DiscoverOptions = {}): Promise<Inventory> {
  const regions = [...new Set(options.regions ?? [ctx.region])].sort();
  const outer = options.signal ?? ctx.signal;
  // The first failure cancels the calls still in flight: an inventory with a kind missing could
  // call a used key pair unused.
  const controller = new AbortController();
  // Every call in flight listens on it (dozens with --all-regions).
  setMaxListeners(0, controller.signal);
  const onAbort = () => controller.abort(outer?.reason);
  if (outer?.aborted) onAbort();
  outer?.addEventListener('abort', onAbort, { once: true });
  const base: AwsContext = { clients: ctx.clients, region: ctx.region, signal: controller.signal };
  const run = (listing: (typeof LISTINGS)[number], region: string) =>
    listing.list({ ...base, region }).catch((error: unknown) => {
      controller.abort();
      throw describeFailure(error, listing, region);
    });
  try {
    const scannedAt = new Date().toISOString();
    const scope = (accountId: string | undefined) => ({
      region: options.allRegions ? 'all' : regions.length === 1 ? regions[0]! : regions.join(','),
      regions,
      allRegions: Boolean(options.allRegions),
      ...(accountId ? { accountId } : {}),
      scannedAt,
    });
    const regionalSoFar: ListedResource[] = [];
    let regionsDone = 0;
    const [accountId, global, regional] = await Promise.all([
      accountIdOf(base),
      Promise.all(
        LISTINGS.filter((listing) => listing.scope === 'global').map((listing) => run(listing, ctx.region)),
      ),
      mapLimit(regions, REGION_CONCURRENCY, async (region) => {
        let listed = (
          await Promise.all(
            LISTINGS.filter((listing) => listing.scope === 'region').map((listing) => run(listing, region)),
          )
        ).flat();
        for (const kind of ENRICHING_KINDS)
          listed = (await kind.enrich?.({ ...base, region }, listed)) ?? listed;
        if (options.onRegion && !controller.signal.aborted) {
          regionalSoFar.push(...listed);
          regionsDone += 1;
          options.onRegion({
            region,
            regionsDone,
            regionsTotal: regions.length,
            inventory: priceInventory(classify(regionalSoFar, scope(undefined))),
          });
        }
        return listed;
      }),
    ]);
    const listed: ListedResource[] = [...global.flat(), ...regional.flat()];
    return priceInventory(classify(listed, scope(accountId)));
  } finally {
    outer?.removeEventListener('abort', onAbort);
  }
}

async function accountIdOf(ctx: AwsContext): Promise<string | undefined> {
  const { Account } = await ctx.clients.sts().send(new GetCallerIdentityCommand({}), callOptions(ctx));
  return Account;
}

/** Says where a listing failed, keeping the SDK error (its code drives classifyError). */
function describeFailure(error: unknown, listing: (typeof LISTINGS)[number], region: string): unknown {
  if (error instanceof Error && error.name !== 'AbortError') {
    const where = listing.scope === 'global' ? listing.label : `${listing.label} in ${region}`;
    error.message = `listing ${where}: ${error.message}`;
  }
  return error;
}
