// The registry of resource kinds discovery and teardown iterate over: each entry names the types a
// module lists, whether it is listed per region or once (IAM and S3 are global), and its lister;
// TEARDOWN_KINDS gives each type's removal (what blocks it, how it goes). A new kind is one module
// plus a line in each.

import type { ListedResource } from '../../model/inventory.js';
import type { ResourceType } from '../../model/resource-types.js';
import type { AwsContext } from '../context.js';
import { autoScalingGroupTeardown, listAutoScalingGroups } from './auto-scaling-group.js';
import { dhcpOptionsTeardown, listDhcpOptions } from './dhcp-options.js';
import { elasticIpTeardown, listElasticIps } from './elastic-ip.js';
import { instanceProfileTeardown, listRolesAndProfiles, roleTeardown } from './iam-role.js';
import { instanceTeardown, listInstances } from './instance.js';
import { internetGatewayTeardown, listInternetGateways } from './internet-gateway.js';
import { keyPairTeardown, listKeyPairs } from './key-pair.js';
import { launchConfigurationTeardown, listLaunchConfigurations } from './launch-configuration.js';
import { launchTemplateTeardown, listLaunchTemplates } from './launch-template.js';
import { listClassicLoadBalancers, listLoadBalancersV2, loadBalancerTeardown } from './load-balancer.js';
import { listLogGroups, logGroupTeardown } from './log-group.js';
import { listRouteTables, routeTableTeardown } from './route-table.js';
import { bucketTeardown, listStagingBuckets } from './s3-bucket.js';
import { listSecurityGroups, securityGroupTeardown } from './security-group.js';
import { listSubnets, subnetTeardown } from './subnet.js';
import type { KindTeardown } from './teardown-kind.js';
import { listVolumes, volumeTeardown } from './volume.js';
import { listVpcs, vpcTeardown } from './vpc.js';

export interface ResourceKind {
  /** A name for errors and call accounting, e.g. `classic load balancers`. */
  label: string;
  types: readonly ResourceType[];
  /** `region`: listed in every scanned region; `global`: once per discovery (IAM, S3). */
  scope: 'region' | 'global';
  list(ctx: AwsContext): Promise<ListedResource[]>;
}

export const RESOURCE_KINDS: readonly ResourceKind[] = [
  { label: 'VPCs', types: ['vpc'], scope: 'region', list: listVpcs },
  { label: 'subnets', types: ['subnet'], scope: 'region', list: listSubnets },
  { label: 'internet gateways', types: ['internet-gateway'], scope: 'region', list: listInternetGateways },
  { label: 'route tables', types: ['route-table'], scope: 'region', list: listRouteTables },
  { label: 'security groups', types: ['security-group'], scope: 'region', list: listSecurityGroups },
  { label: 'volumes', types: ['volume'], scope: 'region', list: listVolumes },
  { label: 'Elastic IPs', types: ['elastic-ip'], scope: 'region', list: listElasticIps },
  { label: 'instances', types: ['instance'], scope: 'region', list: listInstances },
  { label: 'key pairs', types: ['key-pair'], scope: 'region', list: listKeyPairs },
  { label: 'launch templates', types: ['launch-template'], scope: 'region', list: listLaunchTemplates },
  {
    label: 'launch configurations',
    types: ['launch-configuration'],
    scope: 'region',
    list: listLaunchConfigurations,
  },
  {
    label: 'Auto Scaling groups',
    types: ['auto-scaling-group'],
    scope: 'region',
    list: listAutoScalingGroups,
  },
  { label: 'DHCP option sets', types: ['dhcp-options'], scope: 'region', list: listDhcpOptions },
  {
    label: 'classic load balancers',
    types: ['load-balancer'],
    scope: 'region',
    list: listClassicLoadBalancers,
  },
  { label: 'ELBv2 load balancers', types: ['load-balancer'], scope: 'region', list: listLoadBalancersV2 },
  { label: 'log groups', types: ['log-group'], scope: 'region', list: listLogGroups },
  {
    label: 'IAM roles and instance profiles',
    types: ['iam-role', 'iam-instance-profile'],
    scope: 'global',
    list: listRolesAndProfiles,
  },
  { label: 'staging buckets', types: ['s3-bucket'], scope: 'global', list: listStagingBuckets },
];

/** Each type's removal: what blocks it among the resources being removed, and how it goes. */
export const TEARDOWN_KINDS: Record<ResourceType, KindTeardown> = {
  'load-balancer': loadBalancerTeardown,
  'auto-scaling-group': autoScalingGroupTeardown,
  instance: instanceTeardown,
  'launch-template': launchTemplateTeardown,
  'launch-configuration': launchConfigurationTeardown,
  'elastic-ip': elasticIpTeardown,
  volume: volumeTeardown,
  'security-group': securityGroupTeardown,
  subnet: subnetTeardown,
  'route-table': routeTableTeardown,
  'internet-gateway': internetGatewayTeardown,
  vpc: vpcTeardown,
  'dhcp-options': dhcpOptionsTeardown,
  'key-pair': keyPairTeardown,
  'iam-instance-profile': instanceProfileTeardown,
  'iam-role': roleTeardown,
  's3-bucket': bucketTeardown,
  'log-group': logGroupTeardown,
};

/**
 * kube-down's order (DESIGN.md section 5), used to list a plan's independent steps: load balancers,
 * the node group and instances, templates, addresses, volumes, groups, subnets, route tables,
 * gateway, VPC, DHCP options, key pair, IAM, S3, logs.
 */
export const TEARDOWN_ORDER: readonly ResourceType[] = [
  'load-balancer',
  'auto-scaling-group',
  'instance',
  'launch-template',
  'launch-configuration',
  'elastic-ip',
  'volume',
  'security-group',
  'subnet',
  'route-table',
  'internet-gateway',
  'vpc',
  'dhcp-options',
  'key-pair',
  'iam-instance-profile',
  'iam-role',
  's3-bucket',
  'log-group',
];
