// Subnet: 172.20.0.0/24 in the zone, public IPs on launch (kube-up's ENABLE_NODE_PUBLIC_IP=true).
import {
  CreateSubnetCommand,
  DeleteSubnetCommand,
  DescribeSubnetsCommand,
  type DescribeSubnetsCommandOutput,
  ModifySubnetAttributeCommand,
  type Subnet,
} from '@aws-sdk/client-ec2';
import { interfaceBlockers } from '../../model/blockers.js';
import type { TakenBlock } from '../../model/cidr.js';
import type { ListedResource } from '../../model/inventory.js';
import { type AwsContext, callOptions } from '../context.js';
import { clusterMemberships, clusterNames, fromTagList } from '../naming.js';
import { isEventuallyConsistent, retry } from '../retry.js';
import {
  allPages,
  CLUSTER_TAG_KEY_FILTER,
  clusterFilters,
  compact,
  createOnce,
  type Ensured,
  ownedTagsIn,
  tagSpecification,
} from './common.js';
import { type ResourceKind, unlessInstancesUse } from './kind.js';
import { instancesIn, type KindTeardown, removeEc2ClusterTags } from './teardown-kind.js';

export async function findSubnet(
  ctx: AwsContext,
  cluster: string,
  vpcId: string,
  zone: string,
): Promise<Subnet | undefined> {
  const { Subnets = [] } = await ctx.clients.ec2(ctx.region).send(
    new DescribeSubnetsCommand({
      Filters: [
        ...clusterFilters(cluster),
        { Name: 'vpc-id', Values: [vpcId] },
        { Name: 'availability-zone', Values: [zone] },
      ],
    }),
    callOptions(ctx),
  );
  return Subnets[0];
}

/**
 * The VPC's subnets that this cluster did not make, whose blocks a subnet to create must not
 * overlap (its own, found again by a rerun, are reused).
 */
export async function foreignSubnetsIn(
  ctx: AwsContext,
  vpcId: string,
  cluster: string,
): Promise<TakenBlock[]> {
  const { Subnets = [] } = await ctx.clients
    .ec2(ctx.region)
    .send(new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }), callOptions(ctx));
  return Subnets.filter(
    (subnet) => clusterMemberships(fromTagList(subnet.Tags)).get(cluster) !== 'owned',
  ).map((subnet) => ({ id: subnet.SubnetId ?? '', cidr: subnet.CidrBlock ?? '' }));
}

export async function ensureSubnet(
  ctx: AwsContext,
  input: { cluster: string; vpcId: string; zone: string; cidr: string; name?: string; vpcMadeNow?: boolean },
): Promise<Ensured<Subnet>> {
  const ec2 = ctx.clients.ec2(ctx.region);
  // A VPC made by this run holds no subnet of ours yet (a racing run's is refused by its CIDR, and
  // then found): no need to look first.
  let subnet = input.vpcMadeNow ? undefined : await findSubnet(ctx, input.cluster, input.vpcId, input.zone);
  const created = !subnet;
  if (!subnet) {
    // A VPC made a moment ago may not be visible to CreateSubnet yet.
    ({ value: subnet } = await retry(
      () =>
        createOnce(ctx, {
          find: () => findSubnet(ctx, input.cluster, input.vpcId, input.zone),
          create: async (sending) =>
            (
              await sending.clients
                .withoutRetries()
                .ec2(sending.region)
                .send(
                  new CreateSubnetCommand({
                    VpcId: input.vpcId,
                    CidrBlock: input.cidr,
                    AvailabilityZone: input.zone,
                    TagSpecifications: tagSpecification(
                      'subnet',
                      ownedTagsIn(
                        ctx,
                        input.cluster,
                        input.name ?? clusterNames(input.cluster, ctx.region).subnet,
                      ),
                    ),
                  }),
                  callOptions(sending),
                )
            ).Subnet!,
        }),
      { retryIf: isEventuallyConsistent, signal: ctx.signal, maxMs: 60_000 },
    ));
  }
  if (!subnet.MapPublicIpOnLaunch) {
    await ec2.send(
      new ModifySubnetAttributeCommand({ SubnetId: subnet.SubnetId, MapPublicIpOnLaunch: { Value: true } }),
      callOptions(ctx),
    );
  }
  return { value: subnet, created };
}

/** Subnets carrying a cluster tag (kube-up tagged its subnet with KubernetesCluster only). */
export async function listSubnets(ctx: AwsContext): Promise<ListedResource[]> {
  const ec2 = ctx.clients.ec2(ctx.region);
  const subnets = await allPages(
    (NextToken) =>
      ec2.send(new DescribeSubnetsCommand({ Filters: CLUSTER_TAG_KEY_FILTER, NextToken }), callOptions(ctx)),
    (page: DescribeSubnetsCommandOutput) => page.Subnets,
    (page) => page.NextToken,
  );
  return subnets.map((subnet) => {
    const tags = fromTagList(subnet.Tags);
    return {
      type: 'subnet',
      id: subnet.SubnetId!,
      name: tags.Name ?? subnet.SubnetId!,
      region: ctx.region,
      ...(subnet.State ? { state: subnet.State } : {}),
      tags,
      refs: compact({ vpcId: subnet.VpcId }),
      detail: compact({ zone: subnet.AvailabilityZone }),
    };
  });
}

export async function deleteSubnet(ctx: AwsContext, subnetId: string): Promise<void> {
  await ctx.clients.ec2(ctx.region).send(new DeleteSubnetCommand({ SubnetId: subnetId }), callOptions(ctx));
}

/**
 * A subnet goes once nothing runs in it: instances (moto does not check them), the Auto Scaling
 * group that launches into it and load balancers with interfaces in it.
 */
export const subnetTeardown: KindTeardown = {
  blockedBy: (subnet, removing) => [
    ...instancesIn(removing, subnet.region),
    ...removing.filter(
      (other) =>
        other.region === subnet.region &&
        (other.type === 'auto-scaling-group' || other.type === 'load-balancer') &&
        (other.refs.subnetIds ?? []).includes(subnet.id),
    ),
  ],
  // Every network interface in it: an instance's, a load balancer's, a NAT gateway's, an endpoint's.
  blockersIn: (subnet, facts, ownership) =>
    interfaceBlockers(
      facts.interfaces.filter((eni) => eni.subnetId === subnet.id),
      facts,
      ownership,
    ),
  remove: (ctx, step) => deleteSubnet(ctx, step.id),
  removeTags: (ctx, subnet, cluster) => removeEc2ClusterTags(ctx, subnet.id, subnet.tags, cluster),
};

export const subnetKind: ResourceKind = {
  type: 'subnet',
  scope: 'region',
  teardownRank: 80,
  list: [{ label: 'subnets', list: listSubnets }],
  find: findSubnet,
  ensure: ensureSubnet,
  claim: { byTag: true },
  orphan: unlessInstancesUse('subnetIds'),
  teardown: subnetTeardown,
  price: 'free',
};
