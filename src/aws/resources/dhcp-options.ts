// DHCP option sets: kube-up made one on every run (`kubernetes-dhcp-option-set`, tagged
// KubernetesCluster) and kube-down never deleted them. kube-tui makes none.
import {
  AssociateDhcpOptionsCommand,
  DeleteDhcpOptionsCommand,
  DescribeDhcpOptionsCommand,
  type DescribeDhcpOptionsCommandOutput,
} from '@aws-sdk/client-ec2';
import type { ListedResource } from '../../model/inventory.js';
import { type AwsContext, callOptions } from '../context.js';
import { fromTagList } from '../naming.js';
import { allPages, CLUSTER_TAG_KEY_FILTER } from './common.js';
import { type ResourceKind, taggedOrphan } from './kind.js';
import { type KindTeardown, removeEc2ClusterTags, removingOf } from './teardown-kind.js';
import { vpcsUsingDhcpOptions } from './vpc.js';

/** DHCP option sets carrying a cluster tag (whether a VPC still uses one is read from the VPCs). */
export async function listDhcpOptions(ctx: AwsContext): Promise<ListedResource[]> {
  const ec2 = ctx.clients.ec2(ctx.region);
  const sets = await allPages(
    (NextToken) =>
      ec2.send(
        new DescribeDhcpOptionsCommand({ Filters: CLUSTER_TAG_KEY_FILTER, NextToken }),
        callOptions(ctx),
      ),
    (page: DescribeDhcpOptionsCommandOutput) => page.DhcpOptions,
    (page) => page.NextToken,
  );
  return sets.map((set) => {
    const tags = fromTagList(set.Tags);
    return {
      type: 'dhcp-options',
      id: set.DhcpOptionsId!,
      name: tags.Name ?? set.DhcpOptionsId!,
      region: ctx.region,
      tags,
      refs: {},
    };
  });
}

/**
 * Deletes a set kube-up made. A VPC being deleted frees it (the set waits for it); a VPC that
 * stays (a user's, tagged shared) is first switched back to `default`. Any other VPC still using
 * it makes AWS answer DependencyViolation: it is retried, then reported.
 */
export async function deleteDhcpOptions(
  ctx: AwsContext,
  dhcpOptionsId: string,
  keptVpcIds: ReadonlySet<string>,
): Promise<string[]> {
  const ec2 = ctx.clients.ec2(ctx.region);
  const switched: string[] = [];
  for (const vpcId of await vpcsUsingDhcpOptions(ctx, dhcpOptionsId)) {
    if (!keptVpcIds.has(vpcId)) continue;
    await ec2.send(
      new AssociateDhcpOptionsCommand({ DhcpOptionsId: 'default', VpcId: vpcId }),
      callOptions(ctx),
    );
    switched.push(vpcId);
  }
  await ec2.send(new DeleteDhcpOptionsCommand({ DhcpOptionsId: dhcpOptionsId }), callOptions(ctx));
  return switched;
}

export const dhcpOptionsTeardown: KindTeardown = {
  blockedBy: (set, removing) =>
    removingOf(removing, 'vpc', set.region).filter((vpc) => vpc.refs.dhcpOptionsId === set.id),
  remove: async (ctx, step) => {
    const switched = await deleteDhcpOptions(ctx, step.id, ctx.keptVpcIds);
    if (switched.length > 0) ctx.detail(`${switched.join(', ')} switched back to the default DHCP options`);
  },
  removeTags: (ctx, set, cluster) => removeEc2ClusterTags(ctx, set.id, set.tags, cluster),
};

/** kube-up's option set for its VPC: never created by kube-tui; an orphan once no VPC uses it. */
export const dhcpOptionsKind: ResourceKind = {
  type: 'dhcp-options',
  scope: 'region',
  teardownRank: 120,
  list: [{ label: 'DHCP option sets', list: listDhcpOptions }],
  claim: { byTag: true },
  orphan: (options, view) =>
    view.ofType('vpc').some((vpc) => vpc.region === options.region && vpc.refs.dhcpOptionsId === options.id)
      ? undefined
      : taggedOrphan(options, view, 'no VPC uses it'),
  teardown: dhcpOptionsTeardown,
  price: 'free',
};
