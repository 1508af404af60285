// The instance side, executed: for one OS, a real `up` against moto, then the master's and a node's
// real user data run in a simulated instance, booted twice (test/instance/boot-<os>.test.ts, one file
// per OS so they spread over the test workers).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { osFamily } from '../../../src/kubernetes/bootstrap/common.js';
import type { OsDistribution } from '../../../src/model/config.js';
import { useMoto } from '../aws.js';
import { API_ENDPOINT, imdsFor, type UpCluster, upCluster } from './cluster.js';
import { DEBIAN_SUITES, debianRootfs } from './debian-rootfs.js';
import {
  assertNamespacesWork,
  type BootResult,
  type ClusterSide,
  type Record_,
  SimulatedInstance,
} from './harness.js';
import type { Imds } from './imds.js';
import { type PackageRepository, startPackageRepository } from './package-repository.js';

// Generous: two cores shared by many test processes; a hung boot still ends.
const BOOT_LIMIT_MS = 900_000;

/** The records of `cmd`, or of `cmd verb`: the verb is the first word that is not an option, as in
 * `apt-get -o DPkg::Lock::Timeout=600 install …`. */
export function calls(records: Record_[], cmd: string, verb?: string): Record_[] {
  return records.filter(
    (record) => record.cmd === cmd && (verb === undefined || verbOf(record.args) === verb),
  );
}

const OPTIONS_WITH_A_VALUE = new Set(['-o', '-c']);

function verbOf(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (OPTIONS_WITH_A_VALUE.has(arg)) i++;
    else if (!arg.startsWith('-')) return arg;
  }
  return undefined;
}

export function explain(result: BootResult): string {
  return `exit ${result.exitCode}\n${result.output.slice(-4000)}`;
}

const open: { instances: SimulatedInstance[]; imds: Imds[] } = { instances: [], imds: [] };

export async function instanceFor(
  up: UpCluster,
  role: 'master' | 'node',
  os: OsDistribution,
  extra: { fail?: string; cluster?: SimulatedInstance; rootfs?: string } = {},
): Promise<SimulatedInstance> {
  const identity = role === 'master' ? up.master : up.node;
  const imds = await imdsFor(identity);
  open.imds.push(imds);
  let cluster: ClusterSide | undefined;
  if (role === 'node') {
    const tokens = (extra.cluster?.file('/var/lib/kt-sim/cluster/tokens') ?? '').split('\n').filter(Boolean);
    const kubeletConfig = extra.cluster?.file('/var/lib/kt-sim/cluster/kubelet-config.yaml');
    cluster = {
      tokens,
      caCertHash: up.caCertHash,
      caCertPem: up.caCertPem,
      ...(kubeletConfig ? { kubeletConfig } : {}),
    };
  }
  const instance = new SimulatedInstance({
    os,
    role,
    userData: role === 'master' ? up.masterUserData : up.nodeUserData,
    env: { KT_S3_BASE: up.s3Base, KT_EC2_BASE: up.ec2Base, KT_IMDS: imds.url },
    volumeSerial: role === 'master' ? up.volumeSerial : undefined,
    apiEndpoint: API_ENDPOINT,
    ...(cluster ? { cluster } : {}),
    ...(extra.fail ? { fail: extra.fail } : {}),
    ...(extra.rootfs ? { rootfs: extra.rootfs } : {}),
    timeoutMs: BOOT_LIMIT_MS,
  });
  open.instances.push(instance);
  return instance;
}

let packages: PackageRepository;

export function mirror(): string {
  return packages.url;
}

export function simulatedInstancesHooks(): void {
  beforeAll(async () => {
    assertNamespacesWork();
    packages = await startPackageRepository(['1.36']);
  });
  afterAll(async () => {
    await packages?.close();
    for (const instance of open.instances) instance.dispose();
    for (const imds of open.imds) await imds.close();
  });
}

/**
 * On a Debian root: apt and dpkg really installed Debian's containerd and runc and the Kubernetes
 * packages of the local repository, and containerd's configuration started from that containerd's own
 * default, whose CNI directory (Debian 13: /usr/lib/cni) the bootstrap pinned to /opt/cni/bin.
 */
function assertRealDebianPackages(os: OsDistribution, master: SimulatedInstance, second: BootResult) {
  const status = master.file('/var/lib/dpkg/status') ?? '';
  const installed = (name: string) =>
    new RegExp(
      `^Package: ${name}\n(?:[^\n]+\n)*?Status: \\w+ ok installed\n(?:[^\n]+\n)*?Version: (\\S+)`,
      'm',
    ).exec(status)?.[1];
  expect(installed('containerd'), 'containerd from Debian').toMatch(/~ds1-/);
  expect(installed('runc'), 'runc from Debian').toBeTruthy();
  // Held (apt-mark hold), as the bootstrap leaves them.
  expect(installed('kubeadm'), 'kubeadm from the local repository').toBe('1.36.2-1.1');
  expect(installed('kubelet')).toBe('1.36.2-1.1');
  expect(second.thenExit, explain(second)).toBe(0);
  const realDefault = master.file(REAL_DEFAULT) ?? '';
  expect(realDefault).toMatch(/^version = 2/m);
  expect(realDefault).toMatch(
    os === 'debian-13' ? /bin_dir = "\/usr\/lib\/cni"/ : /bin_dir = "\/opt\/cni\/bin"/,
  );
}

