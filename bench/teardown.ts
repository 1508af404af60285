// Phase "teardown": delete one default cluster (2 nodes) in dependency order (DESIGN.md section 5).
// The plan (a fresh discovery), the deletion graph and the closing re-scan are all on its
// critical path, so all three are timed.

import type { TaskTiming } from '../src/model/engine.js';
import { provisionCluster } from '../test/support/cluster.js';
import { benchConfig } from './config.js';
import type { Phase } from './phase.js';
import { PLAN_TASK } from './provision.js';

const RESCAN_TASK = 're-scan';

export const teardownPhase: Phase = {
  name: 'teardown',
  title: 'delete the default cluster (2 nodes) in dependency order',
  async beforeEach(ctx) {
    await ctx.resetAws();
    await provisionCluster(ctx.setupEndpoint, benchConfig());
  },
  async run(ctx) {
    const config = benchConfig();
    const engine = ctx.measuredEngine(config.region);
    try {
      const timings: TaskTiming[] = [];
      const planStarted = performance.now();
      const plan = await engine.planTeardown({
        target: { kind: 'cluster', cluster: { name: config.name, region: config.region } },
      });
      timings.push({ id: PLAN_TASK, deps: [], startedAt: planStarted, endedAt: performance.now(), ok: true });
      const graph: TaskTiming[] = [];
      await engine.runTeardown(plan, {
        onTaskTiming: (timing) => graph.push({ ...timing, deps: [...timing.deps, PLAN_TASK] }),
      });
      const runEnded = performance.now();
      timings.push(...graph);
      // After the graph, a fresh discovery proves nothing is left, then local state goes: every
      // deletion precedes it, so it ends the critical path.
      const lastEnd = Math.max(...graph.map((timing) => timing.endedAt), timings[0]!.endedAt);
      timings.push({
        id: RESCAN_TASK,
        deps: graph.map((timing) => timing.id),
        startedAt: lastEnd,
        endedAt: runEnded,
        ok: true,
      });
      return { timings };
    } finally {
      engine.close();
    }
  },
};
