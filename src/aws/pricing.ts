// Each discovered resource's hourly price, from its kind's rule and the dated table in
// model/prices.ts, put on the inventory so that the screens (which may not import the engine) can
// add a cluster's cost up (model/cluster-cost.ts). Pure.
import type { Inventory, InventoryResource } from '../model/inventory.js';
import { RESOURCE_LABELS } from '../model/resource-types.js';
import { kindOf } from './resources/registry.js';

/**
 * The resources, each with its price where it costs something; `among` are its cluster's (or the
 * orphans). A kind with a cost the table cannot say is marked unpriced, never priced at $0.
 */
export function priceResources<T extends InventoryResource>(
  resources: readonly T[],
  among: readonly InventoryResource[] = resources,
): T[] {
  return resources.map((resource) => {
    const rule = kindOf(resource.type).price;
    if (rule === 'free') return resource;
    const price =
      rule === 'unpriced'
        ? { hourlyUsd: 0, unpriced: RESOURCE_LABELS[resource.type].singular }
        : rule(resource, among);
    return price ? { ...resource, price } : resource;
  });
}

export function priceInventory(inventory: Inventory): Inventory {
  return {
    ...inventory,
    clusters: inventory.clusters.map((cluster) => ({
      ...cluster,
      resources: priceResources(cluster.resources),
    })),
    orphans: priceResources(inventory.orphans),
  };
}
