// What a discovered cluster costs per hour, roughly, from the dated price table in prices.ts: its
// running instances, its volumes, its public IPv4 addresses and its load balancers. Pure, so the
// Inventory screen and the plain table can both show it.
import type { InventoryResource } from './inventory.js';
import {
  HOURS_PER_MONTH,
  INSTANCE_HOURLY_USD,
  PRICES_AS_OF,
  PRICES_REGION,
  PUBLIC_IPV4_HOURLY_USD,
  VOLUME_GB_MONTH_USD,
} from './prices.js';

/** USD per hour for a load balancer itself (capacity units and traffic not included), us-east-1. */
const LOAD_BALANCER_HOURLY_USD: Readonly<Record<string, number>> = {
  classic: 0.025,
  application: 0.0225,
  network: 0.0225,
  gateway: 0.0125,
};
/** Instance states billed by the hour (a stopped instance costs only its volumes). */
const BILLED_STATES = new Set(['pending', 'running']);

export interface ClusterCost {
  hourlyUsd: number;
  /** What the table has no price for (left out of the total): instance types, volume types. */
  unpriced: string[];
  label: string;
}

export function estimateHourlyCost(resources: readonly InventoryResource[]): ClusterCost {
  // Shared resources are the user's; an associated address may be too.
  const billed = resources.filter(
    (resource) => resource.ownership === 'owned' || resource.ownership === 'kube-up-name',
  );
  let hourlyUsd = 0;
  const unpriced = new Set<string>();
  const addressIps = new Set<string>();
  for (const resource of billed) {
    switch (resource.type) {
      case 'instance': {
        if (!BILLED_STATES.has(resource.state ?? '')) break;
        const type = resource.detail?.instanceType ?? 'unknown';
        const price = INSTANCE_HOURLY_USD[type];
        if (price === undefined) unpriced.add(type);
        else hourlyUsd += price;
        break;
      }
      case 'volume': {
        const type = resource.detail?.volumeType ?? 'unknown';
        const price = VOLUME_GB_MONTH_USD[type as keyof typeof VOLUME_GB_MONTH_USD];
        if (price === undefined) unpriced.add(`${type} volume`);
        else hourlyUsd += ((resource.detail?.sizeGiB ?? 0) * price) / HOURS_PER_MONTH;
        break;
      }
      case 'elastic-ip':
        hourlyUsd += PUBLIC_IPV4_HOURLY_USD;
        if (resource.refs.publicIp) addressIps.add(resource.refs.publicIp);
        break;
      case 'load-balancer': {
        const kind = resource.detail?.loadBalancerKind ?? 'classic';
        const price = LOAD_BALANCER_HOURLY_USD[kind];
        if (price === undefined) unpriced.add(`${kind} load balancer`);
        else hourlyUsd += price;
        break;
      }
      default:
        break;
    }
  }
  // Every other public address of a running instance (the nodes') is billed too.
  for (const resource of billed) {
    if (resource.type !== 'instance' || !BILLED_STATES.has(resource.state ?? '')) continue;
    if (resource.refs.publicIp && !addressIps.has(resource.refs.publicIp))
      hourlyUsd += PUBLIC_IPV4_HOURLY_USD;
  }
  return {
    hourlyUsd,
    unpriced: [...unpriced].sort(),
    label: `approximate, on-demand prices as of ${PRICES_AS_OF} (${PRICES_REGION}); traffic and S3 not included`,
  };
}
