import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { sshUserFor } from '../../src/aws/ami.js';
import { kubeletServingApproverScript } from '../../src/kubernetes/bootstrap/kubelet-serving.js';
import { certificateRenewalScript } from '../../src/kubernetes/bootstrap/master.js';
import { buildBundle, userData } from '../../src/kubernetes/bundle.js';
import { bundlePrefixes } from '../../src/model/bundle-layout.js';
import { allCombinations, bundleInput, testSecrets } from '../support/kubernetes.js';

const run = promisify(execFile);

interface Ignition {
  ignition: { version: string };
  storage: {
    files: { path: string; mode: number; contents: { source: string } }[];
    directories: { path: string }[];
  };
  systemd: { units: { name: string; enabled?: boolean; contents?: string }[] };
}

function ignitionFiles(json: string): Map<string, string> {
  const config = JSON.parse(json) as Ignition;
  return new Map(
    config.storage.files.map((file) => {
      const match = /^data:;base64,(.*)$/.exec(file.contents.source);
      if (!match?.[1]) throw new Error(`${file.path} is not an inline base64 data URL`);
      return [file.path, Buffer.from(match[1], 'base64').toString('utf8')];
    }),
  );
}

/** Every distinct shell script the bundle and user data contain, across all option combinations. */
function allScripts(): Map<string, string> {
  const scripts = new Map<string, string>();
  const add = (label: string, body: string) => {
    const hash = createHash('sha256').update(body).digest('hex').slice(0, 12);
    scripts.set(hash, `${label}\n${body}`);
  };
  // Scripts the master's bootstrap writes with a heredoc (shellcheck does not look inside those).
  add('master kubelet serving approver', kubeletServingApproverScript());
  add('master certificate renewal', certificateRenewalScript());
  for (const config of allCombinations()) {
    const input = bundleInput(config);
    const bundle = buildBundle(input);
    for (const file of [...bundle.master, ...bundle.nodes]) {
      if (file.key.endsWith('.sh')) add(`${config.os} ${file.key}`, file.body);
    }
    for (const role of ['master', 'node'] as const) {
      const data = userData(role, input);
      if (config.os === 'flatcar') {
        for (const [path, body] of ignitionFiles(data))
          if (path.endsWith('.sh')) add(`flatcar ${role} ${path}`, body);
      } else {
        add(`${config.os} ${role} user data`, data);
        // The library the user data writes to /opt/kube-tui/lib.sh.
        const lib = /cat >'\/opt\/kube-tui\/lib.sh' <<'(\w+)'\n([\s\S]*?)\n\1\n/.exec(data);
        expect(lib, 'user data writes the library').not.toBeNull();
        add(`${config.os} ${role} lib.sh`, `${lib?.[2]}\n`);
      }
    }
  }
  return scripts;
}

describe('bootstrap scripts', () => {
  it('pass shellcheck and bash -n for every OS, role and add-on choice', async () => {
    // A missing shellcheck must fail the test, not pass it silently (.ci/run installs it).
    await run('shellcheck', ['--version']);
    const scripts = allScripts();
    const dir = mkdtempSync(join(tmpdir(), 'kube-tui-shellcheck-'));
    const files: string[] = [];
    for (const [hash, labelled] of scripts) {
      const body = labelled.slice(labelled.indexOf('\n') + 1);
      expect(body.startsWith('#!/bin/bash\n'), labelled.split('\n')[0]).toBe(true);
      const path = join(dir, `${hash}.sh`);
      writeFileSync(path, body);
      files.push(path);
    }
    // master, node and refresh scripts differ by OS family and options; each must be checked.
    expect(files.length).toBeGreaterThanOrEqual(20);
    const result = await run('shellcheck', ['--shell=bash', '--format=gcc', ...files]).catch(
      (error: { stdout: string }) => error,
    );
    const findings = 'stdout' in result ? result.stdout : '';
    expect(findings, findings).toBe('');
    for (const file of files) await run('bash', ['-n', file]);
    // shellcheck over every script takes a while on a loaded 2-core machine: a bound, not a timing.
  }, 300_000);
});

