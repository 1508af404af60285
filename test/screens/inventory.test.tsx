import { describe, expect, it, vi } from 'vitest';
import { App } from '../../src/app.js';
import type { Engine } from '../../src/model/engine.js';
import type { Inventory as InventoryData, InventoryResource } from '../../src/model/inventory.js';
import { Inventory } from '../../src/screens/Inventory.js';
import type { InventoryLoad, InventoryScreenState } from '../../src/state/inventory-screen.js';
import { createFakeEngine } from '../support/fake-engine.js';
import { renderScreen } from '../support/ink.js';

const NOW = Date.parse('2026-03-01T12:00:00.000Z');
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

const INVENTORY: InventoryData = {
  region: 'us-west-2',
  regions: ['us-west-2'],
  allRegions: false,
  accountId: '123456789012',
  scannedAt: '2026-03-01T11:59:30.000Z',
  clusters: [
    {
      name: 'legacy',
      region: 'us-west-2',
      createdAt: '2026-03-01T09:00:00.000Z',
      resources: [
        resource('vpc', 'vpc-1', {
          name: 'kubernetes-vpc',
          state: 'available',
          tags: { KubernetesCluster: 'legacy', Name: 'kubernetes-vpc' },
        }),
        resource('internet-gateway', 'igw-1', { state: 'attached', ownership: 'kube-up-name' }),
        resource('instance', 'i-master', {
          name: 'legacy-master',
          state: 'running',
          tags: { KubernetesCluster: 'legacy', Role: 'legacy-master' },
          detail: { instanceType: 't3.medium' },
          // As discovery prices it: t3.medium, no public address.
          price: { hourlyUsd: 0.0416 },
        }),
        resource('instance', 'i-node', {
          name: 'legacy-minion',
          state: 'running',
          detail: { instanceType: 't3.medium' },
          // As discovery prices it: t3.medium, no public address.
          price: { hourlyUsd: 0.0416 },
        }),
      ],
    },
    {
      name: 'tui',
      region: 'us-west-2',
      createdAt: '2026-02-27T12:00:00.000Z',
      resources: [
        resource('vpc', 'vpc-2', { name: 'tui-vpc', state: 'available' }),
        resource('instance', 'i-3', { state: 'stopped' }),
      ],
    },
  ],
  orphans: [
    {
      ...resource('volume', 'vol-9', { name: 'gone-master-pd', state: 'available' }),
      // As discovery prices it: 20 GiB gp2.
      price: { hourlyUsd: 2 / 730 },
      reason:
        'master volume gone-master-pd tagged for cluster gone, which has no VPC or instance in us-west-2; attached to nothing',
      cluster: 'gone',
    },
    {
      ...resource('key-pair', 'kubernetes-0123456789abcdef0123456789abcdef', { ownership: 'kube-up-name' }),
      reason:
        "kube-up's key pair name; no live instance, launch template or launch configuration in us-west-2 uses it",
    },
  ],
};

/** The screen alone, as the app draws it for this load and place. */
function draw(load: InventoryLoad = { status: 'loaded', inventory: INVENTORY }, view?: InventoryScreenState) {
  return renderScreen(<Inventory target="us-west-2" load={load} now={NOW} {...(view ? { view } : {})} />);
}

/** The app on its Inventory screen, discovering with `discover`. */
async function openInventory(discover: Engine['discover'] = async () => INVENTORY) {
  const fake = createFakeEngine();
  const engine: Engine = { ...(await fake.loadEngine()), discover };
  const teardownPlans = fake.teardownRequests;
  const screen = renderScreen(
    <App target="us-west-2" region="us-west-2" loadEngine={async () => engine} env={{}} />,
  );
  await screen.waitForFrame('❯ Create a cluster');
  await screen.press('down');
  await screen.press('enter');
  return { screen, teardownPlans };
}

