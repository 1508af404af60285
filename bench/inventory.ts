// Phase "inventory": discovery (DESIGN.md section 5) in an account holding three small clusters.
// It runs once the engine has `discover` (being written on the inventory branch); until then the
// harness reports it as not available, with no number.
import { provisionCluster } from '../test/support/cluster.js';
import { benchConfig } from './config.js';
import type { Phase } from './phase.js';

/** The part of the engine this phase calls: `AwsEngine.discover(request?)` on the inventory branch. */
export interface Discovering {
  discover(request?: { signal?: AbortSignal }): Promise<{ clusters: unknown[]; orphans: unknown[] }>;
}

export function canDiscover(engine: object): engine is Discovering {
  return typeof (engine as Partial<Discovering>).discover === 'function';
}

export const INVENTORY_CLUSTERS = ['bench-a', 'bench-b', 'bench-c'];

export const inventoryPhase: Phase = {
  name: 'inventory',
  title: `discover every cluster and orphan with ${INVENTORY_CLUSTERS.length} clusters (1 node each) present`,
  available: (engine) => canDiscover(engine) || 'AwsEngine.discover() is not in this build yet',
  async setup(ctx) {
    await ctx.resetAws();
    // Straight to moto (not counted), one after the other: setup is not what is measured.
    for (const name of INVENTORY_CLUSTERS) {
      await provisionCluster(ctx.setupEndpoint, benchConfig({ name, nodes: 1 }));
    }
  },
  async run(ctx) {
    const engine = ctx.measuredEngine();
    try {
      if (!canDiscover(engine)) throw new Error('AwsEngine.discover() is not in this build');
      const inventory = await engine.discover();
      return {
        notes: [`found ${inventory.clusters.length} clusters, ${inventory.orphans.length} orphans`],
      };
    } finally {
      engine.close();
    }
  },
};
