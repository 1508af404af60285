// Phase "teardown": delete one default cluster (2 nodes) in dependency order (DESIGN.md section 5).
// It runs once the engine has a teardown function; until then the harness reports it as not
// available, with no number.
import type { TaskTiming } from '../src/aws/graph.js';
import { provisionCluster } from '../test/support/cluster.js';
import { benchConfig } from './config.js';
import type { Phase } from './phase.js';

/**
 * The part of the engine this phase calls. TODO(teardown): when `AwsEngine.teardown` lands, make
 * this the real request type (or adapt the one call in `run` below). With `onTaskTiming` (the
 * teardown graph's `runGraph` timings) the bench reports the teardown's critical path too.
 */
export interface TearingDown {
  teardown(request: {
    cluster: string;
    region?: string;
    signal?: AbortSignal;
    onEvent?: (event: unknown) => void;
    onTaskTiming?: (timing: TaskTiming) => void;
  }): Promise<unknown>;
}

export function canTearDown(engine: object): engine is TearingDown {
  return typeof (engine as Partial<TearingDown>).teardown === 'function';
}

export const teardownPhase: Phase = {
  name: 'teardown',
  title: 'delete the default cluster (2 nodes) in dependency order',
  available: (engine) => canTearDown(engine) || 'AwsEngine.teardown() is not in this build yet',
  async beforeEach(ctx) {
    await ctx.resetAws();
    await provisionCluster(ctx.setupEndpoint, benchConfig());
  },
  async run(ctx) {
    const config = benchConfig();
    const engine = ctx.measuredEngine(config.region);
    try {
      if (!canTearDown(engine)) throw new Error('AwsEngine.teardown() is not in this build');
      const timings: TaskTiming[] = [];
      await engine.teardown({
        cluster: config.name,
        region: config.region,
        onEvent: () => {},
        onTaskTiming: (timing) => timings.push(timing),
      });
      return timings.length > 0 ? { timings } : {};
    } finally {
      engine.close();
    }
  },
};
