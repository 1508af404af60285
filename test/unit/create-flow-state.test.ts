import { describe, expect, it } from 'vitest';
import type { ClassifiedError } from '../../src/model/errors.js';
import type { ProvisionEvent, StepId } from '../../src/model/events.js';
import { resolveOptions } from '../../src/model/options.js';
import type { ClusterPlan } from '../../src/model/plan.js';
import { type AppState, appReducer, initialAppState } from '../../src/state/app-state.js';
import { initialProvisionState, liveSteps, provisionReducer } from '../../src/state/provision.js';
import {
  CHANGE,
  currentStep,
  initialWizardState,
  MAIN_STEPS,
  OTHER,
  type WizardOutcome,
  type WizardState,
  wizardReducer,
} from '../../src/state/wizard.js';

const env = { HOME: '/home/tester' };
const start = (vars: Record<string, string> = {}, remembered = {}) =>
  initialWizardState(resolveOptions({ flags: {}, env: { ...env, ...vars }, remembered }));

function step(state: WizardState, ...actions: Parameters<typeof wizardReducer>[1][]): WizardOutcome {
  let current: WizardOutcome = state;
  for (const action of actions) {
    if ('outcome' in current) throw new Error(`wizard already ended: ${current.outcome}`);
    current = wizardReducer(current, action);
  }
  return current;
}
const asState = (outcome: WizardOutcome): WizardState => {
  if ('outcome' in outcome) throw new Error(`wizard ended: ${outcome.outcome}`);
  return outcome;
};
const acceptCurrent = (state: WizardState): WizardOutcome => {
  const view = currentStep(state);
  if (view.kind === 'text') return wizardReducer(state, { type: 'wizard/submit-text' });
  return wizardReducer(state, { type: 'wizard/choose', value: view.choices[view.initialIndex]!.value });
};

const error = (kind: ClassifiedError['kind'], message: string): ClassifiedError => ({
  kind,
  code: kind,
  message,
  retryable: kind === 'throttled',
  exitCode: 1,
});

