// A full listing of what an account holds in a region (plus global IAM and S3), read straight
// through the SDK, so tests can compare "before" and "after" without trusting kube-tui's discovery.
import {
  DescribeAutoScalingGroupsCommand,
  DescribeLaunchConfigurationsCommand,
} from '@aws-sdk/client-auto-scaling';
import { DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  DescribeAddressesCommand,
  DescribeDhcpOptionsCommand,
  DescribeInstancesCommand,
  DescribeInternetGatewaysCommand,
  DescribeKeyPairsCommand,
  DescribeLaunchTemplatesCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVolumesCommand,
  DescribeVpcsCommand,
} from '@aws-sdk/client-ec2';
import { ListInstanceProfilesCommand, ListRolesCommand } from '@aws-sdk/client-iam';
import { ListBucketsCommand } from '@aws-sdk/client-s3';
import type { AwsClients } from '../../src/aws/clients.js';

export interface AccountSnapshot {
  vpcs: string[];
  subnets: string[];
  internetGateways: string[];
  routeTables: string[];
  securityGroups: string[];
  volumes: string[];
  elasticIps: string[];
  instances: string[];
  launchTemplates: string[];
  launchConfigurations: string[];
  autoScalingGroups: string[];
  keyPairs: string[];
  dhcpOptions: string[];
  roles: string[];
  instanceProfiles: string[];
  buckets: string[];
  logGroups: string[];
}

/**
 * Everything but the defaults AWS (and moto) start an account with; terminated instances (and the
 * root volumes moto leaves attached to them) excluded.
 */
export async function snapshotAccount(
  clients: AwsClients,
  region = clients.region,
): Promise<AccountSnapshot> {
  const ec2 = clients.ec2(region);
  const [vpcs, subnets, gateways, tables, groups, volumes, addresses, reservations, templates, keys, dhcp] =
    await Promise.all([
      ec2.send(new DescribeVpcsCommand({})),
      ec2.send(new DescribeSubnetsCommand({})),
      ec2.send(new DescribeInternetGatewaysCommand({})),
      ec2.send(new DescribeRouteTablesCommand({})),
      ec2.send(new DescribeSecurityGroupsCommand({})),
      ec2.send(new DescribeVolumesCommand({})),
      ec2.send(new DescribeAddressesCommand({})),
      ec2.send(new DescribeInstancesCommand({})),
      ec2.send(new DescribeLaunchTemplatesCommand({})),
      ec2.send(new DescribeKeyPairsCommand({})),
      ec2.send(new DescribeDhcpOptionsCommand({})),
    ]);
  const defaultVpcs = new Set((vpcs.Vpcs ?? []).filter((vpc) => vpc.IsDefault).map((vpc) => vpc.VpcId));
  const terminated = new Set(
    (reservations.Reservations ?? [])
      .flatMap((reservation) => reservation.Instances ?? [])
      .filter((instance) => ['terminated', 'shutting-down'].includes(instance.State?.Name ?? ''))
      .map((instance) => instance.InstanceId ?? ''),
  );
  const [asgs, lcs, roles, profiles, buckets, logGroups] = await Promise.all([
    clients.autoScaling(region).send(new DescribeAutoScalingGroupsCommand({})),
    clients.autoScaling(region).send(new DescribeLaunchConfigurationsCommand({})),
    clients.iam().send(new ListRolesCommand({})),
    clients.iam().send(new ListInstanceProfilesCommand({})),
    clients.s3(region).send(new ListBucketsCommand({})),
    clients.logs(region).send(new DescribeLogGroupsCommand({})),
  ]);
  const sorted = (values: (string | undefined)[]) =>
    values.filter((value): value is string => Boolean(value)).sort();
  return {
    vpcs: sorted((vpcs.Vpcs ?? []).filter((vpc) => !vpc.IsDefault).map((vpc) => vpc.VpcId)),
    subnets: sorted(
      (subnets.Subnets ?? [])
        .filter((subnet) => !defaultVpcs.has(subnet.VpcId))
        .map((subnet) => subnet.SubnetId),
    ),
    internetGateways: sorted(
      (gateways.InternetGateways ?? [])
        .filter((gateway) => !gateway.Attachments?.some((attachment) => defaultVpcs.has(attachment.VpcId)))
        .map((gateway) => gateway.InternetGatewayId),
    ),
    routeTables: sorted(
      (tables.RouteTables ?? [])
        .filter(
          (table) =>
            !defaultVpcs.has(table.VpcId) && !table.Associations?.some((association) => association.Main),
        )
        .map((table) => table.RouteTableId),
    ),
    securityGroups: sorted(
      (groups.SecurityGroups ?? [])
        .filter((group) => group.GroupName !== 'default')
        .map((group) => group.GroupId),
    ),
    // moto gives Auto Scaling instances an untagged default root volume that stays "in-use" on the
    // terminated instance (AWS deletes it with the instance): part of the terminated instance.
    volumes: sorted(
      (volumes.Volumes ?? [])
        .filter(
          (volume) =>
            !(
              volume.Attachments?.length &&
              volume.Attachments.every((attachment) => terminated.has(attachment.InstanceId ?? ''))
            ),
        )
        .map((volume) => volume.VolumeId),
    ),
    elasticIps: sorted((addresses.Addresses ?? []).map((address) => address.AllocationId)),
    instances: sorted(
      (reservations.Reservations ?? [])
        .flatMap((reservation) => reservation.Instances ?? [])
        .filter((instance) => !['terminated', 'shutting-down'].includes(instance.State?.Name ?? ''))
        .map((instance) => instance.InstanceId),
    ),
    launchTemplates: sorted((templates.LaunchTemplates ?? []).map((template) => template.LaunchTemplateName)),
    launchConfigurations: sorted((lcs.LaunchConfigurations ?? []).map((lc) => lc.LaunchConfigurationName)),
    autoScalingGroups: sorted((asgs.AutoScalingGroups ?? []).map((group) => group.AutoScalingGroupName)),
    keyPairs: sorted((keys.KeyPairs ?? []).map((key) => key.KeyName)),
    dhcpOptions: sorted(
      (dhcp.DhcpOptions ?? [])
        .filter((options) => options.Tags?.length)
        .map((options) => options.DhcpOptionsId),
    ),
    roles: sorted((roles.Roles ?? []).map((role) => role.RoleName)),
    instanceProfiles: sorted((profiles.InstanceProfiles ?? []).map((profile) => profile.InstanceProfileName)),
    buckets: sorted((buckets.Buckets ?? []).map((bucket) => bucket.Name)),
    logGroups: sorted((logGroups.logGroups ?? []).map((group) => group.logGroupName)),
  };
}

