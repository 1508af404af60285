// Phase "inventory": discovery (`AwsEngine.discover`, DESIGN.md section 5) in an account holding
// three small clusters, which setup provisions straight to moto (neither counted nor delayed).
import { provisionCluster } from '../test/support/cluster.js';
import { benchConfig } from './config.js';
import type { Phase } from './phase.js';

export const INVENTORY_CLUSTERS = ['bench-a', 'bench-b', 'bench-c'];

export const inventoryPhase: Phase = {
  name: 'inventory',
  title: `discover every cluster and orphan with ${INVENTORY_CLUSTERS.length} clusters (1 node each) present`,
  async setup(ctx) {
    await ctx.resetAws();
    for (const name of INVENTORY_CLUSTERS) {
      await provisionCluster(ctx.setupEndpoint, benchConfig({ name, nodes: 1 }));
    }
  },
  async run(ctx) {
    const engine = ctx.measuredEngine();
    try {
      const inventory = await engine.discover();
      return {
        notes: [`found ${inventory.clusters.length} clusters, ${inventory.orphans.length} orphans`],
      };
    } finally {
      engine.close();
    }
  },
};
