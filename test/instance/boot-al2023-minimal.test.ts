// An AL2023 image without the openssl program: user data installs what is missing without asking
// dnf for curl, which conflicts with AL2023's curl-minimal.
import { describe, expect, it } from 'vitest';
import { useMoto } from '../support/aws.js';
import { calls, explain, mirror, simulatedInstancesHooks } from '../support/instance/boot-matrix.js';
import { imdsFor, upCluster } from '../support/instance/cluster.js';
import { SimulatedInstance } from '../support/instance/harness.js';

describe('a minimal AL2023 image', () => {
  const moto = useMoto();
  simulatedInstancesHooks();

  it('gets openssl from dnf, keeps curl-minimal, and boots', async () => {
    const up = await upCluster(moto, {
      os: 'al2023',
      clusterLogging: false,
      nodeLogging: false,
      packageMirror: mirror(),
    });
    const imds = await imdsFor(up.node);
    const node = new SimulatedInstance({
      os: 'al2023',
      role: 'node',
      userData: up.nodeUserData,
      env: { KT_S3_BASE: up.s3Base, KT_IMDS: imds.url },
      lacks: ['openssl'],
      // The node stops at its join (no master here): the user data's own step is what is tested.
      fail: 'kubeadm join',
      timeoutMs: 900_000,
    });
    try {
      const result = await node.boot();
      expect(result.userDataExit, explain(result)).toBe(0);
      const installs = calls(result.records, 'dnf', 'install');
      expect(installs[0]?.args).toContain('openssl');
      expect(installs.flatMap((call) => call.args)).not.toContain('curl');
      expect(node.file('/var/log/kube-tui-bootstrap.log')).toContain('phase containerd: done');
    } finally {
      node.dispose();
      await imds.close();
    }
  }, 3_600_000);
});
