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
import {
  clusterMemberships,
  clusterTagKey,
  fromTagList,
  KUBE_UP_KEY_PAIR,
  keyPairName,
  sharedUseTags,
} from '../naming.js';
import { type Ensured, iso, orUndefinedIfNotFound, tagSpecification } from './common.js';
import type { ResourceKind } from './kind.js';
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

/**
 * Tagged for the cluster, or kube-up's `kubernetes-<md5>` that the cluster's instances, templates
 * or configurations use. kube-up imported one key under one name in every region it ran in: an
 * untagged one is kept while the same name is used in another region. Free in AWS.
 */
export const keyPairKind: ResourceKind = {
  type: 'key-pair',
  scope: 'region',
  teardownRank: 130,
  list: [{ label: 'key pairs', list: listKeyPairs }],
  find: findKeyPair,
  ensure: ensureKeyPair,
  olderThanCluster: true,
  usedInEveryRegion: (key) => Object.keys(key.tags).length === 0,
  after: ['instance', 'launch-template', 'launch-configuration'],
  claim: {
    byTag: true,
    also: (key, view) => {
      if (!KUBE_UP_KEY_PAIR.test(key.name)) return;
      for (const { usage } of view.usersOf(key))
        if (usage.cluster) view.claim(key, usage.cluster, 'kube-up-name');
    },
  },
  users: (key, view) => view.keyUsers(key.region, key.id),
  orphan: (key, view) => {
    const owners = view.goneOwners(key);
    const kubeUpName = KUBE_UP_KEY_PAIR.test(key.name);
    if ((!kubeUpName && owners.length === 0) || view.liveUsers(key).length > 0) return undefined;
    const what = kubeUpName
      ? "kube-up's key pair name (kubernetes-<md5 of the SSH key>)"
      : view.tagClause(owners, key.region);
    const tagged = kubeUpName && owners.length > 0 ? `, ${view.tagClause(owners, key.region)}` : '';
    return {
      ownership: owners.length > 0 ? 'owned' : 'kube-up-name',
      reason: `${what}${tagged}; no live instance, launch template or launch configuration in ${key.region} uses it`,
      ...(owners[0] ? { cluster: owners[0] } : {}),
    };
  },
  // Kept while another cluster's tag remains on it or something that stays uses it; kube-up's
  // untagged `kubernetes-<md5>` also while the same name is used in another region.
  guard: (key, plan) => {
    const cluster = plan.clusterOf(key) ?? '';
    const memberships = clusterMemberships(key.tags);
    const tagged = [...memberships.keys()].filter((name) => name !== cluster);
    const untagged = memberships.size === 0;
    const iamUse = plan.input.iamUse;
    const elsewhere = untagged
      ? (iamUse?.keyUsers?.get(key.name) ?? []).filter((use) => use.region !== key.region)
      : [];
    if (untagged && (!iamUse?.keyUsers || iamUse.failed.length > 0)) {
      const unchecked = `the same key name may be in use in another region, and ${iamUse?.keyUsers ? iamUse.failed.map((failure) => `${failure.region} could not be checked (${failure.message})`).join(', ') : 'the other regions were not checked'}`;
      plan.set(key, 'skip', unchecked, unchecked);
      return;
    }
    plan.keepIfUsed(
      key,
      [...(key.usedBy ?? []), ...elsewhere],
      tagged.length > 0 ? [`also tagged for ${tagged.map((name) => `cluster ${name}`).join(' and ')}`] : [],
    );
  },
  teardown: keyPairTeardown,
  price: 'free',
};
