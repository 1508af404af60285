// The node group `<C>-minion-group`: min = max = desired = NUM_NODES in the cluster's subnet, its
// tags propagated to every node.
import {
  type AutoScalingGroup,
  CreateAutoScalingGroupCommand,
  DescribeAutoScalingGroupsCommand,
  UpdateAutoScalingGroupCommand,
  waitUntilGroupInService,
} from '@aws-sdk/client-auto-scaling';
import { UsageError } from '../../state/exit.js';
import { type AwsContext, callOptions } from '../context.js';
import { clusterNames, LEGACY_CLUSTER_TAG, ownedTags } from '../naming.js';
import { isEventuallyConsistent, retry } from '../retry.js';
import type { Ensured } from './common.js';

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
}

export async function ensureAutoScalingGroup(
  ctx: AwsContext,
  input: NodeGroup,
): Promise<Ensured<AutoScalingGroup>> {
  const autoScaling = ctx.clients.autoScaling(ctx.region);
  const names = clusterNames(input.cluster, ctx.region);
  const existing = await findAutoScalingGroup(ctx, names.autoScalingGroup);
  if (existing) {
    const ours = existing.Tags?.some((tag) => tag.Key === LEGACY_CLUSTER_TAG && tag.Value === input.cluster);
    if (!ours) {
      throw new UsageError(
        `Auto Scaling group ${names.autoScalingGroup} exists but is not tagged for cluster ${input.cluster}; choose another --cluster`,
      );
    }
    if (
      existing.MinSize !== input.nodes ||
      existing.MaxSize !== input.nodes ||
      existing.DesiredCapacity !== input.nodes
    ) {
      await autoScaling.send(
        new UpdateAutoScalingGroupCommand({
          AutoScalingGroupName: names.autoScalingGroup,
          MinSize: input.nodes,
          MaxSize: input.nodes,
          DesiredCapacity: input.nodes,
        }),
        callOptions(ctx),
      );
    }
    return { value: existing, created: false };
  }
  const tags = ownedTags(input.cluster, names.nodeInstance, { Role: names.nodeInstance });
  // The launch template's profile may not be visible to Auto Scaling for a few seconds.
  await retry(
    () =>
      autoScaling.send(
        new CreateAutoScalingGroupCommand({
          AutoScalingGroupName: names.autoScalingGroup,
          LaunchTemplate: { LaunchTemplateId: input.launchTemplateId, Version: input.launchTemplateVersion },
          MinSize: input.nodes,
          MaxSize: input.nodes,
          DesiredCapacity: input.nodes,
          VPCZoneIdentifier: input.subnetId,
          Tags: Object.entries(tags).map(([Key, Value]) => ({
            Key,
            Value,
            PropagateAtLaunch: true,
            ResourceId: names.autoScalingGroup,
            ResourceType: 'auto-scaling-group',
          })),
        }),
        callOptions(ctx),
      ),
    { retryIf: isEventuallyConsistent, signal: ctx.signal, maxMs: 60_000 },
  );
  const created = await findAutoScalingGroup(ctx, names.autoScalingGroup);
  return { value: created!, created: true };
}

/** Waits (bounded) until the group has its minimum of InService instances; returns their ids. */
export async function waitForNodes(
  ctx: AwsContext,
  groupName: string,
  maxWaitSeconds = 900,
): Promise<string[]> {
  const autoScaling = ctx.clients.autoScaling(ctx.region);
  await waitUntilGroupInService(
    { client: autoScaling, maxWaitTime: maxWaitSeconds, minDelay: 5, maxDelay: 20, abortSignal: ctx.signal },
    { AutoScalingGroupNames: [groupName] },
  );
  const group = await findAutoScalingGroup(ctx, groupName);
  return (group?.Instances ?? [])
    .filter((instance) => instance.LifecycleState === 'InService')
    .map((instance) => instance.InstanceId!);
}
