// VPC: kube-up's `kubernetes-vpc`, 172.20.0.0/16, DNS support and hostnames on.
import {
  CreateVpcCommand,
  DeleteVpcCommand,
  DescribeVpcsCommand,
  type DescribeVpcsCommandOutput,
  ModifyVpcAttributeCommand,
  type Vpc,
  waitUntilVpcAvailable,
} from '@aws-sdk/client-ec2';
import { foreignMembersOf, interfaceBlockers, peeringBlockers } from '../../model/blockers.js';
import type { ListedResource } from '../../model/inventory.js';
import { VPC_CIDR } from '../../model/network.js';
import { type AwsContext, callOptions } from '../context.js';
import { clusterNames, fromTagList } from '../naming.js';
import {
  allPages,
  clusterFilters,
  compact,
  createKeepingOne,
  type Ensured,
  keeperOf,
  ownedTagsIn,
  tagSpecification,
} from './common.js';
import type { ResourceKind } from './kind.js';
import { type KindTeardown, removeEc2ClusterTags } from './teardown-kind.js';

async function findVpcs(ctx: AwsContext, cluster: string): Promise<Vpc[]> {
  const { Vpcs = [] } = await ctx.clients.ec2(ctx.region).send(
    new DescribeVpcsCommand({
      Filters: clusterFilters(cluster, { Name: clusterNames(cluster, ctx.region).vpc }),
    }),
    callOptions(ctx),
  );
  return Vpcs;
}

/** The cluster's VPC; of two left by racing runs, the one both keep. */
export async function findVpc(ctx: AwsContext, cluster: string): Promise<Vpc | undefined> {
  return keeperOf(await findVpcs(ctx, cluster), (vpc) => vpc.VpcId!);
}

export async function ensureVpc(ctx: AwsContext, cluster: string): Promise<Ensured<Vpc>> {
  const ec2 = ctx.clients.ec2(ctx.region);
  let vpc = await findVpc(ctx, cluster);
  const created = !vpc;
  if (!vpc) {
    ({ value: vpc } = await createKeepingOne(ctx, {
      findAll: () => findVpcs(ctx, cluster),
      idOf: (found) => found.VpcId!,
      remove: (extra) => deleteVpc(ctx, extra.VpcId!),
      create: async (sending) =>
        (
          await sending.clients
            .withoutRetries()
            .ec2(sending.region)
            .send(
              new CreateVpcCommand({
                CidrBlock: VPC_CIDR,
                TagSpecifications: tagSpecification(
                  'vpc',
                  ownedTagsIn(ctx, cluster, clusterNames(cluster, ctx.region).vpc),
                ),
              }),
              callOptions(sending),
            )
        ).Vpc!,
    }));
    // The look after the create (createKeepingOne) already says whether it is available; the
    // waiter's first poll would only ask again.
    if (vpc.State !== 'available') {
      await waitUntilVpcAvailable(
        { client: ec2, maxWaitTime: 120, minDelay: 2, maxDelay: 10, abortSignal: ctx.signal },
        { VpcIds: [vpc.VpcId!] },
      );
    }
  }
  return { value: vpc, created };
}

/**
 * DNS support and hostnames on, always (re)applied: a crash may have come between CreateVpc and
 * these. AWS takes one attribute per call, and hostnames need DNS support on first. A VPC made just
 * now has DNS support on (AWS's default for every new VPC), so it needs only the second call.
 */
export async function enableVpcDns(
  ctx: AwsContext,
  vpcId: string,
  { supportAlreadyOn }: { supportAlreadyOn: boolean },
): Promise<void> {
  const ec2 = ctx.clients.ec2(ctx.region);
  if (!supportAlreadyOn) {
    await ec2.send(
      new ModifyVpcAttributeCommand({ VpcId: vpcId, EnableDnsSupport: { Value: true } }),
      callOptions(ctx),
    );
  }
  await ec2.send(
    new ModifyVpcAttributeCommand({ VpcId: vpcId, EnableDnsHostnames: { Value: true } }),
    callOptions(ctx),
  );
}

/**
 * Every VPC of the region, tagged or not: discovery claims only tagged ones, but needs all of them
 * to know which DHCP option sets are still associated (VPCs are few: the quota is five a region).
 */
export async function listVpcs(ctx: AwsContext): Promise<ListedResource[]> {
  const ec2 = ctx.clients.ec2(ctx.region);
  const vpcs = await allPages(
    (NextToken) => ec2.send(new DescribeVpcsCommand({ NextToken }), callOptions(ctx)),
    (page: DescribeVpcsCommandOutput) => page.Vpcs,
    (page) => page.NextToken,
  );
  return vpcs.map((vpc) => {
    const tags = fromTagList(vpc.Tags);
    return {
      type: 'vpc',
      id: vpc.VpcId!,
      name: tags.Name ?? vpc.VpcId!,
      region: ctx.region,
      ...(vpc.State ? { state: vpc.State } : {}),
      tags,
      refs: compact({ dhcpOptionsId: vpc.DhcpOptionsId }),
    };
  });
}

/** Deletes a VPC; its main route table, default group and network ACL go with it. */
export async function deleteVpc(ctx: AwsContext, vpcId: string): Promise<void> {
  await ctx.clients.ec2(ctx.region).send(new DeleteVpcCommand({ VpcId: vpcId }), callOptions(ctx));
}

/**
 * A VPC goes last of the network: AWS refuses while subnets, route tables, groups, an attached
 * gateway, instances or load balancers remain (moto enforces only subnets and route tables).
 */
export const vpcTeardown: KindTeardown = {
  blockedBy: (vpc, removing) =>
    removing.filter(
      (other) =>
        other !== vpc &&
        other.region === vpc.region &&
        (other.refs.vpcId === vpc.id ||
          (other.type === 'internet-gateway' &&
            (other.refs.attachments ?? []).some((attachment) => attachment.id === vpc.id)) ||
          other.type === 'instance'),
    ),
  // Peering connections, network interfaces, and groups or subnets that are not the cluster's.
  blockersIn: (vpc, facts, ownership) => [
    ...peeringBlockers(vpc.id, facts, ownership),
    ...interfaceBlockers(
      facts.interfaces.filter((eni) => eni.vpcId === vpc.id),
      facts,
      ownership,
    ),
    ...foreignMembersOf(vpc.id, facts, ownership),
  ],
  remove: (ctx, step) => deleteVpc(ctx, step.id),
  removeTags: (ctx, vpc, cluster) => removeEc2ClusterTags(ctx, vpc.id, vpc.tags, cluster),
};

/** The VPCs of the region that use a DHCP option set (to swap it for `default` before deleting it). */
export async function vpcsUsingDhcpOptions(ctx: AwsContext, dhcpOptionsId: string): Promise<string[]> {
  const { Vpcs = [] } = await ctx.clients
    .ec2(ctx.region)
    .send(
      new DescribeVpcsCommand({ Filters: [{ Name: 'dhcp-options-id', Values: [dhcpOptionsId] }] }),
      callOptions(ctx),
    );
  return Vpcs.map((vpc) => vpc.VpcId!).filter(Boolean);
}

/** A VPC tagged for a cluster makes it live (owned or shared); AWS charges nothing for one. */
export const vpcKind: ResourceKind = {
  type: 'vpc',
  scope: 'region',
  teardownRank: 110,
  list: [{ label: 'VPCs', list: listVpcs }],
  find: findVpc,
  ensure: ensureVpc,
  marksClusterLive: () => true,
  claim: { byTag: true },
  orphan: 'never',
  teardown: vpcTeardown,
  price: 'free',
};
