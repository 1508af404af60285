// Turns what the listers saw into clusters and orphans (DESIGN.md section 5). Pure: no AWS call,
// so every rule is unit-tested on hand-made listings.
//
// A cluster is (region, name) and exists while it has a VPC tagged for it (owned or shared) or a
// live instance tagged for it. Resources join a live cluster by their tags, or by kube-up's exact
// names and attachments (DESIGN.md section 2; `Ownership` in model/inventory.ts). Whatever carries a
// gone cluster's tag, or kube-up's exact name, and that nothing live uses, is an orphan with a reason.
// Nothing without one of our tags or kube-up's exact naming is ever claimed or flagged. Each kind's
// rules sit in its module (`claim`, `orphan`, `users`); this file runs them over the registry, in the
// registry's order.
import {
  type ClusterId,
  clusterKey,
  GLOBAL_REGION,
  type Inventory,
  type InventoryCluster,
  type InventoryResource,
  type ListedResource,
  type Orphan,
  type Ownership,
  resourceKey,
  type Usage,
} from '../model/inventory.js';
import { clusterExpiresAt, isProtected } from '../model/lifecycle.js';
import { RESOURCE_TYPES, type ResourceType } from '../model/resource-types.js';
import { clusterMemberships } from './naming.js';
import type { Claim, ClassifyView, Membership, UserEntry } from './resources/kind.js';
import { kindOf, RESOURCE_KINDS } from './resources/registry.js';

export interface ClassifyScope {
  /** The scanned region, or `all`. */
  region: string;
  regions: string[];
  allRegions: boolean;
  accountId?: string;
  scannedAt: string;
}

const TYPE_ORDER = new Map<ResourceType, number>(RESOURCE_TYPES.map((type, index) => [type, index]));

const listWords = (items: string[]) =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;

