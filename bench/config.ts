// The clusters the benchmark makes. The ingress CIDRs are pinned: against the emulator the
// caller's public address cannot be learned (and the bench has no network anyway).
import { removeSecrets } from '../src/kubernetes/secrets.js';
import type { ClusterConfig } from '../src/model/config.js';
import { testConfig } from '../test/support/cluster.js';

export const BENCH_CIDR = '203.0.113.7/32';

export function benchConfig(overrides: Partial<ClusterConfig> = {}): ClusterConfig {
  return testConfig({ sshCidr: BENCH_CIDR, apiCidr: BENCH_CIDR, ...overrides });
}

/**
 * Forgets a cluster's local secrets (CA, admin certificate, token), so every run pays for making
 * them, as creating a new cluster does. The SSH key stays: like kube-up's ~/.ssh/kube_aws_rsa it is
 * made once per machine (by the warm-up), not per cluster.
 */
export async function forgetClusterSecrets(config: ClusterConfig): Promise<void> {
  await removeSecrets(config.region, config.name);
}