/** The kubelet asks the cluster CA for its serving certificate (the master approves it). */
function assertKubeletServingCertificates(instance: SimulatedInstance) {
  const config = YAML.parse(instance.file('/var/lib/kubelet/config.yaml') ?? '{}');
  expect(config).toMatchObject({ kind: 'KubeletConfiguration', serverTLSBootstrap: true });
}

function assertContainerdConfig(instance: SimulatedInstance) {
  const config = instance.file('/etc/containerd/config.toml') ?? '';
  expect(config).toMatch(/SystemdCgroup = true/);
  expect(config).not.toMatch(/SystemdCgroup = false/);
  expect(config).toMatch(/bin_dir = "\/opt\/cni\/bin"/);
  expect(config).not.toMatch(/bin_dir = "\/usr\/lib\/cni"/);
}

/** kubeadm ran once, and only after containerd was started and the kubelet installed. */
function assertKubeadmOnce(records: Record_[], command: 'init' | 'join') {
  const runs = calls(records, 'kubeadm', command);
  expect(runs.map((run) => run.failed ?? 'ok')).toEqual(['ok']);
  const at = records.indexOf(runs[0]!);
  const containerdStarted = records.findIndex(
    (record) =>
      record.cmd === 'systemctl' &&
      ['restart', 'start', 'enable'].includes(record.args.find((arg) => !arg.startsWith('-')) ?? '') &&
      record.args.some((arg) => arg.startsWith('containerd')) &&
      !record.failed,
  );
  expect(containerdStarted).toBeGreaterThanOrEqual(0);
  expect(containerdStarted).toBeLessThan(at);
}

/** What the real containerd of a Debian root prints as its default (run on the booted instance). */
const REAL_DEFAULT = '/var/lib/kt-sim/containerd-config-default.toml';

export function describeBoots(os: OsDistribution): void {
  const realPackages = os in DEBIAN_SUITES;
  describe(`a cluster on ${os}, booted in simulated instances${realPackages ? ' with real Debian packages' : ''}`, () => {
    const moto = useMoto();
    simulatedInstancesHooks();
    let rootfs: string | undefined;
    beforeAll(async () => {
      // Debian's archive is reachable: the package phase runs the real apt in a debootstrapped root.
      if (realPackages) rootfs = await debianRootfs(os);
    }, 3_600_000);

    for (const clusterLogging of [true, false]) {
      it(`the master and a node boot, and reboot changing nothing (cluster logging ${clusterLogging ? 'on' : 'off'})`, async () => {
        const up = await upCluster(moto, {
          os,
          clusterLogging,
          nodeLogging: clusterLogging,
          packageMirror: packages.url,
        });
        const master = await instanceFor(up, 'master', os, { ...(rootfs ? { rootfs } : {}) });
        const first = await master.boot();
        expect(first.exitCode, explain(first)).toBe(0);
        assertKubeadmOnce(first.records, 'init');
        assertContainerdConfig(master);
        assertKubeletServingCertificates(master);
        expect(master.exists('/etc/kubernetes/admin.conf')).toBe(true);
        expect(master.exists('/etc/kubernetes/pki/apiserver.crt')).toBe(true);
        const applied = (master.file('/var/lib/kt-sim/cluster/applied') ?? '').split('\n').filter(Boolean);
        const files = new Set(applied.map((line) => line.split(' ')[0]));
        expect(files.size).toBeGreaterThanOrEqual(4);
        if (clusterLogging) expect([...files]).toContain('50-elasticsearch-kibana.yaml');
        else expect([...files]).not.toContain('50-elasticsearch-kibana.yaml');
        expect(calls(first.records, 'mkfs.ext4')).toHaveLength(1);
        // The first boot installs through the stand-ins, so the reboot's "installs nothing" below can fail.
        const installer = { apt: 'apt-get', dnf: 'dnf', flatcar: undefined }[osFamily(os)];
        if (installer && !realPackages)
          expect(calls(first.records, installer, 'install').length).toBeGreaterThan(0);

        const config = master.file('/etc/containerd/config.toml');
        const admin = master.file('/etc/kubernetes/admin.conf');
        const second = await master.boot(
          undefined,
          realPackages ? `containerd config default >${REAL_DEFAULT}` : undefined,
        );
        expect(second.exitCode, explain(second)).toBe(0);
        if (realPackages) assertRealDebianPackages(os, master, second);
        expect(calls(second.records, 'kubeadm', 'init')).toHaveLength(0);
        expect(calls(second.records, 'mkfs.ext4')).toHaveLength(0);
        expect(calls(second.records, 'apt-get', 'install')).toHaveLength(0);
        expect(calls(second.records, 'dnf', 'install')).toHaveLength(0);
        expect(master.file('/etc/containerd/config.toml')).toBe(config);
        expect(master.file('/etc/kubernetes/admin.conf')).toBe(admin);

        const node = await instanceFor(up, 'node', os, { cluster: master, ...(rootfs ? { rootfs } : {}) });
        const joined = await node.boot();
        expect(joined.exitCode, explain(joined)).toBe(0);
        assertKubeadmOnce(joined.records, 'join');
        assertContainerdConfig(node);
        assertKubeletServingCertificates(node);
        const join = calls(joined.records, 'kubeadm', 'join')[0]!;
        expect(join.token).toBe(await up.nodeToken());
        expect(join.caCertHashes).toEqual([up.caCertHash]);
        const again = await node.boot();
        expect(again.exitCode, explain(again)).toBe(0);
        expect(calls(again.records, 'kubeadm', 'join')).toHaveLength(0);
      }, 3_600_000);
    }
  });
}