export function classify(listed: ListedResource[], scope: ClassifyScope): Inventory {
  const resources = listed.filter((resource) => !kindOf(resource.type).ignore?.(resource, listed));
  const memberships = new Map<ListedResource, Map<string, Membership>>(
    resources.map((resource) => [resource, clusterMemberships(resource.tags)]),
  );
  const membership = (resource: ListedResource) => memberships.get(resource) ?? new Map<string, Membership>();
  const byType = new Map<ResourceType, ListedResource[]>();
  for (const resource of resources)
    byType.set(resource.type, [...(byType.get(resource.type) ?? []), resource]);
  const ofType = (type: ResourceType) => byType.get(type) ?? [];

  // 1. Which clusters exist: a resource of a kind that marks its cluster live (a VPC, an instance).
  const clusters = new Map<string, { id: ClusterId; entries: Map<string, InventoryResource> }>();
  for (const resource of resources) {
    const marks = kindOf(resource.type).marksClusterLive;
    if (!marks) continue;
    for (const [name, how] of membership(resource)) {
      const id = { name, region: resource.region };
      if (marks(how) && !clusters.has(clusterKey(id)))
        clusters.set(clusterKey(id), { id, entries: new Map() });
    }
  }
  const isLive = (name: string, region: string) => clusters.has(clusterKey({ name, region }));
  const liveNamed = (name: string) =>
    [...clusters.values()].filter((cluster) => cluster.id.name === name).map((c) => c.id);

  // A resource may be claimed by several clusters (a key pair two clusters use).
  const claims = new Map<ListedResource, Claim[]>();
  const claim = (resource: ListedResource, cluster: ClusterId, ownership: Ownership) => {
    const existing = claims.get(resource) ?? [];
    if (existing.some((entry) => clusterKey(entry.cluster) === clusterKey(cluster))) return;
    claims.set(resource, [...existing, { cluster, ownership }]);
  };
  const claimants = (resource: ListedResource | undefined) => (resource ? (claims.get(resource) ?? []) : []);
  const unclaimed = (resource: ListedResource) => claimants(resource).length === 0;
  const usage = (user: ListedResource): Usage => {
    const cluster = claimants(user)[0]?.cluster;
    return {
      type: user.type as Usage['type'],
      id: user.id,
      region: user.region,
      ...(cluster ? { cluster } : {}),
    };
  };
  // Who launches with which key pair and instance profile, read once every launcher is claimed.
  let launchers: { keys: Map<string, ListedResource[]>; profiles: Map<string, ListedResource[]> } | undefined;
  const launchersOf = () => {
    if (launchers) return launchers;
    const keys = new Map<string, ListedResource[]>();
    const profiles = new Map<string, ListedResource[]>();
    for (const user of resources) {
      if (!kindOf(user.type).launches) continue;
      const key = user.refs.keyName ? `${user.region}:${user.refs.keyName}` : undefined;
      if (key) keys.set(key, [...(keys.get(key) ?? []), user]);
      const profile = user.refs.instanceProfile;
      if (profile) profiles.set(profile, [...(profiles.get(profile) ?? []), user]);
    }
    launchers = { keys, profiles };
    return launchers;
  };
  const entries = (users: readonly ListedResource[]): UserEntry[] =>
    users.map((user) => ({ usage: usage(user), user }));
  const orphanUsers = new Set<ListedResource>();
  const usersOf = (resource: ListedResource) => kindOf(resource.type).users?.(resource, view) ?? [];
  const scannedWords = listWords(scope.regions);

  const view: ClassifyView = {
    scope,
    resources,
    ofType,
    byId: (type, region, id) =>
      id === undefined ? undefined : ofType(type).find((r) => r.region === region && r.id === id),
    membership,
    isLive,
    liveNamed,
    claim,
    claimants,
    unclaimed,
    usage,
    keyUsers: (region, keyName) => entries(launchersOf().keys.get(`${region}:${keyName}`) ?? []),
    profileUsers: (profile) => entries(launchersOf().profiles.get(profile) ?? []),
    groupsWhere: (region, uses) =>
      entries(ofType('auto-scaling-group').filter((group) => group.region === region && uses(group))),
    usersOf,
    liveUsers: (resource) => usersOf(resource).filter(({ user }) => !orphanUsers.has(user)),
    goneOwners: (resource) =>
      [...membership(resource)].filter(([, how]) => how === 'owned').map(([name]) => name),
    tagClause: (names, region) =>
      names.length === 0
        ? ''
        : `tagged for ${names.map((name) => `cluster ${name}`).join(' and ')}, which ${names.length === 1 ? 'has' : 'have'} no VPC or instance in ${region}`,
    gone: (cluster, region) => `cluster ${cluster} has no VPC or instance in ${region}`,
    scannedWords,
    iamCaveat: scope.allRegions
      ? ''
      : ` (IAM is global and only ${scannedWords} ${scope.regions.length === 1 ? 'was' : 'were'} scanned: run with --all-regions before deleting it)`,
  };

  // 2. Claims: by tag in the resource's region, for every kind that is claimed so; then each kind's
  // own rule, in the registry's order (a rule reads the claims of the kinds listed before it).
  for (const kind of RESOURCE_KINDS.filter((entry) => entry.claim.byTag)) {
    for (const resource of ofType(kind.type)) {
      for (const [name, how] of membership(resource)) {
        if (isLive(name, resource.region)) claim(resource, { name, region: resource.region }, how);
      }
    }
  }
  for (const kind of RESOURCE_KINDS) {
    const rule = kind.claim.also;
    if (rule) for (const resource of ofType(kind.type)) rule(resource, view);
  }

  // 3. Orphans, in the same order: an orphan's own use of a key pair or role does not keep it
  // (cleanup deletes the orphans that use it first: `usedBy` says so).
  const orphans: Orphan[] = [];
  const withUsers = (resource: ListedResource) =>
    kindOf(resource.type).users ? { usedBy: usersOf(resource).map(({ usage: use }) => use) } : {};
  for (const kind of RESOURCE_KINDS) {
    const rule = kind.orphan;
    if (rule === 'never') continue;
    for (const resource of ofType(kind.type).filter(unclaimed)) {
      const verdict = rule(resource, view);
      if (!verdict) continue;
      orphans.push({
        ...resource,
        ownership: verdict.ownership,
        reason: verdict.reason,
        ...(verdict.cluster ? { cluster: verdict.cluster } : {}),
        ...withUsers(resource),
      });
      orphanUsers.add(resource);
    }
  }

  // 4. Assemble, in a stable order.
  for (const resource of resources) {
    for (const entry of claimants(resource)) {
      const cluster = clusters.get(clusterKey(entry.cluster))!;
      const others = claimants(resource)
        .filter((other) => clusterKey(other.cluster) !== clusterKey(entry.cluster))
        .map((other) => other.cluster);
      cluster.entries.set(resourceKey(resource), {
        ...resource,
        ownership: entry.ownership,
        ...withUsers(resource),
        ...(others.length > 0 ? { alsoClaimedBy: others } : {}),
      });
    }
  }
  const inventoryClusters: InventoryCluster[] = [...clusters.values()]
    .map(({ id, entries: members }) => {
      const sorted = [...members.values()].sort(byTypeThenName);
      const created = sorted
        .filter((member) => !kindOf(member.type).olderThanCluster && member.createdAt)
        .map((member) => member.createdAt!)
        .sort()[0];
      const expiresAt = clusterExpiresAt(sorted);
      return {
        ...id,
        resources: sorted,
        ...(created ? { createdAt: created } : {}),
        ...(expiresAt ? { expiresAt } : {}),
        ...(sorted.some((member) => isProtected(member.tags)) ? { protected: true } : {}),
      };
    })
    .sort((a, b) => a.region.localeCompare(b.region) || a.name.localeCompare(b.name));
  orphans.sort((a, b) => regionOrder(a.region).localeCompare(regionOrder(b.region)) || byTypeThenName(a, b));
  return {
    region: scope.region,
    regions: [...scope.regions],
    allRegions: scope.allRegions,
    ...(scope.accountId ? { accountId: scope.accountId } : {}),
    scannedAt: scope.scannedAt,
    clusters: inventoryClusters,
    orphans,
  };
}

// Global (IAM) resources sort after the regions' own.
const regionOrder = (region: string) => (region === GLOBAL_REGION ? '~' : region);

function byTypeThenName(a: ListedResource, b: ListedResource): number {
  return (
    (TYPE_ORDER.get(a.type) ?? 99) - (TYPE_ORDER.get(b.type) ?? 99) ||
    a.name.localeCompare(b.name) ||
    a.id.localeCompare(b.id)
  );
}
