// Permissions in the app: the review is the plan, so an action the caller may not call shows there,
// before anything is made. The fault proxy answers STS and IAM's simulation for AWS (moto cannot).
import { afterEach, describe, expect, it } from 'vitest';
import { exitStatusOf, startApp } from '../support/app-terminal.js';
import { useMoto } from '../support/aws.js';
import { type FaultProxy, startFaultProxy } from '../support/fault-proxy.js';
import { callerIsUser, simulation, USER, WRITES } from '../support/iam-answers.js';
import { snapshotAccount } from '../support/snapshot.js';
import { BYTES, TERMINAL_TEST_TIMEOUT } from '../support/tmux.js';

const WIZARD_STEPS = 15;

describe('permissions in the app, in an 80x24 terminal', () => {
  const moto = useMoto();
  let proxy: FaultProxy | undefined;
  afterEach(async () => {
    await proxy?.stop();
    proxy = undefined;
  });

  it(
    'the review names the actions up or down would be denied, and nothing is made',
    async () => {
      const before = await snapshotAccount(moto.clients());
      proxy = await startFaultProxy({
        target: moto.url,
        rules: [callerIsUser, simulation(['ec2:DeleteVpc', 'iam:DeleteRole'])],
      });
      const terminal = startApp(['up'], proxy.url, { columns: 80, rows: 24 });
      try {
        await terminal.waitFor(/step 1 of 15\b/);
        // Every default, in one burst: keys typed while a list loads wait for it.
        terminal.burst(BYTES.enter.repeat(WIZARD_STEPS));
        const review = await terminal.waitFor('The plan failed', 180_000);
        const text = review.replace(/\s+/g, ' ');
        expect(text).toContain(
          `Nothing was changed: ${USER} lacks 2 actions that up needs: ec2:DeleteVpc, iam:DeleteRole.`,
        );
        expect(text).toContain('kube-tui policy --for up prints the policy to grant');
        expect(review.trimEnd().split('\n').length).toBeLessThanOrEqual(24);
        terminal.press('q');
        expect(await exitStatusOf(terminal)).toBe(0);
      } finally {
        terminal.kill();
      }
      expect(proxy.records().filter((record) => WRITES.test(record.action))).toEqual([]);
      expect(await snapshotAccount(moto.clients())).toEqual(before);
    },
    TERMINAL_TEST_TIMEOUT,
  );
});
