import { describe, expect, it } from 'vitest';
import { ensureSubnet, subnetKind } from '../../../src/aws/resources/subnet.js';
import { SUBNET_CIDR } from '../../../src/model/network.js';
import { useMoto } from '../../support/aws.js';
import {
  classifyListed,
  clusterVpc,
  contextOf,
  listedById,
  orphanOf,
  ownershipIn,
  removeThroughKind,
  stillListed,
} from '../../support/kind-check.js';

describe('the subnet kind against moto', () => {
  const moto = useMoto();

  it("ensures the cluster's subnet, claims it with the cluster, flags it once the cluster is gone, deletes it", async () => {
    const ctx = contextOf(moto.clients());
    const vpc = await clusterVpc(ctx, 'alpha');
    const { value: subnet } = await ensureSubnet(ctx, {
      cluster: 'alpha',
      vpcId: vpc.id,
      zone: 'us-west-2a',
      cidr: SUBNET_CIDR,
    });
    const listed = await listedById(subnetKind, ctx, subnet.SubnetId!);
    expect(listed.refs.vpcId).toBe(vpc.id);

    expect(ownershipIn(classifyListed([vpc, listed]), 'alpha', 'subnet', listed.id)).toBe('owned');
    // Without the VPC (and no instance) cluster alpha is gone: its tagged subnet is an orphan.
    expect(orphanOf(classifyListed([listed]), 'subnet', listed.id)?.reason).toMatch(
      /^tagged for cluster alpha, which has no VPC or instance in us-west-2; no live instance uses it$/,
    );

    await removeThroughKind(subnetKind, ctx, listed);
    expect(await stillListed(subnetKind, ctx, listed.id)).toBe(false);
  });
});
