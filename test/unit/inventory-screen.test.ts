import { describe, expect, it } from 'vitest';
import { priceResources } from '../../src/aws/pricing.js';
import { estimateHourlyCost } from '../../src/model/cluster-cost.js';
import type { Inventory, InventoryResource } from '../../src/model/inventory.js';
import { type AppState, appReducer, initialAppState } from '../../src/state/app-state.js';
import {
  discoverInventory,
  type InventoryScreenState,
  initialInventoryScreen,
  inventoryKey,
  inventoryReducer,
  inventoryScreenReducer,
} from '../../src/state/inventory-screen.js';
import { clusterState, formatAge, formatCounts, keyTags } from '../../src/wording/inventory-view.js';

const resource = (
  type: InventoryResource['type'],
  id: string,
  extra: Partial<InventoryResource> = {},
): InventoryResource => ({
  type,
  id,
  name: id,
  region: 'us-west-2',
  tags: {},
  refs: {},
  ownership: 'owned',
  ...extra,
});
const inventory = (orphans = 1): Inventory => ({
  region: 'us-west-2',
  regions: ['us-west-2'],
  allRegions: false,
  scannedAt: '2026-01-01T00:00:00.000Z',
  clusters: [
    {
      name: 'a',
      region: 'us-west-2',
      resources: Array.from({ length: 5 }, (_, i) => resource('subnet', `subnet-${i}`)),
    },
    { name: 'b', region: 'us-west-2', resources: [] },
  ],
  orphans: Array.from({ length: orphans }, (_, i) => ({ ...resource('volume', `vol-${i}`), reason: 'gone' })),
});

/** Presses keys through the pure key handler and reducer; returns the state and the effects asked for. */
function press(keys: Parameters<typeof inventoryKey>[2][], data = inventory(), visible = 2) {
  let state: InventoryScreenState = initialInventoryScreen();
  const effects: unknown[] = [];
  for (const key of keys) {
    const { action, effect } = inventoryKey(state, data, key, visible);
    if (action) state = inventoryScreenReducer(state, action);
    if (effect) effects.push(effect);
  }
  return { state, effects };
}

describe('the Inventory screen reducer', () => {
  it('moves within the clusters and the Orphans row, never past either end', () => {
    expect(press(['up']).state.cursor).toBe(0);
    expect(press(['down', 'down', 'down', 'down']).state.cursor).toBe(2);
  });

  it('opens a cluster, scrolls its resources within bounds, and esc goes back to the list, then leaves', () => {
    const opened = press(['enter', 'down', 'down', 'down', 'down', 'down']);
    expect(opened.state).toMatchObject({ view: 'cluster', openCluster: 'us-west-2/a', offset: 3 });
    const back = press(['enter', 'down', 'escape']);
    expect(back.state).toEqual({ view: 'list', cursor: 0, offset: 0 });
    expect(press(['escape']).effects).toEqual([{ type: 'leave' }]);
  });

  it('d asks to tear down the cluster under the cursor or open; c asks for cleanup only from the orphans', () => {
    expect(press(['down', 'teardown']).effects).toEqual([
      { type: 'teardown', cluster: { name: 'b', region: 'us-west-2' } },
    ]);
    expect(press(['enter', 'teardown']).effects).toEqual([
      { type: 'teardown', cluster: { name: 'a', region: 'us-west-2' } },
    ]);
    expect(press(['down', 'down', 'teardown']).effects).toEqual([]);
    expect(press(['cleanup']).effects).toEqual([]);
    expect(press(['down', 'down', 'cleanup']).effects).toEqual([{ type: 'cleanup' }]);
    expect(press(['down', 'down', 'enter', 'cleanup']).effects).toEqual([{ type: 'cleanup' }]);
    // Nothing to clean up: no effect.
    expect(press(['down', 'down', 'cleanup'], inventory(0)).effects).toEqual([]);
    expect(press(['refresh']).effects).toEqual([{ type: 'refresh' }]);
  });
});