describe('the wizard reducer', () => {
  it('accepts every default with Enter and completes with the resolved config', () => {
    let outcome: WizardOutcome = start();
    const seen: string[] = [];
    const regions = {
      type: 'wizard/regions' as const,
      list: { status: 'loaded' as const, value: ['us-west-2'] },
    };
    const zones = {
      type: 'wizard/zones' as const,
      region: 'us-west-2',
      list: { status: 'loaded' as const, value: ['us-west-2a', 'us-west-2b'] },
    };
    outcome = step(asState(outcome), regions, zones);
    while (!('outcome' in outcome)) {
      seen.push(currentStep(outcome).id);
      outcome = acceptCurrent(outcome);
    }
    expect(seen).toEqual(MAIN_STEPS);
    expect(outcome.outcome).toBe('complete');
    if (outcome.outcome === 'complete') expect(outcome.state.config.name).toBe('kubernetes');
  });

  it('preselects the current value and names where it came from', () => {
    let state = start({ MASTER_SIZE: 't3.large' });
    state = { ...state, stepIndex: MAIN_STEPS.indexOf('masterSize') };
    const view = currentStep(state);
    expect(view.kind).toBe('select');
    if (view.kind === 'select') expect(view.choices[view.initialIndex]?.value).toBe('t3.large');
    expect(view.source).toBe('from MASTER_SIZE');
    // Choosing another value drops the label.
    const next = asState(step(state, { type: 'wizard/choose', value: 'm5.large' }, { type: 'wizard/back' }));
    expect(next.config.masterSize).toBe('m5.large');
    expect(currentStep(next).source).toBeUndefined();
  });

  it('refuses a bad name inline and keeps the step', () => {
    const state = asState(
      step(start(), { type: 'wizard/type', text: 'Bad_Name' }, { type: 'wizard/submit-text' }),
    );
    expect(currentStep(state).id).toBe('name');
    expect(state.error).toMatch(/Bad_Name: expected lowercase letters/);
    const fixed = asState(
      step(state, ...Array.from({ length: 8 }, () => ({ type: 'wizard/erase' as const })), {
        type: 'wizard/type',
        text: 'demo',
      }),
    );
    expect(fixed.error).toBeUndefined();
    const next = asState(step(fixed, { type: 'wizard/submit-text' }));
    expect(next.config.name).toBe('demo');
    expect(currentStep(next).id).toBe('region');
  });

  it('refuses zero or negative node counts', () => {
    const state = { ...start(), stepIndex: MAIN_STEPS.indexOf('nodes') };
    for (const text of ['0', '-2', 'two']) {
      const refused = asState(step(state, { type: 'wizard/type', text }, { type: 'wizard/submit-text' }));
      expect(refused.error).toContain(text);
      expect(currentStep(refused).id).toBe('nodes');
    }
  });

  it('goes back one step with Esc, and leaves from the first step', () => {
    const state = { ...start(), stepIndex: 3 };
    expect(currentStep(asState(step(state, { type: 'wizard/back' }))).id).toBe('zone');
    expect(step(start(), { type: 'wizard/back' })).toEqual({ outcome: 'exit' });
  });

  it('shows the node size warning for the highlighted row and for the current value', () => {
    const state = { ...start(), stepIndex: MAIN_STEPS.indexOf('nodeSize') };
    expect(currentStep(state).warning).toBeUndefined();
    const highlighted = asState(step(state, { type: 'wizard/highlight', value: 't2.micro' }));
    expect(currentStep(highlighted).warning).toMatch(/t2.micro nodes run out of memory/);
    const fromEnv = { ...start({ NODE_SIZE: 't2.micro' }), stepIndex: MAIN_STEPS.indexOf('nodeSize') };
    expect(currentStep(fromEnv).warning).toMatch(/t2.micro/);
  });

  it('lets a size be typed with "other…"', () => {
    const state = { ...start(), stepIndex: MAIN_STEPS.indexOf('masterSize') };
    const typing = asState(step(state, { type: 'wizard/choose', value: OTHER }));
    expect(currentStep(typing).kind).toBe('text');
    const done = asState(
      step(typing, { type: 'wizard/type', text: 'm7i.large' }, { type: 'wizard/submit-text' }),
    );
    expect(done.config.masterSize).toBe('m7i.large');
    expect(currentStep(done).id).toBe('nodeSize');
    expect(currentStep(asState(step(typing, { type: 'wizard/back' }))).kind).toBe('select');
  });

  it('moves the zone with the region and takes the first zone offered', () => {
    let state = { ...start(), stepIndex: 1 };
    state = asState(step(state, { type: 'wizard/choose', value: 'eu-west-1' }));
    expect(state.config).toMatchObject({ region: 'eu-west-1', zone: 'eu-west-1a' });
    state = asState(
      step(state, {
        type: 'wizard/zones',
        region: 'eu-west-1',
        list: { status: 'loaded', value: ['eu-west-1b', 'eu-west-1c'] },
      }),
    );
    expect(state.config.zone).toBe('eu-west-1b');
    // A stale list for another region is ignored.
    const stale = asState(
      step(state, {
        type: 'wizard/zones',
        region: 'us-west-2',
        list: { status: 'loaded', value: ['us-west-2a'] },
      }),
    );
    expect(stale.zones.region).toBe('eu-west-1');
  });

  it('offers the advanced options only when asked, and checks the whole config at the end', () => {
    let state = { ...start(), stepIndex: MAIN_STEPS.indexOf('advanced') };
    state = asState(step(state, { type: 'wizard/choose', value: CHANGE }));
    expect(currentStep(state).id).toBe('vpcId');
    state = asState(step(state, { type: 'wizard/submit-text' }));
    state = asState(
      step(state, { type: 'wizard/type', text: 'subnet-0123abcd' }, { type: 'wizard/submit-text' }),
    );
    // A subnet id without a VPC id is refused on its step.
    expect(state.error).toMatch(/--vpc-id/);
    expect(currentStep(state).id).toBe('subnetId');
  });
});

