// The nodes of an extra zone: its subnet (associated with the cluster's route table), its launch
// template (a copy of the cluster's first) and its group `<C>-minion-group-<zone>`. `up` makes them
// beside the first group; `up --node-zones +b` (kube-up's KUBE_USE_EXISTING_MASTER) makes only them,
// for a cluster that runs already, and touches nothing else of it.
import {
  DescribeAvailabilityZonesCommand,
  DescribeInstanceTypeOfferingsCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  type RouteTable,
} from '@aws-sdk/client-ec2';
import { checkFreeBlocks } from '../model/cidr.js';
import type { ClusterConfig } from '../model/config.js';
import { UsageError } from '../model/exit.js';
import { OPTIONS } from '../model/option-table.js';
import type { PermissionCheck } from '../model/permissions.js';
import type { PlannedResource } from '../model/plan.js';
import type { ResourceRef } from '../model/resource-types.js';
import type { NodeMarket } from '../model/spot.js';
import { nodeZoneList, type ZoneTarget, zoneNames, zoneSubnetCidr } from '../model/zones.js';
import { type AwsContext, callOptions } from './context.js';
import { clusterNames } from './naming.js';
import { permissionsFor } from './preflight.js';
import { ensureAutoScalingGroup, findAutoScalingGroup, groupMarket } from './resources/auto-scaling-group.js';
import { settledInOrder } from './resources/common.js';
import { spotPricesByZone, spotPricesNow } from './resources/instance.js';
import { copyLaunchTemplate, readTemplateData } from './resources/launch-template.js';
import { associateSubnet, findRouteTable } from './resources/route-table.js';
import { ensureSubnet, foreignSubnetsIn } from './resources/subnet.js';

/** The zone's subnet, template and group, named as they will be in AWS (the review and dry run). */
export function plannedZone(target: ZoneTarget): { subnet: PlannedResource; group: PlannedResource[] } {
  return {
    subnet: { type: 'subnet', name: target.subnetName },
    group: [
      { type: 'launch-template', name: target.groupName },
      { type: 'auto-scaling-group', name: target.groupName },
    ],
  };
}

/**
 * Each extra zone with its subnet block and names, the master's zone left out (its subnet and group
 * are the cluster's first). Throws UsageError naming a zone whose block falls outside the VPC.
 */
export function zoneTargets(
  cluster: string,
  zones: readonly string[],
  primary: { zone: string; subnetCidr: string; vpcCidr: string },
): ZoneTarget[] {
  return zones
    .filter((zone) => zone !== primary.zone)
    .map((zone) => {
      const subnetCidr = zoneSubnetCidr(primary.subnetCidr, zone, primary.vpcCidr);
      if (!subnetCidr) {
        throw new UsageError(
          `--node-zones ${zone}: its subnet (the block of ${primary.subnetCidr}'s size after it, by zone letter) falls outside the VPC's ${primary.vpcCidr}`,
        );
      }
      const names = zoneNames(cluster, zone);
      return { zone, subnetCidr, subnetName: names.subnet, groupName: names.group };
    });
}

/** What making one zone's nodes reports: each resource as it is found or made. */
export type ZoneReport = (resource: ResourceRef, created: boolean) => void;

/** Makes (or finds) one extra zone's subnet and joins it to the cluster's route table; returns its id. */
export async function ensureZoneSubnet(
  ctx: AwsContext,
  input: { cluster: string; vpcId: string; routeTable: RouteTable; target: ZoneTarget; report: ZoneReport },
): Promise<string> {
  const { target } = input;
  const subnet = await ensureSubnet(ctx, {
    cluster: input.cluster,
    vpcId: input.vpcId,
    zone: target.zone,
    cidr: target.subnetCidr,
    name: target.subnetName,
  });
  const subnetId = subnet.value.SubnetId!;
  input.report({ type: 'subnet', id: subnetId, name: target.subnetName }, subnet.created);
  await associateSubnet(ctx, input.routeTable, subnetId);
  return subnetId;
}

