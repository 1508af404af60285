import { describe, expect, it } from 'vitest';
import { criticalPath } from '../../bench/critical-path.js';
import { median, medianIndex } from '../../bench/stats.js';
import type { TaskTiming } from '../../src/model/engine.js';

const task = (id: string, deps: string[], startedAt: number, endedAt: number): TaskTiming => ({
  id,
  deps,
  startedAt,
  endedAt,
  ok: true,
});

describe('the critical path of a graph that ran', () => {
  it('follows the dependency chain whose durations add up to the most, not the one that ended last', () => {
    // a -> b -> d and a -> c -> d: c took longer than b, so the path goes through c.
    const timings = [
      task('a', [], 0, 10),
      task('b', ['a'], 10, 15),
      task('c', ['a'], 10, 40),
      task('d', ['b', 'c'], 40, 50),
      // Independent and long, but alone: 45 < 10 + 30 + 10.
      task('e', [], 0, 45),
    ];
    expect(criticalPath(timings)).toEqual({ tasks: ['a', 'c', 'd'], lengthMs: 50 });
  });

  it('counts only durations, so waiting for the scheduler does not lengthen the path', () => {
    // b started 100 ms after a ended: the path is 10 + 10, whatever the wall time was.
    expect(criticalPath([task('a', [], 0, 10), task('b', ['a'], 110, 120)]).lengthMs).toBe(20);
  });

  it('is empty for no tasks, and refuses a dependency that never ran or a cycle', () => {
    expect(criticalPath([])).toEqual({ tasks: [], lengthMs: 0 });
    expect(() => criticalPath([task('b', ['a'], 0, 1)])).toThrow(
      /task a \(a dependency of b\) has no timing/,
    );
    expect(() => criticalPath([task('a', ['b'], 0, 1), task('b', ['a'], 1, 2)])).toThrow(/cycle/);
  });
});

describe('medians of noisy samples', () => {
  it('takes the middle value, or the mean of the two middle ones, and finds the median sample', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(medianIndex([30, 10, 20])).toBe(2);
  });
});
