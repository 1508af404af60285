import { join } from 'node:path';
import { createElement } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { App, type AppOutcome } from '../../src/app.js';
import { createChoiceStore, memoryChoiceStore } from '../../src/local/store.js';
import { DEFAULT_CONFIG } from '../../src/model/config.js';
import { ProvisionError } from '../../src/model/engine.js';
import type { ClassifiedError } from '../../src/model/errors.js';
import type { InventoryResource } from '../../src/model/inventory.js';
import { createFakeEngine, deferred, emptyInventory, fakePlan } from '../support/fake-engine.js';
import { renderScreen } from '../support/ink.js';

// A static spinner frame keeps frames stable.
vi.mock('ink-spinner', async () => {
  const { Text } = await import('ink');
  return { default: () => createElement(Text, null, '◐') };
});

const HOME = process.env.HOME ?? '/tmp';
const baseEnv = { HOME };
const TOTAL_STEPS = 15;

function setup({
  env = {},
  store,
  fake = createFakeEngine(),
  initialScreen = 'create' as const,
}: {
  env?: Record<string, string>;
  store?: ReturnType<typeof memoryChoiceStore>;
  fake?: ReturnType<typeof createFakeEngine>;
  initialScreen?: 'home' | 'create';
} = {}) {
  const exits: AppOutcome[] = [];
  const app = renderScreen(
    <App
      target="us-west-2"
      initialScreen={initialScreen}
      loadEngine={fake.loadEngine}
      env={{ ...baseEnv, ...env }}
      store={store}
      onExit={(outcome) => exits.push(outcome)}
    />,
  );
  return { app, fake, exits };
}

type Screen = ReturnType<typeof setup>['app'];

/** Waits for a wizard step to be ready to take Enter (lists loaded), then presses Enter. */
async function acceptStep(app: Screen, number: number) {
  await app.waitForFrame((frame) => frame.includes(`step ${number} of`) && !frame.includes('Loading'));
  await app.press('enter');
}

async function acceptAllDefaults(app: Screen) {
  for (let number = 1; number <= TOTAL_STEPS; number++) await acceptStep(app, number);
}

async function reachProvisioning(app: Screen, fake: ReturnType<typeof createFakeEngine>) {
  await acceptAllDefaults(app);
  await app.waitForFrame('Cost ≈');
  await app.press('enter');
  return fake.waitForRun(1);
}

const failure = (message: string, kind: ClassifiedError['kind'] = 'quota'): ClassifiedError => ({
  kind,
  code: 'InsufficientInstanceCapacity',
  message,
  retryable: false,
  exitCode: 1,
});

