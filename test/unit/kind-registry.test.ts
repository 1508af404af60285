import { describe, expect, it } from 'vitest';
import { kindProblems, type ResourceKind } from '../../src/aws/resources/kind.js';
import { kindOf, LISTINGS, RESOURCE_KINDS, TEARDOWN_ORDER } from '../../src/aws/resources/registry.js';
import { vpcKind } from '../../src/aws/resources/vpc.js';
import { RESOURCE_LABELS, RESOURCE_TYPES } from '../../src/model/resource-types.js';

/** The registry's problems: each kind's, in the registry's order, plus the ones across kinds. */
function registryProblems(kinds: readonly Partial<ResourceKind>[]): string[] {
  const problems = kinds.flatMap((kind, index) =>
    kindProblems(
      kind,
      kinds.slice(0, index).flatMap((earlier) => (earlier.type ? [earlier.type] : [])),
    ),
  );
  for (const type of RESOURCE_TYPES) {
    const count = kinds.filter((kind) => kind.type === type).length;
    if (count !== 1) problems.push(`${type}: ${count} kinds, not one`);
  }
  const ranks = kinds.map((kind) => kind.teardownRank);
  if (new Set(ranks).size !== ranks.length) problems.push('two kinds share a teardown rank');
  for (const kind of kinds) {
    const list = kind.list;
    if (list && 'listedWith' in list) {
      const lister = kinds.find((other) => other.type === list.listedWith);
      if (!lister?.list || 'listedWith' in lister.list)
        problems.push(`${kind.type}: listed with ${list.listedWith}, which lists nothing`);
    }
  }
  return problems;
}

describe('the registry of resource kinds', () => {
  it('has every piece of every kind, and exactly one kind per resource type', () => {
    expect(registryProblems(RESOURCE_KINDS)).toEqual([]);
    expect(RESOURCE_KINDS.map((kind) => kind.type).sort()).toEqual([...RESOURCE_TYPES].sort());
    for (const type of RESOURCE_TYPES) expect(kindOf(type).type).toBe(type);
  });

  it('fails for a kind that lacks a piece, for a type with two kinds or none, and for a rule read too early', () => {
    const { claim: _claim, price: _price, ...incomplete } = vpcKind;
    expect(kindProblems(incomplete)).toEqual([
      'vpc: no claim rule',
      "vpc: no price (or 'free' or 'unpriced')",
    ]);
    expect(kindProblems({ ...vpcKind, teardownRank: Number.NaN, list: [] })).toEqual([
      'vpc: no teardown rank',
      'vpc: no listing',
    ]);
    expect(kindProblems({ ...vpcKind, price: 0 as unknown as ResourceKind['price'] })).toEqual([
      "vpc: no price (or 'free' or 'unpriced')",
    ]);
    expect(kindProblems({ ...vpcKind, claim: { byTag: false } })).toEqual(['vpc: no claim rule']);
    const { teardown: _teardown, orphan: _orphan, ...noRemoval } = vpcKind;
    expect(kindProblems(noRemoval)).toEqual([
      "vpc: no orphan rule (or 'never')",
      'vpc: no teardown removal (remove and blockedBy)',
    ]);
    const unlabelled = { ...vpcKind, type: 'nat-gateway' as ResourceKind['type'] };
    expect(kindProblems(unlabelled)).toEqual(['nat-gateway: no label (short, singular and plural)']);
    expect(kindProblems({ ...vpcKind, after: ['subnet'] }, [])).toEqual([
      'vpc: reads subnet, which the registry must list before it',
    ]);

    // The same registry check over a registry with the VPC kind twice and no subnet kind.
    const broken = RESOURCE_KINDS.map((kind) => (kind.type === 'subnet' ? vpcKind : kind));
    expect(registryProblems(broken)).toEqual([
      'vpc: 2 kinds, not one',
      'subnet: 0 kinds, not one',
      'two kinds share a teardown rank',
    ]);
    // A kind listed with one that lists nothing.
    const orphanedListing = RESOURCE_KINDS.map((kind) =>
      kind.type === 'iam-role' ? { ...kind, list: { listedWith: 'iam-instance-profile' as const } } : kind,
    );
    expect(registryProblems(orphanedListing)).toEqual([
      'iam-instance-profile: listed with iam-role, which lists nothing',
      'iam-role: listed with iam-instance-profile, which lists nothing',
    ]);
  });

  it('gives every type its words for the screens', () => {
    for (const type of RESOURCE_TYPES) {
      const labels = RESOURCE_LABELS[type];
      expect(labels.short.length).toBeGreaterThan(0);
      expect(labels.short.length).toBeLessThanOrEqual(7);
    }
    expect(new Set(RESOURCE_TYPES.map((type) => RESOURCE_LABELS[type].short)).size).toBe(
      RESOURCE_TYPES.length,
    );
  });

  it("keeps kube-down's teardown order and discovery's one listing per kind (two for load balancers, one for IAM)", () => {
    expect(TEARDOWN_ORDER).toEqual([
      'load-balancer',
      'auto-scaling-group',
      'instance',
      'launch-template',
      'launch-configuration',
      'elastic-ip',
      'volume',
      'security-group',
      'subnet',
      'route-table',
      'internet-gateway',
      'vpc',
      'dhcp-options',
      'key-pair',
      'iam-instance-profile',
      'iam-role',
      's3-bucket',
      'log-group',
    ]);
    expect(LISTINGS.map((listing) => listing.label)).toContain('classic load balancers');
    expect(LISTINGS.map((listing) => listing.label)).toContain('ELBv2 load balancers');
    expect(LISTINGS.filter((listing) => listing.scope === 'global').map((listing) => listing.label)).toEqual([
      'IAM roles and instance profiles',
      'staging buckets',
    ]);
    expect(LISTINGS).toHaveLength(18);
  });
});
