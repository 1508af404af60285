// Fixtures for the src/kubernetes tests: one set of real secrets (RSA keys are slow to make) and
// every combination of the options that change what the bundle holds.

import type { BundleConfig, BundleInput } from '../../src/kubernetes/bundle.js';
import { caCertHash, createAdminCert, createBootstrapToken, createCa } from '../../src/kubernetes/pki.js';
import type { ClusterSecrets } from '../../src/kubernetes/secrets.js';
import { LOGGING_DESTINATIONS, MONITORING_OPTIONS, OS_DISTRIBUTIONS } from '../../src/model/config.js';

let cached: ClusterSecrets | undefined;

export function testSecrets(): ClusterSecrets {
  if (!cached) {
    const ca = createCa();
    const admin = createAdminCert(ca);
    const token = createBootstrapToken();
    cached = {
      caCertPem: ca.certPem,
      caKeyPem: ca.keyPem,
      adminCertPem: admin.certPem,
      adminKeyPem: admin.keyPem,
      bootstrapToken: token.token,
      bootstrapTokenExpiresAt: token.expiresAt,
      caCertHash: caCertHash(ca.certPem),
    };
  }
  return cached;
}

export const baseConfig: BundleConfig = {
  name: 'kubernetes',
  region: 'us-west-2',
  os: 'ubuntu-24.04',
  bucket: 'kubernetes-staging-0123456789ab',
  bucketRegion: 'us-west-2',
  kubernetesVersion: '1.36',
  monitoring: 'metrics-server',
  nodeLogging: true,
  loggingDestination: 'elasticsearch',
  clusterLogging: true,
};

export function bundleInput(config: Partial<BundleConfig> = {}): BundleInput {
  return {
    config: { ...baseConfig, ...config },
    masterElasticIp: '203.0.113.10',
    masterVolumeId: 'vol-0123456789abcdef0',
    secrets: testSecrets(),
  };
}

/** Every OS x monitoring x node logging x destination x cluster logging. */
export function allCombinations(): BundleConfig[] {
  const configs: BundleConfig[] = [];
  for (const os of OS_DISTRIBUTIONS)
    for (const monitoring of MONITORING_OPTIONS)
      for (const nodeLogging of [true, false])
        for (const loggingDestination of LOGGING_DESTINATIONS)
          for (const clusterLogging of [true, false])
            configs.push({ ...baseConfig, os, monitoring, nodeLogging, loggingDestination, clusterLogging });
  return configs;
}