describe('the create wizard', () => {
  it('accepts every default with Enter and reviews all eleven steps with their names and a cost', async () => {
    const { app, fake } = setup({ initialScreen: 'home' });
    await app.waitForFrame('Create a cluster');
    await app.press('enter');
    await acceptAllDefaults(app);
    const frame = await app.waitForFrame('Cost ≈');
    const plan = fakePlan({ ...DEFAULT_CONFIG, sshKey: join(HOME, '.ssh/kube_aws_rsa') });
    expect(plan.steps).toHaveLength(11);
    for (const step of plan.steps) {
      expect(frame).toContain(step.title);
      for (const resource of step.resources) expect(frame).toContain(resource.name);
    }
    expect(frame).toMatch(/Cost ≈ \$0\.\d+\/hour · \$\d+\.\d\d\/month/);
    expect(frame).toContain('approximate, on-demand Linux prices as of');
    expect(frame).toContain('enter create');
    expect(fake.planned).toHaveLength(1);
    expect(fake.planned[0]).toMatchObject({
      name: 'kubernetes',
      zone: 'us-west-2a',
      nodes: 2,
      masterSize: 't3.medium',
    });
    app.unmount();
  });

  it('after a review, the wizard\'s SSH / API line says the CIDRs the review resolved, not "your IP"', async () => {
    // Against an emulator (or when the caller's IP cannot be learned) the plan opens both to 0.0.0.0/0.
    const fake = createFakeEngine({
      plan: async (config) => {
        const plan = fakePlan(config);
        return { ...plan, config: { ...plan.config, sshCidr: '0.0.0.0/0', apiCidr: '0.0.0.0/0' } };
      },
    });
    const { app } = setup({ fake });
    await acceptStep(app, 1);
    // Before any plan the wizard says what the default depends on.
    for (let number = 2; number < TOTAL_STEPS; number++) await acceptStep(app, number);
    let frame = await app.waitForFrame(`step ${TOTAL_STEPS} of`);
    expect(frame).toContain('SSH from your IP /32, else 0.0.0.0/0');
    await app.press('enter');
    frame = await app.waitForFrame('Cost ≈');
    expect(frame).toContain('SSH from 0.0.0.0/0 · API from 0.0.0.0/0');
    await app.press('escape');
    frame = (await app.waitForFrame(`step ${TOTAL_STEPS} of`)).replace(/\s+/g, ' ');
    expect(frame).toContain('SSH from 0.0.0.0/0 (your IP could not be learned)');
    expect(frame).toContain('API from 0.0.0.0/0 (your IP could not be learned)');
    expect(frame).not.toContain('SSH from your IP');
    app.unmount();
  });

  it('goes back one step with Esc, and from the first step back Home', async () => {
    const { app } = setup();
    await acceptStep(app, 1);
    await acceptStep(app, 2);
    await app.waitForFrame('step 3 of');
    await app.press('escape');
    await app.waitForFrame((frame) => frame.includes('step 2 of') && frame.includes('Region'));
    await app.press('escape');
    await app.waitForFrame('step 1 of');
    await app.press('escape');
    await app.waitForFrame('Create a cluster');
    app.unmount();
  });

  it('validates the name inline', async () => {
    const { app } = setup();
    await app.waitForFrame('Cluster name');
    await app.press({ text: 'Bad_Name' });
    await app.press('enter');
    const frame = await app.waitForFrame('✖');
    expect(frame).toContain('Bad_Name: expected lowercase letters');
    expect(frame).toContain('step 1 of');
    app.unmount();
  });

  it('shows where a value came from', async () => {
    const { app } = setup({ env: { MASTER_SIZE: 't3.large', KUBE_AWS_INSTANCE_PREFIX: 'from-env' } });
    let frame = await app.waitForFrame('Cluster name');
    expect(frame).toContain('(from KUBE_AWS_INSTANCE_PREFIX)');
    expect(frame).toContain('from-env');
    for (let number = 1; number <= 4; number++) await acceptStep(app, number);
    frame = await app.waitForFrame('Master size');
    expect(frame).toContain('Master size (from MASTER_SIZE)');
    expect(frame).toContain('❯ t3.large');
    app.unmount();
  });

  it('warns inline about t2.micro nodes, as the article did', async () => {
    const { app } = setup({ env: { NODE_SIZE: 't2.micro' } });
    for (let number = 1; number <= 5; number++) await acceptStep(app, number);
    const frame = await app.waitForFrame('Node size');
    expect(frame).toContain('❯ t2.micro');
    expect(frame).toContain('⚠ t2.micro nodes run out of memory');
    // Moving to another size clears the warning; moving back brings it again.
    await app.press('up', 2);
    await app.waitForFrame((f) => f.includes('❯ c5.large') && !f.includes('⚠'));
    await app.press('down', 2);
    await app.waitForFrame('⚠ t2.micro');
    app.unmount();
  });

  it('preselects remembered choices (conf under the test HOME)', async () => {
    const store = createChoiceStore({ ...process.env, KUBE_TUI_CONFIG_DIR: join(HOME, 'wizard-memory') });
    store.save({ ...DEFAULT_CONFIG, name: 'remembered', nodes: 5, sshKey: '/unused' });
    const { app } = setup({ store });
    let frame = await app.waitForFrame('Cluster name');
    expect(frame).toContain('remembered   (enter keeps it)');
    expect(frame).toContain('(remembered from last time)');
    for (let number = 1; number <= 6; number++) await acceptStep(app, number);
    frame = await app.waitForFrame('Number of nodes');
    expect(frame).toContain('5   (enter keeps it)');
    app.unmount();
  });

  it('says in full, wrapped, which remembered choice no longer fits and is not used', async () => {
    const store = memoryChoiceStore({ zone: 'us-west-2a', nodeZones: ['a', 'b'] });
    const { app } = setup({ store, env: { KUBE_AWS_ZONE: 'us-west-2c' } });
    const frame = await app.waitForFrame('Cluster name');
    expect(frame.replace(/\s+/g, ' ')).toContain(
      "ℹ remembered node zones a,b not used: expected a list with the master's zone us-west-2c (--zone) in it, such as c,a,b",
    );
    app.unmount();
  });

  it('shows a spinner while regions load', async () => {
    const regions = deferred<string[]>();
    const fake = createFakeEngine();
    fake.engine.listRegions = () => regions.promise;
    const { app } = setup({ fake });
    await acceptStep(app, 1);
    await app.waitForFrame('◐ Loading regions from AWS');
    regions.resolve(['us-west-2', 'ap-south-1']);
    await app.waitForFrame('ap-south-1');
    app.unmount();
  });

  it('says when the engine cannot be loaded, and still lets the wizard go on to the review', async () => {
    const fake = createFakeEngine();
    const { app } = setup({
      fake: {
        ...fake,
        loadEngine: () => Promise.reject(new Error('the AWS engine is not available in this build yet')),
      },
    });
    await acceptStep(app, 1);
    const frame = await app.waitForFrame('✖ Could not list regions');
    expect(frame).toContain('the AWS engine is not available in this build yet');
    expect(frame).toContain('❯ us-west-2');
    for (let number = 2; number <= TOTAL_STEPS; number++) await acceptStep(app, number);
    await app.waitForFrame('✖ The plan failed: the AWS engine is not available');
    app.unmount();
  });

  it('fits the review into a short terminal and scrolls it, following a resize', async () => {
    const { app } = setup();
    await acceptAllDefaults(app);
    let frame = await app.waitForFrame('Cost ≈');
    expect(frame).not.toContain('more');
    Object.defineProperty(app.stdout, 'rows', { value: 24, configurable: true });
    app.stdout.emit('resize');
    frame = await app.waitForFrame('↓');
    expect(frame).toContain('↑/↓ scroll');
    expect(frame).toContain('Cost ≈');
    expect(frame.trimEnd().split('\n').length).toBeLessThanOrEqual(24);
    await app.press('down', 2);
    frame = await app.waitForFrame('↑ 2 more');
    await app.press('up');
    await app.waitForFrame('↑ 1 more');
    app.unmount();
  });

  it('refuses a master too small for kubeadm at its step, not at the review', async () => {
    const { app } = setup({ env: { MASTER_SIZE: 't2.micro' } });
    for (let number = 1; number <= 4; number++) await acceptStep(app, number);
    await app.waitForFrame('step 5 of');
    await app.press('enter');
    const frame = await app.waitForFrame('too small for the control plane');
    expect(frame).toContain('step 5 of');
    app.unmount();
  });

  it("shows the plan's permission check on the IAM line: simulated, or why not", async () => {
    for (const [permissions, line] of [
      [{ status: 'allowed', checked: 112 }, 'permissions: 112 actions allowed (simulated)'],
      [
        { status: 'unchecked', reason: 'these credentials may not call iam:SimulatePrincipalPolicy' },
        'permissions not checked first: these credentials may not call',
      ],
    ] as const) {
      const fake = createFakeEngine({ plan: async (config) => ({ ...fakePlan(config), permissions }) });
      const { app } = setup({ fake });
      await acceptAllDefaults(app);
      const frame = await app.waitForFrame('Cost ≈');
      expect(frame).toMatch(new RegExp(`^IAM +${line.replace(/[()]/g, '\\$&')}`, 'm'));
      app.unmount();
    }
  });

  it('puts the warnings first, counts them at Enter, and asks for a second Enter', async () => {
    const fake = createFakeEngine({
      plan: async (config) => ({
        ...fakePlan(config),
        warnings: [
          'ssh cidr 0.0.0.0/0: your public IP could not be learned, so SSH (port 22) is open to the internet; pass --ssh-cidr',
          'node size t2.micro (1024 MiB): nodes this small run out of memory and drop to NotReady, as the kube-up article warned; use at least t3.small',
        ],
      }),
    });
    const { app } = setup({ fake });
    await acceptAllDefaults(app);
    const frame = await app.waitForFrame('Cost ≈');
    // Whole, wrapped, above the plan.
    expect(frame.indexOf('⚠ ssh cidr')).toBeLessThan(frame.indexOf('Cluster'));
    expect(frame.replace(/\s+/g, ' ')).toContain('use at least t3.small');
    expect(frame).toContain('create (2 warnings');
    await app.press('enter');
    await app.waitForFrame('Press enter again to create with 2 warnings');
    expect(fake.runs).toHaveLength(0);
    await app.press('enter');
    await fake.waitForRun(1);
    app.unmount();
  });

  it('asks "Delete after" with never / 8 h / 24 h / 7 days, and the review shows the deadline', async () => {
    const { app, fake } = setup();
    const deleteAfter = TOTAL_STEPS - 1;
    for (let number = 1; number < deleteAfter; number++) await acceptStep(app, number);
    let frame = await app.waitForFrame(`step ${deleteAfter} of`);
    expect(frame).toContain('Delete after');
    expect(frame).toContain('kube-tui cleanup --expired deletes the cluster once this has passed');
    expect(frame).toMatch(/❯ never/);
    for (const label of ['8 hours', '24 hours', '7 days']) expect(frame).toContain(label);
    // A burst: down twice and Enter in one write picks 24 hours.
    await app.press('down', 2);
    await app.press('enter');
    await acceptStep(app, TOTAL_STEPS);
    frame = await app.waitForFrame('Cost ≈');
    expect(fake.planned.at(-1)?.ttl).toBe('24h');
    expect(frame).toMatch(/Lifetime delete after 24 hours: expires \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/);
    // A second visit of the step starts on the answer given.
    await app.press('escape');
    frame = await app.waitForFrame(`step ${TOTAL_STEPS} of`);
    await app.press('escape');
    frame = await app.waitForFrame(`step ${deleteAfter} of`);
    expect(frame).toMatch(/❯ 24 hours/);
    await app.press('up', 2);
    await app.press('enter');
    await acceptStep(app, TOTAL_STEPS);
    frame = await app.waitForFrame('Cost ≈');
    expect(fake.planned.at(-1)?.ttl).toBeUndefined();
    expect(frame).toContain('Lifetime never expires');
    app.unmount();
  });

  it('applies keys typed while a list loads once it has arrived, in order', async () => {
    const zones = deferred<string[]>();
    const { app } = setup({ fake: createFakeEngine({ listZones: () => zones.promise }) });
    await acceptStep(app, 1);
    await app.waitForFrame((frame) => frame.includes('step 2 of') && !frame.includes('Loading'));
    // Enter Enter in one write: this region, then the first zone, whenever the zones arrive.
    await app.press({ text: '\r\r' });
    await app.waitForFrame('Loading zones from AWS');
    zones.resolve(['us-west-2b', 'us-west-2c']);
    const frame = await app.waitForFrame('step 4 of');
    expect(frame).toMatch(/· us-west-2b ·/);
    app.unmount();
  });

  it('goes back at once with Esc while a list loads', async () => {
    const { app } = setup({ fake: createFakeEngine({ listZones: () => new Promise<string[]>(() => {}) }) });
    await acceptStep(app, 1);
    await acceptStep(app, 2);
    await app.waitForFrame('Loading zones from AWS');
    await app.press('escape');
    await app.waitForFrame((frame) => frame.includes('step 2 of') && !frame.includes('Loading'));
    app.unmount();
  });

  it('jumps from the review to any answer, and comes back to the review after it', async () => {
    const { app, fake } = setup();
    await acceptAllDefaults(app);
    await app.waitForFrame('Cost ≈');
    await app.press({ text: 'e' });
    await app.waitForFrame('Change which answer?');
    await app.press('down', 6);
    await app.waitForFrame('❯ Number of nodes');
    await app.press('enter');
    await app.waitForFrame('step 7 of');
    await app.press({ text: '3' });
    await app.press('enter');
    const frame = await app.waitForFrame('Cost ≈');
    expect(frame).toContain('3 × t3.medium');
    expect(fake.planned.at(-1)?.nodes).toBe(3);
    app.unmount();
  });

  it('shows a failed plan and goes back', async () => {
    const fake = createFakeEngine({
      plan: () => Promise.reject(new Error('zone us-west-2a does not offer t3.medium')),
    });
    const { app } = setup({ fake });
    await acceptAllDefaults(app);
    await app.waitForFrame('✖ The plan failed');
    expect(app.frame()).toContain('does not offer t3.medium');
    await app.press('escape');
    await app.waitForFrame('Network and access');
    app.unmount();
  });
});

