// Route table: `<C>-rt`, associated with the subnet, 0.0.0.0/0 to the internet gateway.
import {
  AssociateRouteTableCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  DeleteRouteTableCommand,
  DescribeRouteTablesCommand,
  type DescribeRouteTablesCommandOutput,
  DisassociateRouteTableCommand,
  type RouteTable,
} from '@aws-sdk/client-ec2';
import type { ListedResource } from '../../model/inventory.js';
import { type AwsContext, callOptions } from '../context.js';
import { clusterNames, fromTagList } from '../naming.js';
import { isEventuallyConsistent, retry } from '../retry.js';
import {
  allPages,
  CLUSTER_TAG_KEY_FILTER,
  clusterFilters,
  compact,
  createKeepingOne,
  type Ensured,
  ignoringCodes,
  keeperOf,
  ownedTagsIn,
  tagSpecification,
} from './common.js';
import { type ResourceKind, taggedOrphan } from './kind.js';
import { instancesIn, type KindTeardown, removeEc2ClusterTags } from './teardown-kind.js';

/** The cluster's route tables in the VPC: one, unless two runs on different machines raced. */
async function findRouteTables(ctx: AwsContext, cluster: string, vpcId: string): Promise<RouteTable[]> {
  const { RouteTables = [] } = await ctx.clients.ec2(ctx.region).send(
    new DescribeRouteTablesCommand({
      Filters: [...clusterFilters(cluster), { Name: 'vpc-id', Values: [vpcId] }],
    }),
    callOptions(ctx),
  );
  return RouteTables;
}

/** The one every run uses: the table a subnet already goes through, else the lowest id. */
const tableInUse = (tables: RouteTable[]) =>
  tables.find((table) => table.Associations?.some((association) => association.SubnetId));

export async function findRouteTable(
  ctx: AwsContext,
  cluster: string,
  vpcId: string,
): Promise<RouteTable | undefined> {
  const tables = await findRouteTables(ctx, cluster, vpcId);
  return tableInUse(tables) ?? keeperOf(tables, (table) => table.RouteTableId!);
}

/**
 * The cluster's route table in its VPC, found by its tags or made: it needs nothing but the VPC.
 * The ClientToken is per run, so two runs racing past the local lock make two: both keep one.
 */
export async function ensureRouteTable(
  ctx: AwsContext,
  input: { cluster: string; vpcId: string; clientToken?: string; vpcMadeNow?: boolean },
): Promise<Ensured<RouteTable>> {
  // A VPC made by this run holds no table of ours yet: no need to look first. A racing run's table
  // is found by the look after the create, as any other.
  const table = input.vpcMadeNow ? undefined : await findRouteTable(ctx, input.cluster, input.vpcId);
  if (table) return { value: table, created: false };
  return createKeepingOne(ctx, {
    findAll: () => findRouteTables(ctx, input.cluster, input.vpcId),
    idOf: (found) => found.RouteTableId!,
    preferred: tableInUse,
    remove: (extra) => deleteRouteTable(ctx, extra.RouteTableId!),
    // A VPC made a moment ago may not be visible to CreateRouteTable yet.
    create: (sending) =>
      retry(
        async () =>
          (
            await sending.clients
              .withoutRetries()
              .ec2(sending.region)
              .send(
                new CreateRouteTableCommand({
                  VpcId: input.vpcId,
                  // A retried create whose answer was lost gets the same table back.
                  ...(input.clientToken ? { ClientToken: input.clientToken } : {}),
                  TagSpecifications: tagSpecification(
                    'route-table',
                    ownedTagsIn(ctx, input.cluster, clusterNames(input.cluster, ctx.region).routeTable),
                  ),
                }),
                callOptions(sending),
              )
          ).RouteTable!,
        { retryIf: isEventuallyConsistent, signal: ctx.signal, maxMs: 60_000 },
      ),
  });
}

/**
 * The table's 0.0.0.0/0 route to the gateway and its association with the subnet, each added when
 * missing. Each needs only the table, so both go at once (one round trip, not two).
 */
export async function routeSubnetThroughGateway(
  ctx: AwsContext,
  table: RouteTable,
  input: { subnetId: string; internetGatewayId: string },
): Promise<void> {
  const ec2 = ctx.clients.ec2(ctx.region);
  const tableId = table.RouteTableId!;
  await Promise.all([
    table.Routes?.some((route) => route.DestinationCidrBlock === '0.0.0.0/0')
      ? undefined
      : retry(
          () =>
            ignoringCodes(
              ec2.send(
                new CreateRouteCommand({
                  RouteTableId: tableId,
                  DestinationCidrBlock: '0.0.0.0/0',
                  GatewayId: input.internetGatewayId,
                }),
                callOptions(ctx),
              ),
              ['RouteAlreadyExists'],
            ),
          { retryIf: isEventuallyConsistent, signal: ctx.signal, maxMs: 60_000 },
        ),
    associateSubnet(ctx, table, input.subnetId),
  ]);
}

