// What a discovered cluster costs per hour, roughly: the sum of its resources' prices, which
// discovery sets from each resource's kind and the dated table in prices.ts (running instances and
// their public IPv4, volumes, Elastic IPs, load balancers, the bucket's bytes). And what it has
// cost so far. Pure, so the Inventory screen and the plain table can both show it.
import type { InventoryCluster, InventoryResource } from './inventory.js';
import { PRICES_AS_OF, PRICES_REGION } from './prices.js';

export interface ClusterCost {
  hourlyUsd: number;
  /** What the table has no price for (left out of the total): instance types, volume types. */
  unpriced: string[];
  label: string;
}

export function estimateHourlyCost(resources: readonly InventoryResource[]): ClusterCost {
  let hourlyUsd = 0;
  const unpriced = new Set<string>();
  // Shared resources are the user's; an associated address may be too.
  for (const resource of resources) {
    if (resource.ownership !== 'owned' && resource.ownership !== 'kube-up-name') continue;
    if (!resource.price) continue;
    hourlyUsd += resource.price.hourlyUsd;
    if (resource.price.unpriced) unpriced.add(resource.price.unpriced);
  }
  return {
    hourlyUsd,
    unpriced: [...unpriced].sort(),
    label: `approximate, on-demand prices as of ${PRICES_AS_OF} (${PRICES_REGION}); traffic and S3 not included`,
  };
}

/**
 * What the cluster has cost so far, roughly: each priced resource's hourly price since it was made
 * (an instance since its launch time, which a stop and start moves on; a resource without a
 * creation time, like an Elastic IP, since the cluster's earliest one).
 */
export function costSoFarUsd(cluster: InventoryCluster, now: number = Date.now()): number {
  let total = 0;
  for (const resource of cluster.resources) {
    if (resource.ownership !== 'owned' && resource.ownership !== 'kube-up-name') continue;
    const since = resource.createdAt ?? cluster.createdAt;
    if (!resource.price || !since) continue;
    const hours = Math.max(0, now - Date.parse(since)) / 3_600_000;
    total += resource.price.hourlyUsd * hours;
  }
  return total;
}
