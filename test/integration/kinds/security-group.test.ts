import { describe, expect, it } from 'vitest';
import { ensureSecurityGroup, securityGroupKind } from '../../../src/aws/resources/security-group.js';
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

describe('the security group kind against moto', () => {
  const moto = useMoto();

  it("ensures the master's group, claims it, flags it once the cluster is gone, revokes and deletes it", async () => {
    const ctx = contextOf(moto.clients());
    const vpc = await clusterVpc(ctx, 'alpha');
    const { value: group } = await ensureSecurityGroup(ctx, {
      cluster: 'alpha',
      vpcId: vpc.id,
      groupName: 'kubernetes-master-alpha',
      description: 'Kubernetes security group applied to master nodes',
    });
    const listed = await listedById(securityGroupKind, ctx, group.GroupId!);
    expect(listed.name).toBe('kubernetes-master-alpha');
    expect(ownershipIn(classifyListed([vpc, listed]), 'alpha', 'security-group', listed.id)).toBe('owned');
    expect(orphanOf(classifyListed([listed]), 'security-group', listed.id)?.reason).toMatch(
      /no live instance uses it$/,
    );

    await removeThroughKind(securityGroupKind, ctx, listed);
    expect(await stillListed(securityGroupKind, ctx, listed.id)).toBe(false);
  });
});
