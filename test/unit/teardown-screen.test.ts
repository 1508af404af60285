import { describe, expect, it } from 'vitest';
import type { TeardownItem, TeardownResult } from '../../src/aws/teardown-types.js';
import { type AppState, appReducer, initialAppState } from '../../src/state/app-state.js';
import {
  cleanupLaunch,
  clusterTeardownLaunch,
  initialTeardownState,
  liveItems,
  type TeardownState,
  teardownReducer,
  userBucketFrom,
} from '../../src/state/teardown-screen.js';
import { fakeTeardownPlan } from '../support/fake-engine.js';

const launch = clusterTeardownLaunch({ name: 'kubernetes', region: 'us-west-2' }, {});
const plan = fakeTeardownPlan({ target: launch.target });
const itemAt = (index: number): TeardownItem => {
  const step = plan.steps[index]!;
  return {
    key: step.key,
    type: step.type,
    id: step.id,
    name: step.name,
    region: step.region,
    action: step.action,
  };
};
const result = (extra: Partial<TeardownResult> = {}): TeardownResult => ({
  deleted: [],
  remaining: [],
  kept: [],
  elapsedMs: 1000,
  cancelled: false,
  clean: true,
  ...extra,
});

function confirmed(): TeardownState {
  let state = initialTeardownState(launch);
  state = teardownReducer(state, { type: 'teardown/planned', request: state.request, plan });
  for (const text of 'kubernetes') state = teardownReducer(state, { type: 'teardown/type', text });
  return teardownReducer(state, { type: 'teardown/submit' });
}

