// Route table: `<C>-rt`, associated with the subnet, 0.0.0.0/0 to the internet gateway.
import {
  AssociateRouteTableCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  DescribeRouteTablesCommand,
  type RouteTable,
} from '@aws-sdk/client-ec2';
import { type AwsContext, callOptions } from '../context.js';
import { clusterNames, ownedTags } from '../naming.js';
import { isEventuallyConsistent, retry } from '../retry.js';
import { clusterFilters, type Ensured, ignoringCodes, tagSpecification } from './common.js';

export async function findRouteTable(
  ctx: AwsContext,
  cluster: string,
  vpcId: string,
): Promise<RouteTable | undefined> {
  const { RouteTables = [] } = await ctx.clients.ec2(ctx.region).send(
    new DescribeRouteTablesCommand({
      Filters: [...clusterFilters(cluster), { Name: 'vpc-id', Values: [vpcId] }],
    }),
    callOptions(ctx),
  );
  return RouteTables[0];
}

export async function ensureRouteTable(
  ctx: AwsContext,
  input: { cluster: string; vpcId: string; subnetId: string; internetGatewayId: string },
): Promise<Ensured<RouteTable>> {
  const ec2 = ctx.clients.ec2(ctx.region);
  let table = await findRouteTable(ctx, input.cluster, input.vpcId);
  const created = !table;
  if (!table) {
    const result = await ec2.send(
      new CreateRouteTableCommand({
        VpcId: input.vpcId,
        TagSpecifications: tagSpecification(
          'route-table',
          ownedTags(input.cluster, clusterNames(input.cluster, ctx.region).routeTable),
        ),
      }),
      callOptions(ctx),
    );
    table = result.RouteTable!;
  }
  const tableId = table.RouteTableId!;
  if (!table.Routes?.some((route) => route.DestinationCidrBlock === '0.0.0.0/0')) {
    await retry(
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
    );
  }
  if (!table.Associations?.some((association) => association.SubnetId === input.subnetId)) {
    await ignoringCodes(
      ec2.send(
        new AssociateRouteTableCommand({ RouteTableId: tableId, SubnetId: input.subnetId }),
        callOptions(ctx),
      ),
      ['Resource.AlreadyAssociated'],
    );
  }
  return { value: table, created };
}
