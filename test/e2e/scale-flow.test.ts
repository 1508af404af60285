// The Scale screen in a real 80x24 terminal against moto: the Inventory's `s`, a count typed in one
// burst with Enter, the price difference, the confirmation, the live result; then a second use that
// scales down and names the instance that goes. The group's counts are read back from Auto Scaling.
import { DescribeAutoScalingGroupsCommand } from '@aws-sdk/client-auto-scaling';
import { describe, expect, it } from 'vitest';
import { exitStatusOf, startApp } from '../support/app-terminal.js';
import { useMoto } from '../support/aws.js';
import { runCli } from '../support/cli.js';
import { snapshotAccount } from '../support/snapshot.js';
import { BYTES, TERMINAL_TEST_TIMEOUT } from '../support/tmux.js';

describe('the Scale screen in a real terminal', () => {
  const moto = useMoto();

  async function desired(name = 'kubernetes-minion-group') {
    const { AutoScalingGroups = [] } = await moto
      .clients()
      .autoScaling()
      .send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [name] }));
    const group = AutoScalingGroups[0]!;
    return {
      desired: group.DesiredCapacity,
      min: group.MinSize,
      max: group.MaxSize,
      instances: group.Instances?.length,
    };
  }

  /** The cluster, made through the CLI as a user would. */
  async function upByCli(...extra: string[]) {
    const up = await runCli(
      [
        'up',
        '--endpoint',
        moto.url,
        '--yes',
        ...extra,
        '--ssh-cidr',
        '203.0.113.7/32',
        '--api-cidr',
        '203.0.113.7/32',
      ],
      { timeoutMs: 300_000 },
    );
    expect(up.code, up.stderr).toBe(0);
  }

  async function downByCli() {
    const down = await runCli(['down', '--cluster', 'kubernetes', '--endpoint', moto.url, '--yes'], {
      timeoutMs: 300_000,
    });
    expect(down.code, down.stderr).toBe(0);
  }

  it(
    's on a cluster scales it up, then a second time down, at 80x24',
    async () => {
      const before = await snapshotAccount(moto.clients());
      const terminal = startApp([], moto.url, { columns: 80, rows: 24 });
      try {
        await terminal.waitFor('Create a cluster', 60_000);
        // The cluster, made through the CLI as a user would, while the app sits on Home.
        await upByCli('--nodes', '2');
        terminal.burst(BYTES.down + BYTES.enter);
        let screen = await terminal.waitFor('❯ kubernetes', 120_000);
        expect(screen).toContain('s scale');

        // First use: the count and Enter in one burst.
        terminal.burst(`s${BYTES.backspace}3${BYTES.enter}`);
        screen = await terminal.waitFor('Price:', 120_000);
        expect(screen).toContain('2 → 3 nodes, t3.medium');
        expect(screen).toContain('+$0.050/hour, +$36.58/month');
        expect(screen.trimEnd().split('\n').length).toBeLessThanOrEqual(24);
        terminal.burst(BYTES.enter);
        screen = await terminal.waitFor('2 → 3 nodes in service', 180_000);
        expect(await desired()).toEqual({ desired: 3, min: 3, max: 3, instances: 3 });

        // Back to the Inventory (scanned again), and a second use: down to 1.
        terminal.burst(BYTES.escape);
        await terminal.waitFor('❯ kubernetes', 120_000);
        terminal.burst(`s${BYTES.backspace}1${BYTES.enter}`);
        screen = await terminal.waitFor('Terminated (newest', 120_000);
        expect(screen).toContain('3 → 1 node');
        expect(screen).toContain('−$0.100/hour');
        terminal.burst(BYTES.enter);
        screen = await terminal.waitFor('3 → 1 node in service', 180_000);
        expect(screen).toMatch(/Terminated: i-[0-9a-f]+, i-[0-9a-f]+/);
        expect(await desired()).toEqual({ desired: 1, min: 1, max: 1, instances: 1 });
        terminal.press('q');
        expect(await exitStatusOf(terminal)).toBe(0);
      } finally {
        terminal.kill();
      }
      await downByCli();
      expect(await snapshotAccount(moto.clients())).toEqual(before);
    },
    TERMINAL_TEST_TIMEOUT,
  );

  it(
    "s on a cluster with nodes in two zones: → picks the second zone's group, and only it changes",
    async () => {
      const before = await snapshotAccount(moto.clients());
      await upByCli('--nodes', '1', '--node-zones', 'a,b');
      const terminal = startApp([], moto.url, { columns: 80, rows: 24 });
      try {
        await terminal.waitFor('Create a cluster', 60_000);
        terminal.burst(BYTES.down + BYTES.enter);
        await terminal.waitFor('❯ kubernetes', 120_000);
        terminal.burst('s');
        let screen = await terminal.waitFor('Zone: us-west-2a', 60_000);
        expect(screen).toContain('←/→ zone');
        // To zone b, its count replaced, planned: one burst.
        terminal.burst(`${BYTES.right}${BYTES.backspace}2${BYTES.enter}`);
        screen = await terminal.waitFor('Price:', 120_000);
        expect(screen).toContain('kubernetes-minion-group-us-west-2b');
        expect(screen).toContain('1 → 2 nodes');
        expect(screen.trimEnd().split('\n').length).toBeLessThanOrEqual(24);
        terminal.burst(BYTES.enter);
        await terminal.waitFor('1 → 2 nodes in service', 180_000);
        expect(await desired('kubernetes-minion-group-us-west-2b')).toEqual({
          desired: 2,
          min: 2,
          max: 2,
          instances: 2,
        });
        expect(await desired()).toEqual({ desired: 1, min: 1, max: 1, instances: 1 });
        terminal.press('q');
        expect(await exitStatusOf(terminal)).toBe(0);
      } finally {
        terminal.kill();
      }
      await downByCli();
      expect(await snapshotAccount(moto.clients())).toEqual(before);
    },
    TERMINAL_TEST_TIMEOUT,
  );

  it(
    'kube-tui scale without --yes opens the Scale screen with the count filled in; Enter twice scales, exit 0',
    async () => {
      await upByCli('--nodes', '1');
      const terminal = startApp(['scale', '--cluster', 'kubernetes', '--nodes', '2'], moto.url, {
        columns: 80,
        rows: 24,
      });
      try {
        await terminal.waitFor('› 2', 60_000);
        terminal.burst(BYTES.enter);
        const plan = await terminal.waitFor('Price:', 120_000);
        expect(plan).toContain('1 → 2 nodes');
        terminal.burst(BYTES.enter);
        await terminal.waitFor('1 → 2 nodes in service', 180_000);
        terminal.press('q');
        expect(await exitStatusOf(terminal)).toBe(0);
      } finally {
        terminal.kill();
      }
      expect(await desired()).toEqual({ desired: 2, min: 2, max: 2, instances: 2 });
      await downByCli();
    },
    TERMINAL_TEST_TIMEOUT,
  );
});
