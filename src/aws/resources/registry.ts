// The registry of resource kinds: discovery, classification, the teardown plan and its run, the
// cost estimate and the teardown order iterate it. A new kind is its module (everything it means:
// see kind.ts) plus its line here, and its type's line in model/resource-types.ts.
//
// The order is the order of decision: each pass of classification and of the teardown plan runs
// kind by kind in it, and a kind's rules read the decisions of the kinds before it (its `after`;
// the registry's test checks them). Discovery lists in the same order.
import type { ResourceType } from '../../model/resource-types.js';
import { autoScalingGroupKind } from './auto-scaling-group.js';
import { dhcpOptionsKind } from './dhcp-options.js';
import { elasticIpKind } from './elastic-ip.js';
import { instanceProfileKind, roleKind } from './iam-role.js';
import { instanceKind } from './instance.js';
import { internetGatewayKind } from './internet-gateway.js';
import { keyPairKind } from './key-pair.js';
import type { Listing, ResourceKind } from './kind.js';
import { launchConfigurationKind } from './launch-configuration.js';
import { launchTemplateKind } from './launch-template.js';
import { loadBalancerKind } from './load-balancer.js';
import { logGroupKind } from './log-group.js';
import { routeTableKind } from './route-table.js';
import { stagingBucketKind } from './s3-bucket.js';
import { securityGroupKind } from './security-group.js';
import { subnetKind } from './subnet.js';
import { volumeKind } from './volume.js';
import { vpcKind } from './vpc.js';

export const RESOURCE_KINDS: readonly ResourceKind[] = [
  vpcKind,
  subnetKind,
  internetGatewayKind,
  routeTableKind,
  securityGroupKind,
  volumeKind,
  elasticIpKind,
  instanceKind,
  autoScalingGroupKind,
  launchTemplateKind,
  launchConfigurationKind,
  keyPairKind,
  instanceProfileKind,
  roleKind,
  dhcpOptionsKind,
  loadBalancerKind,
  logGroupKind,
  stagingBucketKind,
];

const BY_TYPE = new Map(RESOURCE_KINDS.map((kind) => [kind.type, kind]));

/** The kind of a type; every type has one (the registry's test says so). */
export function kindOf(type: ResourceType): ResourceKind {
  const kind = BY_TYPE.get(type);
  if (!kind) throw new Error(`no resource kind is registered for ${type}`);
  return kind;
}

/** What discovery lists, with each listing's scope: one entry per listing call. */
export const LISTINGS: readonly (Listing & { scope: ResourceKind['scope'] })[] = RESOURCE_KINDS.flatMap(
  (kind) =>
    'listedWith' in kind.list ? [] : kind.list.map((listing) => ({ ...listing, scope: kind.scope })),
);

/** The kinds that complete a region's listing in a second round (instance.ts: spot nodes' prices). */
export const ENRICHING_KINDS: readonly ResourceKind[] = RESOURCE_KINDS.filter((kind) => kind.enrich);

/**
 * kube-down's order of kinds (DESIGN.md section 5), from the kinds' ranks: load balancers, the node
 * group and instances, templates, addresses, volumes, groups, subnets, route tables, gateway, VPC,
 * DHCP options, key pair, IAM, S3, logs.
 */
export const TEARDOWN_ORDER: readonly ResourceType[] = [...RESOURCE_KINDS]
  .sort((a, b) => a.teardownRank - b.teardownRank)
  .map((kind) => kind.type);