describe('the Teardown screen reducer', () => {
  it('asks for the exact name: a wrong one is refused, the right one starts the checklist', () => {
    let state = initialTeardownState(launch);
    expect(teardownReducer(state, { type: 'teardown/planned', request: state.request + 1, plan })).toBe(
      state,
    );
    state = teardownReducer(state, { type: 'teardown/planned', request: state.request, plan });
    expect(state.phase.kind).toBe('confirm');
    for (const text of ['kube', 'rnetez']) state = teardownReducer(state, { type: 'teardown/type', text });
    state = teardownReducer(state, { type: 'teardown/submit' });
    expect(state.phase).toMatchObject({
      kind: 'confirm',
      refusal: expect.stringContaining('"kubernetez" is not kubernetes'),
    });
    state = teardownReducer(state, { type: 'teardown/erase' });
    state = teardownReducer(state, { type: 'teardown/type', text: 's' });
    state = teardownReducer(state, { type: 'teardown/submit' });
    expect(state.phase.kind).toBe('running');
    expect(liveItems(state)).toHaveLength(plan.steps.length);
    expect(liveItems(state).every((item) => item.status.kind === 'pending')).toBe(true);
  });

  it('prints finished items in the plan order only: a later one waits for the earlier ones', () => {
    let state = confirmed();
    state = teardownReducer(state, {
      type: 'teardown/event',
      event: { type: 'item-started', item: itemAt(1), at: 5 },
    });
    state = teardownReducer(state, {
      type: 'teardown/event',
      event: { type: 'item-succeeded', item: itemAt(1), elapsedMs: 10 },
    });
    expect(state.lines).toEqual([]);
    state = teardownReducer(state, {
      type: 'teardown/event',
      event: { type: 'item-succeeded', item: itemAt(0), elapsedMs: 20 },
    });
    expect(state.lines.map((line) => line.key)).toEqual([itemAt(0).key, itemAt(1).key]);
    state = teardownReducer(state, {
      type: 'teardown/event',
      event: {
        type: 'item-detail',
        item: itemAt(3),
        message: 'still in use (DependencyViolation); retrying',
      },
    });
    expect(state.items[itemAt(3).key]).toMatchObject({
      kind: 'running',
      detail: expect.stringContaining('retrying'),
    });
    // The run is over: what finished is printed, in order, whatever is still pending.
    state = teardownReducer(state, {
      type: 'teardown/event',
      event: { type: 'item-skipped', item: itemAt(5), reason: 'kept' },
    });
    state = teardownReducer(state, { type: 'teardown/finished', result: result({ clean: false }) });
    expect(state.phase.kind).toBe('finished');
    expect(state.lines.map((line) => line.key)).toEqual([itemAt(0).key, itemAt(1).key, itemAt(5).key]);
  });

  it('Ctrl+C stops a running teardown; a cancelled result is "stopped"', () => {
    let state = confirmed();
    state = teardownReducer(state, { type: 'teardown/interrupt' });
    expect(state.phase.kind).toBe('stopping');
    state = teardownReducer(state, {
      type: 'teardown/finished',
      result: result({ cancelled: true, clean: false }),
    });
    expect(state.phase.kind).toBe('stopped');
  });

  it('an empty plan is "nothing to delete"; a failed scan can be retried', () => {
    let state = initialTeardownState(cleanupLaunch('us-west-2'));
    state = teardownReducer(state, {
      type: 'teardown/planned',
      request: state.request,
      plan: { ...plan, target: { kind: 'orphans', region: 'us-west-2' }, steps: [] },
    });
    expect(state.phase.kind).toBe('nothing');
    let failed = initialTeardownState(launch);
    failed = teardownReducer(failed, {
      type: 'teardown/plan-failed',
      request: failed.request,
      error: { kind: 'throttled', code: 'Throttling', message: 'slow down', retryable: true, exitCode: 1 },
    });
    const firstRequest = failed.request;
    failed = teardownReducer(failed, { type: 'teardown/replan' });
    expect(failed.phase.kind).toBe('planning');
    expect(failed.request).not.toBe(firstRequest);
    // Opened again for the same target: a request no flow has seen.
    expect(initialTeardownState(launch).request).not.toBe(failed.request);
  });

  it("takes the user's bucket from AWS_S3_BUCKET / AWS_S3_REGION unless flags say otherwise", () => {
    expect(userBucketFrom({}, 'us-west-2', {})).toBeUndefined();
    expect(userBucketFrom({}, 'us-west-2', { AWS_S3_BUCKET: 'mine' })).toEqual({
      name: 'mine',
      region: 'us-west-2',
    });
    expect(
      userBucketFrom({ bucket: 'bee', bucketRegion: 'eu-west-1' }, 'us-west-2', { AWS_S3_BUCKET: 'mine' }),
    ).toEqual({
      name: 'bee',
      region: 'eu-west-1',
    });
  });
});

describe('teardown in the app reducer', () => {
  const open = (from?: 'home' | 'inventory'): AppState =>
    appReducer(initialAppState(from ?? 'home'), { type: 'teardown/open', launch, ...(from ? { from } : {}) });

  it('Esc cancels the confirmation: back where it came from, or quits when opened for it', () => {
    let state = open('inventory');
    state = appReducer(state, { type: 'teardown/planned', request: state.teardown!.request, plan });
    expect(appReducer(state, { type: 'back' }).screen).toBe('inventory');
    state = open();
    state = appReducer(state, { type: 'teardown/planned', request: state.teardown!.request, plan });
    expect(appReducer(state, { type: 'back' }).quitting).toBe(true);
  });

  it('there is no going back mid-run; the first Ctrl+C stops, the second quits', () => {
    let state = open('home');
    state = appReducer(state, { type: 'teardown/planned', request: state.teardown!.request, plan });
    for (const text of 'kubernetes') state = appReducer(state, { type: 'teardown/type', text });
    state = appReducer(state, { type: 'teardown/submit' });
    expect(appReducer(state, { type: 'back' })).toBe(state);
    state = appReducer(state, { type: 'interrupt' });
    expect(state.teardown?.phase.kind).toBe('stopping');
    expect(state.quitting).toBe(false);
    state = appReducer(state, { type: 'interrupt' });
    expect(state.quitting).toBe(true);
  });
});
