import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { useMoto } from '../support/aws.js';
import { runCli } from '../support/cli.js';
import { type FaultProxy, startFaultProxy } from '../support/fault-proxy.js';
import { countsOf, snapshotAccount } from '../support/snapshot.js';

const freshHome = () => mkdtempSync(join(tmpdir(), 'kube-tui-up-home-'));
const pinnedCidrs = ['--ssh-cidr', '203.0.113.7/32', '--api-cidr', '203.0.113.7/32'];

describe('kube-tui up', () => {
  const moto = useMoto();
  const up = (args: string[], env: Record<string, string | undefined> = {}) =>
    runCli(['up', '--endpoint', moto.url, ...args], { env });

  it('--dry-run --json prints exactly the plan document, changes nothing and writes no file', async () => {
    const home = freshHome();
    const before = await snapshotAccount(moto.clients());
    const { code, stdout } = await up(['--dry-run', '--json', '--node-size', 't2.micro'], {
      HOME: home,
      XDG_CONFIG_HOME: join(home, '.config'),
    });
    expect(code).toBe(0);
    const document = JSON.parse(stdout);
    expect(Object.keys(document)).toEqual([
      'config',
      'expiresAt',
      'spot',
      'zones',
      'steps',
      'warnings',
      'permissions',
    ]);
    expect(document.spot).toBeNull();
    // One zone: the master's, with the cluster's first subnet and group.
    expect(document.zones).toEqual([
      {
        zone: 'us-west-2a',
        subnet: { name: 'kubernetes-subnet', cidr: '172.20.0.0/24' },
        autoScalingGroup: 'kubernetes-minion-group',
        nodes: 2,
      },
    ]);
    expect(document.permissions).toEqual({
      status: 'unchecked',
      reason: 'arn:aws:sts::123456789012:user/moto cannot be simulated',
    });
    expect(Object.keys(document.config)).toEqual([
      'name',
      'region',
      'zone',
      'os',
      'image',
      'masterSize',
      'nodeSize',
      'nodes',
      'masterDiskType',
      'masterDiskSize',
      'masterRootDiskType',
      'masterRootDiskSize',
      'nodeRootDiskType',
      'nodeRootDiskSize',
      'bucket',
      'bucketRegion',
      'sshKey',
      'monitoring',
      'nodeLogging',
      'loggingDestination',
      'clusterLogging',
      'vpcId',
      'subnetId',
      'sshCidr',
      'apiCidr',
      'nodePublicIp',
      'nodeSpot',
      'nodeSpotPrice',
      'nodeZones',
      'kubernetesVersion',
      'ttl',
      'protect',
    ]);
    expect(document.config).toMatchObject({
      name: 'kubernetes',
      region: 'us-west-2',
      zone: 'us-west-2a',
      os: 'ubuntu-24.04',
      masterSize: 't3.medium',
      nodeSize: 't2.micro',
      nodes: 2,
      masterDiskType: 'gp3',
      masterDiskSize: 20,
      masterRootDiskType: 'gp3',
      masterRootDiskSize: 32,
      nodeRootDiskType: 'gp3',
      nodeRootDiskSize: 32,
      bucketRegion: 'us-west-2',
      sshKey: join(home, '.ssh', 'kube_aws_rsa'),
      vpcId: null,
      subnetId: null,
      // Against the emulator the caller's address cannot be learned.
      sshCidr: '0.0.0.0/0',
      apiCidr: '0.0.0.0/0',
      kubernetesVersion: '1.36',
      ttl: null,
      protect: false,
    });
    expect(document.expiresAt).toBeNull();
    expect(document.config.image).toMatch(/^ami-/);
    expect(document.config.bucket).toMatch(/^kubernetes-staging-[0-9a-f]{12}$/);
    expect(document.steps).toHaveLength(11);
    expect(document.steps.map((step: { step: number }) => step.step)).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11,
    ]);
    expect(document.steps[0]).toEqual({
      step: 1,
      title: 'Upload installation files to S3',
      resources: [{ type: 's3-bucket', name: document.config.bucket }],
    });
    expect(document.warnings.some((warning: string) => warning.startsWith('node size t2.micro'))).toBe(true);
    expect(document.warnings.some((warning: string) => warning.startsWith('ssh cidr 0.0.0.0/0'))).toBe(true);
    expect(await snapshotAccount(moto.clients())).toEqual(before);
    expect(readdirSync(home)).toEqual([]);
  });

  it('--dry-run reads kube-up environment variables, maps legacy values and needs no --yes', async () => {
    const { code, stdout } = await up(['--dry-run', '--json'], {
      KUBE_AWS_INSTANCE_PREFIX: 'legacy',
      KUBE_AWS_ZONE: 'eu-west-1c',
      KUBE_OS_DISTRIBUTION: 'jessie',
      NUM_MINIONS: '3',
      MASTER_SIZE: 't3.large',
    });
    expect(code).toBe(0);
    const document = JSON.parse(stdout);
    expect(document.config).toMatchObject({
      name: 'legacy',
      region: 'eu-west-1',
      zone: 'eu-west-1c',
      os: 'debian-13',
      nodes: 3,
      masterSize: 't3.large',
    });
    expect(document.warnings.join('\n')).toContain('jessie');
  });

  it('--yes creates the cluster with one line per event and ends with "Kubernetes cluster is running"', async () => {
    const { code, stdout } = await up(['--yes', '--nodes', '1', ...pinnedCidrs]);
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    const running = lines.findIndex((line) => line.startsWith('Kubernetes cluster is running'));
    expect(running).toBeGreaterThan(lines.findIndex((line) => line.includes('Validate cluster: ✔ done')));
    expect(stdout).toContain('[ 4/11] Create VPC: created vpc vpc-');
    expect(stdout).toContain('[11/11] Create node instances: ✔ done');
    // Against the emulator nothing boots: validation says where it stops.
    expect(stdout).toContain('note: Emulator endpoint: validation stops at "instances running".');
    expect(stdout).not.toMatch(/\u001B\[/);
    const snapshot = await snapshotAccount(moto.clients());
    expect(snapshot.autoScalingGroups).toEqual(['kubernetes-minion-group']);
    expect(snapshot.vpcs).toHaveLength(1);
  });

  it('--yes --json prints one document with every resource', async () => {
    const { code, stdout, stderr } = await up([
      '--yes',
      '--json',
      '--cluster',
      'jsonic',
      '--nodes',
      '1',
      ...pinnedCidrs,
    ]);
    expect(code).toBe(0);
    const document = JSON.parse(stdout);
    expect(Object.keys(document)).toEqual([
      'cluster',
      'region',
      'resources',
      'kubeconfig',
      'kubeconfigContext',
      'elapsedMs',
    ]);
    expect(document.cluster).toBe('jsonic');
    const types = new Set(document.resources.map((resource: { type: string }) => resource.type));
    for (const type of [
      's3-bucket',
      'iam-role',
      'iam-instance-profile',
      'key-pair',
      'vpc',
      'subnet',
      'internet-gateway',
      'route-table',
      'security-group',
      'volume',
      'elastic-ip',
      'instance',
      'launch-template',
      'auto-scaling-group',
    ]) {
      expect(types.has(type), type).toBe(true);
    }
    expect(stderr).toContain('Create VPC');
  });

  it.each([
    [['--cluster', 'Bad_Name'], '--cluster Bad_Name'],
    [['--zone', 'us-west-2z'], '--zone us-west-2z'],
    [['--master-size', 't3.micro'], '--master-size t3.micro'],
    [['--nodes', '-1'], '--nodes -1'],
    [['--master-disk-size', '0'], '--master-disk-size 0'],
    [['--ssh-cidr', '10.0.0.0/33'], '--ssh-cidr 10.0.0.0/33'],
    [['--subnet-id', 'subnet-0123456789abcdef0'], '--subnet-id'],
  ])('refuses %j with exit 2, names the option and creates nothing', async (args, named) => {
    const before = countsOf(await snapshotAccount(moto.clients()));
    const { code, stderr } = await up(['--yes', ...args]);
    expect(code).toBe(2);
    expect(stderr).toContain(named);
    expect(countsOf(await snapshotAccount(moto.clients()))).toEqual(before);
  });

  it('without --yes and without a terminal it says which flag to pass and exits 2', async () => {
    const { code, stderr } = await up([]);
    expect(code).toBe(2);
    expect(stderr).toContain('kube-tui up --yes');
  });

  describe('when a step fails', () => {
    let proxy: FaultProxy | undefined;
    afterEach(async () => {
      await proxy?.stop();
      proxy = undefined;
    });

    it('exits 1 naming the step and the AWS error, what exists, and how to resume or remove it', async () => {
      proxy = await startFaultProxy({
        target: moto.url,
        rules: [
          {
            service: 'ec2',
            action: 'RunInstances',
            error: {
              status: 400,
              code: 'VcpuLimitExceeded',
              message: 'You have requested more vCPU capacity than your current vCPU limit of 0 allows',
            },
          },
        ],
      });
      const { code, stderr } = await runCli([
        'up',
        '--endpoint',
        proxy.url,
        '--yes',
        '--nodes',
        '1',
        ...pinnedCidrs,
      ]);
      expect(code).toBe(1);
      expect(stderr).toContain('master-instance failed');
      expect(stderr).toContain('VcpuLimitExceeded');
      expect(stderr).toMatch(/vpc vpc-[0-9a-f]+ \(kubernetes-vpc\)/);
      expect(stderr).toContain('kube-tui down --cluster kubernetes --region us-west-2');
      expect(stderr).toMatch(/Resume .*kube-tui up/);
    });

    it('exits 3 and names the IAM action when permission is denied', async () => {
      proxy = await startFaultProxy({
        target: moto.url,
        rules: [
          {
            service: 'iam',
            action: 'CreateRole',
            error: {
              status: 403,
              code: 'AccessDenied',
              message:
                'User: arn:aws:iam::123456789012:user/dev is not authorized to perform: iam:CreateRole',
            },
          },
        ],
      });
      const { code, stderr } = await runCli([
        'up',
        '--endpoint',
        proxy.url,
        '--yes',
        '--nodes',
        '1',
        ...pinnedCidrs,
      ]);
      expect(code).toBe(3);
      expect(stderr).toContain('iam:CreateRole');
      expect(existsSync(join(process.env.HOME!, '.ssh'))).toBe(true);
    });
  });
});