describe('the Inventory screen', () => {
  it('lists the clusters with counts per kind, state, age and hourly cost, then the orphans row', async () => {
    const screen = draw();
    const frame = await screen.waitForFrame('❯ legacy');
    expect(frame).toContain('2 clusters and 2 orphans in us-west-2 · account 123456789012');
    expect(frame).toContain('running (2 instances)');
    // Headers, and columns sized to content with a gap.
    expect(frame).toMatch(/NAME {2,}REGION {2,}STATE {2,}UP {2,}COST {2,}EXPIRES/);
    // Launched 3 h ago: $0.250 so far, under the row. The account's spend, with the prices' date,
    // under the status.
    expect(frame).toContain('$0.250 so far · 1 vpc · 1 internet gateway · 2 instances');
    expect(frame).toContain(
      '$0.083/h running · $2.00/month leaking · approximate on-demand prices as of 2026-04',
    );
    expect(frame).toMatch(/❯ legacy {2,}us-west-2 {2,}running \(2 instances\) {2,}3 h {2,}~\$0\.083\/h/);
    // 2 × t3.medium at $0.0416: 0.0832.
    expect(frame).toContain('~$0.083/h');
    expect(frame).toContain('1 vpc · 1 internet gateway · 2 instances');
    expect(frame).toContain('tui');
    expect(frame).toContain('1 stopped');
    expect(frame).toMatch(/ 2 d /);
    expect(frame).toContain('Orphans 2 leftovers of clusters that are gone');
    expect(frame).toContain('enter open');
    expect(frame).toContain('d tear down');
    screen.unmount();
  });

  it("shows each cluster's time left, expired, or protected in its EXPIRES column and its header", async () => {
    const [legacy, tui] = INVENTORY.clusters;
    const inventory: InventoryData = {
      ...INVENTORY,
      clusters: [
        { ...legacy!, expiresAt: '2026-03-01T19:30:00Z' },
        { ...tui!, expiresAt: '2026-03-01T11:00:00Z', protected: true },
      ],
    };
    const screen = draw({ status: 'loaded', inventory });
    const frame = await screen.waitForFrame('❯ legacy');
    expect(frame).toMatch(/❯ legacy {2,}us-west-2 .* ~\$0\.083\/h {2,}7 h 30 min left/);
    expect(frame).toMatch(/ {2}tui {2,}us-west-2 .* {2,}expired, protected/);
    screen.unmount();
    const detail = draw(
      { status: 'loaded', inventory },
      { view: 'cluster', cursor: 0, offset: 0, openCluster: 'us-west-2/legacy' },
    );
    // The header wraps, never cuts what it says.
    const header = (await detail.waitForFrame('Cluster legacy')).replace(/\s+/g, ' ');
    expect(header).toContain('· ~$0.083/h, $0.250 so far · 7 h 30 min left');
    detail.unmount();
  });

  it('opens a cluster to show its resources with their key tags, and goes back with esc', async () => {
    const { screen } = await openInventory();
    await screen.waitForFrame('❯ legacy');
    await screen.press('enter');
    const frame = await screen.waitForFrame('Cluster legacy · us-west-2');
    expect(frame).toContain('TYPE');
    expect(frame).toMatch(/instance\s+legacy-master\s+i-master\s+running\s+Role=legacy-master/);
    expect(frame).toMatch(/internet-gateway\s+igw-1\s+igw-1\s+attached\s+kube-up name/);
    expect(frame).toContain('4 resources');
    await screen.press('escape');
    await screen.waitForFrame('❯ legacy');
    await screen.press('escape');
    await screen.waitForFrame('❯ Inventory');
    screen.unmount();
  });

  it('shows the orphans with their reasons', async () => {
    const { screen } = await openInventory();
    await screen.waitForFrame('❯ legacy');
    await screen.press('down', 2);
    await screen.waitForFrame('❯ Orphans');
    expect(screen.frame()).toContain('c clean up orphans');
    await screen.press('enter');
    const frame = await screen.waitForFrame('Orphans: left by clusters that are gone');
    // Each with what it costs a month: the volume by its GiB, the key pair nothing.
    expect(frame).toContain('volume gone-master-pd (vol-9) us-west-2 $2.00/month');
    expect(frame).toContain('kubernetes-0123456789abcdef0123456789abcdef us-west-2 free');
    expect(frame).toContain('↳ master volume gone-master-pd tagged for cluster gone');
    expect(frame).toContain('kubernetes-0123456789abcdef0123456789abcdef');
    expect(frame).toContain("↳ kube-up's key pair name");
    screen.unmount();
  });

  it('r refreshes, d tears the selected cluster down, c cleans up from the orphans', async () => {
    const discover = vi.fn<Engine['discover']>(async () => INVENTORY);
    const { screen, teardownPlans } = await openInventory(discover);
    await screen.waitForFrame('❯ legacy');
    expect(discover).toHaveBeenCalledTimes(1);
    await screen.press({ text: 'r' });
    await screen.waitForFrame(() => discover.mock.calls.length === 2);
    await screen.press('down');
    await screen.waitForFrame('❯ tui');
    // c means nothing on a cluster row.
    await screen.press({ text: 'c' });
    expect(screen.frame()).toContain('❯ tui');
    await screen.press({ text: 'd' });
    await screen.waitForFrame('tear down cluster tui in us-west-2');
    expect(teardownPlans.at(-1)?.target).toEqual({
      kind: 'cluster',
      cluster: { name: 'tui', region: 'us-west-2' },
    });
    // Esc: back on the Inventory, scanned again, the cursor where it was.
    await screen.press('escape');
    await screen.waitForFrame('❯ tui');
    await screen.press('up');
    await screen.press('enter');
    await screen.waitForFrame('Cluster legacy');
    await screen.press({ text: 'd' });
    await screen.waitForFrame('tear down cluster legacy in us-west-2');
    await screen.press('escape');
    await screen.waitForFrame('Cluster legacy');
    await screen.press('escape');
    await screen.press('down', 2);
    await screen.press('enter');
    await screen.waitForFrame('Orphans: left by');
    await screen.press({ text: 'c' });
    await screen.waitForFrame('clean up the orphans in us-west-2');
    screen.unmount();
  });

  it('/ filters the list and the resource table; keys then act on what is shown', async () => {
    const { screen, teardownPlans } = await openInventory();
    await screen.waitForFrame('❯ legacy');
    await screen.press({ text: '/' });
    await screen.press({ text: 'tu' });
    let frame = await screen.waitForFrame('/ tu');
    expect(frame).not.toContain('legacy ');
    expect(frame).toContain('❯ tui');
    await screen.press('enter');
    // d applies to the one row shown.
    await screen.press({ text: 'd' });
    await screen.waitForFrame('tear down cluster tui in us-west-2');
    expect(teardownPlans.at(-1)?.target).toMatchObject({ cluster: { name: 'tui' } });
    await screen.press('escape');
    await screen.waitForFrame('❯ tui');
    await screen.press('escape');
    frame = await screen.waitForFrame('❯ legacy');
    expect(frame).not.toContain('/ tu');
    await screen.press('enter');
    await screen.waitForFrame('Cluster legacy');
    await screen.press({ text: '/instance' });
    await screen.press('enter');
    frame = await screen.waitForFrame('/ instance');
    expect(frame).toContain('i-master');
    expect(frame).not.toContain('igw-1');
    screen.unmount();
  });

  it('down with no --cluster: pick a cluster from those found; Enter opens its teardown, Esc quits', async () => {
    const fake = createFakeEngine({ inventory: async () => INVENTORY });
    const exits: string[] = [];
    const screen = renderScreen(
      <App
        target="us-west-2"
        initialScreen="pick-cluster"
        loadEngine={fake.loadEngine}
        env={{}}
        onExit={(outcome) => exits.push(outcome)}
      />,
    );
    const frame = await screen.waitForFrame('❯ legacy');
    expect(frame).toContain('pick a cluster to tear down');
    expect(frame).toContain('enter tear it down');
    await screen.press('down');
    await screen.press('enter');
    await screen.waitForFrame('Type tui to confirm');
    await screen.press('escape');
    await screen.waitForFrame('❯ tui');
    await screen.press('escape');
    expect(exits).toEqual(['quit']);
    screen.unmount();
  });

  it('says when it is scanning, refreshing, or failed', async () => {
    const loading = draw({ status: 'loading' });
    await loading.waitForFrame('Scanning for clusters and orphans…');
    loading.unmount();
    const refreshing = draw({ status: 'loaded', inventory: INVENTORY, refreshing: true });
    await refreshing.waitForFrame('refreshing…');
    refreshing.unmount();
    const failed = draw({ status: 'failed', message: 'Permission denied: ec2:DescribeVolumes' });
    const frame = await failed.waitForFrame('✖ Discovery failed');
    expect(frame).toContain('ec2:DescribeVolumes');
    expect(frame).toContain('Press r to try again.');
    failed.unmount();
  });

  it('offers c only where there are orphans to clean up', async () => {
    const none = { ...INVENTORY, orphans: [] };
    const screen = draw({ status: 'loaded', inventory: none }, { view: 'list', cursor: 2, offset: 0 });
    const frame = await screen.waitForFrame('❯ Orphans');
    expect(frame).not.toContain('clean up orphans');
    screen.unmount();
  });

  it('discovers on opening, r runs a new discovery, a failure keeps the last list', async () => {
    const denied = Object.assign(new Error('User is not authorized to perform: ec2:DescribeVolumes'), {
      name: 'UnauthorizedOperation',
      iamAction: 'ec2:DescribeVolumes',
    });
    const discover = vi
      .fn<Engine['discover']>()
      .mockResolvedValueOnce(INVENTORY)
      .mockRejectedValueOnce(denied)
      .mockResolvedValueOnce({ ...INVENTORY, clusters: INVENTORY.clusters.slice(1) });
    const { screen } = await openInventory(discover);
    await screen.waitForFrame('❯ legacy');
    expect(discover).toHaveBeenCalledTimes(1);
    await screen.press({ text: 'r' });
    const failed = await screen.waitForFrame('✖ Discovery failed');
    expect(failed).toContain('Permission denied: ec2:DescribeVolumes');
    expect(failed).toContain('legacy');
    await screen.press({ text: 'r' });
    await screen.waitForFrame((frame) => frame.includes('❯ tui') && !frame.includes('legacy'));
    expect(discover).toHaveBeenCalledTimes(3);
    screen.unmount();
  });

  it('a second opening of the screen runs a new discovery and shows its answer, not the first', async () => {
    const discover = vi
      .fn<Engine['discover']>()
      .mockResolvedValueOnce(INVENTORY)
      .mockResolvedValueOnce({ ...INVENTORY, clusters: INVENTORY.clusters.slice(1) });
    const { screen } = await openInventory(discover);
    await screen.waitForFrame('❯ legacy');
    await screen.press('escape');
    await screen.waitForFrame('Create a cluster');
    // Home keeps its cursor on Inventory: Enter opens it again.
    await screen.press('enter');
    await screen.waitForFrame((frame) => frame.includes('❯ tui') && !frame.includes('legacy'));
    expect(discover).toHaveBeenCalledTimes(2);
    screen.unmount();
  });
});
