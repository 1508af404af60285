import { describe, expect, it } from 'vitest';
import { ensureRouteTable, routeTableKind } from '../../../src/aws/resources/route-table.js';
import { useMoto } from '../../support/aws.js';
import {
  classifyListed,
  clusterVpc,
  contextOf,
  listedById,
  listKind,
  orphanOf,
  ownershipIn,
  removeThroughKind,
  stillListed,
} from '../../support/kind-check.js';

describe('the route table kind against moto', () => {
  const moto = useMoto();

  it("claims the cluster's table, flags it once the cluster is gone, deletes it; the VPC's untagged main table is not listed", async () => {
    const ctx = contextOf(moto.clients());
    const vpc = await clusterVpc(ctx, 'alpha');
    const { value: table } = await ensureRouteTable(ctx, { cluster: 'alpha', vpcId: vpc.id });
    const listed = await listedById(routeTableKind, ctx, table.RouteTableId!);
    expect(ownershipIn(classifyListed([vpc, listed]), 'alpha', 'route-table', listed.id)).toBe('owned');
    expect(orphanOf(classifyListed([listed]), 'route-table', listed.id)?.reason).toBe(
      'tagged for cluster alpha, which has no VPC or instance in us-west-2',
    );
    // The main table AWS made with the VPC carries no tag of ours: it is not listed, and goes with the VPC.
    const inVpc = (await listKind(routeTableKind, ctx)).filter((entry) => entry.refs.vpcId === vpc.id);
    expect(inVpc.map((entry) => entry.id)).toEqual([listed.id]);

    await removeThroughKind(routeTableKind, ctx, listed);
    expect(await stillListed(routeTableKind, ctx, listed.id)).toBe(false);
  });
});
