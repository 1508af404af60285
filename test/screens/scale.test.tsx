// The Scale screen through the whole app: the Inventory's `s` (in its footer and its help), the
// number entry starting at the group's desired count, the plan with the price difference and the
// instances that go, the confirmation, the live run and its result; entered twice.
import { describe, expect, it } from 'vitest';
import { App } from '../../src/app.js';
import type { Engine } from '../../src/model/engine.js';
import type { Inventory, InventoryResource } from '../../src/model/inventory.js';
import { ScaleRefusedError } from '../../src/model/scale.js';
import { createFakeEngine } from '../support/fake-engine.js';
import { renderScreen } from '../support/ink.js';

const resource = (
  type: InventoryResource['type'],
  id: string,
  extra: Partial<InventoryResource> = {},
): InventoryResource => ({
  type,
  id,
  name: id,
  region: 'us-west-2',
  tags: { KubernetesCluster: 'kubernetes' },
  refs: {},
  ownership: 'owned',
  ...extra,
});

const INVENTORY: Inventory = {
  region: 'us-west-2',
  regions: ['us-west-2'],
  allRegions: false,
  scannedAt: '2026-03-01T11:59:30.000Z',
  clusters: [
    {
      name: 'kubernetes',
      region: 'us-west-2',
      resources: [
        resource('vpc', 'vpc-1', { name: 'kubernetes-vpc', state: 'available' }),
        resource('auto-scaling-group', 'kubernetes-minion-group', {
          refs: { instanceIds: ['i-0node1', 'i-0node2'] },
          detail: { desiredCapacity: 2 },
        }),
      ],
    },
  ],
  orphans: [],
};

/** The same cluster with a node group in each of three zones (`--node-zones a,b,c`). */
const ZONED: Inventory = {
  ...INVENTORY,
  clusters: [
    {
      name: 'kubernetes',
      region: 'us-west-2',
      resources: [
        resource('vpc', 'vpc-1', { name: 'kubernetes-vpc', state: 'available' }),
        resource('auto-scaling-group', 'kubernetes-minion-group', {
          detail: { desiredCapacity: 2, zones: ['us-west-2a'] },
        }),
        resource('auto-scaling-group', 'kubernetes-minion-group-us-west-2c', {
          detail: { desiredCapacity: 4, zones: ['us-west-2c'] },
        }),
        resource('auto-scaling-group', 'kubernetes-minion-group-us-west-2b', {
          detail: { desiredCapacity: 1, zones: ['us-west-2b'] },
        }),
      ],
    },
  ],
};

async function openInventory(overrides: Partial<Engine> = {}, inventory: Inventory = INVENTORY) {
  const fake = createFakeEngine({ inventory: async () => inventory });
  const engine: Engine = { ...(await fake.loadEngine()), ...overrides };
  const screen = renderScreen(
    <App target="us-west-2" region="us-west-2" loadEngine={async () => engine} env={{}} />,
  );
  await screen.waitForFrame('❯ Create a cluster');
  await screen.press('down');
  await screen.press('enter');
  await screen.waitForFrame('❯ kubernetes');
  return { screen, fake };
}

