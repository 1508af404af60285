// How an inventory reads to people: counts per kind, a cluster's state and age, its hourly cost,
// the ownership notes. Shared by the Inventory screen and `kube-tui inventory`'s tables. Pure.
import { estimateHourlyCost } from '../model/cluster-cost.js';
import type { InventoryCluster, InventoryResource, Ownership } from '../model/inventory.js';
import { RESOURCE_LABELS, RESOURCE_TYPES, type ResourceType } from '../model/resource-types.js';

/** Short names of the kinds for narrow columns. */
export const KIND_LABELS = Object.fromEntries(
  RESOURCE_TYPES.map((type) => [type, RESOURCE_LABELS[type].short]),
) as Record<ResourceType, string>;

/** What the table says about a resource that is not simply owned. */
export const OWNERSHIP_NOTES: Record<Ownership, string> = {
  owned: '',
  shared: 'shared: only the tag is removed',
  'kube-up-name': "kube-up's name, untagged",
  associated: 'associated only: never released',
};

/** The same, short, for a narrow column. */
export const OWNERSHIP_SHORT: Record<Ownership, string> = {
  owned: '',
  shared: 'shared',
  'kube-up-name': 'kube-up name',
  associated: 'associated only',
};

/** `4 inst · 2 sg · 1 vpc …` in the registry's order. */
export function countsByKind(
  resources: readonly InventoryResource[],
): { type: ResourceType; count: number }[] {
  const counts = new Map<ResourceType, number>();
  for (const resource of resources) counts.set(resource.type, (counts.get(resource.type) ?? 0) + 1);
  return RESOURCE_TYPES.filter((type) => counts.has(type)).map((type) => ({
    type,
    count: counts.get(type)!,
  }));
}

/** `2 roles`, `1 key pair`, `3 dhcp options`. */
export function countOf(type: ResourceType, count: number): string {
  const labels = RESOURCE_LABELS[type];
  return `${count} ${count === 1 ? labels.singular : labels.plural}`;
}

export function formatCounts(resources: readonly InventoryResource[]): string {
  return countsByKind(resources)
    .map(({ type, count }) => countOf(type, count))
    .join(' · ');
}

/** `running` when every instance runs, else what the instances are doing, or `no instances`. */
export function clusterState(cluster: InventoryCluster): string {
  const states = cluster.resources
    .filter((resource) => resource.type === 'instance')
    .map((r) => r.state ?? 'unknown');
  // kube-up's cluster always has a master: without any instance it is a partial create or teardown.
  if (states.length === 0) return 'incomplete: no instances';
  const counts = new Map<string, number>();
  for (const state of states) counts.set(state, (counts.get(state) ?? 0) + 1);
  if (counts.size === 1 && counts.has('running')) return `running (${states.length} instances)`;
  return [...counts].map(([state, count]) => `${count} ${state}`).join(', ');
}

/** `45 min`, `3 h`, `12 d`. */
export function formatAge(since: string | undefined, now: number = Date.now()): string {
  if (!since) return '–';
  const minutes = Math.max(0, Math.floor((now - Date.parse(since)) / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h`;
  return `${Math.floor(hours / 24)} d`;
}

/** `$0.185/h`, `~$0.19/h` when some type has no price, `$0/h` for nothing billed. */
export function formatHourlyCost(resources: readonly InventoryResource[]): string {
  const cost = estimateHourlyCost(resources);
  const amount = cost.hourlyUsd < 1 ? cost.hourlyUsd.toFixed(3) : cost.hourlyUsd.toFixed(2);
  return `${cost.unpriced.length > 0 ? '≥' : ''}$${amount}/h`;
}

/**
 * The tags a person wants to see in a row: Role, the master IP, the Service or PVC a cloud
 * controller resource is for, other clusters' keys. The listed cluster's own tags are left out
 * (the ownership note says how it belongs).
 */
export function keyTags(resource: InventoryResource, cluster?: string): string {
  return Object.entries(resource.tags)
    .filter(([key]) => key === 'Role' || key === 'KubernetesCluster' || key.startsWith('kubernetes.io/'))
    .filter(
      ([key, value]) =>
        !(
          cluster &&
          (key === `kubernetes.io/cluster/${cluster}` || (key === 'KubernetesCluster' && value === cluster))
        ),
    )
    .map(([key, value]) => `${key}=${value}`)
    .join(' ');
}
