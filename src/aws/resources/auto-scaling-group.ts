// The node group `<C>-minion-group`: min = max = desired = NUM_NODES in the cluster's subnet, its
// tags propagated to every node; on spot capacity through a mixed instances policy when asked.
import {
  type AutoScalingGroup,
  CreateAutoScalingGroupCommand,
  DeleteAutoScalingGroupCommand,
  DescribeAutoScalingGroupsCommand,
  type DescribeAutoScalingGroupsCommandOutput,
  DescribeScalingActivitiesCommand,
  type MixedInstancesPolicy,
  TerminateInstanceInAutoScalingGroupCommand,
  UpdateAutoScalingGroupCommand,
  waitUntilGroupInService,
} from '@aws-sdk/client-auto-scaling';
import { UsageError } from '../../model/exit.js';
import type { ListedResource } from '../../model/inventory.js';
import { marketLine, type NodeMarket } from '../../model/spot.js';
import { type AwsContext, callOptions } from '../context.js';
import { clusterNames, fromTagList, LEGACY_CLUSTER_TAG } from '../naming.js';
import { isEventuallyConsistent, retry, retryScale, sleep } from '../retry.js';
import { allPages, compact, createOnce, type Ensured, iso, ownedTagsIn } from './common.js';
import { type ResourceKind, taggedOrphan } from './kind.js';
import { type KindTeardown, removingOf, type TeardownContext } from './teardown-kind.js';

export async function findAutoScalingGroup(
  ctx: AwsContext,
  name: string,
): Promise<AutoScalingGroup | undefined> {
  const { AutoScalingGroups = [] } = await ctx.clients
    .autoScaling(ctx.region)
    .send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [name] }), callOptions(ctx));
  return AutoScalingGroups[0];
}

export interface NodeGroup {
  cluster: string;
  launchTemplateId: string;
  launchTemplateVersion: string;
  subnetId: string;
  nodes: number;
  market: NodeMarket;
  /** An extra zone's `<C>-minion-group-<zone>`; absent: the cluster's first group, `<C>-minion-group`. */
  groupName?: string;
}

/**
 * Spot nodes: all of the group's capacity from spot pools of the template's type, chosen by price
 * and capacity (AWS's recommended strategy). No SpotMaxPrice caps them at the on-demand price.
 */
export function spotPolicy(
  template: { id: string; version: string },
  market: NodeMarket & { kind: 'spot' },
): MixedInstancesPolicy {
  return {
    LaunchTemplate: {
      LaunchTemplateSpecification: { LaunchTemplateId: template.id, Version: template.version },
    },
    InstancesDistribution: {
      OnDemandBaseCapacity: 0,
      OnDemandPercentageAboveBaseCapacity: 0,
      SpotAllocationStrategy: 'price-capacity-optimized',
      ...(market.maxPriceUsd === undefined ? {} : { SpotMaxPrice: String(market.maxPriceUsd) }),
    },
  };
}

/** The market a group launches in: spot when its mixed instances policy asks for no on-demand capacity. */
export function groupMarket(group: Pick<AutoScalingGroup, 'MixedInstancesPolicy'>): NodeMarket {
  const distribution = group.MixedInstancesPolicy?.InstancesDistribution;
  if (!distribution) return { kind: 'on-demand' };
  const onDemand =
    (distribution.OnDemandBaseCapacity ?? 0) + (distribution.OnDemandPercentageAboveBaseCapacity ?? 100);
  if (onDemand > 0) return { kind: 'on-demand' };
  const maxPriceUsd = distribution.SpotMaxPrice ? Number(distribution.SpotMaxPrice) : undefined;
  return maxPriceUsd === undefined || !Number.isFinite(maxPriceUsd)
    ? { kind: 'spot' }
    : { kind: 'spot', maxPriceUsd };
}

/** What a run reads of the group it found or made: which market its nodes launch in. */
type EnsuredGroup = Pick<AutoScalingGroup, 'AutoScalingGroupName' | 'MixedInstancesPolicy'>;