/** The subnet's association with the table, added when missing (an extra zone's subnet joins the cluster's table). */
export async function associateSubnet(ctx: AwsContext, table: RouteTable, subnetId: string): Promise<void> {
  if (table.Associations?.some((association) => association.SubnetId === subnetId)) return;
  await ignoringCodes(
    ctx.clients
      .ec2(ctx.region)
      .send(
        new AssociateRouteTableCommand({ RouteTableId: table.RouteTableId!, SubnetId: subnetId }),
        callOptions(ctx),
      ),
    ['Resource.AlreadyAssociated'],
  );
}

/** Route tables carrying a cluster tag, with their subnet associations (disassociate before deleting). */
export async function listRouteTables(ctx: AwsContext): Promise<ListedResource[]> {
  const ec2 = ctx.clients.ec2(ctx.region);
  const tables = await allPages(
    (NextToken) =>
      ec2.send(
        new DescribeRouteTablesCommand({ Filters: CLUSTER_TAG_KEY_FILTER, NextToken }),
        callOptions(ctx),
      ),
    (page: DescribeRouteTablesCommandOutput) => page.RouteTables,
    (page) => page.NextToken,
  );
  return tables.map((table) => {
    const tags = fromTagList(table.Tags);
    const associations = (table.Associations ?? []).map((association) =>
      compact({
        id: association.RouteTableAssociationId!,
        subnetId: association.SubnetId,
        main: Boolean(association.Main),
      }),
    );
    return {
      type: 'route-table',
      id: table.RouteTableId!,
      name: tags.Name ?? table.RouteTableId!,
      region: ctx.region,
      tags,
      refs: compact({
        vpcId: table.VpcId,
        subnetIds: associations.flatMap((association) =>
          association.subnetId ? [association.subnetId] : [],
        ),
        routeTableAssociations: associations,
      }),
    };
  });
}

/**
 * Removes the table's subnet associations, then the table. moto keeps an association after its
 * subnet is deleted (AWS drops it), so the associations are read now, not taken from the plan.
 */
export async function deleteRouteTable(ctx: AwsContext, tableId: string): Promise<void> {
  const ec2 = ctx.clients.ec2(ctx.region);
  const { RouteTables = [] } = await ec2.send(
    new DescribeRouteTablesCommand({ RouteTableIds: [tableId] }),
    callOptions(ctx),
  );
  for (const association of RouteTables[0]?.Associations ?? []) {
    if (association.Main || !association.RouteTableAssociationId) continue;
    await ignoringCodes(
      ec2.send(
        new DisassociateRouteTableCommand({ AssociationId: association.RouteTableAssociationId }),
        callOptions(ctx),
      ),
      ['InvalidAssociationID.NotFound'],
    );
  }
  await ec2.send(new DeleteRouteTableCommand({ RouteTableId: tableId }), callOptions(ctx));
}

/** A main route table goes with its VPC and is never deleted on its own. */
const isMainRouteTable = (table: { refs: { routeTableAssociations?: { main: boolean }[] } }) =>
  (table.refs.routeTableAssociations ?? []).some((association) => association.main);

/** A table goes after the subnets it is associated with (kube-down's order), then blocks the VPC. */
export const routeTableTeardown: KindTeardown = {
  blockedBy: (table, removing) => [
    ...instancesIn(removing, table.region),
    ...removing.filter(
      (other) =>
        other.type === 'subnet' &&
        other.region === table.region &&
        (table.refs.subnetIds ?? []).includes(other.id),
    ),
  ],
  remove: (ctx, step) => deleteRouteTable(ctx, step.id),
  removeTags: (ctx, table, cluster) => removeEc2ClusterTags(ctx, table.id, table.tags, cluster),
};

export const routeTableKind: ResourceKind = {
  type: 'route-table',
  scope: 'region',
  teardownRank: 90,
  list: [{ label: 'route tables', list: listRouteTables }],
  find: findRouteTable,
  ensure: ensureRouteTable,
  claim: { byTag: true },
  orphan: (table, view) => taggedOrphan(table, view),
  action: (table, plan) =>
    plan.kept(table) ??
    (isMainRouteTable(table)
      ? { action: 'skip', reason: "the VPC's main route table: it goes with the VPC" }
      : plan.deleted(table)),
  teardown: routeTableTeardown,
  price: 'free',
};
