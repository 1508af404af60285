// The node zones' pure rules: reading `--node-zones`, MULTIZONE and KUBE_USE_EXISTING_MASTER; the
// refusals; the zone list a plan makes; each zone's subnet block; the names and the review's words.
import { describe, expect, it } from 'vitest';
import { zoneTargets } from '../../src/aws/node-zones.js';
import { UsageError } from '../../src/model/exit.js';
import { optionsFromCli } from '../../src/model/options.js';
import { estimateCost } from '../../src/model/prices.js';
import {
  isAddingZones,
  nodesLine,
  nodeZoneList,
  nodeZonesLine,
  nodeZonesProblem,
  parseNodeZones,
  totalNodes,
  zoneName,
  zoneNames,
  zoneSubnetCidr,
} from '../../src/model/zones.js';

const HOME = '/home/tester';
const resolve = (flags: Record<string, string>, vars: Record<string, string> = {}) =>
  optionsFromCli(flags, { HOME, ...vars });

function usageMessage(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error('expected a UsageError');
}

describe('node zones', () => {
  it('reads letters, names, a count and zones to add; anything else is unreadable', () => {
    expect(parseNodeZones('a, B ,us-east-1c')).toEqual(['a', 'b', 'us-east-1c']);
    expect(parseNodeZones('3')).toBe(3);
    expect(parseNodeZones('+b,+us-east-1c')).toEqual(['+b', '+us-east-1c']);
    for (const text of ['', 'a;b', 'a,,b', 'ab', 'us-east-1', '-1', '1.5', 'a b']) {
      expect(parseNodeZones(text), text).toBeUndefined();
    }
    expect(isAddingZones(['+b'])).toBe(true);
    expect(isAddingZones(['a', 'b'])).toBe(false);
    expect(isAddingZones(3)).toBe(false);
    expect(zoneName('b', 'us-east-1')).toBe('us-east-1b');
    expect(zoneName('+b', 'us-east-1')).toBe('us-east-1b');
    expect(zoneName('us-east-1c', 'us-east-1')).toBe('us-east-1c');
  });

  it('refuses other regions, a zone twice, a list without the master zone, mixes and counts out of range', () => {
    const place = { zone: 'us-west-2a', region: 'us-west-2' };
    expect(nodeZonesProblem(['a', 'b', 'c'], place)).toBeUndefined();
    expect(nodeZonesProblem(['us-west-2a', 'c'], place)).toBeUndefined();
    expect(nodeZonesProblem(['+b'], place)).toBeUndefined();
    expect(nodeZonesProblem(3, place)).toBeUndefined();
    expect(nodeZonesProblem(['a', 'us-west-2a'], place)).toBe('each zone once (us-west-2a is listed twice)');
    expect(nodeZonesProblem(['a', 'eu-west-1b'], place)).toBe(
      'zones of the region us-west-2 (eu-west-1b is not)',
    );
    expect(nodeZonesProblem(['b', 'c'], place)).toBe(
      "a list with the master's zone us-west-2a (--zone) in it, such as a,b,c",
    );
    expect(nodeZonesProblem(['a', '+b'], place)).toMatch(/^either zones to add to an existing cluster/);
    expect(nodeZonesProblem(['a', 'h'], place)).toBe('zones a to f of us-west-2');
    expect(nodeZonesProblem(0, place)).toMatch(/^a number of zones from 1 to 6/);
    expect(nodeZonesProblem(7, place)).toMatch(/^a number of zones from 1 to 6/);
  });

  it('lists the zones with nodes, the master first; a count takes the region zones in name order', () => {
    const config = { zone: 'us-west-2b', region: 'us-west-2' };
    expect(nodeZoneList(config)).toEqual(['us-west-2b']);
    expect(nodeZoneList({ ...config, nodeZones: ['a', 'b', 'c'] })).toEqual([
      'us-west-2b',
      'us-west-2a',
      'us-west-2c',
    ]);
    const available = ['us-west-2d', 'us-west-2c', 'us-west-2a', 'us-west-2b'];
    expect(nodeZoneList({ ...config, nodeZones: 3 }, available)).toEqual([
      'us-west-2b',
      'us-west-2a',
      'us-west-2c',
    ]);
    expect(nodeZoneList({ ...config, nodeZones: 6 }, available)).toHaveLength(4);
    expect(nodeZoneList({ ...config, nodeZones: ['+c', '+d'] })).toEqual(['us-west-2c', 'us-west-2d']);
  });

  it("gives each zone the block of the primary's size at its letter + 1, inside the VPC, whatever the master's zone", () => {
    expect(zoneSubnetCidr('172.20.0.0/24', 'us-west-2a', '172.20.0.0/16')).toBe('172.20.1.0/24');
    expect(zoneSubnetCidr('172.20.0.0/24', 'us-west-2b', '172.20.0.0/16')).toBe('172.20.2.0/24');
    expect(zoneSubnetCidr('172.20.0.0/24', 'us-west-2f', '172.20.0.0/16')).toBe('172.20.6.0/24');
    // A custom subnet in the user's VPC: the same rule from its base and size.
    expect(zoneSubnetCidr('10.1.16.0/20', 'eu-west-1c', '10.1.0.0/16')).toBe('10.1.64.0/20');
    // Past the VPC's end: no block (the plan refuses it, naming the zone).
    expect(zoneSubnetCidr('10.1.240.0/20', 'eu-west-1a', '10.1.0.0/16')).toBeUndefined();
    // No two zones share a block, and none is the primary's.
    const blocks = ['a', 'b', 'c', 'd', 'e', 'f'].map((letter) =>
      zoneSubnetCidr('172.20.0.0/24', `us-east-1${letter}`, '172.20.0.0/16'),
    );
    expect(new Set([...blocks, '172.20.0.0/24']).size).toBe(7);
    expect(
      usageMessage(() =>
        zoneTargets('demo', ['eu-west-1b', 'eu-west-1a'], {
          zone: 'eu-west-1b',
          subnetCidr: '10.1.240.0/20',
          vpcCidr: '10.1.0.0/16',
        }),
      ),
    ).toMatch(/^--node-zones eu-west-1a: its subnet .* falls outside the VPC's 10.1.0.0\/16/);
  });

  it("names an extra zone's group and subnet as kube-up did, the first group's name unchanged", () => {
    expect(zoneNames('kubernetes', 'us-west-2b')).toEqual({
      group: 'kubernetes-minion-group-us-west-2b',
      subnet: 'kubernetes-subnet-us-west-2b',
    });
    expect(
      zoneTargets('kubernetes', ['us-west-2a', 'us-west-2c'], {
        zone: 'us-west-2a',
        subnetCidr: '172.20.0.0/24',
        vpcCidr: '172.20.0.0/16',
      }),
    ).toEqual([
      {
        zone: 'us-west-2c',
        subnetCidr: '172.20.3.0/24',
        subnetName: 'kubernetes-subnet-us-west-2c',
        groupName: 'kubernetes-minion-group-us-west-2c',
      },
    ]);
  });

  it('counts --nodes per zone, in the words and in the estimate', () => {
    const plan = {
      config: { zone: 'us-west-2a', nodes: 2, nodeSize: 't3.medium' },
      extraZones: zoneTargets('k', ['us-west-2a', 'us-west-2b', 'us-west-2c'], {
        zone: 'us-west-2a',
        subnetCidr: '172.20.0.0/24',
        vpcCidr: '172.20.0.0/16',
      }),
    };
    expect(totalNodes(plan)).toBe(6);
    expect(nodesLine(plan)).toBe('2 × t3.medium nodes in each of 3 zones: us-west-2a, b, c (6 nodes)');
    expect(nodesLine({ ...plan, extraZones: [] })).toBe('2 × t3.medium nodes');
    expect(nodeZonesLine({ zone: 'us-west-2a', region: 'us-west-2', nodeZones: ['a', 'c'] })).toBe(
      'nodes in us-west-2a, c',
    );
    expect(nodeZonesLine({ zone: 'us-west-2a', region: 'us-west-2', nodeZones: 3 })).toBe('nodes in 3 zones');
    const cost = {
      masterSize: 't3.medium',
      nodeSize: 't3.medium',
      masterDiskType: 'gp3',
      masterDiskSize: 20,
      masterRootDiskType: 'gp3',
      masterRootDiskSize: 32,
      nodeRootDiskType: 'gp3',
      nodeRootDiskSize: 32,
    } as const;
    const one = estimateCost({ ...cost, nodes: 2 });
    const three = estimateCost({ ...cost, nodes: totalNodes(plan) });
    expect(three.lines[1]?.label).toBe('6 × node t3.medium');
    expect(three.hourlyUsd).toBeGreaterThan(one.hourlyUsd * 2);
  });

  it("resolves kube-up's variables: MULTIZONE=true is three zones, KUBE_USE_EXISTING_MASTER=true adds KUBE_AWS_ZONE", () => {
    expect(resolve({ nodeZones: 'a,b' }).config.nodeZones).toEqual(['a', 'b']);
    const multizone = resolve({}, { MULTIZONE: 'true' });
    expect(multizone.config.nodeZones).toBe(3);
    expect(multizone.notices).toContain('MULTIZONE true: the kube-up value "true" is now "3"');
    expect(resolve({}, { MULTIZONE: 'false' }).config.nodeZones).toBeUndefined();
    expect(resolve({}, { MULTIZONE: 'a,c', KUBE_AWS_ZONE: 'us-west-2a' }).config.nodeZones).toEqual([
      'a',
      'c',
    ]);
    // kube-up's second run: both set, the existing master wins; KUBE_AWS_ZONE is the zone to add.
    const adding = resolve(
      {},
      { KUBE_USE_EXISTING_MASTER: 'true', MULTIZONE: 'true', KUBE_AWS_ZONE: 'us-west-2c' },
    );
    expect(adding.config.nodeZones).toEqual(['+us-west-2c']);
    expect(adding.origins.nodeZones).toBe('KUBE_USE_EXISTING_MASTER');
    // The first variable set wins, as for every option, and the notice says so.
    const first = resolve(
      {},
      { KUBE_USE_EXISTING_MASTER: 'false', MULTIZONE: 'true', KUBE_AWS_ZONE: 'us-west-2a' },
    );
    expect(first.config.nodeZones).toBeUndefined();
    expect(first.notices).toContain(
      'MULTIZONE true is ignored: KUBE_USE_EXISTING_MASTER false takes precedence',
    );
    // The flag beats both variables.
    expect(
      resolve({ nodeZones: 'a' }, { KUBE_USE_EXISTING_MASTER: 'true', KUBE_AWS_ZONE: 'us-west-2a' }).config
        .nodeZones,
    ).toEqual(['a']);
    expect(usageMessage(() => resolve({}, { KUBE_USE_EXISTING_MASTER: 'true' }))).toBe(
      '--node-zones true (from KUBE_USE_EXISTING_MASTER): expected true together with KUBE_AWS_ZONE, the zone whose nodes to add',
    );
    expect(usageMessage(() => resolve({}, { MULTIZONE: 'b,c', KUBE_AWS_ZONE: 'us-west-2a' }))).toBe(
      "--node-zones b,c (from MULTIZONE): expected a list with the master's zone us-west-2a (--zone) in it, such as a,b,c",
    );
    expect(usageMessage(() => resolve({ nodeZones: 'x1' }))).toMatch(
      /^--node-zones x1: expected zone letters or names/,
    );
  });
});
