import { describe, expect, it } from 'vitest';
import { exitStatusOf, startApp } from '../support/app-terminal.js';
import { useMoto } from '../support/aws.js';
import { snapshotAccount } from '../support/snapshot.js';
import { BYTES, TERMINAL_TEST_TIMEOUT } from '../support/tmux.js';

describe('a whole cluster lifecycle in one app session', () => {
  const moto = useMoto();

  // Leaving the checklist for another screen once crashed Ink 6.8 (a freed <Static> node was
  // rendered again); this walks that path: create, then inventory, then tear down, in one process.
  it(
    'creates a cluster, finds it in the inventory, tears it down from there, and exits 0',
    async () => {
      const empty = await snapshotAccount(moto.clients());
      const terminal = startApp([], moto.url, { env: { NUM_NODES: '1' }, columns: 100, rows: 30 });
      try {
        await terminal.waitFor('❯ Create a cluster');
        // Home's spend line, over every region moto serves: nothing yet.
        await terminal.waitFor(
          /\$0\.000\/h running \(0 clusters\) · \$0\.000\/month leaking \(0 orphans\) · \d+ regions/,
          180_000,
        );
        terminal.press('Enter');
        for (let step = 1; step <= 15; step++) {
          await terminal.waitFor(new RegExp(`step ${step} of 15(?![\\s\\S]*Loading)`));
          terminal.press('Enter');
        }
        await terminal.waitFor('Cost ≈', 180_000);
        terminal.press('Enter');
        await terminal.waitFor('Kubernetes cluster is running', 180_000);

        terminal.press('Escape');
        await terminal.waitFor('❯ Create a cluster');
        // Back Home after a create, the line is scanned again and counts the cluster's price.
        await terminal.waitFor(
          /\$0\.\d*[1-9]\d*\/h running \(1 cluster\) · \$0\.000\/month leaking \(0 orphans\) · \d+ regions/,
          180_000,
        );
        terminal.press('Down', 'Enter');
        const inventory = await terminal.waitFor(/1 cluster and 0 orphans/, 180_000);
        expect(inventory).toMatch(/❯ kubernetes\s+us-west-2\s+running \(2 instances\)/);

        // Down d in one burst: d applies to the Orphans row the cursor moved to (where it means
        // nothing, there being no orphans), never to the cluster just left.
        terminal.burst(`${BYTES.down}d`);
        await terminal.waitFor('❯ Orphans', 180_000);
        terminal.press('Up');
        await terminal.waitFor(/❯ kubernetes/, 180_000);
        expect(terminal.screen()).not.toContain('Type kubernetes to confirm');

        // The teardown plan twice: the second scan finishes too.
        terminal.press('d');
        await terminal.waitFor('Type kubernetes to confirm', 180_000);
        terminal.press('Escape');
        await terminal.waitFor(/❯ kubernetes/, 180_000);
        terminal.press('d');
        await terminal.waitFor('Type kubernetes to confirm', 180_000);
        terminal.press({ text: 'kubernetes' }, 'Enter');
        await terminal.waitFor('Cluster kubernetes is gone', 180_000);
        expect(terminal.exited()).toBe(false);

        terminal.press('q');
        expect(await exitStatusOf(terminal)).toBe(0);
        expect(await snapshotAccount(moto.clients())).toEqual(empty);
      } finally {
        terminal.kill();
      }
    },
    TERMINAL_TEST_TIMEOUT,
  );
});
