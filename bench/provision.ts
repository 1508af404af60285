// Phase "provision": plan and provision the default cluster (kube-up's `kubernetes`, 2 nodes) on an
// empty account, as creating a new cluster does (its CA and token generated too).

import type { TaskTiming } from '../src/model/engine.js';
import { benchConfig, forgetClusterSecrets } from './config.js';
import type { Phase } from './phase.js';

/** The plan is not a task of the graph, but every task waits for it: it heads the critical path. */
export const PLAN_TASK = 'plan';

export const provisionPhase: Phase = {
  name: 'provision',
  title: 'plan + provision the default cluster (2 nodes) on an empty account',
  async beforeEach(ctx) {
    await ctx.resetAws();
    await forgetClusterSecrets(benchConfig());
  },
  async run(ctx) {
    const config = benchConfig();
    const engine = ctx.measuredEngine(config.region);
    const timings: TaskTiming[] = [];
    try {
      const planStarted = performance.now();
      const plan = await engine.plan(config);
      timings.push({ id: PLAN_TASK, deps: [], startedAt: planStarted, endedAt: performance.now(), ok: true });
      const result = await engine.provision(plan, {
        onEvent: () => {},
        onTaskTiming: (timing) =>
          timings.push({ ...timing, deps: timing.deps.length > 0 ? [...timing.deps] : [PLAN_TASK] }),
      });
      return { timings, notes: [`${result.resources.length} resources, ${timings.length - 1} graph tasks`] };
    } finally {
      engine.close();
    }
  },
};
