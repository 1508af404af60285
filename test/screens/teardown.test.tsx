import { describe, expect, it, vi } from 'vitest';
import { App, type AppOutcome } from '../../src/app.js';
import { classifyError } from '../../src/aws/errors.js';
import { changes, type TeardownItem, type TeardownPlan } from '../../src/model/teardown.js';
import { clusterTeardownLaunch } from '../../src/state/teardown-screen.js';
import {
  createFakeEngine,
  emptyInventory,
  fakeTeardownPlan,
  withFakeDataVolumes,
} from '../support/fake-engine.js';
import { renderScreen } from '../support/ink.js';

const launch = clusterTeardownLaunch({ name: 'kubernetes', region: 'us-west-2' }, {});

function mount(options: Parameters<typeof createFakeEngine>[0] = {}) {
  const fake = createFakeEngine(options);
  const onExit = vi.fn<(outcome: AppOutcome) => void>();
  const screen = renderScreen(
    <App target="us-west-2" loadEngine={fake.loadEngine} initialTeardown={launch} onExit={onExit} env={{}} />,
  );
  return { fake, screen, onExit };
}

const item = (plan: TeardownPlan, id: string): TeardownItem => {
  const step = plan.steps.find((candidate) => candidate.id === id)!;
  return {
    key: step.key,
    type: step.type,
    id: step.id,
    name: step.name,
    region: step.region,
    action: step.action,
  };
};

