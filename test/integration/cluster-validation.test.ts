// Validate cluster against what real AWS would show: boot statuses as the instances write them, in
// moto's S3, and a local HTTPS stand-in of the API server whose certificate the cluster CA signed.
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ClusterValidationError,
  readBootStatuses,
  type ValidatedInstance,
  validateCluster,
} from '../../src/aws/cluster-validation.js';
import { createCa } from '../../src/kubernetes/pki.js';
import { type InstanceBootStatus, statusKey } from '../../src/model/boot-status.js';
import { type MotoHandle, useMoto } from '../support/aws.js';
import { startKubeApiStandIn } from '../support/kube-api-standin.js';
import { testSecrets } from '../support/kubernetes.js';

let moto: MotoHandle;
const BUCKET = 'kubernetes-staging-0123456789ab';
const CLUSTER = 'kubernetes';
const instances: ValidatedInstance[] = [
  { instanceId: 'i-0000000000000000a', role: 'master', privateIp: '172.20.0.9', publicIp: '127.0.0.1' },
  { instanceId: 'i-0000000000000000b', role: 'node', privateIp: '172.20.0.21', publicIp: '198.51.100.21' },
  { instanceId: 'i-0000000000000000c', role: 'node', privateIp: '172.20.0.22', publicIp: '198.51.100.22' },
];
const [master, node1, node2] = instances as [ValidatedInstance, ValidatedInstance, ValidatedInstance];
const PHASES = ['packages', 'containerd', 'kubeadm', 'addons'] as const;

function status(
  instance: ValidatedInstance,
  phase: InstanceBootStatus['phase'],
  extra: Partial<InstanceBootStatus> = {},
) {
  const index = PHASES.indexOf(phase as (typeof PHASES)[number]);
  return {
    version: 1,
    instanceId: instance.instanceId,
    role: instance.role,
    phase,
    phasesDone: phase === 'done' ? [...PHASES] : PHASES.slice(0, Math.max(0, index)),
    updatedAt: new Date().toISOString(),
    ...extra,
  };
}

async function report(instance: ValidatedInstance, body: object) {
  await moto
    .clients()
    .s3()
    .send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: statusKey(CLUSTER, instance.role, instance.instanceId),
        Body: JSON.stringify(body),
        ContentType: 'application/json',
      }),
    );
}

const secrets = testSecrets();
let api: Awaited<ReturnType<typeof startKubeApiStandIn>>;

function run(options: { timeoutMs: number; onPoll?: (poll: number) => Promise<void> }) {
  const seen: string[] = [];
  const progress: string[] = [];
  let polls = 0;
  const ctx = { clients: moto.clients(), region: 'us-west-2' };
  const result = validateCluster({
    instances,
    api: {
      host: '127.0.0.1',
      port: api.port,
      caPem: secrets.caCertPem,
      certPem: secrets.adminCertPem,
      keyPem: secrets.adminKeyPem,
    },
    readStatuses: async () => {
      polls += 1;
      await options.onPoll?.(polls);
      return readBootStatuses(ctx, { bucket: BUCKET, bucketRegion: 'us-west-2', cluster: CLUSTER });
    },
    ssh: { keyPath: '/home/me/.ssh/kube_aws_rsa', user: 'ubuntu' },
    bootstrapUnit: 'kube-tui-bootstrap.service',
    timeoutMs: options.timeoutMs,
    pollMs: 20,
    onStatus: (s) => seen.push(`${s.role} ${s.instanceId} ${s.phase}`),
    onProgress: (line) => progress.push(line),
  });
  return { result, seen, progress };
}