export async function ensureAutoScalingGroup(
  ctx: AwsContext,
  input: NodeGroup,
): Promise<Ensured<EnsuredGroup>> {
  const autoScaling = ctx.clients.autoScaling(ctx.region);
  const names = clusterNames(input.cluster, ctx.region);
  const groupName = input.groupName ?? names.autoScalingGroup;
  const existing = await findAutoScalingGroup(ctx, groupName);
  if (existing) {
    const ours = existing.Tags?.some((tag) => tag.Key === LEGACY_CLUSTER_TAG && tag.Value === input.cluster);
    if (!ours) {
      throw new UsageError(
        `Auto Scaling group ${groupName} exists but is not tagged for cluster ${input.cluster}; choose another --cluster`,
      );
    }
    if (
      existing.MinSize !== input.nodes ||
      existing.MaxSize !== input.nodes ||
      existing.DesiredCapacity !== input.nodes
    ) {
      await autoScaling.send(
        new UpdateAutoScalingGroupCommand({
          AutoScalingGroupName: groupName,
          MinSize: input.nodes,
          MaxSize: input.nodes,
          DesiredCapacity: input.nodes,
        }),
        callOptions(ctx),
      );
    }
    return { value: existing, created: false };
  }
  const tags = ownedTagsIn(ctx, input.cluster, names.nodeInstance, { Role: names.nodeInstance });
  // The launch template's profile may not be visible to Auto Scaling for a few seconds.
  const request = new CreateAutoScalingGroupCommand({
    AutoScalingGroupName: groupName,
    ...(input.market.kind === 'spot'
      ? {
          MixedInstancesPolicy: spotPolicy(
            { id: input.launchTemplateId, version: input.launchTemplateVersion },
            input.market,
          ),
          // A node at risk of interruption gets its replacement first, where capacity allows.
          CapacityRebalance: true,
        }
      : {
          LaunchTemplate: { LaunchTemplateId: input.launchTemplateId, Version: input.launchTemplateVersion },
        }),
    MinSize: input.nodes,
    MaxSize: input.nodes,
    DesiredCapacity: input.nodes,
    VPCZoneIdentifier: input.subnetId,
    Tags: Object.entries(tags).map(([Key, Value]) => ({
      Key,
      Value,
      PropagateAtLaunch: true,
      ResourceId: groupName,
      ResourceType: 'auto-scaling-group',
    })),
  });
  // moto silently replaces a group of the same name (AWS: AlreadyExists): never send it twice blindly.
  return retry(
    () =>
      createOnce<EnsuredGroup>(ctx, {
        find: () => findAutoScalingGroup(ctx, groupName),
        // The group as asked for: the nodes' wait reads it back, so no look right after the create.
        create: async (sending) => {
          await sending.clients
            .withoutRetries()
            .autoScaling(sending.region)
            .send(request, callOptions(sending));
          return {
            AutoScalingGroupName: groupName,
            MixedInstancesPolicy: request.input.MixedInstancesPolicy,
          };
        },
      }),
    { retryIf: isEventuallyConsistent, signal: ctx.signal, maxMs: 60_000 },
  );
}

/** How long the nodes may take to come into service; KUBE_TUI_RETRY_SCALE shortens it with the polling. */
export const NODES_WAIT_MS = 15 * 60_000;

/**
 * Why the group's newest launches did not happen: the StatusMessage of the newest Failed or
 * Cancelled activity with no successful one after it (activities come newest first), else undefined.
 */
export async function launchFailure(ctx: AwsContext, groupName: string): Promise<string | undefined> {
  const { Activities = [] } = await ctx.clients
    .autoScaling(ctx.region)
    .send(
      new DescribeScalingActivitiesCommand({ AutoScalingGroupName: groupName, MaxRecords: 20 }),
      callOptions(ctx),
    );
  for (const activity of Activities) {
    if (activity.StatusCode === 'Successful') return undefined;
    if (activity.StatusCode === 'Failed' || activity.StatusCode === 'Cancelled') {
      return activity.StatusMessage || activity.Description || `${activity.StatusCode} activity`;
    }
  }
  return undefined;
}

/**
 * Waits (bounded, with the SDK's waiter) until the group has its minimum of InService instances;
 * returns their ids. Beside the waiter, the group's scaling activities are read: a launch AWS failed
 * or cancelled (no spot capacity, a price cap under the spot price) is told through `onFailure` as it
 * changes, and is the error if the bound passes.
 */
