import { describe, expect, it } from 'vitest';
import { clusterNames } from '../../../src/aws/naming.js';
import { roleKind } from '../../../src/aws/resources/iam-role.js';
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
import { makeRoleWithProfile } from '../../support/leftovers.js';

describe('the IAM role kind against moto', () => {
  const moto = useMoto();

  it("claims kube-tui's `kubernetes-master-<C>-<region>` tagged for a live cluster, flags it once the cluster is gone, deletes it", async () => {
    const ctx = contextOf(moto.clients());
    const vpc = await clusterVpc(ctx, 'alpha');
    const name = clusterNames('alpha', 'us-west-2').masterRole;
    await makeRoleWithProfile(ctx.clients, name, { KubernetesCluster: 'alpha' });
    const role = await listedById(roleKind, ctx, name);
    expect(role).toMatchObject({ region: 'global', refs: { trustedPrincipals: ['ec2.amazonaws.com'] } });
    expect(ownershipIn(classifyListed([vpc, role]), 'alpha', 'iam-role', name)).toBe('owned');
    expect(orphanOf(classifyListed([role]), 'iam-role', name)).toMatchObject({
      cluster: 'alpha',
      reason: `kube-tui's role name for cluster alpha in us-west-2; cluster alpha has no VPC or instance in us-west-2, and none of its instance profiles is used by an instance, launch template or launch configuration in us-west-2`,
    });

    await removeThroughKind(roleKind, ctx, role);
    expect(await stillListed(roleKind, ctx, name)).toBe(false);
  });

  it("never claims nor flags a user's role that merely has kube-up's name but more trust", async () => {
    const ctx = contextOf(moto.clients());
    await makeRoleWithProfile(ctx.clients, 'kubernetes-master');
    const role = await listedById(roleKind, ctx, 'kubernetes-master');
    const foreign = {
      ...role,
      refs: { ...role.refs, trustedPrincipals: ['ec2.amazonaws.com', 'lambda.amazonaws.com'] },
    };
    const inventory = classifyListed([foreign]);
    expect(inventory.orphans).toEqual([]);
    expect(roleKind.ignore?.(foreign, [foreign])).toBe(true);
  });
});
