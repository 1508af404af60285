// A failure in any boot phase: the bootstrap exits non-zero, names the phase, reports it to S3 in the
// status object (with no secret in it), and the next boot resumes at that phase. Also the master's
// monthly certificate renewal, run as its timer would.
import { describe, expect, it } from 'vitest';
import { readSecrets } from '../../src/kubernetes/secrets.js';
import { statusKey } from '../../src/kubernetes/status.js';
import { useMoto } from '../support/aws.js';
import {
  calls,
  explain,
  instanceFor,
  mirror,
  simulatedInstancesHooks,
} from '../support/instance/boot-matrix.js';
import { upCluster } from '../support/instance/cluster.js';

const OS = 'ubuntu-24.04';

const MASTER_FAILURES = [
  ['packages', 'apt-get -o DPkg::Lock::Timeout=600 install'],
  ['containerd', 'systemctl restart containerd'],
  ['kubeadm', 'kubeadm init'],
  ['addons', 'kubectl apply'],
] as const;

const NODE_FAILURES = [
  ['packages', 'apt-get -o DPkg::Lock::Timeout=600 install'],
  ['containerd', 'systemctl restart containerd'],
  ['kubeadm', 'kubeadm join'],
] as const;

describe(`a failed boot phase on ${OS}`, () => {
  const moto = useMoto();
  simulatedInstancesHooks();

  it('is reported by the master and the nodes, holds no secret, and the next boot resumes there', async () => {
    const up = await upCluster(moto, {
      os: OS,
      clusterLogging: false,
      nodeLogging: false,
      packageMirror: mirror(),
    });
    const secrets = await readSecrets(up.config.region, up.config.name);
    const forbidden = [
      secrets!.caKeyPem,
      secrets!.adminKeyPem,
      secrets!.bootstrapToken,
      'PRIVATE KEY',
      'simulated-instance-role-secret-key',
      'simulated-instance-role-session-token',
    ];
    const order = ['packages', 'containerd', 'kubeadm', 'addons'];
    let master: Awaited<ReturnType<typeof instanceFor>> | undefined;
    for (const [role, failures] of [
      ['master', MASTER_FAILURES],
      ['node', NODE_FAILURES],
    ] as const) {
      for (const [phase, failing] of failures) {
        const instance = await instanceFor(up, role, OS, {
          fail: failing,
          ...(role === 'node' && master ? { cluster: master } : {}),
        });
        const failed = await instance.boot();
        expect(failed.exitCode, explain(failed)).not.toBe(0);
        expect(failed.output).toContain(`phase ${phase} failed`);
        const identity = role === 'master' ? up.master : up.node;
        const key = statusKey(up.config.name, role, identity.instanceId);
        const body = (await up.object(key)) ?? '';
        for (const secret of forbidden) expect(body, `${role} ${phase}`).not.toContain(secret);
        const status = JSON.parse(body);
        expect(status).toMatchObject({
          version: 1,
          instanceId: identity.instanceId,
          role,
          phase: 'failed',
          failedPhase: phase,
          phasesDone: order.slice(0, order.indexOf(phase)),
        });
        expect(status.logTail.length).toBeGreaterThan(0);
        expect(status.logTail.length).toBeLessThanOrEqual(20);
        expect(status.logTail.join('\n')).toContain(`phase ${phase} failed`);
        expect(Number.isNaN(Date.parse(status.updatedAt))).toBe(false);

        // The reboot (the unit runs again at every boot) resumes at the failed phase.
        instance.clearFailure();
        const resumed = await instance.boot();
        expect(resumed.exitCode, explain(resumed)).toBe(0);
        if (phase !== 'packages') expect(calls(resumed.records, 'apt-get')).toHaveLength(0);
        const done = JSON.parse((await up.object(key)) ?? '{}');
        expect(done.phase).toBe('done');
        expect(done.phasesDone).toEqual(
          role === 'master' ? [...order, 'done'] : ['packages', 'containerd', 'kubeadm', 'done'],
        );
        expect(done.logTail).toBeUndefined();
        if (role === 'master') master = instance;
      }
    }
  }, 3_600_000);

  it('renews the certificates monthly and the token refresh keeps working with the renewed admin.conf', async () => {
    const up = await upCluster(moto, {
      os: OS,
      clusterLogging: false,
      nodeLogging: false,
      packageMirror: mirror(),
    });
    const master = await instanceFor(up, 'master', OS);
    const first = await master.boot();
    expect(first.exitCode, explain(first)).toBe(0);
    const timer = master.file('/etc/systemd/system/kube-tui-cert-renewal.timer') ?? '';
    expect(timer).toMatch(/OnCalendar=monthly/);
    expect(master.exists('/var/lib/kt-sim/enabled/kube-tui-cert-renewal.timer')).toBe(true);
    const admin = master.file('/etc/kubernetes/admin.conf');
    const apiserver = master.file('/etc/kubernetes/pki/apiserver.crt');
    const tokenBefore = await up.nodeToken();

    // The timer fires: systemd starts its service.
    const renewed = await master.boot(undefined, 'systemctl start kube-tui-cert-renewal.service');
    expect(renewed.thenExit, explain(renewed)).toBe(0);
    expect(calls(renewed.records, 'kubeadm', 'certs').map((call) => call.args.join(' '))).toEqual([
      'certs renew all',
    ]);
    expect(master.file('/etc/kubernetes/admin.conf')).not.toBe(admin);
    expect(master.file('/etc/kubernetes/pki/apiserver.crt')).not.toBe(apiserver);
    // After the renewal the token refresh ran with the new admin.conf and published a new token.
    const renewAt = renewed.records.findIndex((call) => call.cmd === 'kubeadm' && call.args[0] === 'certs');
    const tokenAt = renewed.records.findIndex((call) => call.cmd === 'kubeadm' && call.args[0] === 'token');
    expect(tokenAt).toBeGreaterThan(renewAt);
    const tokenAfter = await up.nodeToken();
    expect(tokenAfter).toMatch(/^[a-z0-9]{6}\.[a-z0-9]{16}$/);
    expect(tokenAfter).not.toBe(tokenBefore);
  }, 3_600_000);
});
