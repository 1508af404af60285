// The pure parts of `scale`: the count's check, which instances a scale-down removes, the price
// difference, and the Scale screen's reducer (stale answers dropped, a plan never run twice).
import { describe, expect, it } from 'vitest';
import {
  chooseLeaving,
  type NodeGroupInstance,
  nodeCountProblem,
  type ScalePlan,
  scaleCost,
} from '../../src/model/scale.js';
import { initialScaleState, type ScaleState, scaleReducer } from '../../src/state/scale-screen.js';

const instance = (
  id: string,
  launchedAt: string,
  lifecycle = 'InService',
  health = 'Healthy',
): NodeGroupInstance => ({
  id,
  lifecycle,
  health,
  launchedAt,
});

describe('scale, pure', () => {
  it('takes whole numbers from 0 to 100 only', () => {
    for (const good of ['0', '1', '100', ' 7 ']) expect(nodeCountProblem(good)).toBeUndefined();
    for (const bad of ['-1', '101', '1e1', '0x10', '3x', '', 'NaN', '2.5'])
      expect(nodeCountProblem(bad)).toBe('a whole number of nodes from 0 to 100');
  });

  it('removes instances not in service first, then the newest, ties by id; terminating ones are gone already', () => {
    const instances = [
      instance('i-a', '2026-03-01T00:00:00Z'),
      instance('i-b', '2026-03-03T00:00:00Z'),
      instance('i-c', '2026-03-02T00:00:00Z', 'Pending'),
      instance('i-d', '2026-03-01T00:00:00Z', 'InService', 'Unhealthy'),
      instance('i-e', '2026-03-04T00:00:00Z', 'Terminating'),
      instance('i-f', '2026-03-01T00:00:00Z'),
    ];
    expect(chooseLeaving(instances, 5)).toEqual([]);
    expect(chooseLeaving(instances, 4)).toEqual(['i-c']);
    expect(chooseLeaving(instances, 2)).toEqual(['i-c', 'i-d', 'i-b']);
    expect(chooseLeaving(instances, 0)).toEqual(['i-c', 'i-d', 'i-b', 'i-a', 'i-f']);
  });

  it('prices the difference per node: instance, public IPv4 and root disk', () => {
    const node = {
      instanceType: 't3.medium',
      instanceHourlyUsd: 0.0416,
      rootDisk: { type: 'gp3', sizeGiB: 32 },
    };
    const up = scaleCost({ before: { desired: 2, min: 2, max: 2, instances: 2 }, nodes: 4, node });
    expect(up.hourlyUsd).toBeCloseTo(2 * (0.0416 + 0.005 + (32 * 0.08) / 730), 10);
    expect(up.monthlyUsd).toBeCloseTo(up.hourlyUsd! * 730, 10);
    const down = scaleCost({ before: { desired: 2, min: 2, max: 2, instances: 2 }, nodes: 1, node });
    expect(down.hourlyUsd).toBeLessThan(0);
    const unknown = scaleCost({
      before: { desired: 2, min: 2, max: 2, instances: 2 },
      nodes: 3,
      node: { instanceType: 'x9.huge', instanceHourlyUsd: undefined },
    });
    expect(unknown).toEqual({ hourlyUsd: undefined, monthlyUsd: undefined });
  });
});

describe('the Scale screen reducer', () => {
  const launch = { cluster: { name: 'kubernetes', region: 'us-west-2' }, nodes: 2 };
  const plan = { nodes: 3, before: { desired: 2, min: 2, max: 2, instances: 2 } } as ScalePlan;

  it('plans the typed count, drops a stale answer, runs the confirmed plan once', () => {
    let state: ScaleState = initialScaleState(launch, 'inventory');
    expect(state.phase).toEqual({ kind: 'entry', text: '2' });
    state = scaleReducer(state, { type: 'scale/type', text: 'a3' });
    expect(state.phase).toEqual({ kind: 'entry', text: '23' });
    state = scaleReducer(state, { type: 'scale/erase' });
    state = scaleReducer(state, { type: 'scale/erase' });
    state = scaleReducer(state, { type: 'scale/type', text: '3' });
    state = scaleReducer(state, { type: 'scale/submit' });
    expect(state.phase).toEqual({ kind: 'planning', nodes: 3 });
    const asked = state.request;
    expect(scaleReducer(state, { type: 'scale/planned', request: asked - 1, plan })).toBe(state);
    state = scaleReducer(state, { type: 'scale/planned', request: asked, plan });
    expect(state.phase.kind).toBe('confirm');
    state = scaleReducer(state, { type: 'scale/submit' });
    expect(state.phase.kind).toBe('running');
    const running = state;
    // A second Enter while it runs starts nothing.
    expect(scaleReducer(state, { type: 'scale/submit' })).toBe(running);
    expect(scaleReducer(state, { type: 'scale/planned', request: asked, plan })).toBe(running);
  });

  it('refuses an empty or out-of-range count without planning', () => {
    let state = initialScaleState({ cluster: launch.cluster });
    state = scaleReducer(state, { type: 'scale/submit' });
    expect(state.phase).toMatchObject({
      kind: 'entry',
      problem: 'expected a whole number of nodes from 0 to 100',
    });
    state = scaleReducer(state, { type: 'scale/type', text: '1234' });
    expect(state.phase).toMatchObject({ kind: 'entry', text: '123' });
    expect(scaleReducer(state, { type: 'scale/submit' }).phase.kind).toBe('entry');
  });
});
