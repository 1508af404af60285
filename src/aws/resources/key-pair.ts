// Key pair `kubernetes-<OpenSSH MD5 fingerprint>`: kube-up's name, shared by every cluster that uses
// the same SSH key, so it carries one `kubernetes.io/cluster/<C>=owned` key per cluster and never
// KubernetesCluster.
import {
  CreateTagsCommand,
  DeleteKeyPairCommand,
  DeleteTagsCommand,
  DescribeKeyPairsCommand,
  ImportKeyPairCommand,
  type KeyPairInfo,
} from '@aws-sdk/client-ec2';
import type { SshPublicKey } from '../../local/ssh-key.js';
import type { ListedResource } from '../../model/inventory.js';
import { type AwsContext, callOptions } from '../context.js';
import { clusterTagKey, fromTagList, keyPairName, sharedUseTags } from '../naming.js';
import { type Ensured, iso, orUndefinedIfNotFound, tagSpecification } from './common.js';
import { clusterTagsOf, instancesIn, type KindTeardown, removingOf } from './teardown-kind.js';

export async function findKeyPair(ctx: AwsContext, name: string): Promise<KeyPairInfo | undefined> {
  const result = await orUndefinedIfNotFound(
    ctx.clients.ec2(ctx.region).send(new DescribeKeyPairsCommand({ KeyNames: [name] }), callOptions(ctx)),
  );
  return result?.KeyPairs?.[0];
}

export async function ensureKeyPair(
  ctx: AwsContext,
  cluster: string,
  key: SshPublicKey,
): Promise<Ensured<KeyPairInfo>> {
  const ec2 = ctx.clients.ec2(ctx.region);
  const name = keyPairName(key.md5Fingerprint);
  const existing = await findKeyPair(ctx, name);
  if (existing) {
    if (!existing.Tags?.some((tag) => tag.Key === clusterTagKey(cluster))) {
      await ec2.send(
        new CreateTagsCommand({
          Resources: [existing.KeyPairId!],
          Tags: [{ Key: clusterTagKey(cluster), Value: 'owned' }],
        }),
        callOptions(ctx),
      );
    }
    return { value: existing, created: false };
  }
  try {
    const result = await ec2.send(
      new ImportKeyPairCommand({
        KeyName: name,
        PublicKeyMaterial: Buffer.from(key.publicKey),
        TagSpecifications: tagSpecification('key-pair', sharedUseTags(cluster, 'owned')),
      }),
      callOptions(ctx),
    );
    return {
      value: { KeyName: result.KeyName, KeyPairId: result.KeyPairId, KeyFingerprint: result.KeyFingerprint },
      created: true,
    };
  } catch (error) {
    // Another cluster's run imported the same key a moment ago: use it.
    if ((error as Error).name === 'InvalidKeyPair.Duplicate') return ensureKeyPair(ctx, cluster, key);
    throw error;
  }
}

/**
 * Every key pair of the region (DescribeKeyPairs is not paged): kube-up's `kubernetes-<md5>` key was
 * untagged, so it is found by its name and by the instances and launch configurations that use it.
 */
export async function listKeyPairs(ctx: AwsContext): Promise<ListedResource[]> {
  const { KeyPairs = [] } = await ctx.clients
    .ec2(ctx.region)
    .send(new DescribeKeyPairsCommand({}), callOptions(ctx));
  return KeyPairs.filter((key) => key.KeyName).map((key) => {
    const tags = fromTagList(key.Tags);
    return {
      type: 'key-pair',
      id: key.KeyName!,
      name: key.KeyName!,
      region: ctx.region,
      tags,
      ...(key.CreateTime ? { createdAt: iso(key.CreateTime) } : {}),
      refs: {},
    };
  });
}

export async function deleteKeyPair(ctx: AwsContext, name: string): Promise<void> {
  await ctx.clients.ec2(ctx.region).send(new DeleteKeyPairCommand({ KeyName: name }), callOptions(ctx));
}

/** Removes only this cluster's key from a key pair other clusters also use (tags go by KeyPairId). */
export async function removeKeyPairClusterTags(
  ctx: AwsContext,
  name: string,
  cluster: string,
): Promise<void> {
  const key = await findKeyPair(ctx, name);
  if (!key?.KeyPairId) return;
  const Tags = clusterTagsOf(fromTagList(key.Tags), cluster);
  if (Tags.length === 0) return;
  await ctx.clients
    .ec2(ctx.region)
    .send(new DeleteTagsCommand({ Resources: [key.KeyPairId], Tags }), callOptions(ctx));
}

/**
 * A key pair goes after every instance, template and configuration being removed that names it.
 * Whether it goes at all (no other cluster's tag, no other user) the plan decides from `usedBy`.
 */
export const keyPairTeardown: KindTeardown = {
  blockedBy: (key, removing) => [
    ...instancesIn(removing, key.region),
    ...[
      ...removingOf(removing, 'launch-template', key.region),
      ...removingOf(removing, 'launch-configuration', key.region),
    ].filter((user) => user.refs.keyName === key.id),
  ],
  remove: (ctx, step) => deleteKeyPair(ctx, step.id),
  removeTags: (ctx, key, cluster) => removeKeyPairClusterTags(ctx, key.id, cluster),
};