describe('the provisioning checklist reducer', () => {
  const run = (...events: ProvisionEvent[]) =>
    events.reduce(
      (state, event) => provisionReducer(state, { type: 'provision/event', run: state.run, event }),
      initialProvisionState(),
    );

  it('moves steps from pending to running to done, collecting resource ids', () => {
    const state = run(
      { type: 'step-started', step: 'vpc', at: 1000 },
      { type: 'step-detail', step: 'vpc', message: 'created vpc-1', resource: { type: 'vpc', id: 'vpc-1' } },
    );
    expect(state.steps.vpc).toMatchObject({ kind: 'running', startedAt: 1000, detail: 'created vpc-1' });
    const done = provisionReducer(state, {
      type: 'provision/event',
      run: state.run,
      event: {
        type: 'step-succeeded',
        step: 'vpc',
        resources: [{ type: 'vpc', id: 'vpc-1', name: 'kubernetes-vpc' }],
        elapsedMs: 1200,
      },
    });
    expect(done.steps.vpc).toEqual({
      kind: 'done',
      resources: [{ type: 'vpc', id: 'vpc-1', name: 'kubernetes-vpc' }],
      elapsedMs: 1200,
    });
    // VPC (step 4) finished before steps 1-3: it stays live, in place, until they finish.
    expect(done.lines).toHaveLength(0);
    expect(liveSteps(done).map((entry) => entry.step)).toContain('vpc');
    expect(liveSteps(done)).toHaveLength(12);
  });

  it('prints finished steps in the seed order, whatever order they finish in', () => {
    const succeeded = (step: StepId) => ({
      type: 'step-succeeded' as const,
      step,
      resources: [],
      elapsedMs: 1,
    });
    const state = run(
      succeeded('vpc'),
      succeeded('key-pair'),
      succeeded('iam'),
      succeeded('upload'),
      succeeded('subnet'),
    );
    const printed = state.lines.flatMap((line) => (line.kind === 'step' ? [line.step] : []));
    expect(printed).toEqual(['upload', 'iam', 'key-pair', 'vpc', 'subnet']);
    expect(liveSteps(state)[0]?.step).toBe('internet-gateway');
  });

  it('prints every finished step when the run ends, even after a gap', () => {
    const state = run({ type: 'step-succeeded', step: 'vpc', resources: [], elapsedMs: 1 });
    const failed = provisionReducer(state, {
      type: 'provision/failed',
      run: state.run,
      failure: { step: 'upload', error: error('other', 'boom') },
    });
    expect(failed.lines.flatMap((line) => (line.kind === 'step' ? [line.step] : []))).toEqual(['vpc']);
  });

  it('records skipped and failed steps and warnings as finished lines', () => {
    const state = run(
      {
        type: 'step-skipped',
        step: 'upload',
        reason: 'found existing',
        resources: [{ type: 's3-bucket', id: 'b' }],
      },
      { type: 'log', level: 'warn', message: 'api cidr 0.0.0.0/0' },
      { type: 'step-started', step: 'iam', at: 1 },
      {
        type: 'step-failed',
        step: 'iam',
        error: error('access-denied', 'Permission denied: iam:CreateRole'),
      },
    );
    expect(state.lines.map((line) => line.kind)).toEqual(['step', 'log', 'step']);
    expect(state.steps.iam).toMatchObject({ kind: 'failed', retryable: false });
  });

  it('fails with what exists, and Retry starts a new attempt that ignores the old one', () => {
    let state = run({
      type: 'step-succeeded',
      step: 'vpc',
      resources: [{ type: 'vpc', id: 'vpc-1' }],
      elapsedMs: 1,
    });
    state = provisionReducer(state, {
      type: 'provision/failed',
      run: state.run,
      failure: { step: 'subnet', error: error('quota', 'limit') },
    });
    expect(state.phase).toMatchObject({
      kind: 'failed',
      step: 'subnet',
      existing: [{ type: 'vpc', id: 'vpc-1' }],
    });
    const firstRun = state.run;
    state = provisionReducer(state, { type: 'provision/start' });
    expect(state.attempt).toBe(2);
    expect(state.run).not.toBe(firstRun);
    expect(state.phase.kind).toBe('running');
    expect(state.steps.vpc.kind).toBe('pending');
    const stale = provisionReducer(state, {
      type: 'provision/event',
      run: firstRun,
      event: { type: 'step-started', step: 'vpc', at: 1 },
    });
    expect(stale).toBe(state);
  });

  it('stops on the first Ctrl+C and ends stopped when the run rejects', () => {
    let state = run({
      type: 'step-succeeded',
      step: 'vpc',
      resources: [{ type: 'vpc', id: 'vpc-1' }],
      elapsedMs: 1,
    });
    state = provisionReducer(state, { type: 'provision/interrupt' });
    expect(state.phase).toEqual({ kind: 'stopping', existing: [{ type: 'vpc', id: 'vpc-1' }] });
    state = provisionReducer(state, {
      type: 'provision/failed',
      run: state.run,
      failure: { error: error('aborted', 'cancelled') },
    });
    expect(state.phase.kind).toBe('stopped');
  });
});

