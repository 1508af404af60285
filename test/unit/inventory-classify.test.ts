import { describe, expect, it } from 'vitest';
import { type ClassifyScope, classify } from '../../src/aws/inventory-classify.js';
import { stagingBucketName } from '../../src/aws/naming.js';
import type { Inventory, ListedResource } from '../../src/model/inventory.js';
import type { ResourceType } from '../../src/model/resource-types.js';

const ACCOUNT = '111122223333';
const scope = (overrides: Partial<ClassifyScope> = {}): ClassifyScope => ({
  region: 'us-west-2',
  regions: ['us-west-2'],
  allRegions: false,
  accountId: ACCOUNT,
  scannedAt: '2026-01-01T00:00:00.000Z',
  ...overrides,
});

/** A role's refs as the lister gives them for kube-up's and kube-tui's roles: trusted by EC2 alone. */
const EC2_TRUSTED = { trustedPrincipals: ['ec2.amazonaws.com'] };

function listed(type: ResourceType, id: string, extra: Partial<ListedResource> = {}): ListedResource {
  const refs = type === 'iam-role' ? { ...EC2_TRUSTED, ...extra.refs } : (extra.refs ?? {});
  return { type, id, name: id, region: 'us-west-2', tags: {}, ...extra, refs };
}
const owned = (cluster: string) => ({ KubernetesCluster: cluster });
const vpc = (id: string, tags: Record<string, string>, region = 'us-west-2') =>
  listed('vpc', id, { tags, region, state: 'available' });
const instance = (id: string, extra: Partial<ListedResource> = {}) =>
  listed('instance', id, { state: 'running', ...extra });

const members = (inventory: Inventory, cluster: string, region = 'us-west-2') =>
  inventory.clusters
    .find((c) => c.name === cluster && c.region === region)
    ?.resources.map((r) => `${r.type} ${r.id} ${r.ownership}`)
    .sort();
const orphanIds = (inventory: Inventory) => inventory.orphans.map((o) => `${o.type} ${o.id}`).sort();