describe('provisioning', () => {
  it('starts on Create, remembers the choices, and updates the checklist from events', async () => {
    const store = memoryChoiceStore();
    const { app, fake } = setup({ store });
    const run = await reachProvisioning(app, fake);
    expect(store.load()).toMatchObject({ name: 'kubernetes' });
    let frame = await app.waitForFrame('1 Upload installation files to S3');
    expect(frame).toContain('· 11 Create node instances');
    expect(frame).toContain('· 12 Validate cluster');
    expect(frame).toContain('ctrl+c stop');

    run.emit({ type: 'step-started', step: 'vpc', at: Date.now() });
    await app.waitForFrame('◐  4 Create VPC');
    run.emit({
      type: 'step-detail',
      step: 'vpc',
      message: 'created vpc-0abc, waiting for it',
      resource: { type: 'vpc', id: 'vpc-0abc' },
    });
    await app.waitForFrame('created vpc-0abc, waiting for it');
    run.emit({
      type: 'step-succeeded',
      step: 'vpc',
      resources: [{ type: 'vpc', id: 'vpc-0abc', name: 'kubernetes-vpc' }],
      elapsedMs: 1500,
    });
    frame = await app.waitForFrame('✔  4 Create VPC');
    expect(frame).toContain('vpc vpc-0abc (kubernetes-vpc) · 1.5s');
    run.emit({
      type: 'step-skipped',
      step: 'iam',
      reason: 'found existing',
      resources: [{ type: 'iam-role', id: 'kubernetes-master-kubernetes-us-west-2' }],
    });
    await app.waitForFrame(
      '↷  2 Create IAM roles  found existing: role kubernetes-master-kubernetes-us-west-2',
    );
    run.emit({ type: 'log', level: 'warn', message: 'api cidr 0.0.0.0/0: open to the internet' });
    await app.waitForFrame('⚠ api cidr 0.0.0.0/0');

    run.succeed({ kubeconfig: '/home/me/.kube/config', masterPublicIp: '198.51.100.9', sshUser: 'ubuntu' });
    frame = await app.waitForFrame('Kubernetes cluster is running');
    expect(frame).toContain('/home/me/.kube/config (context aws_kubernetes)');
    expect(frame).toContain('kubectl --context aws_kubernetes get nodes');
    // The line wraps where the temporary HOME's path is long: compare it unwrapped.
    expect(frame.replace(/\s+/g, ' ')).toContain(
      `ssh -i ${join(HOME, '.ssh/kube_aws_rsa')} ubuntu@198.51.100.9`,
    );
    app.unmount();
  });

  it('shows a failure with Retry / Roll back / Quit, and Retry provisions again', async () => {
    const { app, fake, exits } = setup();
    const run = await reachProvisioning(app, fake);
    run.emit({
      type: 'step-succeeded',
      step: 'vpc',
      resources: [{ type: 'vpc', id: 'vpc-0abc' }],
      elapsedMs: 10,
    });
    run.emit({ type: 'step-started', step: 'master-instance', at: Date.now() });
    const error = failure(
      'AWS quota or capacity limit reached (ec2:RunInstances): InsufficientInstanceCapacity',
    );
    run.emit({ type: 'step-failed', step: 'master-instance', error });
    run.fail(new ProvisionError('master-instance', error, [{ type: 'vpc', id: 'vpc-0abc' }]));
    let frame = await app.waitForFrame('Retry');
    expect(frame).toContain('✖ Step 10 "Create master instance" failed');
    expect(frame).toContain('InsufficientInstanceCapacity');
    expect(frame).toContain('Exists now (1): 1 vpc');
    expect(frame).toContain('Roll back');
    expect(frame).toContain('Quit');

    // Roll back opens this cluster's teardown (plan, typed name); Esc comes back to the failure.
    await app.press('down');
    await app.press('enter');
    frame = await app.waitForFrame('Type kubernetes to confirm');
    expect(frame).toContain('tear down cluster kubernetes in us-west-2');
    expect(fake.teardownRequests.at(-1)?.target).toEqual({
      kind: 'cluster',
      cluster: { name: 'kubernetes', region: 'us-west-2' },
    });
    await app.press('escape');
    frame = await app.waitForFrame('Retry');
    expect(frame).toContain('✖ Step 10 "Create master instance" failed');

    // Back on the panel the cursor is where it was left, on Roll back.
    expect(frame).toContain('❯ Roll back');
    await app.press('up');
    await app.press('enter');
    const second = await fake.waitForRun(2);
    expect(second.plan).toBe(run.plan);
    frame = await app.waitForFrame('↻ Retry (attempt 2)');
    expect(frame).not.toContain('Roll back');
    second.fail(new ProvisionError('master-instance', error, []));
    await app.waitForFrame('Quit');
    await app.press('down', 2);
    await app.waitForFrame('❯ Quit');
    await app.press('enter');
    expect(exits).toEqual(['failed']);
    app.unmount();
  });

  it('aborts on the first Ctrl+C, says how to resume or tear down, and quits on the second', async () => {
    // What a fresh discovery finds after the stop: more than the run had heard of.
    const found = (type: InventoryResource['type'], id: string): InventoryResource => ({
      type,
      id,
      name: id,
      region: type.startsWith('iam') || type === 's3-bucket' ? 'global' : 'us-west-2',
      tags: {},
      refs: {},
      ownership: 'owned',
    });
    const inventory = emptyInventory();
    inventory.clusters.push({
      name: 'kubernetes',
      region: 'us-west-2',
      resources: [
        found('s3-bucket', 'kubernetes-staging-0123'),
        found('iam-role', 'kubernetes-master'),
        found('iam-role', 'kubernetes-minion'),
        found('vpc', 'vpc-0abc'),
      ],
    });
    const { app, fake, exits } = setup({
      env: { NUM_NODES: '3' },
      fake: createFakeEngine({ inventory: async () => inventory }),
    });
    const run = await reachProvisioning(app, fake);
    run.emit({
      type: 'step-succeeded',
      step: 'vpc',
      resources: [{ type: 'vpc', id: 'vpc-0abc' }],
      elapsedMs: 10,
    });
    await app.waitForFrame('✔  4 Create VPC');
    run.emit({ type: 'step-started', step: 'iam', at: Date.now() });
    expect(run.signal?.aborted).toBe(false);
    await app.press('ctrlC');
    expect(run.signal?.aborted).toBe(true);
    let frame = await app.waitForFrame('Stopping');
    expect(frame).toContain('kube-tui up --cluster kubernetes --zone us-west-2a --nodes 3');
    expect(frame).toContain('kube-tui down --cluster kubernetes --region us-west-2');
    expect(frame).toContain('Exists now (1): 1 vpc');
    run.fail(Object.assign(new Error('This operation was aborted'), { name: 'AbortError' }));
    frame = await app.waitForFrame('Exists now, from a fresh scan (4)');
    expect(frame).toContain('Stopped. Nothing more will be created.');
    expect(frame).toContain('1 bucket, 2 roles, 1 vpc');
    // The step cut short shows as stopped, in its place, with no spinner left.
    expect(frame).toMatch(/↷ +2 Create IAM roles +stopped/);
    expect(frame).not.toContain('◐');
    expect(exits).toEqual([]);
    await app.press('ctrlC');
    expect(exits).toEqual(['interrupted']);
    app.unmount();
  });
});