export async function waitForNodes(
  ctx: AwsContext,
  groupName: string,
  onFailure: (message: string) => void = () => {},
): Promise<string[]> {
  const scale = retryScale();
  const watching = new AbortController();
  let failure: string | undefined;
  const watch = (async () => {
    let delay = 10_000 * scale;
    for (;;) {
      await sleep(delay, watching.signal);
      const latest = await launchFailure(ctx, groupName).catch(() => undefined);
      if (latest && latest !== failure) onFailure(latest);
      failure = latest ?? failure;
      delay = Math.min(delay * 2, 30_000 * scale);
    }
  })().catch(() => undefined);
  const bound = NODES_WAIT_MS * scale;
  try {
    const { reason } = await waitUntilGroupInService(
      {
        client: ctx.clients.autoScaling(ctx.region),
        maxWaitTime: bound / 1000,
        minDelay: 5 * scale,
        maxDelay: 20 * scale,
        abortSignal: ctx.signal,
      },
      { AutoScalingGroupNames: [groupName] },
    );
    // The waiter's last answer is the group in service: no second DescribeAutoScalingGroups.
    const group =
      (reason as DescribeAutoScalingGroupsCommandOutput | undefined)?.AutoScalingGroups?.find(
        (candidate) => candidate.AutoScalingGroupName === groupName,
      ) ?? (await findAutoScalingGroup(ctx, groupName));
    return (group?.Instances ?? [])
      .filter((instance) => instance.LifecycleState === 'InService')
      .map((instance) => instance.InstanceId!);
  } catch (error) {
    if (ctx.signal?.aborted) throw error;
    // The waiter gave up: say how far the group got, and AWS's reason when it gave one.
    const group = await findAutoScalingGroup(ctx, groupName).catch(() => undefined);
    const latest = (await launchFailure(ctx, groupName).catch(() => undefined)) ?? failure;
    if (latest && latest !== failure) onFailure(latest);
    const inService = (group?.Instances ?? []).filter((instance) => instance.LifecycleState === 'InService');
    const waited = `${inService.length} of ${group?.MinSize ?? '?'} nodes in service after ${bound >= 60_000 ? `${Math.round(bound / 60_000)} minutes` : `${Math.max(1, Math.round(bound / 1000))} s`}`;
    throw Object.assign(
      new Error(
        latest
          ? `Auto Scaling group ${groupName}: ${waited}; AWS says: ${latest}`
          : `Auto Scaling group ${groupName}: ${waited}`,
      ),
      { name: latest ? 'NodeLaunchError' : 'TimeoutError', cause: error },
    );
  } finally {
    watching.abort();
    await watch;
  }
}

/** The region's groups carrying `KubernetesCluster` (an exact tag-key filter), every page. */
export async function listClusterGroups(ctx: AwsContext): Promise<AutoScalingGroup[]> {
  const autoScaling = ctx.clients.autoScaling(ctx.region);
  return allPages(
    (NextToken) =>
      autoScaling.send(
        new DescribeAutoScalingGroupsCommand({
          Filters: [{ Name: 'tag-key', Values: [LEGACY_CLUSTER_TAG] }],
          MaxRecords: 100,
          NextToken,
        }),
        callOptions(ctx),
      ),
    (page: DescribeAutoScalingGroupsCommandOutput) => page.AutoScalingGroups,
    (page) => page.NextToken,
  );
}

/** Sets the group's three counts at once (AWS checks min <= desired <= max on the result). */
export async function setGroupCapacity(
  ctx: AwsContext,
  name: string,
  counts: { min: number; max: number; desired?: number },
): Promise<void> {
  await ctx.clients.autoScaling(ctx.region).send(
    new UpdateAutoScalingGroupCommand({
      AutoScalingGroupName: name,
      MinSize: counts.min,
      MaxSize: counts.max,
      ...(counts.desired === undefined ? {} : { DesiredCapacity: counts.desired }),
    }),
    callOptions(ctx),
  );
}

/**
 * Terminates one instance of a group and lowers its desired capacity by one, so the group does not
 * replace it (cluster-autoscaler removes chosen nodes the same way). False when the instance is no
 * longer in any group.
 */
export async function terminateInGroup(ctx: AwsContext, instanceId: string): Promise<boolean> {
  try {
    await ctx.clients.autoScaling(ctx.region).send(
      new TerminateInstanceInAutoScalingGroupCommand({
        InstanceId: instanceId,
        ShouldDecrementDesiredCapacity: true,
      }),
      callOptions(ctx),
    );
    return true;
  } catch (error) {
    if (error instanceof Error && /not found|not part of/i.test(error.message)) return false;
    throw error;
  }
}

/**
 * Every Auto Scaling group of the region, filtered here rather than by the API: its tag filters take
 * no wildcards (no `kubernetes.io/cluster/*`), and every group's launch configuration or template
 * counts as a user of it. 100 a page, AWS's maximum.
 */
