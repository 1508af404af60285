import { CreateLaunchConfigurationCommand } from '@aws-sdk/client-auto-scaling';
import { describe, expect, it } from 'vitest';
import { launchConfigurationKind } from '../../../src/aws/resources/launch-configuration.js';
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
import { KUBE_UP_IMAGE } from '../../support/kube-up.js';

/** kube-up's key pair name: `kubernetes-` and the key's MD5 fingerprint. */
const KUBE_UP_KEY = 'kubernetes-0123456789abcdef0123456789abcdef';

describe('the launch configuration kind against moto', () => {
  const moto = useMoto();

  it("cannot be tagged: kube-up's `<C>-minion-group-<zone>` names its cluster; flagged once that cluster is gone; deleted", async () => {
    const ctx = contextOf(moto.clients());
    const vpc = await clusterVpc(ctx, 'alpha');
    await ctx.clients.autoScaling(ctx.region).send(
      new CreateLaunchConfigurationCommand({
        LaunchConfigurationName: 'alpha-minion-group-us-west-2a',
        ImageId: KUBE_UP_IMAGE,
        InstanceType: 't3.medium',
        KeyName: KUBE_UP_KEY,
      }),
    );
    const listed = await listedById(launchConfigurationKind, ctx, 'alpha-minion-group-us-west-2a');
    expect(listed.refs.keyName).toBe(KUBE_UP_KEY);
    expect(ownershipIn(classifyListed([vpc, listed]), 'alpha', 'launch-configuration', listed.id)).toBe(
      'kube-up-name',
    );
    expect(orphanOf(classifyListed([listed]), 'launch-configuration', listed.id)).toMatchObject({
      ownership: 'kube-up-name',
      cluster: 'alpha',
    });

    await removeThroughKind(launchConfigurationKind, ctx, listed);
    expect(await stillListed(launchConfigurationKind, ctx, listed.id)).toBe(false);
  });
});