describe('user data', () => {
  const secrets = testSecrets();
  const secretParts = [
    secrets.caKeyPem,
    secrets.adminKeyPem,
    secrets.bootstrapToken,
    // A fragment of each key, in case a key were embedded in another encoding or wrapped.
    secrets.caKeyPem.split('\n')[5] ?? '',
    secrets.adminKeyPem.split('\n')[5] ?? '',
  ];

  it('stays under 16 KB raw and holds no secret, for every combination', () => {
    for (const config of allCombinations()) {
      for (const role of ['master', 'node'] as const) {
        const data = userData(role, bundleInput(config));
        const label = `${config.os} ${role}`;
        expect(Buffer.byteLength(data), label).toBeLessThan(16384);
        const decoded = config.os === 'flatcar' ? [...ignitionFiles(data).values()].join('\n') : data;
        for (const text of [data, decoded]) {
          expect(text, label).not.toContain('PRIVATE KEY');
          expect(text, label).not.toContain('BEGIN CERTIFICATE');
          for (const part of secretParts) expect(text.includes(part), label).toBe(false);
        }
      }
    }
  });

  it('fetches only its own role’s bootstrap script', () => {
    const master = userData('master', bundleInput());
    const node = userData('node', bundleInput());
    expect(master).toContain("s3_get 'kubernetes/master/bootstrap.sh'");
    expect(node).toContain("s3_get 'kubernetes/nodes/bootstrap.sh'");
    expect(node).not.toContain('kubernetes/master/');
    expect(master).toContain('https://kubernetes-staging-0123456789ab.s3.us-west-2.amazonaws.com');
    expect(master).toContain('--aws-sigv4 "aws:amz:$region:$service"');
    expect(master).toContain('aws_request s3 "$KT_BUCKET_REGION"');
    expect(master).toContain('x-amz-security-token: $KT_SESSION_TOKEN');
    expect(master).toContain('/var/log/kube-tui-bootstrap.log');
  });

  it('addresses a bucket in another region, or with dots in its name, correctly', () => {
    const other = userData('node', bundleInput({ bucket: 'my.bucket', bucketRegion: 'eu-central-1' }));
    expect(other).toContain('KT_S3_BASE:=https://s3.eu-central-1.amazonaws.com/my.bucket');
    expect(other).toContain("KT_BUCKET_REGION='eu-central-1'");
  });
});

describe('Flatcar Ignition', () => {
  it('is a valid Ignition 3.x config with the bootstrap unit, library, sysext transfer, modules and sysctls', () => {
    for (const role of ['master', 'node'] as const) {
      const json = userData(role, bundleInput({ os: 'flatcar', kubernetesVersion: '1.35' }));
      const config = JSON.parse(json) as Ignition;
      expect(config.ignition.version).toMatch(/^3\.\d+\.\d+$/);
      const files = ignitionFiles(json);
      expect([...files.keys()].sort()).toEqual([
        '/etc/modules-load.d/kube-tui.conf',
        '/etc/sysctl.d/90-kube-tui.conf',
        '/etc/sysupdate.kubernetes.d/kubernetes-v1.35.conf',
        '/opt/kube-tui/lib.sh',
        '/opt/kube-tui/start.sh',
      ]);
      expect(files.get('/etc/modules-load.d/kube-tui.conf')).toBe('overlay\nbr_netfilter\n');
      expect(files.get('/etc/sysctl.d/90-kube-tui.conf')).toContain('net.ipv4.ip_forward = 1');
      const transfer = files.get('/etc/sysupdate.kubernetes.d/kubernetes-v1.35.conf') ?? '';
      expect(transfer).toContain('Path=https://extensions.flatcar.org/extensions/kubernetes/');
      expect(transfer).toContain('MatchPattern=kubernetes-v1.35.@v-%a.raw');
      expect(transfer).toContain('CurrentSymlink=/etc/extensions/kubernetes.raw');
      expect(files.get('/opt/kube-tui/start.sh')).toContain(
        `s3_get 'kubernetes/${role === 'master' ? 'master' : 'nodes'}/bootstrap.sh'`,
      );
      const unit = config.systemd.units.find((u) => u.name === 'kube-tui-bootstrap.service');
      expect(unit?.enabled).toBe(true);
      expect(unit?.contents).toContain('ExecStart=/opt/kube-tui/start.sh');
      expect(unit?.contents).toContain('After=network-online.target');
      const modes = Object.fromEntries(config.storage.files.map((f) => [f.path, f.mode]));
      expect(modes['/opt/kube-tui/start.sh']).toBe(0o755);
    }
  });

  it('installs Kubernetes from the sysext image on Flatcar, from packages elsewhere', () => {
    const flatcar = buildBundle(bundleInput({ os: 'flatcar' })).nodes[0]?.body ?? '';
    expect(flatcar).toContain('systemd-sysupdate -C kubernetes update');
    expect(flatcar).toContain('systemctl restart systemd-sysext');
    const debian =
      buildBundle(bundleInput({ os: 'debian-13', kubernetesVersion: '1.34' })).nodes[0]?.body ?? '';
    expect(debian).toContain('https://pkgs.k8s.io/core:/stable:/v1.34/deb/');
    expect(debian).toContain('apt-mark hold kubelet kubeadm kubectl');
    const al2023 = buildBundle(bundleInput({ os: 'al2023' })).nodes[0]?.body ?? '';
    expect(al2023).toContain('baseurl=https://pkgs.k8s.io/core:/stable:/v1.36/rpm/');
    expect(al2023).toContain('dnf install');
  });
});