describe("the Inventory screen's discoveries", () => {
  it('each opening and each refresh asks with a new request id; only the current one is answered', () => {
    const seen = new Set<number>();
    const requestOf = (state: AppState) => {
      const request = state.inventory!.request;
      expect(seen.has(request), `request ${request} asked twice`).toBe(false);
      seen.add(request);
      return request;
    };
    let state = appReducer(initialAppState('home'), { type: 'inventory/open' });
    const first = requestOf(state);
    expect(state.inventory!.load).toEqual({ status: 'loading' });
    state = appReducer(state, { type: 'inventory/loaded', request: first, inventory: inventory() });
    expect(state.inventory!.load).toEqual({ status: 'loaded', inventory: inventory() });

    // A refresh keeps the list on screen, marked refreshing; the old request's late answer is ignored.
    state = appReducer(state, { type: 'inventory/refresh' });
    const second = requestOf(state);
    expect(state.inventory!.load).toMatchObject({ status: 'loaded', refreshing: true });
    const late = appReducer(state, { type: 'inventory/failed', request: first, message: 'late' });
    expect(late).toBe(state);

    // The second use of the screen: Home, then the Inventory again, a new discovery.
    state = appReducer(appReducer(state, { type: 'back' }), { type: 'inventory/open' });
    const third = requestOf(state);
    expect(state.screen).toBe('inventory');
    expect(third).toBeGreaterThan(second);
    const failed = appReducer(state, { type: 'inventory/failed', request: third, message: 'denied' });
    // A failure keeps the last inventory to show under the message.
    expect(failed.inventory!.load).toEqual({ status: 'failed', message: 'denied', inventory: inventory() });
    expect(appReducer(failed, { type: 'inventory/loaded', request: second, inventory: inventory(0) })).toBe(
      failed,
    );
  });

  it('a scan that no longer finds the open cluster (torn down meanwhile) shows the list again, on a cluster that remains', () => {
    const open = { view: 'cluster' as const, cursor: 1, offset: 3, openCluster: 'us-west-2/b' };
    const scanning = discoverInventory(undefined, open);
    const withoutB = { ...inventory(0), clusters: inventory(0).clusters.slice(0, 1) };
    const shown = inventoryReducer(scanning, {
      type: 'inventory/loaded',
      request: scanning.request,
      inventory: withoutB,
    });
    expect(shown.view).toEqual({ view: 'list', cursor: 0, offset: 0 });
    // Still there: it stays open.
    const kept = inventoryReducer(scanning, {
      type: 'inventory/loaded',
      request: scanning.request,
      inventory: inventory(),
    });
    expect(kept.view).toEqual(open);
  });

  it('a new discovery after a failure shows the last inventory while it runs; a pick stays a pick', () => {
    const loaded = inventoryReducer(discoverInventory(undefined, initialInventoryScreen(), true), {
      type: 'inventory/loaded',
      request: 0,
      inventory: inventory(),
    });
    // Request 0 was never asked: nothing changes.
    expect(loaded.load).toEqual({ status: 'loading' });
    const asked = discoverInventory(undefined, initialInventoryScreen(), true);
    const failed = inventoryReducer(
      inventoryReducer(asked, { type: 'inventory/loaded', request: asked.request, inventory: inventory() }),
      { type: 'inventory/failed', request: asked.request, message: 'denied' },
    );
    const again = discoverInventory(failed, failed.view);
    expect(again).toMatchObject({ pick: true, load: { status: 'loaded', refreshing: true } });
    expect(again.request).not.toBe(asked.request);
  });
});

describe('what the inventory shows about a cluster', () => {
  it('counts per kind, state, age and key tags', () => {
    const resources = [
      resource('instance', 'i-1', { state: 'running' }),
      resource('instance', 'i-2', { state: 'stopped' }),
      resource('vpc', 'vpc-1'),
      resource('security-group', 'sg-1'),
      resource('security-group', 'sg-2'),
    ];
    expect(formatCounts(resources)).toBe('1 vpc · 2 security groups · 2 instances');
    expect(clusterState({ name: 'a', region: 'r', resources })).toBe('1 running, 1 stopped');
    expect(clusterState({ name: 'a', region: 'r', resources: [resources[2]!] })).toBe(
      'incomplete: no instances',
    );
    const now = Date.parse('2026-01-03T00:00:00.000Z');
    expect(formatAge('2026-01-02T23:30:00.000Z', now)).toBe('30 min');
    expect(formatAge('2026-01-02T00:00:00.000Z', now)).toBe('24 h');
    expect(formatAge('2025-12-01T00:00:00.000Z', now)).toBe('33 d');
    expect(formatAge(undefined, now)).toBe('–');
    const tagged = resource('volume', 'v', {
      tags: {
        Name: 'x',
        KubernetesCluster: 'a',
        'kubernetes.io/cluster/a': 'owned',
        'kubernetes.io/master-ip': '1.2.3.4',
      },
    });
    expect(keyTags(tagged, 'a')).toBe('kubernetes.io/master-ip=1.2.3.4');
  });

  it('estimates the hourly cost of running instances, volumes, public addresses and load balancers', () => {
    // Discovery prices each resource from its kind; the estimate adds up the billed ones.
    const cost = estimateHourlyCost(
      priceResources([
        resource('instance', 'i-master', {
          state: 'running',
          detail: { instanceType: 't3.medium' },
          refs: { publicIp: '1.1.1.1' },
        }),
        resource('instance', 'i-node', {
          state: 'running',
          detail: { instanceType: 't3.medium' },
          refs: { publicIp: '2.2.2.2' },
        }),
        resource('instance', 'i-off', { state: 'stopped', detail: { instanceType: 't3.medium' } }),
        resource('instance', 'i-odd', { state: 'running', detail: { instanceType: 'x9.huge' } }),
        resource('volume', 'vol-1', { detail: { sizeGiB: 20, volumeType: 'gp3' } }),
        resource('elastic-ip', 'eip-1', { refs: { publicIp: '1.1.1.1' } }),
        resource('elastic-ip', 'eip-user', { ownership: 'associated', refs: { publicIp: '3.3.3.3' } }),
        resource('load-balancer', 'lb', { detail: { loadBalancerKind: 'network' } }),
        resource('vpc', 'vpc-shared', { ownership: 'shared' }),
      ]),
    );
    // 2 × 0.0416 + 20 × 0.08 / 730 + 2 public IPv4 × 0.005 (the EIP and the node's) + 0.0225
    expect(cost.hourlyUsd).toBeCloseTo(0.0832 + 1.6 / 730 + 0.01 + 0.0225, 6);
    expect(cost.unpriced).toEqual(['x9.huge']);
  });
});
