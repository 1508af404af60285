// Home opens on one line of spend over every enabled region: usable at once, filled in region by
// region with a count, scanned again on `r` and after a screen that changes what is spent.
import { describe, expect, it } from 'vitest';
import { App } from '../../src/app.js';
import type { Engine, ScanAllRegionsRequest } from '../../src/model/engine.js';
import type { Inventory, Orphan } from '../../src/model/inventory.js';
import { createFakeEngine, emptyInventory } from '../support/fake-engine.js';
import { renderScreen, tick, WAIT_BOUND_MS } from '../support/ink.js';

/** A leftover volume as discovery prices it: 20 GiB gp2, $2.00 a month. */
const ORPHAN_VOLUME: Orphan = {
  type: 'volume',
  id: 'vol-0gone',
  name: 'gone-master-pd',
  region: 'eu-west-1',
  tags: { KubernetesCluster: 'gone' },
  refs: {},
  detail: { sizeGiB: 20, volumeType: 'gp2' },
  ownership: 'owned',
  reason: 'master volume gone-master-pd tagged for cluster gone, which is gone; attached to nothing',
  price: { hourlyUsd: 2 / 730 },
};

/** A running cluster of one x9.huge (not in the price table) and one t3.medium. */
function runningCluster(region: string): Inventory['clusters'][number] {
  const instance = (id: string, type: string, hourlyUsd: number, unpriced?: string) => ({
    type: 'instance' as const,
    id,
    name: id,
    region,
    state: 'running',
    tags: { KubernetesCluster: 'demo' },
    refs: {},
    detail: { instanceType: type },
    ownership: 'owned' as const,
    price: { hourlyUsd, ...(unpriced ? { unpriced } : {}) },
  });
  return {
    name: 'demo',
    region,
    resources: [instance('i-0master', 'x9.huge', 0, 'x9.huge'), instance('i-0node', 't3.medium', 0.0416)],
  };
}

/** Scans the test answers by hand: each call waits for the test. */
function handScans() {
  const scans: { request: ScanAllRegionsRequest; finish: (inventory: Inventory) => void }[] = [];
  const scanAllRegions: Engine['scanAllRegions'] = (request) =>
    new Promise((resolve) => scans.push({ request, finish: resolve }));
  return {
    scans,
    scanAllRegions,
    async waitForScan(count: number) {
      const deadline = Date.now() + WAIT_BOUND_MS;
      while (scans.length < count && Date.now() < deadline) await tick();
      const scan = scans[count - 1];
      if (!scan) throw new Error(`${scans.length} scans, expected ${count}`);
      return scan;
    },
  };
}

const region = (name: string, done: number, inventory: Inventory) => ({
  region: name,
  regionsDone: done,
  regionsTotal: 3,
  inventory,
});

describe('the spend line on Home', () => {
  it('is usable at once and fills in region by region, then sums every region', async () => {
    const hand = handScans();
    const fake = createFakeEngine({ scanAllRegions: hand.scanAllRegions });
    const app = renderScreen(<App target="us-west-2" loadEngine={fake.loadEngine} env={{}} />);
    await app.waitForFrame('Spend: listing regions…');
    const scan = await hand.waitForScan(1);
    // Home answers keys while the scan runs.
    await app.press('down');
    await app.waitForFrame('❯ Inventory');

    scan.request.onRegion?.(
      region('eu-west-1', 1, { ...emptyInventory('eu-west-1'), orphans: [ORPHAN_VOLUME] }),
    );
    await app.waitForFrame('$0.000/h running · $2.00/month leaking · scanning regions 1/3…');
    scan.request.onRegion?.(
      region('us-west-2', 2, {
        ...emptyInventory('us-west-2'),
        clusters: [runningCluster('us-west-2')],
        orphans: [ORPHAN_VOLUME],
      }),
    );
    // Something has no price: the sums are floors, and the caveat says what is left out.
    let frame = await app.waitForFrame('≥$0.042/h running · ≥$2.00/month leaking · scanning regions 2/3…');
    expect(frame).toContain(
      'approximate on-demand prices as of 2026-04 (us-east-1 list prices); unpriced, left out: x9.huge',
    );

    scan.finish({
      ...emptyInventory('all'),
      regions: ['eu-west-1', 'us-east-1', 'us-west-2'],
      allRegions: true,
      clusters: [runningCluster('us-west-2')],
      orphans: [ORPHAN_VOLUME],
    });
    frame = await app.waitForFrame(
      '≥$0.042/h running (1 cluster) · ≥$2.00/month leaking (1 orphan) · 3 regions',
    );
    expect(frame).toContain('❯ Inventory');
    app.unmount();
  });

  it("scans again on r and after coming back from a teardown screen; an older scan's answer is dropped", async () => {
    const hand = handScans();
    const fake = createFakeEngine({ scanAllRegions: hand.scanAllRegions });
    const app = renderScreen(<App target="us-west-2" loadEngine={fake.loadEngine} env={{}} />);
    const first = await hand.waitForScan(1);
    first.finish({ ...emptyInventory('all'), regions: ['us-west-2'], allRegions: true });
    await app.waitForFrame('$0.000/h running (0 clusters) · $0.000/month leaking (0 orphans) · 1 region');

    await app.press({ text: 'r' });
    const second = await hand.waitForScan(2);
    await app.waitForFrame('Spend: listing regions…');
    // The first scan's late report changes nothing.
    first.request.onRegion?.(region('eu-west-1', 1, { ...emptyInventory(), orphans: [ORPHAN_VOLUME] }));
    second.request.onRegion?.(region('us-west-2', 1, emptyInventory()));
    await app.waitForFrame('$0.000/h running · $0.000/month leaking · scanning regions 1/3…');
    second.finish({
      ...emptyInventory('all'),
      regions: ['us-west-2'],
      allRegions: true,
      orphans: [ORPHAN_VOLUME],
    });
    await app.waitForFrame('$2.00/month leaking (1 orphan) · 1 region');

    // Cleanup opens the teardown screen; back Home, what is spent may have changed: a new scan.
    await app.press('down', 2);
    await app.waitForFrame('❯ Cleanup');
    await app.press('enter');
    await app.waitForFrame('Type');
    await app.press('escape');
    await app.waitForFrame('❯ Cleanup');
    await hand.waitForScan(3);
    expect(hand.scans).toHaveLength(3);
    // A second visit to Home without a change scans nothing more.
    await app.press('up');
    await app.press('enter');
    await app.waitForFrame('0 clusters and 0 orphans');
    await app.press('escape');
    await app.waitForFrame('❯ Inventory');
    expect(hand.scans).toHaveLength(3);
    app.unmount();
  });
});
