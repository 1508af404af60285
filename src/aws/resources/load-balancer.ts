// Load balancers the AWS cloud controller manager made for the cluster's `type: LoadBalancer`
// Services: classic ELBs and ELBv2 (network / application), tagged `kubernetes.io/cluster/<C>=owned`.
// kube-tui never creates one; teardown must delete them first (they hold subnets, groups, ENIs).
import {
  DeleteLoadBalancerCommand as DeleteClassicLoadBalancerCommand,
  DescribeLoadBalancersCommand as DescribeClassicLoadBalancersCommand,
  type DescribeLoadBalancersCommandOutput as DescribeClassicLoadBalancersOutput,
  DescribeTagsCommand as DescribeClassicTagsCommand,
} from '@aws-sdk/client-elastic-load-balancing';
import {
  DeleteLoadBalancerCommand,
  DeleteTargetGroupCommand,
  DescribeLoadBalancersCommand,
  type DescribeLoadBalancersCommandOutput,
  DescribeTagsCommand,
  DescribeTargetGroupsCommand,
  type DescribeTargetGroupsCommandOutput,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type { ListedResource } from '../../model/inventory.js';
import { LOAD_BALANCER_HOURLY_USD } from '../../model/prices.js';
import type { TagMap } from '../../model/resource-types.js';
import { type AwsContext, callOptions } from '../context.js';
import { clusterMemberships, fromTagList } from '../naming.js';
import { retryScale, sleep } from '../retry.js';
import { allPages, chunks, compact, iso, mapLimit, orUndefinedIfNotFound } from './common.js';
import { type ResourceKind, taggedOrphan } from './kind.js';
import type { KindTeardown, TeardownContext } from './teardown-kind.js';

/** Both DescribeTags calls take at most 20 load balancers. */
const TAG_BATCH = 20;
const PAGE_SIZE = 400;
const CONCURRENT_TAG_CALLS = 4;

const isClusterTagged = (tags: TagMap) => clusterMemberships(tags).size > 0;

/** Classic ELBs carrying a cluster tag: one listing, then DescribeTags in batches of 20. */
export async function listClassicLoadBalancers(ctx: AwsContext): Promise<ListedResource[]> {
  const elb = ctx.clients.elb(ctx.region);
  const balancers = await allPages(
    (Marker) =>
      elb.send(new DescribeClassicLoadBalancersCommand({ Marker, PageSize: PAGE_SIZE }), callOptions(ctx)),
    (page: DescribeClassicLoadBalancersOutput) => page.LoadBalancerDescriptions,
    (page) => page.NextMarker,
  );
  const names = balancers.map((balancer) => balancer.LoadBalancerName!).filter(Boolean);
  const tagPages = await mapLimit(chunks(names, TAG_BATCH), CONCURRENT_TAG_CALLS, (batch) =>
    elb.send(new DescribeClassicTagsCommand({ LoadBalancerNames: batch }), callOptions(ctx)),
  );
  const tagsByName = new Map<string, TagMap>();
  for (const page of tagPages) {
    for (const description of page.TagDescriptions ?? []) {
      tagsByName.set(description.LoadBalancerName!, fromTagList(description.Tags));
    }
  }
  return balancers.flatMap((balancer) => {
    const tags = tagsByName.get(balancer.LoadBalancerName!) ?? {};
    if (!isClusterTagged(tags)) return [];
    return [
      {
        type: 'load-balancer' as const,
        id: balancer.LoadBalancerName!,
        name: balancer.LoadBalancerName!,
        region: ctx.region,
        state: 'active',
        tags,
        ...(balancer.CreatedTime ? { createdAt: iso(balancer.CreatedTime) } : {}),
        refs: compact({
          vpcId: balancer.VPCId,
          subnetIds: [...(balancer.Subnets ?? [])].sort(),
          securityGroupIds: [...(balancer.SecurityGroups ?? [])].sort(),
          instanceIds: (balancer.Instances ?? []).map((instance) => instance.InstanceId!).filter(Boolean),
        }),
        detail: { loadBalancerKind: 'classic' },
      },
    ];
  });
}

/**
 * ELBv2 load balancers carrying a cluster tag, with their target groups: one listing, then
 * DescribeTags in batches of 20 and one listing of target groups (only when there is any load balancer).
 */
export async function listLoadBalancersV2(ctx: AwsContext): Promise<ListedResource[]> {
  const elbv2 = ctx.clients.elbv2(ctx.region);
  const balancers = await allPages(
    (Marker) =>
      elbv2.send(new DescribeLoadBalancersCommand({ Marker, PageSize: PAGE_SIZE }), callOptions(ctx)),
    (page: DescribeLoadBalancersCommandOutput) => page.LoadBalancers,
    (page) => page.NextMarker,
  );
  if (balancers.length === 0) return [];
  const arns = balancers.map((balancer) => balancer.LoadBalancerArn!).filter(Boolean);
  // The target groups are listed alongside the tags, so this stays two round trips deep.
  const [tagPages, targetGroups] = await Promise.all([
    mapLimit(chunks(arns, TAG_BATCH), CONCURRENT_TAG_CALLS, (batch) =>
      elbv2.send(new DescribeTagsCommand({ ResourceArns: batch }), callOptions(ctx)),
    ),
    allPages(
      (Marker) =>
        elbv2.send(new DescribeTargetGroupsCommand({ Marker, PageSize: PAGE_SIZE }), callOptions(ctx)),
      (page: DescribeTargetGroupsCommandOutput) => page.TargetGroups,
      (page) => page.NextMarker,
    ),
  ]);
  const tagsByArn = new Map<string, TagMap>();
  for (const page of tagPages) {
    for (const description of page.TagDescriptions ?? []) {
      tagsByArn.set(description.ResourceArn!, fromTagList(description.Tags));
    }
  }
  const ours = balancers.filter((balancer) =>
    isClusterTagged(tagsByArn.get(balancer.LoadBalancerArn!) ?? {}),
  );
  return ours.map((balancer) => {
    const arn = balancer.LoadBalancerArn!;
    return {
      type: 'load-balancer' as const,
      id: arn,
      name: balancer.LoadBalancerName ?? arn,
      region: ctx.region,
      ...(balancer.State?.Code ? { state: balancer.State.Code } : {}),
      tags: tagsByArn.get(arn) ?? {},
      ...(balancer.CreatedTime ? { createdAt: iso(balancer.CreatedTime) } : {}),
      refs: compact({
        arn,
        vpcId: balancer.VpcId,
        subnetIds: (balancer.AvailabilityZones ?? [])
          .map((zone) => zone.SubnetId!)
          .filter(Boolean)
          .sort(),
        securityGroupIds: [...(balancer.SecurityGroups ?? [])].sort(),
        targetGroupArns: targetGroups
          .filter((group) => group.LoadBalancerArns?.includes(arn))
          .map((group) => group.TargetGroupArn!)
          .sort(),
      }),
      detail: compact({ loadBalancerKind: balancer.Type }),
    };
  });
}

/** How long an ELBv2 load balancer may take to disappear before its target groups can go. */
const LOAD_BALANCER_GONE_WAIT_MS = 5 * 60_000;

/**
 * Deletes a load balancer the cloud controller made. An ELBv2 one is waited for (bounded) until it
 * is gone, then its target groups are deleted (`ResourceInUse` until then). AWS releases the load
 * balancer's network interfaces a little later: its security group's `DependencyViolation`
 * meanwhile is retried by teardown.
 */
export async function deleteLoadBalancer(
  ctx: TeardownContext,
  balancer: { id: string; refs: { arn?: string; targetGroupArns?: string[] } },
): Promise<void> {
  if (!balancer.refs.arn) {
    await ctx.clients
      .elb(ctx.region)
      .send(new DeleteClassicLoadBalancerCommand({ LoadBalancerName: balancer.id }), callOptions(ctx));
    return;
  }
  const elbv2 = ctx.clients.elbv2(ctx.region);
  await elbv2.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: balancer.refs.arn }), callOptions(ctx));
  const deadline = Date.now() + Math.min(LOAD_BALANCER_GONE_WAIT_MS, ctx.remainingMs());
  let delay = 2_000 * retryScale();
  for (;;) {
    const found = await orUndefinedIfNotFound(
      elbv2.send(
        new DescribeLoadBalancersCommand({ LoadBalancerArns: [balancer.refs.arn] }),
        callOptions(ctx),
      ),
    );
    if (!found?.LoadBalancers?.length) break;
    if (Date.now() + delay > deadline) break;
    ctx.detail('deleting; waiting until it is gone');
    await sleep(delay, ctx.signal);
    delay = Math.min(delay * 2, 15_000 * retryScale());
  }
  for (const arn of balancer.refs.targetGroupArns ?? []) {
    await orUndefinedIfNotFound(
      elbv2.send(new DeleteTargetGroupCommand({ TargetGroupArn: arn }), callOptions(ctx)),
    );
  }
}

/** Load balancers go first: they hold subnets, groups and instances (kube-down's order). */
export const loadBalancerTeardown: KindTeardown = {
  blockedBy: () => [],
  remove: (ctx, step) => deleteLoadBalancer(ctx, step.resource ?? { id: step.id, refs: {} }),
};

/** A cloud controller's load balancers (a Service of type LoadBalancer): never created by kube-tui. */
export const loadBalancerKind: ResourceKind = {
  type: 'load-balancer',
  scope: 'region',
  teardownRank: 0,
  list: [
    { label: 'classic load balancers', list: listClassicLoadBalancers },
    { label: 'ELBv2 load balancers', list: listLoadBalancersV2 },
  ],
  claim: { byTag: true },
  orphan: (balancer, view) => taggedOrphan(balancer, view),
  teardown: loadBalancerTeardown,
  // The balancer itself: capacity units and traffic are not included.
  price: (balancer) => {
    const kind = balancer.detail?.loadBalancerKind ?? 'classic';
    const hourlyUsd = LOAD_BALANCER_HOURLY_USD[kind];
    return hourlyUsd === undefined ? { hourlyUsd: 0, unpriced: `${kind} load balancer` } : { hourlyUsd };
  },
};
