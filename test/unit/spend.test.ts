import { describe, expect, it } from 'vitest';
import { costSoFarUsd } from '../../src/model/cluster-cost.js';
import type { InventoryCluster, InventoryResource, Orphan } from '../../src/model/inventory.js';
import { monthlyPriceOf, spendOf } from '../../src/model/spend.js';
import { formatMonthlyPrice, spendLine } from '../../src/wording/spend.js';

const resource = (extra: Partial<InventoryResource>): InventoryResource => ({
  type: 'instance',
  id: 'i-0',
  name: 'i-0',
  region: 'us-west-2',
  tags: {},
  refs: {},
  ownership: 'owned',
  ...extra,
});

const orphan = (extra: Partial<Orphan>): Orphan => ({
  ...resource({ type: 'volume' }),
  reason: 'gone',
  ...extra,
});

describe('what a leftover costs a month', () => {
  it('is its hourly price × 730, a floor when partly measured, free without a price, unpriced never $0', () => {
    expect(monthlyPriceOf(orphan({ price: { hourlyUsd: 0.005 } }))).toEqual({ usd: 3.65, atLeast: false });
    expect(monthlyPriceOf(orphan({ price: { hourlyUsd: 0.01, atLeast: true } }))).toEqual({
      usd: 7.3,
      atLeast: true,
    });
    expect(monthlyPriceOf(orphan({}))).toBe('free');
    expect(monthlyPriceOf(orphan({ price: { hourlyUsd: 0, unpriced: 'io2 volume' } }))).toBe('unpriced');
    expect(formatMonthlyPrice({ usd: 3.65, atLeast: false })).toBe('$3.65/month');
    expect(formatMonthlyPrice({ usd: 0.02, atLeast: true })).toBe('≥$0.020/month');
    expect(formatMonthlyPrice('unpriced')).toBe('unpriced');
  });
});

describe('the account spend', () => {
  it('sums the clusters by the hour and the costly orphans by the month, and names what has no price', () => {
    const cluster: InventoryCluster = {
      name: 'demo',
      region: 'us-west-2',
      resources: [
        resource({ price: { hourlyUsd: 0.0416 } }),
        resource({ id: 'i-1', price: { hourlyUsd: 0, unpriced: 'x9.huge' } }),
        // A user's shared VPC is not the cluster's spend.
        resource({ type: 'elastic-ip', ownership: 'shared', price: { hourlyUsd: 1 } }),
      ],
    };
    const spend = spendOf({
      clusters: [cluster],
      orphans: [
        orphan({ price: { hourlyUsd: 2 / 730 } }),
        orphan({ type: 'key-pair' }),
        orphan({ type: 'log-group', price: { hourlyUsd: 0, unpriced: 'log group of unknown size' } }),
      ],
    });
    expect(spend.runningHourlyUsd).toBeCloseTo(0.0416, 6);
    expect(spend.leakingMonthlyUsd).toBeCloseTo(2, 6);
    expect(spend).toMatchObject({ clusters: 1, orphans: 3, leakingOrphans: 1 });
    expect(spend.unpriced).toEqual(['log group of unknown size', 'x9.huge']);
    expect(spendLine({ status: 'done', regionsDone: 17, regionsTotal: 17, figures: spend })).toBe(
      '≥$0.042/h running (1 cluster) · ≥$2.00/month leaking (1 orphan) · 17 regions',
    );
    expect(spendLine({ status: 'scanning', regionsDone: 0 })).toBe('Spend: listing regions…');
  });

  it("counts what a cluster has cost so far from each resource's creation time", () => {
    const now = Date.parse('2026-11-30T12:00:00Z');
    const cluster: InventoryCluster = {
      name: 'demo',
      region: 'us-west-2',
      createdAt: '2026-11-30T02:00:00Z',
      resources: [
        // Launched 2 h ago at $0.10/h.
        resource({ createdAt: '2026-11-30T10:00:00Z', price: { hourlyUsd: 0.1 } }),
        // An Elastic IP has no creation time: since the cluster's earliest, 10 h at $0.005/h.
        resource({ type: 'elastic-ip', price: { hourlyUsd: 0.005 } }),
        // Free things add nothing.
        resource({ type: 'vpc', createdAt: '2026-11-29T12:00:00Z' }),
      ],
    };
    expect(costSoFarUsd(cluster, now)).toBeCloseTo(0.2 + 0.05, 6);
  });
});
