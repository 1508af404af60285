import { describe, expect, it } from 'vitest';
import { estimateCost, formatUsd, PRICES_AS_OF } from '../../src/model/prices.js';

describe('the cost estimate', () => {
  it('adds master, nodes, the master volume, the root disks and public IPv4, hourly and monthly', () => {
    const cost = estimateCost({
      masterSize: 't3.medium',
      nodeSize: 't3.medium',
      nodes: 2,
      masterDiskType: 'gp3',
      masterDiskSize: 20,
      masterRootDiskType: 'gp3',
      masterRootDiskSize: 32,
      nodeRootDiskType: 'gp2',
      nodeRootDiskSize: 50,
    });
    // 3 × 0.0416 + 20 × 0.08 / 730 + (32 × 0.08 + 2 × 50 × 0.10) / 730 + 3 × 0.005
    expect(cost.hourlyUsd).toBeCloseTo(0.1248 + 1.6 / 730 + (2.56 + 10) / 730 + 0.015, 6);
    expect(cost.lines.map((line) => line.label)).toContain('root disks: master 32 GiB gp3, 2 × 50 GiB gp2');
    expect(cost.monthlyUsd).toBeCloseTo(cost.hourlyUsd * 730, 6);
    expect(cost.unpriced).toEqual([]);
    expect(cost.label).toContain(`approximate, on-demand Linux prices as of ${PRICES_AS_OF}`);
    expect(formatUsd(cost.monthlyUsd)).toMatch(/^\$\d+\.\d\d$/);
  });

  it('says which types have no price and leaves them out of the total', () => {
    const cost = estimateCost({
      masterSize: 'x9.huge',
      nodeSize: 't3.small',
      nodes: 1,
      masterDiskType: 'gp2',
      masterDiskSize: 10,
      masterRootDiskType: 'gp3',
      masterRootDiskSize: 10,
      nodeRootDiskType: 'gp3',
      nodeRootDiskSize: 10,
    });
    expect(cost.unpriced).toEqual(['x9.huge']);
    expect(cost.lines[0]?.hourlyUsd).toBeUndefined();
    expect(cost.hourlyUsd).toBeCloseTo(0.0208 + 1 / 730 + 1.6 / 730 + 0.01, 6);
  });

  it('prices spot nodes at the spot price now when it was read, and says so', () => {
    const input = {
      masterSize: 't3.medium',
      nodeSize: 't3.medium',
      nodes: 2,
      masterDiskType: 'gp3',
      masterDiskSize: 20,
      masterRootDiskType: 'gp3',
      masterRootDiskSize: 32,
      nodeRootDiskType: 'gp3',
      nodeRootDiskSize: 32,
    } as const;
    const onDemand = estimateCost(input);
    const spot = estimateCost({ ...input, nodeSpotNowUsd: 0.0125 });
    expect(spot.lines[1]).toEqual({ label: '2 × node t3.medium at the spot price now', hourlyUsd: 0.025 });
    expect(onDemand.hourlyUsd - spot.hourlyUsd).toBeCloseTo(2 * (0.0416 - 0.0125), 6);
    expect(spot.label).toContain("nodes at the zone's spot price now");
    expect(onDemand.label).not.toContain('spot');
  });
});
