// What a discovered cluster costs per hour, roughly: the sum of its resources' prices, which
// discovery sets from each resource's kind and the dated table in prices.ts (running instances and
// their public IPv4, volumes, Elastic IPs, load balancers). Pure, so the Inventory screen and the
// plain table can both show it.
import type { InventoryResource } from './inventory.js';
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