/** Counts per kind, for "a rerun created nothing". */
export function countsOf(snapshot: AccountSnapshot): Record<keyof AccountSnapshot, number> {
  return Object.fromEntries(Object.entries(snapshot).map(([kind, ids]) => [kind, ids.length])) as Record<
    keyof AccountSnapshot,
    number
  >;
}

/**
 * Resources (other than the account's defaults) that lack the cluster's `kubernetes.io/cluster/<C>`
 * tag: after a crash this must be empty, or teardown could not find what was left.
 */
export async function untaggedResources(
  clients: AwsClients,
  cluster: string,
  region = clients.region,
): Promise<string[]> {
  const key = `kubernetes.io/cluster/${cluster}`;
  const ec2 = clients.ec2(region);
  const tagged = (tags: { Key?: string }[] | undefined) => Boolean(tags?.some((tag) => tag.Key === key));
  const [vpcs, subnets, gateways, tables, groups, volumes, addresses, reservations, templates, keys] =
    await Promise.all([
      ec2.send(new DescribeVpcsCommand({})),
      ec2.send(new DescribeSubnetsCommand({})),
      ec2.send(new DescribeInternetGatewaysCommand({})),
      ec2.send(new DescribeRouteTablesCommand({})),
      ec2.send(new DescribeSecurityGroupsCommand({})),
      ec2.send(new DescribeVolumesCommand({})),
      ec2.send(new DescribeAddressesCommand({})),
      ec2.send(new DescribeInstancesCommand({})),
      ec2.send(new DescribeLaunchTemplatesCommand({})),
      ec2.send(new DescribeKeyPairsCommand({})),
    ]);
  const defaultVpcs = new Set((vpcs.Vpcs ?? []).filter((vpc) => vpc.IsDefault).map((vpc) => vpc.VpcId));
  const untagged: string[] = [];
  const check = (id: string | undefined, tags: { Key?: string }[] | undefined) => {
    if (id && !tagged(tags)) untagged.push(id);
  };
  for (const vpc of vpcs.Vpcs ?? []) if (!vpc.IsDefault) check(vpc.VpcId, vpc.Tags);
  for (const subnet of subnets.Subnets ?? [])
    if (!defaultVpcs.has(subnet.VpcId)) check(subnet.SubnetId, subnet.Tags);
  for (const gateway of gateways.InternetGateways ?? []) {
    if (!gateway.Attachments?.some((attachment) => defaultVpcs.has(attachment.VpcId)))
      check(gateway.InternetGatewayId, gateway.Tags);
  }
  for (const table of tables.RouteTables ?? []) {
    if (!defaultVpcs.has(table.VpcId) && !table.Associations?.some((association) => association.Main))
      check(table.RouteTableId, table.Tags);
  }
  for (const group of groups.SecurityGroups ?? [])
    if (group.GroupName !== 'default') check(group.GroupId, group.Tags);
  for (const volume of volumes.Volumes ?? []) check(volume.VolumeId, volume.Tags);
  for (const address of addresses.Addresses ?? []) check(address.AllocationId, address.Tags);
  for (const instance of (reservations.Reservations ?? []).flatMap(
    (reservation) => reservation.Instances ?? [],
  )) {
    if (!['terminated', 'shutting-down'].includes(instance.State?.Name ?? ''))
      check(instance.InstanceId, instance.Tags);
  }
  for (const template of templates.LaunchTemplates ?? []) check(template.LaunchTemplateName, template.Tags);
  for (const keyPair of keys.KeyPairs ?? []) check(keyPair.KeyName, keyPair.Tags);
  return untagged.sort();
}
