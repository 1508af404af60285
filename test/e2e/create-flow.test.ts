import { DescribeAutoScalingGroupsCommand } from '@aws-sdk/client-auto-scaling';
import { describe, expect, it } from 'vitest';
import { exitStatusOf, startApp } from '../support/app-terminal.js';
import { useMoto } from '../support/aws.js';
import { countsOf, snapshotAccount } from '../support/snapshot.js';
import { BYTES, TERMINAL_TEST_TIMEOUT } from '../support/tmux.js';

const WIZARD_STEPS = 15;

describe('creating a cluster in the app, in an 80x24 terminal', () => {
  const moto = useMoto();

  it(
    'takes every default, reviews the plan, creates the cluster and says how to reach it',
    async () => {
      const terminal = startApp(['up'], moto.url, { columns: 80, rows: 24 });
      try {
        for (let step = 1; step <= WIZARD_STEPS; step++) {
          // Region and zone lists come from the emulator: wait until they are there.
          const screen = await terminal.waitFor(
            new RegExp(`step ${step} of ${WIZARD_STEPS}(?![\\s\\S]*Loading)`),
          );
          if (step === 2) expect(screen).toMatch(/❯ us-west-2\b/);
          terminal.press('Enter');
        }
        const review = await terminal.waitFor('Cost ≈', 180_000);
        expect(review).toContain('approximate, on-demand Linux prices');
        // At 80 columns every fact of the summary shows: rows wrap between facts, never cut one.
        expect(review).toContain('cluster logging on');
        expect(review).toContain('node public IPs yes');
        expect(review).toMatch(/key \S+kube_aws_rsa/);
        expect(review).toContain('; traffic extra');
        // The screen fits: nothing wraps past 80 columns or 24 rows.
        expect(review.trimEnd().split('\n').length).toBeLessThanOrEqual(24);
        // The steps are under the summary: the plan scrolls to them.
        terminal.press('Down', 'Down', 'Down', 'Down', 'Down', 'Down', 'Down', 'Down');
        const steps = await terminal.waitFor('1 Upload installation files to S3');
        expect(steps.trimEnd().split('\n').length).toBeLessThanOrEqual(24);
        terminal.press('Enter');
        const done = await terminal.waitFor(/Kubernetes cluster is running|failed/, 180_000);
        expect(done).toContain('Kubernetes cluster is running');
        expect(done).toContain('kubectl --context aws_kubernetes get nodes');
        // The command wraps rather than lose its end.
        expect(done).toMatch(/ssh -i \S+kube_aws_rsa\s+ubuntu@\d+\.\d+\.\d+\.\d+/);
        const counts = countsOf(await snapshotAccount(moto.clients()));
        expect(counts).toMatchObject({ vpcs: 1, autoScalingGroups: 1, instances: 3 });
        terminal.press('q');
        expect(await exitStatusOf(terminal)).toBe(0);
      } finally {
        terminal.kill();
      }
    },
    TERMINAL_TEST_TIMEOUT,
  );

  it(
    'with --node-spot-price, reviews spot nodes with their cap and the spot price, and makes a spot node group',
    async () => {
      const terminal = startApp(['up', '--node-spot-price', '0.02', '--nodes', '1'], moto.url, {
        columns: 80,
        rows: 24,
      });
      try {
        await terminal.waitFor(/step 1 of 15\b/);
        // Every default, in one burst: keys typed while a list loads wait for it.
        terminal.burst(BYTES.enter.repeat(WIZARD_STEPS));
        const review = await terminal.waitFor('Cost ≈', 180_000);
        const text = review.replace(/\s+/g, ' ');
        expect(text).toContain('spot, max $0.0200/h');
        expect(text).toMatch(/spot now \$\d\.\d{4}\/h vs on-demand \$0\.0416\/h/);
        expect(review.trimEnd().split('\n').length).toBeLessThanOrEqual(24);
        terminal.press('Enter');
        const done = await terminal.waitFor(/Kubernetes cluster is running|failed/, 180_000);
        expect(done).toContain('Kubernetes cluster is running');
        terminal.press('q');
        expect(await exitStatusOf(terminal)).toBe(0);
      } finally {
        terminal.kill();
      }
      const { AutoScalingGroups = [] } = await moto
        .clients()
        .autoScaling()
        .send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: ['kubernetes-minion-group'] }));
      expect(AutoScalingGroups[0]?.MixedInstancesPolicy?.InstancesDistribution).toMatchObject({
        OnDemandPercentageAboveBaseCapacity: 0,
        SpotMaxPrice: '0.02',
      });
    },
    TERMINAL_TEST_TIMEOUT,
  );

  it(
    'with --node-zones a,b,c, reviews every zone with its subnet and group, and makes a node group per zone',
    async () => {
      const terminal = startApp(['up', '--node-zones', 'a,b,c', '--nodes', '1'], moto.url, {
        columns: 80,
        rows: 24,
      });
      try {
        await terminal.waitFor(/step 1 of 15\b/);
        terminal.burst(BYTES.enter.repeat(WIZARD_STEPS));
        const review = await terminal.waitFor('Cost ≈', 180_000);
        const text = review.replace(/\s+/g, ' ');
        expect(text).toContain('in each of 3 zones: us-west-2a, b, c (3 nodes)');
        expect(text).toContain('b: subnet 172.20.2.0/24');
        expect(text).toContain('c: subnet 172.20.3.0/24');
        expect(review.trimEnd().split('\n').length).toBeLessThanOrEqual(24);
        // The steps under the summary name each zone's subnet and group.
        for (const name of ['kubernetes-subnet-us-west-2c subnet', 'kubernetes-minion-group-us-west-2c']) {
          // One row at a time, each press awaited by its redraw, until the name shows.
          for (let presses = 0; presses < 40 && !terminal.screen().includes(name); presses++) {
            const before = terminal.screen();
            terminal.press('Down');
            await terminal.waitFor((screen) => screen !== before || screen.includes(name));
          }
          const steps = await terminal.waitFor(name);
          expect(steps.trimEnd().split('\n').length).toBeLessThanOrEqual(24);
        }
        terminal.press('Enter');
        const done = await terminal.waitFor(/Kubernetes cluster is running|failed/, 180_000);
        expect(done).toContain('Kubernetes cluster is running');
        terminal.press('q');
        expect(await exitStatusOf(terminal)).toBe(0);
      } finally {
        terminal.kill();
      }
      const { AutoScalingGroups = [] } = await moto
        .clients()
        .autoScaling()
        .send(new DescribeAutoScalingGroupsCommand({}));
      expect(
        AutoScalingGroups.map((group) => [
          group.AutoScalingGroupName,
          group.AvailabilityZones?.join(),
        ]).sort(),
      ).toEqual([
        ['kubernetes-minion-group', 'us-west-2a'],
        ['kubernetes-minion-group-us-west-2b', 'us-west-2b'],
        ['kubernetes-minion-group-us-west-2c', 'us-west-2c'],
      ]);
      expect(countsOf(await snapshotAccount(moto.clients()))).toMatchObject({ subnets: 3, instances: 4 });
    },
    TERMINAL_TEST_TIMEOUT,
  );
});
