// Security groups `kubernetes-master-<C>` and `kubernetes-minion-<C>`: all traffic within and
// between the two, SSH on both from SSH_CIDR, the API server (443) on the master from HTTP_API_CIDR.
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  DeleteSecurityGroupCommand,
  DescribeSecurityGroupsCommand,
  type DescribeSecurityGroupsCommandOutput,
  type IpPermission,
  RevokeSecurityGroupEgressCommand,
  RevokeSecurityGroupIngressCommand,
  type SecurityGroup,
} from '@aws-sdk/client-ec2';
import { interfaceBlockers, referencingGroupBlockers } from '../../model/blockers.js';
import type { ListedResource } from '../../model/inventory.js';
import { isProtected } from '../../model/lifecycle.js';
import { API_PORT } from '../../model/network.js';
import { type AwsContext, callOptions } from '../context.js';
import { classifyError } from '../errors.js';
import { fromTagList } from '../naming.js';
import { isEventuallyConsistent, retry } from '../retry.js';
import {
  allPages,
  CLUSTER_TAG_KEY_FILTER,
  compact,
  createOnce,
  type Ensured,
  ignoringCodes,
  ownedTagsIn,
  tagSpecification,
} from './common.js';
import { type ResourceKind, unlessInstancesUse } from './kind.js';
import { instancesIn, type KindTeardown, removeEc2ClusterTags } from './teardown-kind.js';

/** One ingress rule: all traffic from a group, or one TCP port from a CIDR. */
export type IngressRule = { fromGroupId: string } | { tcpPort: number; cidr: string };

export async function findSecurityGroup(
  ctx: AwsContext,
  vpcId: string,
  groupName: string,
): Promise<SecurityGroup | undefined> {
  const { SecurityGroups = [] } = await ctx.clients.ec2(ctx.region).send(
    new DescribeSecurityGroupsCommand({
      Filters: [
        { Name: 'vpc-id', Values: [vpcId] },
        { Name: 'group-name', Values: [groupName] },
      ],
    }),
    callOptions(ctx),
  );
  return SecurityGroups[0];
}

export async function ensureSecurityGroup(
  ctx: AwsContext,
  input: { cluster: string; vpcId: string; groupName: string; description: string; vpcMadeNow?: boolean },
): Promise<Ensured<SecurityGroup>> {
  // A VPC made by this run holds no group of ours yet (a racing run's is refused by its name, and
  // then found): no need to look first.
  const existing = input.vpcMadeNow ? undefined : await findSecurityGroup(ctx, input.vpcId, input.groupName);
  if (existing) return { value: existing, created: false };
  return createOnce(ctx, {
    find: () => findSecurityGroup(ctx, input.vpcId, input.groupName),
    create: async (sending) => {
      const result = await sending.clients
        .withoutRetries()
        .ec2(sending.region)
        .send(
          new CreateSecurityGroupCommand({
            GroupName: input.groupName,
            Description: input.description,
            VpcId: input.vpcId,
            TagSpecifications: tagSpecification(
              'security-group',
              ownedTagsIn(ctx, input.cluster, input.groupName),
            ),
          }),
          callOptions(sending),
        );
      return { GroupId: result.GroupId, GroupName: input.groupName, VpcId: input.vpcId, IpPermissions: [] };
    },
  });
}

function hasRule(permissions: IpPermission[], rule: IngressRule): boolean {
  return permissions.some((permission) => {
    if ('fromGroupId' in rule) {
      return (
        permission.IpProtocol === '-1' &&
        Boolean(permission.UserIdGroupPairs?.some((pair) => pair.GroupId === rule.fromGroupId))
      );
    }
    return (
      permission.IpProtocol === 'tcp' &&
      permission.FromPort === rule.tcpPort &&
      permission.ToPort === rule.tcpPort &&
      Boolean(permission.IpRanges?.some((range) => range.CidrIp === rule.cidr))
    );
  });
}

function toPermission(rule: IngressRule): IpPermission {
  if ('fromGroupId' in rule) return { IpProtocol: '-1', UserIdGroupPairs: [{ GroupId: rule.fromGroupId }] };
  return {
    IpProtocol: 'tcp',
    FromPort: rule.tcpPort,
    ToPort: rule.tcpPort,
    IpRanges: [{ CidrIp: rule.cidr }],
  };
}

