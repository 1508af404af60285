import { describe, expect, it } from 'vitest';
import type { TeardownItem, TeardownResult } from '../../src/model/teardown.js';
import { type AppState, appReducer, initialAppState } from '../../src/state/app-state.js';
import {
  cleanupLaunch,
  clusterTeardownLaunch,
  dataVolumeSteps,
  initialTeardownState,
  liveItems,
  planCounts,
  planWindow,
  type TeardownState,
  teardownReducer,
  teardownScrollLimit,
  userBucketFrom,
  volumesWindow,
  withForceRevoke,
} from '../../src/state/teardown-screen.js';
import { fakeTeardownPlan, withFakeDataVolumes } from '../support/fake-engine.js';

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
  it('--force-revoke turned on and off says so in the command to run again, once', () => {
    const on = withForceRevoke(launch, true);
    expect(on.forceRevoke).toBe(true);
    expect(on.rerun).toBe(`${launch.rerun} --force-revoke`);
    expect(withForceRevoke(on, true).rerun).toBe(on.rerun);
    const off = withForceRevoke(on, false);
    expect(off.forceRevoke).toBe(false);
    expect(off.rerun).toBe(launch.rerun);
  });

  it('keeps what the run says beside its items, in order', () => {
    let state = confirmed();
    for (const [level, message] of [
      ['info', 'permissions not checked first'],
      ['warn', 'the fresh scan failed'],
    ] as const)
      state = teardownReducer(state, { type: 'teardown/event', event: { type: 'log', level, message } });
    expect(state.notes.map((note) => note.message)).toEqual([
      'permissions not checked first',
      'the fresh scan failed',
    ]);
  });

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

describe('the data volumes on the Teardown screen', () => {
  const withVolumes = withFakeDataVolumes(plan);
  function confirming(): TeardownState {
    const state = initialTeardownState(launch);
    return teardownReducer(state, { type: 'teardown/planned', request: state.request, plan: withVolumes });
  }
  const submit = (state: TeardownState) => {
    let next = state;
    for (const text of 'kubernetes') next = teardownReducer(next, { type: 'teardown/type', text });
    return teardownReducer(next, { type: 'teardown/submit' });
  };

  it('lists them in the plan order, kept unless ticked: untouched, the run deletes none', () => {
    let state = confirming();
    expect(dataVolumeSteps(withVolumes).map((step) => step.id)).toEqual(['vol-0pv', 'vol-0backup']);
    expect(state.phase).toMatchObject({ kind: 'confirm', focus: 'name', cursor: 0, ticked: [] });
    expect(planCounts(withVolumes, [])).toEqual({ remove: 14, keep: 3 });
    state = submit(state);
    expect(state.phase).toMatchObject({ kind: 'running', dataVolumes: [] });
  });

  it('Tab moves to the volumes, where arrows move and space ticks; nothing is typed there', () => {
    let state = confirming();
    // Without the focus on them, ticking and moving do nothing.
    expect(teardownReducer(state, { type: 'teardown/tick' })).toBe(state);
    expect(teardownReducer(state, { type: 'teardown/move', by: 1 })).toBe(state);
    state = teardownReducer(state, { type: 'teardown/focus' });
    expect(state.phase).toMatchObject({ focus: 'volumes' });
    expect(teardownReducer(state, { type: 'teardown/type', text: 'x' })).toBe(state);
    state = teardownReducer(state, { type: 'teardown/move', by: 1 });
    state = teardownReducer(state, { type: 'teardown/move', by: 1 });
    expect(state.phase).toMatchObject({ cursor: 1 });
    state = teardownReducer(state, { type: 'teardown/tick' });
    expect(state.phase).toMatchObject({ ticked: ['vol-0backup'] });
    // Ticked twice is kept again; then ticked once more.
    state = teardownReducer(state, { type: 'teardown/tick' });
    expect(state.phase).toMatchObject({ ticked: [] });
    state = teardownReducer(state, { type: 'teardown/tick' });
    expect(planCounts(withVolumes, ['vol-0backup'])).toEqual({ remove: 15, keep: 2 });
    state = teardownReducer(state, { type: 'teardown/focus' });
    expect(state.phase).toMatchObject({ focus: 'name' });
    state = submit(state);
    expect(state.phase).toMatchObject({ kind: 'running', dataVolumes: ['vol-0backup'] });
    // The engine's plan replaces the confirmed one once it is made.
    const chosen = { ...withVolumes, scannedAt: 'chosen' };
    state = teardownReducer(state, { type: 'teardown/chosen', plan: chosen });
    expect(state.phase).toMatchObject({ kind: 'running', plan: chosen });
  });

  it('a plan without data volumes has no volume focus', () => {
    const state = initialTeardownState(launch);
    const confirm = teardownReducer(state, { type: 'teardown/planned', request: state.request, plan });
    expect(confirm.phase.kind).toBe('confirm');
    expect(teardownReducer(confirm, { type: 'teardown/focus' })).toBe(confirm);
  });
});

describe('what of the plan fits on screen', () => {
  it('the scroll keys stop where the last step comes into view, and the view shows that window', () => {
    let state = initialTeardownState(launch);
    state = teardownReducer(state, { type: 'teardown/planned', request: state.request, plan });
    const rows = 20;
    const limit = teardownScrollLimit(state, rows);
    expect(limit).toBeGreaterThan(0);
    for (let press = 0; press < limit + 5; press++) {
      state = teardownReducer(state, { type: 'teardown/scroll', by: 1, limit });
    }
    expect(state.phase).toMatchObject({ kind: 'confirm', scroll: limit });
    const bottom = planWindow(plan, limit, rows);
    expect(bottom.top).toBe(limit);
    expect(bottom.below).toBe(0);
    expect(bottom.shown.at(-1)).toBe(bottom.steps.at(-1));
    // One less and the last step is below the window.
    expect(planWindow(plan, limit - 1, rows).below).toBeGreaterThan(0);
    // Without a known height everything is shown and nothing scrolls.
    expect(planWindow(plan, 0, undefined)).toMatchObject({ top: 0, below: 0 });
    expect(teardownScrollLimit(state, undefined)).toBe(0);
  });

  it('the data volumes window follows the highlighted volume', () => {
    const [volume] = dataVolumeSteps(withFakeDataVolumes(plan));
    const five = Array.from({ length: 5 }, (_, index) => ({
      ...volume!,
      id: `vol-${index}`,
      key: `${volume!.key}-${index}`,
    }));
    const withVolumes = { ...plan, steps: [...plan.steps, ...five] };
    const volumes = dataVolumeSteps(withVolumes);
    expect(volumesWindow(withVolumes, 0, 24)).toMatchObject({ shown: volumes.slice(0, 3), below: 2 });
    expect(volumesWindow(withVolumes, 4, 24)).toMatchObject({ shown: volumes.slice(2, 5), below: 0 });
    expect(volumesWindow(withVolumes, 0, undefined).shown).toEqual(volumes);
  });
});