describe('the Teardown screen', () => {
  it('shows the plan in deletion order with each action and the reason of what is kept', async () => {
    const { screen, fake } = mount();
    const frame = await screen.waitForFrame('Type kubernetes to confirm');
    expect(fake.teardownRequests).toEqual([expect.objectContaining({ target: launch.target })]);
    expect(frame).toContain('tear down cluster kubernetes in us-west-2');
    expect(frame).toMatch(/14 to remove, 1 kept, in deletion order/);
    expect(frame).toMatch(/1\s+delete\s+auto-scaling-group\s+kubernetes-minion-group/);
    expect(frame).toMatch(/2\s+delete\s+instance\s+i-0master \(kubernetes-master\)/);
    expect(frame).toMatch(/disassociate\s+elastic-ip/);
    expect(frame).toMatch(/remove-tag\s+key-pair/);
    expect(frame).toContain('↳ only associated with a cluster instance');
    expect(frame).toContain(
      '⚠ This removes 14 resources of cluster kubernetes in us-west-2. It cannot be undone.',
    );
    expect(frame).toContain('esc cancel');
    // The plan lists every step in order: the VPC after its subnet.
    expect(frame.indexOf('subnet-0abc')).toBeLessThan(frame.indexOf('vpc-0abc'));
    screen.unmount();
  });

  it('says a protected cluster is kept whole, with the command that removes the tag, and asks for no name', async () => {
    const { screen } = mount({
      teardownPlan: async (request) => {
        const plan = fakeTeardownPlan(request);
        return {
          ...plan,
          steps: plan.steps.map((step) => ({ ...step, action: 'skip' as const, reason: 'protected' })),
          protectedBy: [{ type: 'vpc', id: 'vpc-0abc', name: 'kubernetes-vpc', region: 'us-west-2' }],
        };
      },
    });
    const frame = await screen.waitForFrame('⚠ Protected');
    expect(frame.replace(/\s+/g, ' ')).toContain(
      'The cluster kubernetes in us-west-2 is protected: nothing of it is deleted, so there is nothing to confirm.',
    );
    expect(frame).toContain(
      '⚠ Protected: nothing of this cluster is deleted (kube-tui/protect=true on 1 resource).',
    );
    expect(frame.replace(/\s+/g, ' ')).toContain(
      'Remove the tag to allow it: aws ec2 delete-tags --region us-west-2 --resources vpc-0abc --tags Key=kube-tui/protect',
    );
    // Nothing to type: the footer offers a new scan (after the tag is removed) and leaving.
    expect(frame).not.toContain('Type kubernetes to confirm');
    expect(frame).toMatch(/r scan again/);
    screen.unmount();
  });

  it('refuses a wrong name and deletes nothing; Esc then cancels', async () => {
    const { screen, fake, onExit } = mount();
    await screen.waitForFrame('Type kubernetes to confirm');
    await screen.press({ text: 'kubernets' });
    await screen.press('enter');
    const refused = await screen.waitForFrame('is not kubernetes');
    expect(refused).toContain('"kubernets" is not kubernetes: nothing was deleted.');
    expect(fake.teardownRuns).toHaveLength(0);
    // An empty answer is refused too.
    for (let i = 0; i < 'kubernets'.length; i++) await screen.press('backspace');
    await screen.press('enter');
    await screen.waitForFrame('Type kubernetes to confirm, or press Esc to cancel. Nothing was deleted.');
    await screen.press('escape');
    await vi.waitFor(() => expect(onExit).toHaveBeenCalledWith('quit'));
    expect(fake.teardownRuns).toHaveLength(0);
    screen.unmount();
  });

  it('the right name starts the teardown, and the checklist follows the events to the re-scan', async () => {
    const { screen, fake, onExit } = mount();
    await screen.waitForFrame('Type kubernetes to confirm');
    // A `q` in the name is typed, not a quit.
    await screen.press({ text: 'kubernetes' });
    await screen.press('enter');
    const run = await fake.waitForTeardown();
    expect(run.plan.target).toEqual(launch.target);
    await screen.waitForFrame('ctrl+c stop');

    const group = item(run.plan, 'kubernetes-minion-group');
    const master = item(run.plan, 'i-0master');
    run.emit({ type: 'item-started', item: group, at: Date.now() });
    run.emit({ type: 'item-started', item: master, at: Date.now() });
    run.emit({ type: 'item-detail', item: master, message: 'terminating; waiting until it is terminated' });
    let frame = await screen.waitForFrame('waiting until it is terminated');
    expect(frame).toMatch(/delete auto-scaling-group kubernetes-minion-group/);
    expect(frame).toMatch(/waiting for what blocks them: delete instance i-0node1/);
    run.emit({ type: 'item-succeeded', item: group, elapsedMs: 2100 });
    run.emit({ type: 'item-skipped', item: item(run.plan, 'eipalloc-0user'), reason: 'kept' });
    run.emit({
      type: 'item-failed',
      item: item(run.plan, 'vol-0master'),
      error: classifyError(Object.assign(new Error('still attached'), { name: 'VolumeInUse' })),
    });
    frame = await screen.waitForFrame('✔ delete auto-scaling-group kubernetes-minion-group');
    expect(frame).toContain('2.1s');
    expect(frame).toMatch(/✖ delete volume vol-0master \(kubernetes-master-pd\)\s+VolumeInUse/);

    run.completeAll();
    run.emit({ type: 'verify-started', regions: ['us-west-2'], at: Date.now() });
    await screen.waitForFrame('Checking: a fresh scan of us-west-2');
    run.emit({ type: 'verify-finished', remaining: [], elapsedMs: 300 });
    run.finish();
    frame = await screen.waitForFrame(
      '✔ Cluster kubernetes is gone: a fresh scan of us-west-2 found nothing of it',
    );
    expect(frame).toContain('Removed 14 items.');
    await screen.press({ text: 'q' });
    await vi.waitFor(() => expect(onExit).toHaveBeenCalledWith('deleted'));
    screen.unmount();
  });

  it('names what blocks a step, and whose it is, in the plan and when the step fails', async () => {
    const blocked =
      "blocked: eni-0efs (EFS mount target for fs-1, not this cluster's) is in subnet-0abc — delete it, then run the teardown again";
    const { screen, fake } = mount({
      teardownPlan: async (request) => {
        const plan = fakeTeardownPlan(request);
        return {
          ...plan,
          steps: plan.steps.map((step) =>
            step.id === 'subnet-0abc'
              ? {
                  ...step,
                  blockers: [
                    {
                      type: 'network-interface' as const,
                      id: 'eni-0efs',
                      ours: false,
                      owner: 'EFS mount target for fs-1',
                      relation: 'uses' as const,
                    },
                  ],
                }
              : step,
          ),
        };
      },
    });
    let frame = await screen.waitForFrame('Type kubernetes to confirm');
    expect(frame).toContain('↳ blocked: eni-0efs (EFS mount target for fs-1, not this cluster');
    await screen.press({ text: 'kubernetes\r' });
    const run = await fake.waitForTeardown();
    const subnet = item(run.plan, 'subnet-0abc');
    run.emit({ type: 'item-started', item: subnet, at: Date.now() });
    run.emit({
      type: 'item-failed',
      item: subnet,
      error: classifyError(Object.assign(new Error(blocked), { name: 'BlockedError' })),
    });
    frame = await screen.waitForFrame('✖ delete subnet subnet-0abc');
    expect(frame.replace(/\s+/g, ' ')).toContain('blocked: eni-0efs (EFS mount target');
    screen.unmount();
  });

  it("offers ctrl+r where another group's rule blocks the plan, and plans again with --force-revoke (ctrl+r again undoes it)", async () => {
    const { screen, fake } = mount({
      teardownPlan: async (request) => {
        const plan = fakeTeardownPlan(request);
        const blocker = {
          type: 'security-group' as const,
          id: 'sg-0peer',
          ours: false,
          relation: 'references' as const,
          vpcId: 'vpc-0peer',
          ...(request.forceRevoke ? { revoke: true as const } : {}),
        };
        return {
          ...plan,
          ...(request.forceRevoke ? { forceRevoke: true } : {}),
          steps: plan.steps.map((step) =>
            step.id === 'sg-0master' ? { ...step, blockers: [blocker] } : step,
          ),
        };
      },
    });
    let frame = await screen.waitForFrame('Type kubernetes to confirm');
    expect(frame.replace(/\s+/g, ' ')).toContain(
      'blocked: sg-0master is referenced by sg-0peer of VPC vpc-0peer',
    );
    expect(frame).toContain('ctrl+r revoke foreign rules');
    await screen.press({ text: '\u0012' });
    frame = await screen.waitForFrame('force-revoke: the rule of sg-0peer');
    expect(fake.teardownRequests.at(-1)?.forceRevoke).toBe(true);
    expect(frame).toContain('ctrl+r keep foreign rules');
    await screen.press({ text: '\u0012' });
    frame = await screen.waitForFrame('ctrl+r revoke foreign rules');
    expect(fake.teardownRequests).toHaveLength(3);
    expect(fake.teardownRequests.at(-1)?.forceRevoke).toBeUndefined();
    screen.unmount();
  });

  it('shows what the run says beside its items: a permission check not made, a fresh scan that failed', async () => {
    const { screen, fake } = mount();
    await screen.waitForFrame('Type kubernetes to confirm');
    await screen.press({ text: 'kubernetes\r' });
    const run = await fake.waitForTeardown();
    run.emit({
      type: 'log',
      level: 'info',
      message: 'permissions not checked first: the caller cannot be simulated',
    });
    run.emit({
      type: 'log',
      level: 'warn',
      message: 'the fresh scan failed, so nothing is known to be gone: timeout',
    });
    const frame = await screen.waitForFrame('⚠ the fresh scan failed');
    expect(frame).toContain('ℹ permissions not checked first: the caller cannot be simulated');
    run.completeAll();
    run.finish();
    screen.unmount();
  });

  it('a running item shows its retries and "no answer for 30 s" on a clock of its own, and counts items done', async () => {
    const { screen, fake } = mount();
    await screen.waitForFrame('Type kubernetes to confirm');
    await screen.press({ text: 'kubernetes\r' });
    const run = await fake.waitForTeardown();
    const master = item(run.plan, 'i-0master');
    // A fake clock: only Date is faked, so the screen's own ticker reads the time the test sets.
    const sentAt = Date.now();
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(sentAt);
      run.emit({ type: 'item-started', item: master, at: sentAt });
      const call = 41;
      const action = 'ec2:TerminateInstances';
      run.emit({
        type: 'item-call',
        item: master,
        signal: { kind: 'retry', call, action, attempt: 3, maxAttempts: 8, reason: 'ECONNREFUSED' },
      });
      let frame = await screen.waitForFrame('retrying 3/8: ECONNREFUSED (ec2:TerminateInstances)');
      expect(frame).toMatch(/\d+\/15 items done · \ds elapsed/);
      run.emit({ type: 'item-call', item: master, signal: { kind: 'waiting', call, action, since: sentAt } });
      vi.setSystemTime(sentAt + 30_000);
      frame = await screen.waitForFrame('no answer for 30 s');
      expect(frame).toContain('30s elapsed');
      // The call answered: the line under the item goes, the item keeps running.
      run.emit({ type: 'item-call', item: master, signal: { kind: 'settled', call } });
      frame = await screen.waitForFrame(
        (shown) => !shown.includes('no answer') && !shown.includes('retrying'),
      );
      expect(frame).toMatch(/delete instance i-0master/);
    } finally {
      vi.useRealTimers();
    }
    run.completeAll();
    run.finish();
    screen.unmount();
  });

  it('lists what remains after the re-scan, with why and the command to run again', async () => {
    const { screen, fake, onExit } = mount();
    await screen.waitForFrame('Type kubernetes to confirm');
    await screen.press({ text: 'kubernetes' });
    await screen.press('enter');
    const run = await fake.waitForTeardown();
    run.finish({
      clean: false,
      remaining: [
        {
          type: 'vpc',
          id: 'vpc-0abc',
          name: 'kubernetes-vpc',
          region: 'us-west-2',
          reason: 'gave up after 15 min',
        },
      ],
    });
    const frame = await screen.waitForFrame('1 resource remains after a fresh scan');
    expect(frame).toContain('vpc vpc-0abc (kubernetes-vpc)');
    expect(frame).toContain('↳ gave up after 15 min');
    expect(frame).toContain('kube-tui down --cluster kubernetes --region us-west-2');
    await screen.press({ text: 'q' });
    await vi.waitFor(() => expect(onExit).toHaveBeenCalledWith('failed'));
    screen.unmount();
  });

  it('the first Ctrl+C aborts the calls in flight and says what is left; the second quits', async () => {
    const { screen, fake, onExit } = mount();
    await screen.waitForFrame('Type kubernetes to confirm');
    await screen.press({ text: 'kubernetes' });
    await screen.press('enter');
    const run = await fake.waitForTeardown();
    await screen.press('ctrlC');
    await screen.waitForFrame('Stopping: cancelling the calls in flight');
    expect(run.signal?.aborted).toBe(true);
    expect(onExit).not.toHaveBeenCalled();
    run.finish({
      cancelled: true,
      clean: false,
      remaining: [
        {
          type: 'vpc',
          id: 'vpc-0abc',
          name: 'kubernetes-vpc',
          region: 'us-west-2',
          reason: 'not tried: cancelled',
        },
      ],
    });
    const frame = await screen.waitForFrame('Not removed yet (1)');
    expect(frame).toContain('Run it again to finish: kube-tui down --cluster kubernetes --region us-west-2');
    await screen.press('ctrlC');
    await vi.waitFor(() => expect(onExit).toHaveBeenCalledWith('interrupted'));
    screen.unmount();
  });

  it('an unknown cluster: nothing to delete, and the clusters that are there', async () => {
    const { screen } = mount({
      teardownPlan: async (request) => ({
        target: request.target,
        regions: ['us-west-2'],
        scannedAt: new Date(0).toISOString(),
        steps: [],
        otherClusters: [{ name: 'legacy', region: 'us-west-2' }],
      }),
    });
    const frame = await screen.waitForFrame('nothing was deleted');
    expect(frame).toContain('No cluster kubernetes in us-west-2');
    expect(frame).toContain('Clusters in us-west-2: legacy.');
    screen.unmount();
  });

  it('a failed scan says so and deletes nothing; r scans again', async () => {
    let calls = 0;
    const { screen } = mount({
      teardownPlan: async (request) => {
        calls += 1;
        if (calls === 1) throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
        const { fakeTeardownPlan } = await import('../support/fake-engine.js');
        return fakeTeardownPlan(request);
      },
    });
    const frame = await screen.waitForFrame('The scan failed');
    expect(frame).toContain('Nothing was deleted.');
    await screen.press({ text: 'r' });
    await screen.waitForFrame('Type kubernetes to confirm');
    screen.unmount();
  });
});

