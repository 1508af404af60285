// The clusters the benchmark makes. The ingress CIDRs are pinned: against the emulator the
// caller's public address cannot be learned (and the bench has no network anyway).
import { rm } from 'node:fs/promises';
import { removeSecrets } from '../src/kubernetes/secrets.js';
import type { ClusterConfig } from '../src/state/config.js';
import { testConfig } from '../test/support/cluster.js';

export const BENCH_CIDR = '203.0.113.7/32';

export function benchConfig(overrides: Partial<ClusterConfig> = {}): ClusterConfig {
  return testConfig({ sshCidr: BENCH_CIDR, apiCidr: BENCH_CIDR, ...overrides });
}

/**
 * Forgets the local side of a cluster (its CA and token, the SSH key), so the next run pays for
 * generating them as a first run on a new machine does.
 */
export async function forgetLocalState(config: ClusterConfig): Promise<void> {
  await removeSecrets(config.region, config.name);
  await rm(config.sshKey, { force: true });
  await rm(`${config.sshKey}.pub`, { force: true });
}
