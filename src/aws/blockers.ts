// The facts around the resources a teardown removes that can block their deletion: the network
// interfaces, instances, groups and subnets of their VPCs, the groups (of any VPC) whose rules
// reference their groups, and the VPCs' peering connections. One round of Describe calls, for the
// plan and again whenever AWS answers a deletion with DependencyViolation.
import {
  DescribeInstancesCommand,
  DescribeNetworkInterfacesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcPeeringConnectionsCommand,
  type Filter,
  type SecurityGroup,
} from '@aws-sdk/client-ec2';
import type { BlockerFacts, GroupFact, InstanceFact, Ownership } from '../model/blockers.js';
import type { InventoryResource } from '../model/inventory.js';
import type { TagMap } from '../model/resource-types.js';
import { type AwsContext, callOptions } from './context.js';
import { clusterMemberships, fromTagList } from './naming.js';
import { allPages } from './resources/common.js';

/** Where to look around some resources: their VPCs, and the groups whose referencing rules matter. */
export interface BlockerScope {
  vpcIds: string[];
  groupIds: string[];
}

/** The VPCs and groups around a resource: a VPC is its own, a gateway's are those it is attached to. */
export function scopeOf(resources: readonly InventoryResource[]): BlockerScope {
  const vpcIds = new Set<string>();
  const groupIds = new Set<string>();
  for (const resource of resources) {
    if (resource.type === 'vpc') vpcIds.add(resource.id);
    if (resource.refs.vpcId) vpcIds.add(resource.refs.vpcId);
    for (const attachment of resource.refs.attachments ?? []) vpcIds.add(attachment.id);
    if (resource.type === 'security-group') groupIds.add(resource.id);
  }
  return { vpcIds: [...vpcIds].sort(), groupIds: [...groupIds].sort() };
}

/** kube-up's and AWS's "User initiated (2026-11-30 10:00:00 GMT)": when the instance entered its state. */
export function transitionTime(reason: string | undefined): string | undefined {
  const match = /\((\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}) GMT\)/.exec(reason ?? '');
  return match ? `${match[1]}T${match[2]}Z` : undefined;
}

function groupFact(group: SecurityGroup): GroupFact {
  const references = new Set<string>();
  for (const permission of [...(group.IpPermissions ?? []), ...(group.IpPermissionsEgress ?? [])]) {
    for (const pair of permission.UserIdGroupPairs ?? []) if (pair.GroupId) references.add(pair.GroupId);
  }
  return {
    id: group.GroupId!,
    ...(group.GroupName ? { name: group.GroupName } : {}),
    ...(group.VpcId ? { vpcId: group.VpcId } : {}),
    references: [...references].sort(),
    tags: fromTagList(group.Tags),
  };
}

