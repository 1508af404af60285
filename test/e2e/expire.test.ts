// Clusters that expire, in a real 80x24 terminal against moto: the Inventory shows the time left
// and "expired"; `cleanup --expired` on a terminal asks for each expired cluster's name, deletes
// only that one, and exits 0.
import { describe, expect, it } from 'vitest';
import { exitStatusOf, startApp } from '../support/app-terminal.js';
import { useMoto } from '../support/aws.js';
import { engineFor, testConfig } from '../support/cluster.js';
import { TERMINAL_TEST_TIMEOUT } from '../support/tmux.js';

async function makeCluster(url: string, name: string, plan: { ttl?: string; expiresAt?: string }) {
  const engine = engineFor(url);
  try {
    const made = await engine.plan(testConfig({ name, nodes: 1, ...(plan.ttl ? { ttl: plan.ttl } : {}) }));
    if (plan.expiresAt) made.expiresAt = plan.expiresAt;
    await engine.provision(made, { onEvent: () => {} });
  } finally {
    engine.close();
  }
}

async function clusterNames(url: string): Promise<string[]> {
  const engine = engineFor(url);
  try {
    return (await engine.discover()).clusters.map((cluster) => cluster.name).sort();
  } finally {
    engine.close();
  }
}

describe('clusters that expire, in an 80x24 terminal', () => {
  const moto = useMoto();

  it(
    'the Inventory shows time left and expired, twice; cleanup --expired asks for the name and deletes only the expired one',
    async () => {
      await makeCluster(moto.url, 'old', { expiresAt: '2020-01-01T00:00:00Z' });
      await makeCluster(moto.url, 'young', { ttl: '8h' });

      const app = startApp([], moto.url, { columns: 80, rows: 24 });
      try {
        await app.waitFor('❯ Create a cluster');
        app.press('Down', 'Enter');
        let screen = await app.waitFor(/❯ old .*expired/, 120_000);
        expect(screen).toContain('EXPIRES');
        expect(screen).toMatch(/young .* 7 h 59 min left|young .* 8 h 0 min left/);
        expect(screen.trimEnd().split('\n').length).toBeLessThanOrEqual(24);
        // A second visit of the screen shows the same.
        app.press('Escape');
        await app.waitFor('❯ Inventory');
        app.press('Enter');
        screen = await app.waitFor(/❯ old .*expired/, 120_000);
        expect(screen).toMatch(/young .* (7 h 59|8 h 0) min left/);
        app.press('q');
        expect(await exitStatusOf(app)).toBe(0);
      } finally {
        app.kill();
      }

      const cleanup = startApp(['cleanup', '--expired', '--region', 'us-west-2'], moto.url, {
        columns: 80,
        rows: 24,
      });
      try {
        await cleanup.waitFor('Type old to confirm', 180_000);
        cleanup.press({ text: 'old' }, 'Enter');
        const done = await cleanup.waitFor(/Cluster old is gone|remain/, 180_000);
        expect(done).toContain('✔ Cluster old is gone');
        cleanup.press('q');
        expect(await exitStatusOf(cleanup)).toBe(0);
      } finally {
        cleanup.kill();
      }
      expect(await clusterNames(moto.url)).toEqual(['young']);
    },
    TERMINAL_TEST_TIMEOUT,
  );
});