/** Adds the rules the group lacks, in one call. Returns how many were added. */
export async function ensureIngress(
  ctx: AwsContext,
  group: SecurityGroup,
  rules: IngressRule[],
): Promise<number> {
  const missing = rules.filter((rule) => !hasRule(group.IpPermissions ?? [], rule));
  if (missing.length === 0) return 0;
  const authorize = (rulesToAdd: IngressRule[]) =>
    // A group made a moment ago may not be visible to the authorize endpoint yet.
    retry(
      () =>
        ctx.clients.ec2(ctx.region).send(
          new AuthorizeSecurityGroupIngressCommand({
            GroupId: group.GroupId,
            IpPermissions: rulesToAdd.map(toPermission),
          }),
          callOptions(ctx),
        ),
      { retryIf: isEventuallyConsistent, signal: ctx.signal, maxMs: 60_000 },
    );
  try {
    await authorize(missing);
  } catch (error) {
    // The call is all-or-nothing: if another run added one of the rules meanwhile, add them one by one.
    if (classifyError(error).code !== 'InvalidPermission.Duplicate') throw error;
    for (const rule of missing) await ignoringCodes(authorize([rule]), ['InvalidPermission.Duplicate']);
  }
  return missing.length;
}

export function masterIngress(
  groups: { master: string; node: string },
  cidrs: { ssh: string; api: string },
): IngressRule[] {
  return [
    { fromGroupId: groups.master },
    { fromGroupId: groups.node },
    { tcpPort: 22, cidr: cidrs.ssh },
    { tcpPort: API_PORT, cidr: cidrs.api },
  ];
}

export function nodeIngress(groups: { master: string; node: string }, cidrs: { ssh: string }): IngressRule[] {
  return [{ fromGroupId: groups.node }, { fromGroupId: groups.master }, { tcpPort: 22, cidr: cidrs.ssh }];
}

/**
 * Security groups carrying a cluster tag: kube-up's `kubernetes-master-<C>` / `kubernetes-minion-<C>`
 * and those the cloud controller made for load balancers. `refs.securityGroupIds` lists the groups
 * their rules reference (itself aside): those rules must be revoked before either group can be deleted.
 */
export async function listSecurityGroups(ctx: AwsContext): Promise<ListedResource[]> {
  const ec2 = ctx.clients.ec2(ctx.region);
  const groups = await allPages(
    (NextToken) =>
      ec2.send(
        new DescribeSecurityGroupsCommand({ Filters: CLUSTER_TAG_KEY_FILTER, NextToken }),
        callOptions(ctx),
      ),
    (page: DescribeSecurityGroupsCommandOutput) => page.SecurityGroups,
    (page) => page.NextToken,
  );
  return groups.map((group) => {
    const tags = fromTagList(group.Tags);
    const referenced = new Set<string>();
    for (const permission of [...(group.IpPermissions ?? []), ...(group.IpPermissionsEgress ?? [])]) {
      for (const pair of permission.UserIdGroupPairs ?? [])
        if (pair.GroupId && pair.GroupId !== group.GroupId) referenced.add(pair.GroupId);
    }
    return {
      type: 'security-group',
      id: group.GroupId!,
      name: group.GroupName ?? tags.Name ?? group.GroupId!,
      region: ctx.region,
      tags,
      refs: compact({ vpcId: group.VpcId, securityGroupIds: [...referenced].sort() }),
    };
  });
}

/** The part of each rule that names a group `named` picks (the CIDR parts stay: they block nothing). */
function permissionsNaming(
  permissions: IpPermission[] | undefined,
  named: (groupId: string) => boolean,
): IpPermission[] {
  return (permissions ?? []).flatMap((permission) => {
    const pairs = (permission.UserIdGroupPairs ?? []).filter((pair) => pair.GroupId && named(pair.GroupId));
    if (pairs.length === 0) return [];
    return [
      {
        IpProtocol: permission.IpProtocol,
        ...(permission.FromPort !== undefined ? { FromPort: permission.FromPort } : {}),
        ...(permission.ToPort !== undefined ? { ToPort: permission.ToPort } : {}),
        UserIdGroupPairs: pairs.map((pair) => ({ GroupId: pair.GroupId })),
      },
    ];
  });
}

/** Revokes these parts of a group's ingress and egress rules; a rule already gone is fine. */
async function revokeFrom(
  ctx: AwsContext,
  groupId: string,
  rules: { ingress: IpPermission[]; egress: IpPermission[] },
): Promise<void> {
  const ec2 = ctx.clients.ec2(ctx.region);
  const missing = ['InvalidPermission.NotFound'];
  if (rules.ingress.length > 0) {
    await ignoringCodes(
      ec2.send(
        new RevokeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: rules.ingress }),
        callOptions(ctx),
      ),
      missing,
    );
  }
  if (rules.egress.length > 0) {
    await ignoringCodes(
      ec2.send(
        new RevokeSecurityGroupEgressCommand({ GroupId: groupId, IpPermissions: rules.egress }),
        callOptions(ctx),
      ),
      missing,
    );
  }
}

/**
 * Revokes the group's ingress and egress rules that reference other groups, so that no group of
 * the cluster still references another when they are deleted (AWS refuses to delete a referenced
 * group; moto does not check). Returns the groups that were referenced.
 */