/** One round of Describe calls around the scope (paged); nothing is asked when the scope is empty. */
export async function scanBlockerFacts(ctx: AwsContext, scope: BlockerScope): Promise<BlockerFacts> {
  const ec2 = ctx.clients.ec2(ctx.region);
  const options = callOptions(ctx);
  /** Every page of a Describe call filtered by `name` in `values`; nothing is asked for no value. */
  const where = <Page extends { NextToken?: string | undefined }, Item>(
    name: string,
    values: string[],
    send: (input: { Filters: Filter[]; NextToken?: string | undefined }) => Promise<Page>,
    items: (page: Page) => Item[] | undefined,
  ): Promise<Item[]> =>
    values.length === 0
      ? Promise.resolve([])
      : allPages(
          (NextToken) => send({ Filters: [{ Name: name, Values: values }], NextToken }),
          items,
          (page) => page.NextToken,
        );
  const { vpcIds, groupIds } = scope;
  const groupsWhere = (name: string, values: string[]) =>
    where(
      name,
      values,
      (input) => ec2.send(new DescribeSecurityGroupsCommand(input), options),
      (page) => page.SecurityGroups,
    );
  const peeringsWhere = (name: string) =>
    where(
      name,
      vpcIds,
      (input) => ec2.send(new DescribeVpcPeeringConnectionsCommand(input), options),
      (page) => page.VpcPeeringConnections,
    );
  const [interfaces, reservations, vpcGroups, ingressRefs, egressRefs, subnets, requested, accepted] =
    await Promise.all([
      where(
        'vpc-id',
        vpcIds,
        (input) => ec2.send(new DescribeNetworkInterfacesCommand(input), options),
        (page) => page.NetworkInterfaces,
      ),
      where(
        'vpc-id',
        vpcIds,
        (input) => ec2.send(new DescribeInstancesCommand(input), options),
        (page) => page.Reservations,
      ),
      groupsWhere('vpc-id', vpcIds),
      groupsWhere('ip-permission.group-id', groupIds),
      groupsWhere('egress.ip-permission.group-id', groupIds),
      where(
        'vpc-id',
        vpcIds,
        (input) => ec2.send(new DescribeSubnetsCommand(input), options),
        (page) => page.Subnets,
      ),
      peeringsWhere('requester-vpc-info.vpc-id'),
      peeringsWhere('accepter-vpc-info.vpc-id'),
    ]);
  const instances: InstanceFact[] = reservations
    .flatMap((reservation) => reservation.Instances ?? [])
    .map((instance) => {
      const since = transitionTime(instance.StateTransitionReason);
      return {
        id: instance.InstanceId!,
        state: instance.State?.Name ?? 'unknown',
        ...(since ? { since } : {}),
        ...(instance.SubnetId ? { subnetId: instance.SubnetId } : {}),
        ...(instance.VpcId ? { vpcId: instance.VpcId } : {}),
        tags: fromTagList(instance.Tags),
      };
    });
  const groups = new Map<string, GroupFact>();
  for (const group of [...vpcGroups, ...ingressRefs, ...egressRefs])
    groups.set(group.GroupId!, groupFact(group));
  const peerings = new Map(
    [...requested, ...accepted].map((peering) => [
      peering.VpcPeeringConnectionId!,
      {
        id: peering.VpcPeeringConnectionId!,
        status: peering.Status?.Code ?? 'unknown',
        ...(peering.RequesterVpcInfo?.VpcId ? { requesterVpcId: peering.RequesterVpcInfo.VpcId } : {}),
        ...(peering.AccepterVpcInfo?.VpcId ? { accepterVpcId: peering.AccepterVpcInfo.VpcId } : {}),
        tags: fromTagList(peering.Tags),
      },
    ]),
  );
  return {
    interfaces: interfaces.map((eni) => ({
      id: eni.NetworkInterfaceId!,
      ...(eni.SubnetId ? { subnetId: eni.SubnetId } : {}),
      ...(eni.VpcId ? { vpcId: eni.VpcId } : {}),
      groupIds: (eni.Groups ?? []).map((group) => group.GroupId!).filter(Boolean),
      ...(eni.Description ? { description: eni.Description } : {}),
      ...(eni.InterfaceType ? { interfaceType: eni.InterfaceType } : {}),
      ...(eni.Attachment?.InstanceId ? { instanceId: eni.Attachment.InstanceId } : {}),
      ...(eni.Status ? { status: eni.Status } : {}),
      ...(eni.Association?.PublicIp ? { publicIp: eni.Association.PublicIp } : {}),
      tags: fromTagList(eni.TagSet),
    })),
    instances,
    groups: [...groups.values()],
    subnets: subnets.map((subnet) => ({
      id: subnet.SubnetId!,
      ...(subnet.VpcId ? { vpcId: subnet.VpcId } : {}),
      tags: fromTagList(subnet.Tags),
    })),
    peerings: [...peerings.values()],
  };
}

/**
 * This cluster's: what the plan removes (by id, and load balancers also by name, as their network
 * interfaces name them), and for a cluster, whatever its tags say it owns.
 */
export function ownershipOf(
  removing: readonly InventoryResource[],
  cluster?: string,
  forceRevoke?: boolean,
): Ownership {
  const ids = new Set<string>();
  for (const resource of removing) {
    ids.add(resource.id);
    if (resource.type === 'load-balancer') ids.add(resource.name);
  }
  return {
    removing: ids,
    ...(cluster ? { taggedOurs: (tags: TagMap) => clusterMemberships(tags).get(cluster) === 'owned' } : {}),
    ...(forceRevoke ? { forceRevoke } : {}),
  };
}
