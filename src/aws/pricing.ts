// Each discovered resource's hourly price, from its kind's rule and the dated table in
// model/prices.ts, put on the inventory so that the screens (which may not import the engine) can
// add a cluster's cost up (model/cluster-cost.ts). Pure.
import type { Inventory, InventoryResource } from '../model/inventory.js';
import { kindOf } from './resources/registry.js';

/** The resources, each with its price where its kind has one; `among` are its cluster's (or the orphans). */
export function priceResources<T extends InventoryResource>(
  resources: readonly T[],
  among: readonly InventoryResource[] = resources,
): T[] {
  return resources.map((resource) => {
    const rule = kindOf(resource.type).price;
    const price = rule === 'unpriced' ? undefined : rule(resource, among);
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
