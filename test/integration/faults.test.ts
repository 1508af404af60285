import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useMoto } from '../support/aws.js';
import { engineFor, provisionCluster, testConfig } from '../support/cluster.js';
import { type FaultProxy, startFaultProxy } from '../support/fault-proxy.js';
import { countsOf, snapshotAccount } from '../support/snapshot.js';

describe('under throttling, server errors and latency', () => {
  const moto = useMoto();
  let proxy: FaultProxy | undefined;
  let savedAttempts: string | undefined;
  beforeEach(() => {
    // The product's default: the test setup lowers it to keep failing tests fast.
    savedAttempts = process.env.AWS_MAX_ATTEMPTS;
    process.env.AWS_MAX_ATTEMPTS = '8';
    process.env.KUBE_TUI_RETRY_SCALE = '0.05';
  });
  afterEach(async () => {
    await proxy?.stop();
    proxy = undefined;
    if (savedAttempts === undefined) delete process.env.AWS_MAX_ATTEMPTS;
    else process.env.AWS_MAX_ATTEMPTS = savedAttempts;
    delete process.env.KUBE_TUI_RETRY_SCALE;
  });

  it('up still ends with exactly one of everything, and down then leaves the account as it was', async () => {
    const empty = await snapshotAccount(moto.clients());
    await provisionCluster(moto.url, testConfig({ nodes: 2 }));
    const expected = countsOf(await snapshotAccount(moto.clients()));
    await moto.reset();

    proxy = await startFaultProxy({
      target: moto.url,
      seed: 7,
      latencyMs: 5,
      faults: { throttle: 0.1, serverError: 0.05 },
    });
    const { result } = await provisionCluster(proxy.url, testConfig({ nodes: 2 }));
    expect(result.resources.length).toBeGreaterThan(10);
    const faulted = Object.values(proxy.faultCounts()).reduce((sum, count) => sum + count, 0);
    expect(faulted).toBeGreaterThan(5);
    expect(countsOf(await snapshotAccount(moto.clients()))).toEqual(expected);

    const engine = engineFor(proxy.url);
    try {
      const teardown = await engine.teardown({ cluster: 'kubernetes', region: 'us-west-2' });
      expect(teardown.remaining).toEqual([]);
      expect(teardown.clean).toBe(true);
    } finally {
      engine.close();
    }
    expect(await snapshotAccount(moto.clients())).toEqual(empty);
  });
});
