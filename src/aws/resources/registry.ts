// The registry of resource kinds discovery (and later teardown) iterates over: each entry names the
// types a module lists, whether it is listed per region or once (IAM and S3 are global), and its
// lister. A new kind is one module plus one line here.
import type { AwsContext } from '../context.js';
import type { ListedResource } from '../inventory-types.js';
import type { ResourceType } from '../resource-types.js';
import { listAutoScalingGroups } from './auto-scaling-group.js';
import { listDhcpOptions } from './dhcp-options.js';
import { listElasticIps } from './elastic-ip.js';
import { listRolesAndProfiles } from './iam-role.js';
import { listInstances } from './instance.js';
import { listInternetGateways } from './internet-gateway.js';
import { listKeyPairs } from './key-pair.js';
import { listLaunchConfigurations } from './launch-configuration.js';
import { listLaunchTemplates } from './launch-template.js';
import { listClassicLoadBalancers, listLoadBalancersV2 } from './load-balancer.js';
import { listLogGroups } from './log-group.js';
import { listRouteTables } from './route-table.js';
import { listStagingBuckets } from './s3-bucket.js';
import { listSecurityGroups } from './security-group.js';
import { listSubnets } from './subnet.js';
import { listVolumes } from './volume.js';
import { listVpcs } from './vpc.js';

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
