import { describe, expect, it } from 'vitest';
import { ensureVpc, findVpc, vpcKind } from '../../../src/aws/resources/vpc.js';
import { useMoto } from '../../support/aws.js';
import {
  classifyListed,
  contextOf,
  listedById,
  listKind,
  ownershipIn,
  removeThroughKind,
} from '../../support/kind-check.js';

describe('the VPC kind against moto', () => {
  const moto = useMoto();

  it('ensures a cluster VPC, lists it tagged, makes its cluster live, deletes it through the kind', async () => {
    const ctx = contextOf(moto.clients());
    const { value: vpc } = await ensureVpc(ctx, 'alpha');
    const listed = await listedById(vpcKind, ctx, vpc.VpcId!);
    expect(listed.tags).toMatchObject({ KubernetesCluster: 'alpha', 'kubernetes.io/cluster/alpha': 'owned' });
    expect(vpcKind.find).toBe(findVpc);
    expect(await findVpc(ctx, 'alpha')).toMatchObject({ VpcId: vpc.VpcId });

    // A VPC never is an orphan: tagged, it makes its cluster live.
    const inventory = classifyListed([listed]);
    expect(ownershipIn(inventory, 'alpha', 'vpc', vpc.VpcId!)).toBe('owned');
    expect(inventory.orphans).toEqual([]);

    await removeThroughKind(vpcKind, ctx, listed);
    expect((await listKind(vpcKind, ctx)).map((resource) => resource.id)).not.toContain(vpc.VpcId);
  });
});
