import { defineConfig } from 'vitest/config';

// One moto server per worker (test/support/global-setup.ts): a reset wipes every account, so two
// files must never share a server.
export const TEST_WORKERS = 2;

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    globalSetup: ['test/support/global-setup.ts'],
    setupFiles: ['test/support/setup.ts'],
    pool: 'forks',
    maxWorkers: TEST_WORKERS,
    // Bounds, not expectations: tests wait on conditions; on a loaded 2-core machine a cluster made
    // against the emulator takes minutes.
    testTimeout: 240_000,
    hookTimeout: 180_000,
    // Order files by measured duration so the slow terminal tests start early.
    sequence: { shuffle: false },
  },
});
