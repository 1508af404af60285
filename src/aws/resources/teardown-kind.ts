// What each resource module declares for teardown, kops-style: what blocks its removal (among the
// resources being removed), how to remove it, and how to drop only this cluster's tags from it.
// teardown.ts iterates over the registry of these; a new kind is one module plus one registry line.
import { DeleteTagsCommand } from '@aws-sdk/client-ec2';
import type { Blocker, BlockerFacts, Ownership } from '../../model/blockers.js';
import type { InventoryResource } from '../../model/inventory.js';
import type { ResourceType, TagMap } from '../../model/resource-types.js';
import type { TeardownAction, TeardownStep } from '../../model/teardown.js';
import { type AwsContext, callOptions } from '../context.js';
import { clusterTagKey, LEGACY_CLUSTER_TAG } from '../naming.js';

export interface TeardownContext extends AwsContext {
  /** Progress for the checklist: what it waits for. */
  detail(message: string): void;
  /** Milliseconds left before the teardown's deadline: every wait inside a removal is bounded by it. */
  remainingMs(): number;
  /** VPCs that stay (a user's, tagged shared): a DHCP option set they use is swapped for `default`. */
  keptVpcIds: ReadonlySet<string>;
  /** `--force-revoke`: other groups' rules that reference a group being deleted are revoked first. */
  forceRevoke: boolean;
}

export interface KindTeardown {
  /**
   * Among the resources being changed (`removing`), those that must be gone (or changed) before this
   * one can be removed: AWS refuses otherwise, or, where moto does not, would refuse.
   */
  blockedBy(
    resource: InventoryResource,
    removing: readonly InventoryResource[],
    action: TeardownAction,
  ): InventoryResource[];
  /**
   * What stands in its way among the facts around it (model/blockers.ts), whether the cluster's or
   * not: asked for the plan, and again each time AWS answers its removal with DependencyViolation.
   */
  blockersIn?(resource: InventoryResource, facts: BlockerFacts, ownership: Ownership): Blocker[];
  /** Deletes, releases, disassociates or empties it. A not-found error escaping means it is gone. */
  remove(ctx: TeardownContext, step: TeardownStep): Promise<void>;
  /** Removes only this cluster's tags (a shared resource). Absent: the kind is kept as it is instead. */
  removeTags?(ctx: TeardownContext, resource: InventoryResource, cluster: string): Promise<void>;
  /**
   * Work that other resources' removal waits for (security groups revoke the rules that reference
   * other groups, so neither group of a pair blocks the other).
   */
  prepare?(ctx: TeardownContext, step: TeardownStep): Promise<void>;
  /** The resources whose `prepare` must be done before this one's `remove`. */
  waitsForPrepareOf?(
    resource: InventoryResource,
    removing: readonly InventoryResource[],
  ): InventoryResource[];
}

/** The resources of a type being removed, in the same region as `resource` (or any region). */
export function removingOf(
  removing: readonly InventoryResource[],
  type: ResourceType,
  region?: string,
): InventoryResource[] {
  return removing.filter((other) => other.type === type && (region === undefined || other.region === region));
}

/** The instances being terminated in the resource's region: most kinds wait for all of them. */
export const instancesIn = (removing: readonly InventoryResource[], region: string) =>
  removingOf(removing, 'instance', region);

/** The tags to delete so that a resource no longer says it belongs to `cluster`. */
export function clusterTagsOf(tags: TagMap, cluster: string): { Key: string; Value?: string }[] {
  const result: { Key: string; Value?: string }[] = [];
  if (clusterTagKey(cluster) in tags) result.push({ Key: clusterTagKey(cluster) });
  // A value is given so that another cluster's KubernetesCluster tag is never removed.
  if (tags[LEGACY_CLUSTER_TAG] === cluster) result.push({ Key: LEGACY_CLUSTER_TAG, Value: cluster });
  return result;
}

/** Removes the cluster's tags from an EC2 resource by id (DeleteTags); nothing when it has none. */
export async function removeEc2ClusterTags(
  ctx: AwsContext,
  resourceId: string,
  tags: TagMap,
  cluster: string,
): Promise<void> {
  const Tags = clusterTagsOf(tags, cluster);
  if (Tags.length === 0) return;
  await ctx.clients
    .ec2(ctx.region)
    .send(new DeleteTagsCommand({ Resources: [resourceId], Tags }), callOptions(ctx));
}

/** The step's context in the step's own region (a global resource keeps the engine's). */
export function inRegionOf<T extends AwsContext>(ctx: T, region: string): T {
  return region === 'global' || region === ctx.region ? ctx : { ...ctx, region };
}