describe('a teardown the caller may not run', () => {
  it('is refused at the plan with the actions missing, and nothing is deleted', async () => {
    const { MissingPermissionsError } = await import('../../src/aws/preflight.js');
    const { screen, fake } = mount({
      teardownPlan: async () => {
        throw new MissingPermissionsError(
          'arn:aws:iam::123456789012:user/builder',
          ['ec2:TerminateInstances'],
          'down',
        );
      },
    });
    const frame = (await screen.waitForFrame('Refused')).replace(/\s+/g, ' ');
    expect(frame).toContain(
      '✖ Refused: Nothing was changed: arn:aws:iam::123456789012:user/builder lacks 1 action that down needs: ec2:TerminateInstances.',
    );
    expect(frame).toContain('Nothing was deleted.');
    expect(fake.teardownRuns).toHaveLength(0);
    screen.unmount();
  });
});

describe('the ways into teardown', () => {
  it("Home's Cleanup opens the orphans' cleanup, confirmed by typing cleanup; Esc goes back home", async () => {
    const fake = createFakeEngine();
    const screen = renderScreen(
      <App target="us-west-2" region="us-west-2" loadEngine={fake.loadEngine} env={{}} />,
    );
    await screen.waitForFrame('❯ Create a cluster');
    await screen.press('down', 2);
    await screen.waitForFrame('❯ Cleanup');
    await screen.press('enter');
    const frame = await screen.waitForFrame('Type cleanup to confirm');
    expect(frame).toContain('clean up the orphans in us-west-2');
    expect(frame).toContain('↳ master volume of cluster gone');
    expect(fake.teardownRequests[0]?.target).toEqual({ kind: 'orphans', region: 'us-west-2' });
    await screen.press('escape');
    // Home's cursor is back on the row that was left.
    await screen.waitForFrame('❯ Cleanup');
    screen.unmount();
  });

  it("the Inventory's d opens the cluster's teardown, and Esc returns to the Inventory", async () => {
    const inventory = emptyInventory();
    inventory.clusters.push({
      name: 'legacy',
      region: 'us-west-2',
      resources: [
        {
          type: 'vpc',
          id: 'vpc-1',
          name: 'kubernetes-vpc',
          region: 'us-west-2',
          tags: {},
          refs: {},
          ownership: 'owned',
        },
      ],
    });
    const fake = createFakeEngine({ inventory: async () => inventory });
    const screen = renderScreen(<App target="us-west-2" loadEngine={fake.loadEngine} env={{}} />);
    await screen.waitForFrame('❯ Create a cluster');
    await screen.press('down');
    await screen.press('enter');
    await screen.waitForFrame('❯ legacy');
    await screen.press({ text: 'd' });
    await screen.waitForFrame('Type legacy to confirm');
    expect(fake.teardownRequests[0]?.target).toEqual({
      kind: 'cluster',
      cluster: { name: 'legacy', region: 'us-west-2' },
    });
    await screen.press('escape');
    await screen.waitForFrame('❯ legacy');
    screen.unmount();
  });

  describe('data volumes', () => {
    const withVolumes = {
      teardownPlan: async (request: Parameters<typeof fakeTeardownPlan>[0]) =>
        withFakeDataVolumes(fakeTeardownPlan(request)),
    };
    const actionOf = (plan: TeardownPlan, id: string) => plan.steps.find((step) => step.id === id)?.action;

    it('are listed under their own heading with their facts; untouched, the run keeps them all', async () => {
      const { screen, fake } = mount(withVolumes);
      const frame = await screen.waitForFrame('Type kubernetes to confirm');
      expect(frame).toContain('Data volumes (PVs or yours), kept unless ticked: 0 of 2 to delete');
      expect(frame).toContain('[ ] vol-0pv (kubernetes-dynamic-pvc-1) — keep');
      expect(frame).toContain('50 GiB gp3 · created 2026-02-01 · not attached · $4.00/month');
      expect(frame).toContain('[ ] vol-0backup (users-db-backup) — keep');
      expect(frame).toContain(
        '100 GiB gp2 · created 2026-01-15 · attached to i-0master since 2026-01-16 · $10.00/month',
      );
      // Not twice: the data volumes are not in the numbered plan above them.
      expect(frame.split('vol-0pv').length - 1).toBe(1);
      expect(frame).toMatch(/14 to remove, 3 kept/);
      expect(frame).toContain('tab volumes');
      await screen.press({ text: 'kubernetes\r' });
      const run = await fake.waitForTeardown();
      expect(actionOf(run.plan, 'vol-0pv')).toBe('skip');
      expect(actionOf(run.plan, 'vol-0backup')).toBe('skip');
      expect(run.plan.steps.filter(changes)).toHaveLength(14);
      run.completeAll();
      run.finish({
        kept: ['vol-0pv', 'vol-0backup'].map((id) => {
          const step = run.plan.steps.find((entry) => entry.id === id)!;
          return { type: step.type, id, name: step.name, region: step.region, reason: step.reason! };
        }),
      });
      const done = await screen.waitForFrame('Kept on purpose (2):');
      expect(done).toContain('volume vol-0pv (kubernetes-dynamic-pvc-1)');
      expect(done).toContain('volume vol-0backup (users-db-backup)');
      screen.unmount();
    });

    it('Tab, ↓ and space tick one in a burst: the run deletes exactly that one and keeps the other', async () => {
      const { screen, fake } = mount(withVolumes);
      await screen.waitForFrame('Type kubernetes to confirm');
      // Tab to the volumes, down to the second, tick it; a `q` there neither quits nor is typed.
      await screen.press({ text: '\t\u001B[B q' });
      let frame = await screen.waitForFrame('[x] vol-0backup (users-db-backup) — delete');
      expect(frame).toContain('[ ] vol-0pv (kubernetes-dynamic-pvc-1) — keep');
      expect(frame).toContain('kept unless ticked: 1 of 2 to delete');
      expect(frame).toMatch(/15 to remove, 2 kept/);
      expect(frame).toContain('⚠ This removes 15 resources');
      expect(frame).toContain('space tick');
      // On the list `?` is help, not text; it lists the tick, and any key closes it.
      await screen.press({ text: '?' });
      const help = await screen.waitForFrame('tick a data volume to delete it too');
      expect(help).toContain('between the typed name and the data volumes');
      await screen.press('escape');
      frame = await screen.waitForFrame('[x] vol-0backup (users-db-backup) — delete');
      // Back to the name, type it, confirm.
      await screen.press({ text: '\tkubernetes\r' });
      const run = await fake.waitForTeardown();
      expect(actionOf(run.plan, 'vol-0backup')).toBe('delete');
      expect(actionOf(run.plan, 'vol-0pv')).toBe('skip');
      expect(run.plan.steps.filter(changes).map((step) => step.id)).toContain('vol-0backup');
      expect(run.plan.steps.filter(changes)).toHaveLength(15);
      // The checklist shows the chosen plan: the volume is deleted, not skipped.
      run.completeAll();
      frame = await screen.waitForFrame('delete volume vol-0backup (users-db-backup)');
      run.finish();
      await screen.waitForFrame('Removed 15 items.');
      screen.unmount();
    });
  });
});
