// Drives one resource kind the way discovery, classification and teardown do, against moto: list it
// through the kind's own listings, classify a listing, and remove a resource through the kind.
import type { AwsClients } from '../../src/aws/clients.js';
import type { AwsContext } from '../../src/aws/context.js';
import { classify } from '../../src/aws/inventory-classify.js';
import type { ResourceKind } from '../../src/aws/resources/kind.js';
import { kindOf } from '../../src/aws/resources/registry.js';
import type { TeardownContext } from '../../src/aws/resources/teardown-kind.js';
import { ensureVpc } from '../../src/aws/resources/vpc.js';
import type { Inventory, InventoryResource, ListedResource } from '../../src/model/inventory.js';
import type { ResourceType } from '../../src/model/resource-types.js';
import type { TeardownAction } from '../../src/model/teardown.js';
import { MOTO_ACCOUNT } from './leftovers.js';

export const REGION = 'us-west-2';

export const contextOf = (clients: AwsClients, region = REGION): AwsContext => ({ clients, region });

/** Everything the kind's listings return in the region (or, for one listed with another, that one's). */
export async function listKind(kind: ResourceKind, ctx: AwsContext): Promise<ListedResource[]> {
  const listings = 'listedWith' in kind.list ? kindOf(kind.list.listedWith).list : kind.list;
  if ('listedWith' in listings) throw new Error(`${kind.type} is listed with a kind that lists nothing`);
  const listed = (await Promise.all(listings.map((listing) => listing.list(ctx)))).flat();
  return listed.filter((resource) => resource.type === kind.type);
}

/** The one listed resource of the kind with this id; fails naming what was listed instead. */
export async function listedById(kind: ResourceKind, ctx: AwsContext, id: string): Promise<ListedResource> {
  const listed = await listKind(kind, ctx);
  const found = listed.find((resource) => resource.id === id);
  if (!found)
    throw new Error(`${kind.type} ${id} not listed; listed: ${listed.map((r) => r.id).join(', ') || 'none'}`);
  return found;
}

/** Classification of a hand-picked listing, as discovery of one region would do it. */
export const classifyListed = (listed: ListedResource[], region = REGION): Inventory =>
  classify(listed, {
    region,
    regions: [region],
    allRegions: false,
    accountId: MOTO_ACCOUNT,
    scannedAt: new Date().toISOString(),
  });

/** How the cluster lists the resource (`owned`, `kube-up-name`, …), or undefined when it does not. */
export function ownershipIn(inventory: Inventory, cluster: string, type: ResourceType, id: string) {
  return inventory.clusters
    .find((entry) => entry.name === cluster)
    ?.resources.find((resource) => resource.type === type && resource.id === id)?.ownership;
}

export const orphanOf = (inventory: Inventory, type: ResourceType, id: string) =>
  inventory.orphans.find((orphan) => orphan.type === type && orphan.id === id);

/** Removes one resource through its kind's teardown, as a plan step of that action. */
export async function removeThroughKind(
  kind: ResourceKind,
  ctx: AwsContext,
  resource: ListedResource,
  action: TeardownAction = 'delete',
): Promise<void> {
  const details: string[] = [];
  const teardownContext: TeardownContext = {
    ...ctx,
    region: resource.region === 'global' ? ctx.region : resource.region,
    detail: (message) => details.push(message),
    remainingMs: () => 120_000,
    keptVpcIds: new Set(),
    forceRevoke: false,
  };
  const inventoryResource: InventoryResource = { ...resource, ownership: 'owned' };
  const step = {
    key: `${resource.type}:${resource.region}:${resource.id}`,
    type: resource.type,
    id: resource.id,
    name: resource.name,
    region: resource.region,
    action,
    blockedBy: [],
    resource: inventoryResource,
  };
  if (action === 'delete' && kind.teardown.prepare) await kind.teardown.prepare(teardownContext, step);
  await kind.teardown.remove(teardownContext, step);
}

/** The cluster's VPC as discovery lists it: with it in a listing, the cluster is live. */
export async function clusterVpc(ctx: AwsContext, cluster: string): Promise<ListedResource> {
  const { value } = await ensureVpc(ctx, cluster);
  return listedById(kindOf('vpc'), ctx, value.VpcId!);
}

/** The tags kube-tui puts on what a cluster owns, as an SDK tag list. */
export const ownedTagList = (cluster: string, extra: Record<string, string> = {}) =>
  Object.entries({ KubernetesCluster: cluster, [`kubernetes.io/cluster/${cluster}`]: 'owned', ...extra }).map(
    ([Key, Value]) => ({ Key, Value }),
  );

/** Lists the kind again and says whether the id is still there (and, for instances, not terminated). */
export async function stillListed(kind: ResourceKind, ctx: AwsContext, id: string): Promise<boolean> {
  const listed = await listKind(kind, ctx);
  return listed.some((resource) => resource.id === id && resource.state !== 'terminated');
}