describe('classifying a listing into clusters and orphans', () => {
  it('a cluster exists while it has a tagged VPC or a live (even stopped) instance; terminated ones do not count', () => {
    const inventory = classify(
      [
        vpc('vpc-1', owned('a')),
        instance('i-stopped', { tags: owned('b'), state: 'stopped' }),
        instance('i-gone', { tags: owned('c'), state: 'terminated' }),
        instance('i-going', { tags: owned('d'), state: 'shutting-down' }),
        listed('volume', 'vol-c', { tags: owned('c'), state: 'in-use', refs: { instanceIds: ['i-gone'] } }),
      ],
      scope(),
    );
    expect(inventory.clusters.map((c) => c.name)).toEqual(['a', 'b']);
    // Attached only to a terminated instance, which moto still lists: still attached, so not flagged.
    expect(orphanIds(inventory)).toEqual([]);
  });

  it("a user's VPC tagged shared: its untagged gateway is shared too, never the cluster's to delete", () => {
    const inventory = classify(
      [
        vpc('vpc-user', { 'kubernetes.io/cluster/a': 'shared', Name: 'prod' }),
        listed('internet-gateway', 'igw-user', {
          refs: { attachments: [{ id: 'vpc-user' }], vpcId: 'vpc-user' },
        }),
        listed('subnet', 'subnet-a', { tags: { ...owned('a'), 'kubernetes.io/cluster/a': 'owned' } }),
      ],
      scope(),
    );
    expect(members(inventory, 'a')).toEqual([
      'internet-gateway igw-user shared',
      'subnet subnet-a owned',
      'vpc vpc-user shared',
    ]);
  });

  it("an untagged Elastic IP on a cluster instance is only 'associated'; kube-up's, named by the master volume, is the cluster's", () => {
    const inventory = classify(
      [
        vpc('vpc-1', owned('a')),
        instance('i-master', { tags: owned('a') }),
        instance('i-node', { tags: owned('a') }),
        listed('volume', 'vol-pd', {
          tags: { ...owned('a'), Name: 'a-master-pd', 'kubernetes.io/master-ip': '198.51.100.1' },
          refs: { publicIp: '198.51.100.1', instanceIds: ['i-master'] },
        }),
        listed('elastic-ip', 'eipalloc-kubeup', {
          refs: { publicIp: '198.51.100.1', instanceIds: ['i-master'] },
        }),
        listed('elastic-ip', 'eipalloc-user', {
          refs: { publicIp: '198.51.100.2', instanceIds: ['i-node'], associationId: 'eipassoc-1' },
        }),
        listed('elastic-ip', 'eipalloc-free', { refs: { publicIp: '198.51.100.3' } }),
      ],
      scope(),
    );
    expect(members(inventory, 'a')).toContain('elastic-ip eipalloc-kubeup kube-up-name');
    expect(members(inventory, 'a')).toContain('elastic-ip eipalloc-user associated');
    expect(members(inventory, 'a')).not.toContain('elastic-ip eipalloc-free kube-up-name');
    expect(orphanIds(inventory)).toEqual([]);
  });

  it('a key pair two live clusters use is listed under both, each saying the other claims it too', () => {
    const key = listed('key-pair', 'kubernetes-0123456789abcdef0123456789abcdef', {
      tags: {
        'kubernetes.io/cluster/a': 'owned',
        'kubernetes.io/cluster/b': 'owned',
        'kubernetes.io/cluster/gone': 'owned',
      },
    });
    const inventory = classify(
      [
        vpc('vpc-a', owned('a')),
        vpc('vpc-b', owned('b')),
        key,
        instance('i-a', { tags: owned('a'), refs: { keyName: key.id } }),
      ],
      scope(),
    );
    const inA = inventory.clusters.find((c) => c.name === 'a')!.resources.find((r) => r.id === key.id)!;
    expect(inA.alsoClaimedBy).toEqual([{ name: 'b', region: 'us-west-2' }]);
    expect(inA.usedBy).toEqual([
      { type: 'instance', id: 'i-a', region: 'us-west-2', cluster: { name: 'a', region: 'us-west-2' } },
    ]);
    expect(members(inventory, 'b')).toContain(`key-pair ${key.id} owned`);
    // A stale tag of a gone cluster does not make it an orphan while live clusters claim it.
    expect(orphanIds(inventory)).toEqual([]);
  });

  it("a kube-up key pair or role used only by a user's untagged instance is neither claimed nor an orphan", () => {
    const inventory = classify(
      [
        listed('key-pair', 'kubernetes-fedcba9876543210fedcba9876543210'),
        listed('iam-role', 'kubernetes-minion', {
          region: 'global',
          refs: { instanceProfiles: ['kubernetes-minion'] },
        }),
        listed('iam-instance-profile', 'kubernetes-minion', {
          region: 'global',
          refs: { roles: ['kubernetes-minion'] },
        }),
        instance('i-user', {
          refs: {
            keyName: 'kubernetes-fedcba9876543210fedcba9876543210',
            instanceProfile: 'kubernetes-minion',
          },
        }),
      ],
      scope(),
    );
    expect(inventory.clusters).toEqual([]);
    expect(orphanIds(inventory)).toEqual([]);
  });

  it('leftovers still in use are not orphans: an attached volume, a DHCP set a VPC uses, a subnet with an instance', () => {
    const inventory = classify(
      [
        vpc('vpc-user', {}),
        listed('volume', 'vol-1', {
          tags: owned('gone'),
          state: 'in-use',
          refs: { instanceIds: ['i-user'] },
        }),
        listed('dhcp-options', 'dopt-1', { tags: owned('gone') }),
        { ...vpc('vpc-user2', {}), refs: { dhcpOptionsId: 'dopt-1' } },
        listed('subnet', 'subnet-1', { tags: owned('gone') }),
        instance('i-user', { refs: { subnetIds: ['subnet-1'] } }),
        listed('subnet', 'subnet-2', { tags: { 'kubernetes.io/cluster/gone': 'shared' } }),
      ],
      scope(),
    );
    expect(orphanIds(inventory)).toEqual([]);
  });

  it('claims kube-up launch configurations by the group that uses them, or by `<C>-minion-group-<zone>`', () => {
    const inventory = classify(
      [
        vpc('vpc-1', owned('kube')),
        listed('launch-configuration', 'kube-minion-group-us-west-2a', {
          refs: { keyName: 'kubernetes-0123456789abcdef0123456789abcdef' },
        }),
        // A user's: kube-up's name, but not kube-up's zone suffix, or neither kube-up's key nor role.
        listed('launch-configuration', 'kube-minion-group-workers', {
          refs: { keyName: 'kubernetes-0123456789abcdef0123456789abcdef' },
        }),
        listed('launch-configuration', 'kube-minion-group-us-west-2c', { refs: { keyName: 'my-key' } }),
        listed('launch-configuration', 'custom-lc'),
        listed('auto-scaling-group', 'nodes', {
          tags: owned('kube'),
          refs: { launchConfiguration: 'custom-lc' },
        }),
        listed('launch-configuration', 'web-minion-group-us-west-2b', {
          refs: { instanceProfile: 'kubernetes-minion' },
        }),
        listed('launch-configuration', 'web-minion-group-us-west-2d', { refs: { keyName: 'deploy' } }),
        listed('launch-configuration', 'unrelated'),
      ],
      scope(),
    );
    expect(members(inventory, 'kube')).toEqual([
      'auto-scaling-group nodes owned',
      'launch-configuration custom-lc kube-up-name',
      'launch-configuration kube-minion-group-us-west-2a kube-up-name',
      'vpc vpc-1 owned',
    ]);
    expect(inventory.orphans.map((o) => `${o.id}: ${o.reason}`)).toEqual([
      "web-minion-group-us-west-2b: kube-up's node launch configuration name (web-minion-group-<zone>); no Auto Scaling group uses it and cluster web has no VPC or instance in us-west-2",
    ]);
  });

  it("IAM: only kube-up's exact names or kube-tui's tagged names, trusted by EC2 alone, with kube-up's or kube-tui's policies, are ours", () => {
    const lambda = { trustedPrincipals: ['lambda.amazonaws.com'] };
    const inventory = classify(
      [
        // A user's role that merely starts like kube-up's: untagged, trusted by Lambda, no profile.
        listed('iam-role', 'kubernetes-master-deployer', { region: 'global', refs: lambda }),
        listed('iam-role', 'kubernetes-minion-ci-runner', { region: 'global' }),
        // kube-tui's name without kube-tui's tags.
        listed('iam-role', 'kubernetes-master-gone-us-west-2', { region: 'global' }),
        // kube-tui's name and tags, but trusted by someone else too, or carrying a user's policy.
        listed('iam-role', 'kubernetes-minion-gone-us-west-2', {
          region: 'global',
          tags: owned('gone'),
          refs: { trustedPrincipals: ['aws:arn:aws:iam::111122223333:root', 'ec2.amazonaws.com'] },
        }),
        listed('iam-role', 'kubernetes-master-old-us-west-2', {
          region: 'global',
          tags: owned('old'),
          refs: { ...EC2_TRUSTED, inlinePolicies: ['kube-tui', 'admin-extras'] },
        }),
        listed('iam-role', 'kubernetes-minion-old-us-west-2', {
          region: 'global',
          tags: owned('old'),
          refs: { ...EC2_TRUSTED, attachedPolicies: ['arn:aws:iam::aws:policy/AdministratorAccess'] },
        }),
        // kube-up's exact name, Lambda-trusted: a user's.
        listed('iam-role', 'kubernetes-minion', { region: 'global', refs: lambda }),
        // Ours: kube-up's exact name with kube-up's policy; kube-tui's tagged name with kube-tui's.
        listed('iam-role', 'kubernetes-master', {
          region: 'global',
          refs: { ...EC2_TRUSTED, inlinePolicies: ['kubernetes-master'] },
        }),
        listed('iam-role', 'kubernetes-master-gone-us-west-2-x', { region: 'global', tags: owned('gone') }),
        listed('iam-role', 'kubernetes-minion-left-us-west-2', {
          region: 'global',
          tags: owned('left'),
          refs: { ...EC2_TRUSTED, inlinePolicies: ['kube-tui'] },
        }),
        // A tagged kube-tui profile holding a user's role of its name is not ours either.
        listed('iam-instance-profile', 'kubernetes-minion-gone-us-west-2', {
          region: 'global',
          tags: owned('gone'),
          refs: { roles: ['kubernetes-minion-gone-us-west-2'] },
        }),
      ],
      scope({ allRegions: true }),
    );
    expect(orphanIds(inventory)).toEqual([
      'iam-role kubernetes-master',
      'iam-role kubernetes-minion-left-us-west-2',
    ]);
  });

  it('IAM is global: a kube-tui role named for a region not scanned is left alone; with every region scanned no caveat is given', () => {
    const roles = [
      listed('iam-role', 'kubernetes-master-a-eu-west-1', { region: 'global', tags: owned('a') }),
      listed('iam-role', 'kubernetes-master-b-eu-west-1', { region: 'global', tags: owned('b') }),
      listed('iam-role', 'kubernetes-master', { region: 'global' }),
    ];
    const single = classify([...roles, vpc('vpc-b', owned('b'), 'eu-west-1')], scope());
    expect(single.orphans.map((o) => `${o.id}: ${o.reason}`)).toEqual([
      "kubernetes-master: named like kube-up's role (kubernetes-master / kubernetes-minion); none of its instance profiles is used by an instance, launch template or launch configuration in us-west-2 (IAM is global and only us-west-2 was scanned: run with --all-regions before deleting it)",
    ]);
    const all = classify([...roles, vpc('vpc-b', owned('b'), 'eu-west-1')], {
      ...scope({ region: 'all', regions: ['eu-west-1', 'us-west-2'], allRegions: true }),
    });
    expect(members(all, 'b', 'eu-west-1')).toEqual([
      'iam-role kubernetes-master-b-eu-west-1 owned',
      'vpc vpc-b owned',
    ]);
    expect(all.orphans.map((o) => `${o.id}: ${o.reason}`)).toEqual([
      "kubernetes-master: named like kube-up's role (kubernetes-master / kubernetes-minion); none of its instance profiles is used by an instance, launch template or launch configuration in eu-west-1 and us-west-2",
      "kubernetes-master-a-eu-west-1: kube-tui's role name for cluster a in eu-west-1; cluster a has no VPC or instance in eu-west-1, and none of its instance profiles is used by an instance, launch template or launch configuration in eu-west-1 and us-west-2",
    ]);
  });

  it("ties a staging bucket to its cluster's region by kube-tui's derived name, whatever region the bucket is in", () => {
    const bucketOfA = stagingBucketName(ACCOUNT, 'us-west-2', 'a');
    const bucketOfGoneEu = stagingBucketName(ACCOUNT, 'eu-west-1', 'gone');
    const inventory = classify(
      [
        vpc('vpc-a', owned('a')),
        listed('s3-bucket', bucketOfA, { region: 'us-east-1', tags: owned('a') }),
        listed('s3-bucket', bucketOfGoneEu, { region: 'us-west-2', tags: owned('gone') }),
        listed('s3-bucket', 'kubernetes-staging-aaaaaaaaaaaa', { region: 'us-west-2', tags: owned('old') }),
      ],
      scope(),
    );
    const bucket = inventory.clusters[0]!.resources.find((r) => r.type === 's3-bucket')!;
    expect(bucket).toMatchObject({ id: bucketOfA, region: 'us-east-1', ownership: 'owned' });
    // The eu-west-1 cluster's bucket is not judged from us-west-2; the underived one is, by its region.
    expect(inventory.orphans.map((o) => `${o.id}: ${o.reason}`)).toEqual([
      "kubernetes-staging-aaaaaaaaaaaa: staging bucket tagged for cluster old, which has no VPC or instance in us-west-2 (judged by the bucket's region; the cluster may live in a region that was not scanned)",
    ]);
  });

  it('orders clusters by region and name, resources by type then name, and dates a cluster by its oldest resource', () => {
    const inventory = classify(
      [
        vpc('vpc-z', owned('z')),
        vpc('vpc-a', owned('a')),
        instance('i-2', { tags: owned('a'), name: 'a-minion', createdAt: '2026-01-02T00:00:00.000Z' }),
        instance('i-1', { tags: owned('a'), name: 'a-master', createdAt: '2026-01-01T00:00:00.000Z' }),
        listed('key-pair', 'kp', {
          tags: { 'kubernetes.io/cluster/a': 'owned' },
          createdAt: '2020-01-01T00:00:00.000Z',
        }),
        listed('subnet', 'subnet-1', { tags: owned('a') }),
      ],
      scope(),
    );
    expect(inventory.clusters.map((c) => c.name)).toEqual(['a', 'z']);
    expect(inventory.clusters[0]!.resources.map((r) => r.id)).toEqual([
      'kp',
      'vpc-a',
      'subnet-1',
      'i-1',
      'i-2',
    ]);
    // Key pairs and IAM may be older than the cluster (shared): they do not date it.
    expect(inventory.clusters[0]!.createdAt).toBe('2026-01-01T00:00:00.000Z');
  });
});