/** Makes (or finds) one extra zone's template (the first's copy) and group; returns the group's name. */
export async function ensureZoneGroup(
  ctx: AwsContext,
  input: {
    cluster: string;
    firstTemplateId: string;
    subnetId: string;
    nodes: number;
    market: NodeMarket;
    target: ZoneTarget;
    report: ZoneReport;
  },
): Promise<string> {
  const { target } = input;
  const template = await copyLaunchTemplate(ctx, {
    cluster: input.cluster,
    name: target.groupName,
    fromId: input.firstTemplateId,
  });
  const templateId = template.value.LaunchTemplateId!;
  input.report({ type: 'launch-template', id: templateId, name: target.groupName }, template.created);
  const group = await ensureAutoScalingGroup(ctx, {
    cluster: input.cluster,
    launchTemplateId: templateId,
    launchTemplateVersion: String(template.value.LatestVersionNumber ?? 1),
    subnetId: input.subnetId,
    nodes: input.nodes,
    market: input.market,
    groupName: target.groupName,
  });
  input.report(
    { type: 'auto-scaling-group', id: target.groupName, name: `${target.groupName} (${input.nodes} nodes)` },
    group.created,
  );
  return target.groupName;
}

/** The region's available zones, by name. */
export async function availableZones(ctx: AwsContext): Promise<string[]> {
  const { AvailabilityZones = [] } = await ctx.clients
    .ec2(ctx.region)
    .send(new DescribeAvailabilityZonesCommand({}), callOptions(ctx));
  return AvailabilityZones.map((entry) => entry.ZoneName).filter((name): name is string => Boolean(name));
}

/** Throws UsageError naming the zones asked for that the region does not offer. */
export function checkNodeZones(
  wanted: readonly string[],
  available: readonly string[],
  region: string,
): void {
  const unknown = wanted.filter((zone) => !available.includes(zone));
  if (unknown.length > 0) {
    throw new UsageError(
      `--node-zones ${unknown.join(',')}: not a zone of ${region} (zones there: ${[...available].sort().join(', ')})`,
    );
  }
}

/** A group in a zone that does not offer its type never launches: refused before anything is made. */
async function checkOffered(ctx: AwsContext, nodeSize: string, zones: string[]): Promise<void> {
  const { InstanceTypeOfferings = [] } = await ctx.clients.ec2(ctx.region).send(
    new DescribeInstanceTypeOfferingsCommand({
      LocationType: 'availability-zone',
      Filters: [
        { Name: 'location', Values: zones },
        { Name: 'instance-type', Values: [nodeSize] },
      ],
    }),
    callOptions(ctx),
  );
  const missing = zones.filter(
    (zone) => !InstanceTypeOfferings.some((offering) => offering.Location === zone),
  );
  if (missing.length > 0) {
    throw new UsageError(
      `--node-zones ${missing.join(',')}: the cluster's node type ${nodeSize} is not offered there; pick another zone`,
    );
  }
}

/** Adding zones to a running cluster: what was read of it, and the zones to make. */
export interface ZoneAddPlan {
  cluster: string;
  region: string;
  vpcId: string;
  routeTable: RouteTable;
  firstGroup: string;
  firstTemplateId: string;
  /** The master's zone: the first group's. */
  firstZone: string;
  market: NodeMarket;
  nodes: number;
  /** The first template's instance type (every zone's nodes have it), when it could be read. */
  nodeSize?: string;
  /** Spot nodes: each new zone's spot price now (USD/hour), when every one could be read. */
  spotNowByZone?: Record<string, number>;
  /** The zones asked for that have their group already (nothing is done there). */
  present: string[];
  targets: ZoneTarget[];
  /** What `up` and `down` need, simulated beside the reads: a denied action refuses the plan. */
  permissions: PermissionCheck;
}

/**
 * Reads the running cluster (its VPC, route table, first group and that group's subnet and
 * template) and plans the zones asked for. Read-only. Throws UsageError when the cluster, its
 * first group or its route table is missing, or a zone is not the region's.
 */