describe('Validate cluster on real AWS', () => {
  moto = useMoto();
  beforeEach(async () => {
    await moto
      .clients()
      .s3()
      .send(
        new CreateBucketCommand({
          Bucket: BUCKET,
          CreateBucketConfiguration: { LocationConstraint: 'us-west-2' },
        }),
      );
    api = await startKubeApiStandIn(
      { certPem: secrets.caCertPem, keyPem: secrets.caKeyPem },
      {
        ready: false,
        nodes: [],
        corednsAvailable: 0,
      },
    );
  });
  afterEach(() => api.close());

  it('passes once /readyz answers, all N+1 nodes are Ready and CoreDNS is available, showing each boot phase', async () => {
    for (const instance of instances) await report(instance, status(instance, 'kubeadm'));
    // A node an earlier run replaced: its failed status stays in the bucket and must not count.
    await report(
      { instanceId: 'i-0000000000000dead', role: 'node' },
      status(node1, 'failed', { instanceId: 'i-0000000000000dead', failedPhase: 'kubeadm' }),
    );
    const { result, seen, progress } = run({
      timeoutMs: 60_000,
      onPoll: async (poll) => {
        if (poll !== 3) return;
        for (const instance of instances) await report(instance, status(instance, 'done'));
        api.state.ready = true;
        api.state.corednsAvailable = 1;
        api.state.nodes = instances.map((instance, index) => ({
          name: index === 0 ? 'kubernetes-master' : `ip-172-20-0-2${index}`,
          instanceId: instance.instanceId,
          internalIp: instance.privateIp!,
          ready: true,
        }));
      },
    });
    await expect(result).resolves.toMatchObject({ readyNodes: 3 });
    expect(seen).toEqual([
      `master ${master.instanceId} kubeadm`,
      `node ${node1.instanceId} kubeadm`,
      `node ${node2.instanceId} kubeadm`,
      `master ${master.instanceId} done`,
      `node ${node1.instanceId} done`,
      `node ${node2.instanceId} done`,
    ]);
    expect(progress).toEqual([
      'the API server answers /readyz through 127.0.0.1',
      '3 of 3 nodes Ready',
      'CoreDNS available',
    ]);
    // The nodes and CoreDNS were read as the admin, with the client certificate.
    expect(api.state.requests.filter((r) => r.path !== '/readyz').every((r) => r.clientCertificate)).toBe(
      true,
    );
  });

  it('gives up after its bound when a node never joins, naming the node, its phase and how to look', async () => {
    for (const instance of [master, node1]) await report(instance, status(instance, 'done'));
    await report(node2, status(node2, 'kubeadm'));
    api.state.ready = true;
    api.state.corednsAvailable = 2;
    api.state.nodes = [master, node1].map((instance) => ({
      name: instance.instanceId,
      instanceId: instance.instanceId,
      internalIp: instance.privateIp!,
      ready: true,
    }));
    const { result } = run({ timeoutMs: 1_500 });
    const error = await result.then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(ClusterValidationError);
    const text = (error as Error).message;
    expect(text).toContain('did not validate within 2 s');
    expect(text).toContain('2 of 3 nodes Ready');
    expect(text).toContain(
      `node ${node2.instanceId} (172.20.0.22) is not a Ready node: in phase kubeadm; done: packages, containerd`,
    );
    expect(text).toContain(
      'look further: ssh -i /home/me/.ssh/kube_aws_rsa ubuntu@198.51.100.22\n              then: sudo journalctl -u kube-tui-bootstrap.service',
    );
    expect(text).not.toContain(`node ${node1.instanceId} (172.20.0.21) is not`);
  });

  it('stops at once when an instance reports a failed phase, with its log tail', async () => {
    await report(master, status(master, 'addons'));
    await report(node1, status(node1, 'kubeadm'));
    await report(
      node2,
      status(node2, 'failed', {
        failedPhase: 'containerd',
        phasesDone: ['packages'],
        logTail: ['containerd config default > /etc/containerd/config.toml', 'containerd: command not found'],
      }),
    );
    const { result, seen } = run({ timeoutMs: 10 * 60_000 });
    const error = await result.then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(ClusterValidationError);
    expect((error as Error).message.split('\n')).toEqual([
      `node ${node2.instanceId} (172.20.0.22): bootstrap failed in phase containerd; done: packages.`,
      'Last lines of its bootstrap log:',
      '  | containerd config default > /etc/containerd/config.toml',
      '  | containerd: command not found',
      'Look further: ssh -i /home/me/.ssh/kube_aws_rsa ubuntu@198.51.100.22',
      '         then: sudo journalctl -u kube-tui-bootstrap.service',
    ]);
    expect(seen).toContain(`node ${node2.instanceId} failed`);
  });

  it('does not trust an API server whose certificate another CA signed', async () => {
    const other = testSecretsOfAnotherCluster();
    await api.close();
    api = await startKubeApiStandIn(other, { ready: true, nodes: [], corednsAvailable: 1 });
    const { result } = run({ timeoutMs: 300 });
    await expect(result).rejects.toThrow(
      /✖ the API server at https:\/\/127\.0\.0\.1:\d+\/readyz: .*(certificate|self.signed)/i,
    );
  });
});

function testSecretsOfAnotherCluster() {
  const ca = createCa();
  return { certPem: ca.certPem, keyPem: ca.keyPem };
}
