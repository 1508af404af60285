import type { TaskTiming } from '../src/model/engine.js';
// The critical path of a dependency graph that ran: the chain of tasks, each waiting for the one
// before it, whose measured durations add up to the most. No scheduler can finish the graph sooner
// (given those durations), so wall time over this length says how much the runner itself loses.

export interface CriticalPath {
  /** Task ids from the first to the last. */
  tasks: string[];
  /** The sum of their measured durations. */
  lengthMs: number;
}

export const durationOf = (timing: TaskTiming): number => timing.endedAt - timing.startedAt;

/** Throws when a task depends on one that has no timing (the graph did not run completely). */
export function criticalPath(timings: readonly TaskTiming[]): CriticalPath {
  const byId = new Map(timings.map((timing) => [timing.id, timing]));
  // The longest chain ending with each task, and the dependency it came through.
  const longest = new Map<string, { lengthMs: number; via?: string }>();
  const visiting = new Set<string>();
  const chainTo = (id: string, neededBy?: string): { lengthMs: number; via?: string } => {
    const known = longest.get(id);
    if (known) return known;
    const timing = byId.get(id);
    if (!timing) throw new Error(`task ${id} (a dependency of ${neededBy}) has no timing`);
    if (visiting.has(id)) throw new Error(`dependency cycle through ${id}`);
    visiting.add(id);
    let best: { lengthMs: number; via?: string } = { lengthMs: 0 };
    for (const dep of timing.deps) {
      const chain = chainTo(dep, id);
      if (chain.lengthMs > best.lengthMs || best.via === undefined)
        best = { lengthMs: chain.lengthMs, via: dep };
    }
    visiting.delete(id);
    const result = { lengthMs: best.lengthMs + durationOf(timing), ...(best.via ? { via: best.via } : {}) };
    longest.set(id, result);
    return result;
  };
  let end: string | undefined;
  for (const timing of timings) {
    const chain = chainTo(timing.id);
    if (end === undefined || chain.lengthMs > longest.get(end)!.lengthMs) end = timing.id;
  }
  if (end === undefined) return { tasks: [], lengthMs: 0 };
  const tasks: string[] = [];
  for (let id: string | undefined = end; id !== undefined; id = longest.get(id)?.via) tasks.unshift(id);
  return { tasks, lengthMs: longest.get(end)!.lengthMs };
}