export async function planZoneAdd(
  ctx: AwsContext,
  config: Pick<ClusterConfig, 'name' | 'region' | 'zone' | 'nodes' | 'nodeZones'>,
): Promise<ZoneAddPlan> {
  const names = clusterNames(config.name, config.region);
  // A denied action is said before a missing cluster, as in `up`'s plan.
  const [permissions, firstGroup, available] = await settledInOrder([
    permissionsFor(ctx, ['up', 'down'], 'up'),
    findAutoScalingGroup(ctx, names.autoScalingGroup),
    availableZones(ctx),
  ] as const);
  const missing = `kube-tui up --cluster ${config.name} first (--node-zones +… adds zones to a cluster that runs)`;
  const template =
    firstGroup?.LaunchTemplate ??
    firstGroup?.MixedInstancesPolicy?.LaunchTemplate?.LaunchTemplateSpecification;
  const firstSubnetId = firstGroup?.VPCZoneIdentifier?.split(',')[0];
  if (!firstGroup || !template?.LaunchTemplateId || !firstSubnetId) {
    throw new UsageError(
      `cluster ${config.name}: no node group ${names.autoScalingGroup} with a launch template in ${config.region}; ${missing}`,
    );
  }
  // The VPC is the first group's subnet's: kube-tui's own, or yours (--vpc-id), which carries the
  // cluster's tag as shared only.
  const [firstSubnet, firstTemplate] = await Promise.all([
    ctx.clients
      .ec2(ctx.region)
      .send(new DescribeSubnetsCommand({ SubnetIds: [firstSubnetId] }), callOptions(ctx))
      .then(({ Subnets = [] }) => ({
        cidr: Subnets[0]?.CidrBlock ?? '',
        zone: Subnets[0]?.AvailabilityZone ?? '',
        vpcId: Subnets[0]?.VpcId ?? '',
      })),
    readTemplateData(ctx, { id: template.LaunchTemplateId }),
  ]);
  const vpcId = firstSubnet.vpcId;
  const [vpcCidr, routeTable, taken] = await Promise.all([
    ctx.clients
      .ec2(ctx.region)
      .send(new DescribeVpcsCommand({ VpcIds: [vpcId] }), callOptions(ctx))
      .then(({ Vpcs = [] }) => Vpcs[0]?.CidrBlock ?? ''),
    findRouteTable(ctx, config.name, vpcId),
    foreignSubnetsIn(ctx, vpcId, config.name),
  ]);
  if (!routeTable) {
    throw new UsageError(
      `cluster ${config.name}: no route table ${names.routeTable} in its VPC (a subnet of your own, SUBNET_ID, keeps its table): extra zones need the cluster's own table`,
    );
  }
  const wanted = nodeZoneList(config);
  checkNodeZones(wanted, available, config.region);
  const existing = await Promise.all(
    wanted.map(async (zone) =>
      zone === firstSubnet.zone || (await findAutoScalingGroup(ctx, zoneNames(config.name, zone).group))
        ? zone
        : undefined,
    ),
  );
  const present = existing.filter((zone): zone is string => zone !== undefined);
  const targets = zoneTargets(
    config.name,
    wanted.filter((zone) => !present.includes(zone)),
    { zone: firstSubnet.zone, subnetCidr: firstSubnet.cidr, vpcCidr },
  );
  checkFreeBlocks(
    vpcId,
    targets.map((target) => ({
      cidr: target.subnetCidr,
      what: `${OPTIONS.nodeZones.flag} ${target.zone}: its subnet`,
      fix: `leave ${target.zone} out, or free that block`,
    })),
    taken,
  );
  const nodeSize = firstTemplate?.InstanceType;
  const market = groupMarket(firstGroup);
  const newZones = targets.map((target) => target.zone);
  const [, spotPools] = await Promise.all([
    nodeSize && newZones.length > 0 ? checkOffered(ctx, nodeSize, newZones) : undefined,
    // A spot cluster's new nodes are priced at their zones' spot price now, in the same round.
    nodeSize && newZones.length > 0 && market.kind === 'spot'
      ? spotPricesNow(ctx, [nodeSize])
      : new Map<string, number>(),
  ]);
  const spotNowByZone =
    nodeSize && market.kind === 'spot' ? spotPricesByZone(spotPools, nodeSize, newZones) : undefined;
  return {
    cluster: config.name,
    region: config.region,
    vpcId,
    routeTable,
    firstGroup: names.autoScalingGroup,
    firstTemplateId: template.LaunchTemplateId,
    firstZone: firstSubnet.zone,
    market,
    ...(spotNowByZone ? { spotNowByZone } : {}),
    nodes: config.nodes,
    ...(nodeSize ? { nodeSize } : {}),
    present,
    targets,
    permissions,
  };
}

/** Makes the planned zones' subnets and groups, all zones at once; returns the groups' names. */
export async function addZones(ctx: AwsContext, plan: ZoneAddPlan, report: ZoneReport): Promise<string[]> {
  return Promise.all(
    plan.targets.map(async (target) => {
      const subnetId = await ensureZoneSubnet(ctx, {
        cluster: plan.cluster,
        vpcId: plan.vpcId,
        routeTable: plan.routeTable,
        target,
        report,
      });
      return ensureZoneGroup(ctx, {
        cluster: plan.cluster,
        firstTemplateId: plan.firstTemplateId,
        subnetId,
        nodes: plan.nodes,
        market: plan.market,
        target,
        report,
      });
    }),
  );
}