export async function revokeCrossGroupRules(ctx: AwsContext, groupId: string): Promise<string[]> {
  const { SecurityGroups = [] } = await ctx.clients
    .ec2(ctx.region)
    .send(new DescribeSecurityGroupsCommand({ GroupIds: [groupId] }), callOptions(ctx));
  const group = SecurityGroups[0];
  if (!group) return [];
  const other = (id: string) => id !== groupId;
  const ingress = permissionsNaming(group.IpPermissions, other);
  const egress = permissionsNaming(group.IpPermissionsEgress, other);
  await revokeFrom(ctx, groupId, { ingress, egress });
  return [
    ...new Set(
      [...ingress, ...egress].flatMap((permission) =>
        (permission.UserIdGroupPairs ?? []).map((p) => p.GroupId!),
      ),
    ),
  ].sort();
}

/**
 * --force-revoke: in every other group (of any VPC) whose rules reference `groupId`, revokes those
 * rules, never in a protected group. Returns the groups changed.
 */
export async function revokeReferencesTo(ctx: AwsContext, groupId: string): Promise<string[]> {
  const referencing = async (filter: string) =>
    (
      await ctx.clients
        .ec2(ctx.region)
        .send(
          new DescribeSecurityGroupsCommand({ Filters: [{ Name: filter, Values: [groupId] }] }),
          callOptions(ctx),
        )
    ).SecurityGroups ?? [];
  const found = (
    await Promise.all([referencing('ip-permission.group-id'), referencing('egress.ip-permission.group-id')])
  ).flat();
  const groups = new Map(found.map((group) => [group.GroupId!, group]));
  const itself = (id: string) => id === groupId;
  const changed: string[] = [];
  for (const group of groups.values()) {
    if (group.GroupId === groupId || isProtected(fromTagList(group.Tags))) continue;
    const ingress = permissionsNaming(group.IpPermissions, itself);
    const egress = permissionsNaming(group.IpPermissionsEgress, itself);
    if (ingress.length + egress.length === 0) continue;
    await revokeFrom(ctx, group.GroupId!, { ingress, egress });
    changed.push(group.GroupId!);
  }
  return changed.sort();
}

export async function deleteSecurityGroup(ctx: AwsContext, groupId: string): Promise<void> {
  await ctx.clients
    .ec2(ctx.region)
    .send(new DeleteSecurityGroupCommand({ GroupId: groupId }), callOptions(ctx));
}

/**
 * A group goes once nothing uses it: instances (terminated, not merely terminating), load
 * balancers, launch templates and configurations that name it, and once every group that
 * references it has revoked those rules (both directions: a pair of groups referencing each other
 * never waits on itself). moto checks none of this; AWS checks all of it.
 */
export const securityGroupTeardown: KindTeardown = {
  blockedBy: (group, removing) => [
    ...instancesIn(removing, group.region),
    ...removing.filter(
      (other) =>
        other.region === group.region &&
        ['load-balancer', 'launch-template', 'launch-configuration'].includes(other.type) &&
        (other.refs.securityGroupIds ?? []).includes(group.id),
    ),
  ],
  prepare: async (ctx, step) => {
    const referenced = await revokeCrossGroupRules(ctx, step.id);
    if (referenced.length > 0) ctx.detail(`revoked its rules that reference ${referenced.join(', ')}`);
    if (!ctx.forceRevoke) return;
    const referencing = await revokeReferencesTo(ctx, step.id);
    if (referencing.length > 0)
      ctx.detail(`--force-revoke: revoked the rules of ${referencing.join(', ')} that reference it`);
  },
  waitsForPrepareOf: (group, removing) =>
    removing.filter(
      (other) =>
        other.type === 'security-group' &&
        other.region === group.region &&
        (other === group || (other.refs.securityGroupIds ?? []).includes(group.id)),
    ),
  // The groups of any VPC whose rules name it, and the network interfaces that use it.
  blockersIn: (group, facts, ownership) => [
    ...referencingGroupBlockers(group.id, facts, ownership),
    ...interfaceBlockers(
      facts.interfaces.filter((eni) => eni.groupIds.includes(group.id)),
      facts,
      ownership,
    ),
  ],
  remove: (ctx, step) => deleteSecurityGroup(ctx, step.id),
  removeTags: (ctx, group, cluster) => removeEc2ClusterTags(ctx, group.id, group.tags, cluster),
};

export const securityGroupKind: ResourceKind = {
  type: 'security-group',
  scope: 'region',
  teardownRank: 70,
  list: [{ label: 'security groups', list: listSecurityGroups }],
  find: findSecurityGroup,
  ensure: ensureSecurityGroup,
  claim: { byTag: true },
  orphan: unlessInstancesUse('securityGroupIds'),
  teardown: securityGroupTeardown,
  price: 'free',
};