export async function listAutoScalingGroups(ctx: AwsContext): Promise<ListedResource[]> {
  const autoScaling = ctx.clients.autoScaling(ctx.region);
  const groups = await allPages(
    (NextToken) =>
      autoScaling.send(
        new DescribeAutoScalingGroupsCommand({ MaxRecords: 100, NextToken }),
        callOptions(ctx),
      ),
    (page: DescribeAutoScalingGroupsCommandOutput) => page.AutoScalingGroups,
    (page) => page.NextToken,
  );
  return groups.map((group) => {
    const tags = fromTagList(group.Tags);
    const template =
      group.LaunchTemplate ?? group.MixedInstancesPolicy?.LaunchTemplate?.LaunchTemplateSpecification;
    return {
      type: 'auto-scaling-group',
      id: group.AutoScalingGroupName!,
      name: group.AutoScalingGroupName!,
      region: ctx.region,
      state: [
        group.Status ?? `${group.Instances?.length ?? 0}/${group.DesiredCapacity ?? 0} instances`,
        ...(groupMarket(group).kind === 'spot' ? [marketLine(groupMarket(group))] : []),
      ].join(', '),
      tags,
      ...(group.CreatedTime ? { createdAt: iso(group.CreatedTime) } : {}),
      refs: compact({
        subnetIds: group.VPCZoneIdentifier ? group.VPCZoneIdentifier.split(',').filter(Boolean) : undefined,
        instanceIds: (group.Instances ?? []).map((instance) => instance.InstanceId!).filter(Boolean),
        launchConfiguration: group.LaunchConfigurationName,
        launchTemplate:
          template && (template.LaunchTemplateId || template.LaunchTemplateName)
            ? compact({
                id: template.LaunchTemplateId,
                name: template.LaunchTemplateName,
                version: template.Version,
              })
            : undefined,
      }),
      detail: compact({
        desiredCapacity: group.DesiredCapacity,
        zones: group.AvailabilityZones?.length ? [...group.AvailabilityZones].sort() : undefined,
        market: groupMarket(group).kind === 'spot' ? ('spot' as const) : undefined,
      }),
    };
  });
}

/** Auto Scaling answers a missing group with a ValidationError, not a not-found code. */
const isGroupNotFound = (error: unknown) =>
  error instanceof Error &&
  /not found/i.test(error.message) &&
  (error as { name?: string }).name === 'ValidationError';

/** How long a force-deleted group may take to disappear (its instances terminate first on AWS). */
export const GROUP_GONE_WAIT_MS = 10 * 60_000;

/**
 * Force-deletes the group (AWS terminates its instances; moto ignores ForceDelete and always
 * does) and polls until it is gone, bounded: a launch configuration stays in use until then.
 */
export async function deleteAutoScalingGroup(ctx: TeardownContext, name: string): Promise<void> {
  const autoScaling = ctx.clients.autoScaling(ctx.region);
  try {
    await autoScaling.send(
      new DeleteAutoScalingGroupCommand({ AutoScalingGroupName: name, ForceDelete: true }),
      callOptions(ctx),
    );
  } catch (error) {
    if (isGroupNotFound(error)) return;
    throw error;
  }
  const deadline = Date.now() + Math.min(GROUP_GONE_WAIT_MS, ctx.remainingMs());
  let delay = 5_000 * retryScale();
  for (;;) {
    if (!(await findAutoScalingGroup(ctx, name))) return;
    if (Date.now() + delay > deadline) {
      throw Object.assign(new Error(`Auto Scaling group ${name} is still being deleted`), {
        name: 'TimeoutError',
      });
    }
    ctx.detail('force-deleted; waiting until the group and its instances are gone');
    await sleep(delay, ctx.signal);
    delay = Math.min(delay * 2, 20_000 * retryScale());
  }
}

/** The group goes after the load balancers in front of its nodes, and before its nodes. */
export const autoScalingGroupTeardown: KindTeardown = {
  blockedBy: (group, removing) => removingOf(removing, 'load-balancer', group.region),
  remove: (ctx, step) => deleteAutoScalingGroup(ctx, step.id),
};

/** The node group; the group itself is free (its instances are priced). */
export const autoScalingGroupKind: ResourceKind = {
  type: 'auto-scaling-group',
  scope: 'region',
  teardownRank: 10,
  list: [{ label: 'Auto Scaling groups', list: listAutoScalingGroups }],
  find: findAutoScalingGroup,
  ensure: ensureAutoScalingGroup,
  claim: { byTag: true },
  orphan: (group, view) =>
    (group.refs.instanceIds?.length ?? 0) > 0
      ? undefined
      : taggedOrphan(group, view, 'the group has no instances'),
  teardown: autoScalingGroupTeardown,
  price: 'free',
};