describe('the app reducer across the create flow', () => {
  const plan = {
    steps: [],
    warnings: [],
    config: { sshCidr: '203.0.113.7/32', apiCidr: '203.0.113.7/32' },
  } as unknown as ClusterPlan;

  it('goes wizard -> review -> provision, and back from review to the last wizard step', () => {
    let state: AppState = appReducer(initialAppState(), {
      type: 'create/start',
      resolved: resolveOptions({ flags: {}, env }),
    });
    expect(state.screen).toBe('create');
    state = { ...state, wizard: { ...state.wizard!, stepIndex: MAIN_STEPS.length - 1 } };
    state = appReducer(state, { type: 'wizard/choose', value: 'keep' });
    expect(state.screen).toBe('review');
    expect(state.review).toMatchObject({ status: 'planning' });
    const request = state.review!.request;
    // A stale plan is ignored.
    expect(appReducer(state, { type: 'review/planned', request: request - 1, plan })).toBe(state);
    const back = appReducer(state, { type: 'back' });
    expect(back.screen).toBe('create');
    expect(currentStep(back.wizard!).id).toBe('advanced');
    // Back and review again: a request no flow has seen, never the first one's number again.
    const again = appReducer(appReducer(back, { type: 'wizard/choose', value: 'keep' }), { type: 'back' });
    expect(appReducer(back, { type: 'wizard/choose', value: 'keep' }).review!.request).not.toBe(request);
    expect(again.screen).toBe('create');
    state = appReducer(state, { type: 'review/planned', request, plan });
    state = appReducer(state, { type: 'create/confirm' });
    expect(state.screen).toBe('provision');
    expect(state.plan).toBe(plan);
    // Ctrl+C stops a running provisioning first, then quits.
    state = appReducer(state, { type: 'interrupt' });
    expect(state.provision?.phase.kind).toBe('stopping');
    expect(state.quitting).toBe(false);
    state = appReducer(state, { type: 'interrupt' });
    expect(state.quitting).toBe(true);
  });

  it('shows a failed plan and plans again on request', () => {
    let state: AppState = appReducer(initialAppState(), {
      type: 'create/start',
      resolved: resolveOptions({ flags: {}, env }),
    });
    state = { ...state, wizard: { ...state.wizard!, stepIndex: MAIN_STEPS.length - 1 } };
    state = appReducer(state, { type: 'wizard/choose', value: 'keep' });
    const first = state.review!.request;
    state = appReducer(state, { type: 'review/plan-failed', request: first, message: 'no such zone' });
    expect(state.review).toMatchObject({ status: 'failed', message: 'no such zone' });
    expect(appReducer(state, { type: 'create/confirm' })).toBe(state);
    state = appReducer(state, { type: 'review/replan' });
    expect(state.review).toMatchObject({ status: 'planning' });
    expect(state.review!.request).not.toBe(first);
  });
});
