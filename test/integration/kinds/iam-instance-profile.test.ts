import { describe, expect, it } from 'vitest';
import { clusterNames } from '../../../src/aws/naming.js';
import { instanceProfileKind } from '../../../src/aws/resources/iam-role.js';
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

describe('the IAM instance profile kind against moto', () => {
  const moto = useMoto();

  it('is listed with the roles, claimed for the live cluster its name and tag say, flagged once it is gone, deleted', async () => {
    const ctx = contextOf(moto.clients());
    const vpc = await clusterVpc(ctx, 'alpha');
    const name = clusterNames('alpha', 'us-west-2').nodeRole;
    await makeRoleWithProfile(ctx.clients, name, { KubernetesCluster: 'alpha' });
    const profile = await listedById(instanceProfileKind, ctx, name);
    expect(profile.refs.roles).toEqual([name]);
    expect(ownershipIn(classifyListed([vpc, profile]), 'alpha', 'iam-instance-profile', name)).toBe('owned');
    expect(orphanOf(classifyListed([profile]), 'iam-instance-profile', name)?.reason).toMatch(
      /^kube-tui's instance profile name for cluster alpha in us-west-2; /,
    );

    await removeThroughKind(instanceProfileKind, ctx, profile);
    expect(await stillListed(instanceProfileKind, ctx, name)).toBe(false);
  });
});