describe('bundle', () => {
  const secrets = testSecrets();

  it('puts the CA key and the kubeadm init configuration only under the master prefix', () => {
    const bundle = buildBundle(bundleInput());
    const prefixes = bundlePrefixes('kubernetes');
    expect(prefixes).toEqual({
      master: 'kubernetes/master/',
      nodes: 'kubernetes/nodes/',
      token: 'kubernetes/nodes/token',
    });
    for (const file of bundle.master) expect(file.key.startsWith(prefixes.master)).toBe(true);
    for (const file of bundle.nodes) {
      expect(file.key.startsWith(prefixes.nodes)).toBe(true);
      expect(file.body).not.toContain('PRIVATE KEY');
      expect(file.body).not.toContain(secrets.bootstrapToken);
    }
    const keys = bundle.master.map((file) => file.key);
    expect(keys).toEqual(
      expect.arrayContaining([
        'kubernetes/master/bootstrap.sh',
        'kubernetes/master/refresh-token.sh',
        'kubernetes/master/kubeadm.yaml',
        'kubernetes/master/pki/ca.crt',
        'kubernetes/master/pki/ca.key',
        'kubernetes/master/addons/10-flannel.yaml',
      ]),
    );
    expect(bundle.master.find((f) => f.key.endsWith('pki/ca.key'))?.body).toBe(secrets.caKeyPem);
    expect(bundle.nodes.map((file) => file.key).sort()).toEqual([
      'kubernetes/nodes/bootstrap.sh',
      'kubernetes/nodes/kubeadm-join.yaml',
    ]);
    expect(bundle.nodeToken).toEqual({
      key: 'kubernetes/nodes/token',
      body: secrets.bootstrapToken,
      contentType: 'text/plain',
    });
    for (const file of [...bundle.master, ...bundle.nodes]) {
      expect(file.key).toMatch(/^[a-z0-9-]+\/(master|nodes)\/[a-z0-9./-]+$/);
      expect(file.contentType).not.toBe('');
    }
  });

  it('has a kubeadm v1beta4 init configuration for port 443, the fixed endpoint, the SANs and the CIDRs', () => {
    const body = buildBundle(bundleInput()).master.find((f) => f.key.endsWith('kubeadm.yaml'))?.body ?? '';
    const docs = YAML.parseAllDocuments(body).map((doc) => doc.toJS());
    const init = docs.find((doc) => doc.kind === 'InitConfiguration');
    const cluster = docs.find((doc) => doc.kind === 'ClusterConfiguration');
    const kubelet = docs.find((doc) => doc.kind === 'KubeletConfiguration');
    expect(init.apiVersion).toBe('kubeadm.k8s.io/v1beta4');
    expect(cluster.apiVersion).toBe('kubeadm.k8s.io/v1beta4');
    expect(init.localAPIEndpoint).toEqual({ advertiseAddress: '172.20.0.9', bindPort: 443 });
    expect(init.bootstrapTokens[0].token).toBe(secrets.bootstrapToken);
    expect(init.bootstrapTokens[0].ttl).toBe('48h0m0s');
    expect(init.nodeRegistration.kubeletExtraArgs).toContainEqual({
      name: 'cloud-provider',
      value: 'external',
    });
    expect(cluster.controlPlaneEndpoint).toBe('172.20.0.9:443');
    expect(cluster.apiServer.certSANs).toEqual(['203.0.113.10', '172.20.0.9']);
    expect(cluster.networking.podSubnet).toBe('10.244.0.0/16');
    expect(cluster.networking.serviceSubnet).toBe('10.0.0.0/16');
    expect(cluster.clusterName).toBe('kubernetes');
    expect(kubelet.cgroupDriver).toBe('systemd');
    // The kubelets ask the cluster CA for serving certificates; nodes get this from the kubelet-config ConfigMap.
    expect(kubelet.serverTLSBootstrap).toBe(true);
  });

  it('has a join configuration that pins the CA hash and reads the token at boot', () => {
    const body =
      buildBundle(bundleInput()).nodes.find((f) => f.key.endsWith('kubeadm-join.yaml'))?.body ?? '';
    const join = YAML.parse(body);
    expect(join.apiVersion).toBe('kubeadm.k8s.io/v1beta4');
    expect(join.kind).toBe('JoinConfiguration');
    expect(join.discovery.bootstrapToken.apiServerEndpoint).toBe('172.20.0.9:443');
    expect(join.discovery.bootstrapToken.caCertHashes).toEqual([secrets.caCertHash]);
    expect(join.discovery.bootstrapToken.token).toBe('__KUBE_TUI_BOOTSTRAP_TOKEN__');
    expect(join.discovery.bootstrapToken.unsafeSkipCAVerification).toBeUndefined();
    expect(join.nodeRegistration.kubeletExtraArgs).toContainEqual({
      name: 'cloud-provider',
      value: 'external',
    });
  });

  it('uses the given master address in an existing subnet', () => {
    const input = { ...bundleInput(), masterPrivateIp: '10.1.2.9' };
    const bundle = buildBundle(input);
    const init = bundle.master.find((f) => f.key.endsWith('kubeadm.yaml'))?.body ?? '';
    expect(init).toContain('controlPlaneEndpoint: 10.1.2.9:443');
    expect(bundle.nodes.find((f) => f.key.endsWith('bootstrap.sh'))?.body).toContain(
      "API_ENDPOINT='10.1.2.9:443'",
    );
  });

  it('mounts the master volume at /var/lib/etcd before kubeadm init and refreshes the node token daily', () => {
    const script = buildBundle(bundleInput()).master.find((f) => f.key.endsWith('/bootstrap.sh'))?.body ?? '';
    expect(script).toContain("MASTER_VOLUME_ID='vol-0123456789abcdef0'");
    expect(script).toContain('nvme-Amazon_Elastic_Block_Store_$serial');
    const main = script.slice(script.indexOf('main() {'));
    expect(main.indexOf('mount_etcd_volume')).toBeLessThan(main.indexOf('kubeadm_init'));
    expect(main.indexOf('fetch_master_files')).toBeLessThan(main.indexOf('kubeadm_init'));
    expect(script).toContain('OnCalendar=daily');
    expect(script).toContain('/etc/kubernetes/pki/ca.key 0600');
    const refresh =
      buildBundle(bundleInput()).master.find((f) => f.key.endsWith('refresh-token.sh'))?.body ?? '';
    expect(refresh).toContain('kubeadm token create');
    expect(refresh).toContain('--ttl 48h0m0s');
    expect(refresh).toContain("TOKEN_KEY='kubernetes/nodes/token'");
    expect(refresh).toContain('s3_put "$TOKEN_KEY"');
  });

  it('applies the add-ons the options ask for', () => {
    const files = (input: ReturnType<typeof bundleInput>) =>
      buildBundle(input)
        .master.filter((f) => f.key.includes('/addons/'))
        .map((f) => f.key.split('/').pop());
    expect(files(bundleInput())).toEqual([
      '10-flannel.yaml',
      '20-aws-cloud-controller-manager.yaml',
      '30-aws-ebs-csi-driver.yaml',
      '40-metrics-server.yaml',
      '50-elasticsearch-kibana.yaml',
      '60-fluent-bit.yaml',
    ]);
    expect(files(bundleInput({ monitoring: 'none', nodeLogging: false, clusterLogging: false }))).toEqual([
      '10-flannel.yaml',
      '20-aws-cloud-controller-manager.yaml',
      '30-aws-ebs-csi-driver.yaml',
    ]);
    expect(
      files(bundleInput({ nodeLogging: true, loggingDestination: 'cloudwatch', clusterLogging: false })),
    ).toContain('60-fluent-bit.yaml');
    const master = buildBundle(bundleInput()).master.find((f) => f.key.endsWith('/bootstrap.sh'))?.body ?? '';
    expect(master).toContain('ADDON_FILES=(10-flannel.yaml 20-aws-cloud-controller-manager.yaml');
  });

  it('names the login user of each OS', () => {
    expect(sshUserFor('ubuntu-24.04')).toBe('ubuntu');
    expect(sshUserFor('ubuntu-22.04')).toBe('ubuntu');
    expect(sshUserFor('debian-12')).toBe('admin');
    expect(sshUserFor('debian-13')).toBe('admin');
    expect(sshUserFor('al2023')).toBe('ec2-user');
    expect(sshUserFor('flatcar')).toBe('core');
  });
});
