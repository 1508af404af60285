import { describe, expect, it } from 'vitest';
import { transitionTime } from '../../src/aws/blockers.js';
import {
  type Blocker,
  type BlockerFacts,
  blockedForGood,
  blockersLine,
  interfaceBlockers,
  interfaceOwner,
  loadBalancerNameOf,
  NO_FACTS,
  type Ownership,
  peeringBlockers,
  referencingGroupBlockers,
} from '../../src/model/blockers.js';

const ours: Ownership = {
  removing: new Set(['i-master', 'k8s-elb-a1b2', 'sg-node']),
  taggedOurs: (tags) => tags['kubernetes.io/cluster/kubernetes'] === 'owned',
};
const facts = (extra: Partial<BlockerFacts>): BlockerFacts => ({ ...NO_FACTS, ...extra });
const subnet = { type: 'subnet', id: 'subnet-1' };

describe('what blocks a deletion, and whose it is', () => {
  it("reads the load balancer from AWS's interface description, classic and ELBv2 alike", () => {
    expect(loadBalancerNameOf('ELB k8s-elb-a1b2')).toBe('k8s-elb-a1b2');
    expect(loadBalancerNameOf('ELB app/web/50dc6c495c0c9188')).toBe('web');
    expect(loadBalancerNameOf('ELB net/api/0123abcd')).toBe('api');
    expect(loadBalancerNameOf('Primary network interface')).toBeUndefined();
    expect(loadBalancerNameOf(undefined)).toBeUndefined();
  });

  it('names the owner of an interface from its type or its description', () => {
    const eni = { id: 'eni-1', groupIds: [], tags: {} };
    expect(
      interfaceOwner({
        ...eni,
        interfaceType: 'nat_gateway',
        description: 'Interface for NAT Gateway nat-1',
      }),
    ).toBe('NAT gateway');
    expect(interfaceOwner({ ...eni, interfaceType: 'vpc_endpoint' })).toBe('VPC endpoint');
    expect(interfaceOwner({ ...eni, description: 'ELB net/api/0123' })).toBe('ELB api');
    expect(interfaceOwner(eni)).toBe('network interface');
  });

  it("the cluster's load balancer's interface is ours and deleting; another's is not", () => {
    const blockers = interfaceBlockers(
      [
        { id: 'eni-ours', description: 'ELB k8s-elb-a1b2', status: 'in-use', groupIds: [], tags: {} },
        { id: 'eni-theirs', description: 'ELB other', status: 'in-use', groupIds: [], tags: {} },
      ],
      NO_FACTS,
      ours,
    );
    expect(blockers).toEqual([
      expect.objectContaining({ id: 'eni-ours', ours: true, state: 'deleting', owner: 'ELB k8s-elb-a1b2' }),
      expect.objectContaining({ id: 'eni-theirs', ours: false, state: 'in-use', owner: 'ELB other' }),
    ]);
    expect(blockersLine(subnet, blockers)).toBe(
      "blocked: eni-theirs (ELB other, not this cluster's) is in subnet-1 — delete it, then run the teardown again",
    );
    expect(blockersLine(subnet, blockers.slice(0, 1))).toBe(
      'waiting: eni-ours (ELB k8s-elb-a1b2 of this cluster, deleting)',
    );
  });

  it('an instance blocks once, whatever its interfaces; ours by tag; terminated ones no longer', () => {
    const now = Date.parse('2026-11-30T10:00:40Z');
    const blockers = interfaceBlockers(
      [
        { id: 'eni-a', instanceId: 'i-node', groupIds: [], tags: {} },
        { id: 'eni-b', instanceId: 'i-node', groupIds: [], tags: {} },
        { id: 'eni-c', instanceId: 'i-gone', groupIds: [], tags: {} },
      ],
      facts({
        instances: [
          {
            id: 'i-node',
            state: 'shutting-down',
            since: '2026-11-30T10:00:00Z',
            tags: { 'kubernetes.io/cluster/kubernetes': 'owned' },
          },
          { id: 'i-gone', state: 'terminated', tags: {} },
        ],
      }),
      ours,
    );
    expect(blockers).toEqual([expect.objectContaining({ type: 'instance', id: 'i-node', ours: true })]);
    expect(blockersLine(subnet, blockers, now)).toBe('waiting: instance i-node shutting-down, 40 s');
    expect(blockedForGood(blockers)).toBe(false);
  });

  it("a group of another VPC that references the cluster's group blocks for good, unless --force-revoke may revoke it", () => {
    const groups = facts({
      groups: [
        { id: 'sg-peer', vpcId: 'vpc-9', references: ['sg-master'], tags: {} },
        { id: 'sg-node', vpcId: 'vpc-1', references: ['sg-master'], tags: {} },
        { id: 'sg-guarded', vpcId: 'vpc-9', references: ['sg-master'], tags: { 'kube-tui/protect': 'true' } },
      ],
    });
    const group = { type: 'security-group', id: 'sg-master' };
    const blockers = referencingGroupBlockers('sg-master', groups, ours);
    expect(blockers.map((blocker) => [blocker.id, blocker.ours])).toEqual([
      ['sg-peer', false],
      ['sg-node', true],
      ['sg-guarded', false],
    ]);
    expect(blockersLine(group, blockers.slice(0, 1))).toBe(
      "blocked: sg-master is referenced by sg-peer of VPC vpc-9 (not this cluster's) — remove that rule or use --force-revoke",
    );
    expect(blockedForGood(blockers)).toBe(true);

    const forced = referencingGroupBlockers('sg-master', groups, { ...ours, forceRevoke: true });
    expect(forced.filter((blocker) => blocker.revoke).map((blocker) => blocker.id)).toEqual(['sg-peer']);
    // The protected group is never revoked: it still blocks.
    expect(blockedForGood(forced)).toBe(true);
    expect(blockedForGood(forced.filter((blocker) => blocker.id !== 'sg-guarded'))).toBe(false);
  });

  it('only live peering connections block a VPC, named with the other side', () => {
    const peerings = facts({
      peerings: [
        { id: 'pcx-1', status: 'active', requesterVpcId: 'vpc-1', accepterVpcId: 'vpc-9', tags: {} },
        { id: 'pcx-2', status: 'deleted', requesterVpcId: 'vpc-1', accepterVpcId: 'vpc-8', tags: {} },
        { id: 'pcx-3', status: 'active', requesterVpcId: 'vpc-7', accepterVpcId: 'vpc-8', tags: {} },
      ],
    });
    const blockers: Blocker[] = peeringBlockers('vpc-1', peerings, ours);
    expect(blockers).toEqual([expect.objectContaining({ id: 'pcx-1', vpcId: 'vpc-9', ours: false })]);
    expect(blockersLine({ type: 'vpc', id: 'vpc-1' }, blockers)).toBe(
      "blocked: vpc-1 has VPC peering connection pcx-1 to vpc-9 (not this cluster's) — delete it, then run the teardown again",
    );
  });

  it("reads when an instance entered its state from AWS's transition reason", () => {
    expect(transitionTime('User initiated (2026-11-30 10:00:00 GMT)')).toBe('2026-11-30T10:00:00Z');
    expect(transitionTime('')).toBeUndefined();
  });
});
