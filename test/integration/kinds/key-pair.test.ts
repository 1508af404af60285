import { CreateKeyPairCommand } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { keyPairKind } from '../../../src/aws/resources/key-pair.js';
import { useMoto } from '../../support/aws.js';
import {
  classifyListed,
  clusterVpc,
  contextOf,
  listedById,
  orphanOf,
  ownedTagList,
  ownershipIn,
  removeThroughKind,
  stillListed,
} from '../../support/kind-check.js';

describe('the key pair kind against moto', () => {
  const moto = useMoto();

  it("claims a key tagged for the cluster, flags kube-up's unused `kubernetes-<md5>` as an orphan, deletes it", async () => {
    const ctx = contextOf(moto.clients());
    const vpc = await clusterVpc(ctx, 'alpha');
    const ec2 = ctx.clients.ec2(ctx.region);
    await ec2.send(
      new CreateKeyPairCommand({
        KeyName: 'alpha-key',
        TagSpecifications: [{ ResourceType: 'key-pair', Tags: ownedTagList('alpha') }],
      }),
    );
    const tagged = await listedById(keyPairKind, ctx, 'alpha-key');
    expect(ownershipIn(classifyListed([vpc, tagged]), 'alpha', 'key-pair', tagged.id)).toBe('owned');

    const kubeUpName = 'kubernetes-0123456789abcdef0123456789abcdef';
    await ec2.send(new CreateKeyPairCommand({ KeyName: kubeUpName }));
    const untagged = await listedById(keyPairKind, ctx, kubeUpName);
    expect(orphanOf(classifyListed([vpc, untagged]), 'key-pair', kubeUpName)).toMatchObject({
      ownership: 'kube-up-name',
      reason:
        "kube-up's key pair name (kubernetes-<md5 of the SSH key>); no live instance, launch template or launch configuration in us-west-2 uses it",
    });

    await removeThroughKind(keyPairKind, ctx, untagged);
    expect(await stillListed(keyPairKind, ctx, kubeUpName)).toBe(false);
    expect(await stillListed(keyPairKind, ctx, 'alpha-key')).toBe(true);
  });
});
