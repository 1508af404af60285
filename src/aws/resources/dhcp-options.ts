// DHCP option sets: kube-up made one on every run (`kubernetes-dhcp-option-set`, tagged
// KubernetesCluster) and kube-down never deleted them. kube-tui makes none.
import { DescribeDhcpOptionsCommand, type DescribeDhcpOptionsCommandOutput } from '@aws-sdk/client-ec2';
import { type AwsContext, callOptions } from '../context.js';
import type { ListedResource } from '../inventory-types.js';
import { fromTagList } from '../naming.js';
import { allPages, CLUSTER_TAG_KEY_FILTER } from './common.js';

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