describe('the Scale screen', () => {
  it('s on a cluster: the count, the price difference before confirming, then the live result; twice', async () => {
    const { screen, fake } = await openInventory();
    expect(screen.frame()).toContain('s scale');
    await screen.press({ text: '?' });
    expect(await screen.waitForFrame('keys')).toMatch(/s\s+scale the highlighted or open cluster/);
    await screen.press({ text: 'x' });
    await screen.waitForFrame('❯ kubernetes');

    // First use: from 2 (the group's desired count) to 3.
    await screen.press({ text: 's' });
    let frame = await screen.waitForFrame('Number of nodes (0 to 100):');
    expect(frame).toContain('scale kubernetes (us-west-2)');
    expect(frame).toContain('› 2');
    await screen.press('backspace');
    await screen.press({ text: '3' });
    await screen.press('enter');
    frame = await screen.waitForFrame('Price:');
    expect(fake.scaleRequests.at(-1)).toMatchObject({
      cluster: { name: 'kubernetes', region: 'us-west-2' },
      nodes: 3,
    });
    expect(frame).toContain('node group kubernetes-minion-group (us-west-2a): 2 → 3 nodes, t3.medium');
    // t3.medium $0.0416 + public IPv4 $0.005 + 32 GiB gp3 ($2.56/month): $0.0501/hour, $36.58/month.
    expect(frame).toContain('+$0.050/hour, +$36.58/month');
    expect(frame).toContain('1 new node launched');
    expect(frame).toContain('enter scale');
    expect(fake.scaleRuns).toHaveLength(0);
    await screen.press('enter');
    const run = await fake.waitForScale(1);
    expect(run.plan.nodes).toBe(3);
    // A retried call shows under the run until it answers.
    run.emit({
      type: 'scale-call',
      signal: {
        kind: 'retry',
        call: 7,
        action: 'autoscaling:UpdateAutoScalingGroup',
        attempt: 2,
        maxAttempts: 8,
        reason: 'Throttling',
      },
    });
    await screen.waitForFrame('↻ retrying 2/8: Throttling (autoscaling:UpdateAutoScalingGroup)');
    run.emit({ type: 'scale-call', signal: { kind: 'settled', call: 7 } });
    await screen.waitForFrame((text) => !text.includes('retrying'));
    run.emit({ type: 'scale-capacity', min: 3, max: 3, desired: 3 });
    run.emit({ type: 'scale-progress', inService: 2, other: 1, wanted: 3 });
    frame = await screen.waitForFrame('2 of 3 in service, 1 launching or terminating');
    expect(frame).toContain('node group set to min 3, max 3, desired 3');
    expect(frame).toContain('ctrl+c stop');
    run.finish();
    frame = await screen.waitForFrame('✔ kubernetes-minion-group: 2 → 3 nodes in service');
    expect(frame).toContain('Launched: i-0new1');

    // Back on the Inventory (a fresh scan), then a second use: down to 1.
    await screen.press('escape');
    await screen.waitForFrame('❯ kubernetes');
    await screen.press({ text: 's' });
    await screen.waitForFrame('› 2');
    await screen.press('backspace');
    await screen.press({ text: '1' });
    await screen.press('enter');
    frame = await screen.waitForFrame('Terminated (newest and not-in-service first): i-0node2');
    expect(frame).toContain('−$0.050/hour, −$36.58/month');
    await screen.press('enter');
    const second = await fake.waitForScale(2);
    expect(second.plan.leaving).toEqual(['i-0node2']);
    second.emit({ type: 'scale-terminating', instanceId: 'i-0node2' });
    second.finish();
    frame = await screen.waitForFrame('2 → 1 node in service');
    expect(frame).toContain('Terminated: i-0node2');
    screen.unmount();
  });

  it('on a cluster with nodes in several zones, ←/→ picks the zone whose group changes, from its own count', async () => {
    const { screen, fake } = await openInventory({}, ZONED);
    await screen.press({ text: 's' });
    let frame = await screen.waitForFrame('Zone: us-west-2a');
    expect(frame).toContain('scale kubernetes (us-west-2, us-west-2a)');
    expect(frame).toContain('us-west-2a, us-west-2b, us-west-2c');
    expect(frame).toContain('› 2');
    expect(frame).toContain('←/→ zone');
    // A burst: two steps right, then back one, in one write.
    await screen.press({ text: '\u001b[C\u001b[C\u001b[D' });
    frame = await screen.waitForFrame('Zone: us-west-2b');
    expect(frame).toContain('› 1');
    await screen.press('right');
    await screen.waitForFrame('› 4');
    await screen.press('right');
    await screen.waitForFrame('Zone: us-west-2a');
    await screen.press('left');
    await screen.waitForFrame('Zone: us-west-2c');
    await screen.press('backspace');
    await screen.press({ text: '5' });
    await screen.press('enter');
    await screen.waitForFrame('Price:');
    expect(fake.scaleRequests.at(-1)).toMatchObject({ nodes: 5, zone: 'us-west-2c' });
    // Back to the number: the zone stays chosen.
    await screen.press('escape');
    frame = await screen.waitForFrame('› 5');
    expect(frame).toContain('Zone: us-west-2c');
    screen.unmount();
  });

  it('shows no zone choice for a cluster with one node group', async () => {
    const { screen } = await openInventory();
    await screen.press({ text: 's' });
    const frame = await screen.waitForFrame('› 2');
    expect(frame).not.toContain('Zone:');
    expect(frame).not.toContain('←/→');
    await screen.press('right');
    expect(screen.frame()).toContain('› 2');
    screen.unmount();
  });

  it('refuses a count out of range on the screen, and shows a refused plan with its reason', async () => {
    let planned = 0;
    const { screen } = await openInventory({
      planScale: async () => {
        planned += 1;
        throw new ScaleRefusedError(
          'Cluster kubernetes in us-west-2 is being torn down: nothing was changed.',
        );
      },
    });
    await screen.press({ text: 's' });
    await screen.waitForFrame('› 2');
    // A burst: three more digits are cut at three, so 2 then 00 makes 200, refused before any call.
    await screen.press({ text: '00' });
    await screen.press('enter');
    await screen.waitForFrame('✖ expected a whole number of nodes from 0 to 100');
    expect(planned).toBe(0);
    await screen.press('backspace', 3);
    await screen.press({ text: '5\r' });
    const frame = await screen.waitForFrame('is being torn down');
    expect(planned).toBe(1);
    expect(frame).toContain('r plan again');
    await screen.press('escape');
    await screen.waitForFrame('› 5');
    screen.unmount();
  });
});
