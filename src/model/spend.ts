// What the account spends on kube-tui's clusters and leaks on their leftovers: Home's one line
// ("$X/h running · $Y/month leaking") and the inventory's figures. Pure: discovery has put each
// resource's price on it (aws/pricing.ts), from the dated table in prices.ts.
import { estimateHourlyCost } from './cluster-cost.js';
import type { Inventory, InventoryResource } from './inventory.js';
import { HOURS_PER_MONTH } from './prices.js';

/** A leftover's monthly price; `free` when AWS bills nothing for it, `unpriced` when the table lacks it. */
export type MonthlyPrice = { usd: number; atLeast: boolean } | 'free' | 'unpriced';

export function monthlyPriceOf(resource: Pick<InventoryResource, 'price'>): MonthlyPrice {
  const { price } = resource;
  if (!price) return 'free';
  if (price.unpriced && price.hourlyUsd === 0) return 'unpriced';
  return {
    usd: price.hourlyUsd * HOURS_PER_MONTH,
    atLeast: Boolean(price.atLeast || price.unpriced),
  };
}

export interface Spend {
  /** What the clusters cost an hour, summed. */
  runningHourlyUsd: number;
  /** What the orphans cost a month, summed: money spent on nothing. */
  leakingMonthlyUsd: number;
  clusters: number;
  orphans: number;
  /** The orphans that cost money (the others are free: key pairs, roles, security groups). */
  leakingOrphans: number;
  /** What has no price in the table, left out of the sums: the figures are then floors. */
  unpriced: string[];
}

export function spendOf(inventory: Pick<Inventory, 'clusters' | 'orphans'>): Spend {
  const unpriced = new Set<string>();
  let runningHourlyUsd = 0;
  for (const cluster of inventory.clusters) {
    const cost = estimateHourlyCost(cluster.resources);
    runningHourlyUsd += cost.hourlyUsd;
    for (const name of cost.unpriced) unpriced.add(name);
  }
  let leakingMonthlyUsd = 0;
  let leakingOrphans = 0;
  for (const orphan of inventory.orphans) {
    if (orphan.price?.unpriced) unpriced.add(orphan.price.unpriced);
    const price = monthlyPriceOf(orphan);
    if (typeof price === 'string' || price.usd === 0) continue;
    leakingMonthlyUsd += price.usd;
    leakingOrphans += 1;
  }
  return {
    runningHourlyUsd,
    leakingMonthlyUsd,
    clusters: inventory.clusters.length,
    orphans: inventory.orphans.length,
    leakingOrphans,
    unpriced: [...unpriced].sort(),
  };
}
