import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AllocateAddressCommand,
  AssociateAddressCommand,
  DescribeAddressesCommand,
  DescribeInstancesCommand,
  DescribeInternetGatewaysCommand,
  DescribeKeyPairsCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
} from '@aws-sdk/client-ec2';
import { ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterEach, describe, expect, it } from 'vitest';
import type { Inventory } from '../../src/model/inventory.js';
import { useMoto } from '../support/aws.js';
import { cliPath, runCli } from '../support/cli.js';
import { engineFor, provisionCluster, testConfig } from '../support/cluster.js';
import { type FaultProxy, startFaultProxy } from '../support/fault-proxy.js';
import { makeKubeUpCluster, makeUserNetwork } from '../support/kube-up.js';
import { makeBucket, makeDecoys } from '../support/leftovers.js';
import { snapshotAccount } from '../support/snapshot.js';

const pinnedCidrs = ['--ssh-cidr', '203.0.113.7/32', '--api-cidr', '203.0.113.7/32'];

function freshHome() {
  const home = mkdtempSync(join(tmpdir(), 'kube-tui-down-home-'));
  return { HOME: home, XDG_CONFIG_HOME: join(home, '.config'), KUBECONFIG: undefined };
}

async function discoverWith(url: string): Promise<Inventory> {
  const engine = engineFor(url);
  try {
    return await engine.discover();
  } finally {
    engine.close();
  }
}

const pairsOf = (inventory: Inventory, cluster: string) =>
  (inventory.clusters.find((entry) => entry.name === cluster)?.resources ?? [])
    .map((resource) => `${resource.type} ${resource.id}`)
    .sort();

const tagKeys = (tags: { Key?: string }[] | undefined) => (tags ?? []).map((tag) => tag.Key).sort();

describe('kube-tui down', () => {
  const moto = useMoto();
  const down = (cluster: string, args: string[] = ['--yes'], env: Record<string, string | undefined> = {}) =>
    runCli(['down', '--cluster', cluster, '--endpoint', moto.url, ...args], { env });

  it('after up, leaves the account exactly as before, and removes the kubeconfig context and the secrets', async () => {
    const env = freshHome();
    const before = await snapshotAccount(moto.clients());
    const up = await runCli(
      ['up', '--endpoint', moto.url, '--yes', '--logging-destination', 'cloudwatch', ...pinnedCidrs],
      { env },
    );
    expect(up.code, up.stderr).toBe(0);
    const kubeconfig = join(env.HOME, '.kube', 'config');
    const secrets = join(env.XDG_CONFIG_HOME, 'kube-tui', 'clusters', 'us-west-2', 'kubernetes', 'secrets');
    expect(readFileSync(kubeconfig, 'utf8')).toContain('aws_kubernetes');
    expect(existsSync(secrets)).toBe(true);

    const result = await down('kubernetes', ['--yes', '--json'], env);
    expect(result.code, result.stderr).toBe(0);
    const document = JSON.parse(result.stdout);
    expect(Object.keys(document)).toEqual(['deleted', 'remaining', 'kept', 'elapsedMs']);
    expect(document.remaining).toEqual([]);
    for (const entry of document.deleted) expect(Object.keys(entry)).toEqual(['type', 'id', 'name']);
    expect(document.deleted.map((entry: { type: string }) => entry.type).sort()).toEqual(
      [
        'auto-scaling-group',
        'elastic-ip',
        'iam-instance-profile',
        'iam-instance-profile',
        'iam-role',
        'iam-role',
        'instance',
        'instance',
        'instance',
        'internet-gateway',
        'key-pair',
        'kubeconfig-context',
        'launch-template',
        'local-secrets',
        'log-group',
        'route-table',
        's3-bucket',
        'security-group',
        'security-group',
        'subnet',
        'volume',
        'volume',
        'vpc',
      ].sort(),
    );
    // One line per event on stderr with --json, the document alone on stdout.
    expect(result.stderr).toMatch(/\[ ?\d+\/23\] delete vpc vpc-[0-9a-f]+ \(kubernetes-vpc\): ✔ done/);
    expect(result.stderr).toContain('Checking: a fresh scan of us-west-2');

    expect(await snapshotAccount(moto.clients())).toEqual(before);
    expect(readFileSync(kubeconfig, 'utf8')).not.toContain('aws_kubernetes');
    expect(existsSync(secrets)).toBe(false);

    // Run again, as after a run killed between its last deletion and its exit: the job is done.
    const again = await down('kubernetes', ['--yes'], env);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(
      /Cluster kubernetes is already gone from us-west-2: kube-tui finished deleting it at \S+, and a fresh scan finds nothing of it\./,
    );
    const dryAgain = await down('kubernetes', ['--dry-run'], env);
    expect(dryAgain.code, dryAgain.stderr).toBe(0);
    expect(dryAgain.stdout).toContain('Cluster kubernetes is already gone from us-west-2');

    // A new cluster of that name makes the old teardown history: unknown again once it is gone.
    const record = join(
      env.XDG_CONFIG_HOME,
      'kube-tui',
      'clusters',
      'us-west-2',
      'kubernetes',
      'torn-down.json',
    );
    expect(existsSync(record)).toBe(true);
    const upAgain = await runCli(['up', '--endpoint', moto.url, '--yes', ...pinnedCidrs], { env });
    expect(upAgain.code, upAgain.stderr).toBe(0);
    expect(existsSync(record)).toBe(false);
    expect((await down('kubernetes', ['--yes'], env)).code).toBe(0);
    expect(await snapshotAccount(moto.clients())).toEqual(before);
  });

  it("removes a kube-up cluster built through the SDK, untagged pieces included; another cluster, the decoys, a user's address and a data bucket survive", async () => {
    const clients = moto.clients();
    const ec2 = clients.ec2();
    await provisionCluster(moto.url, testConfig({ name: 'other', nodes: 1 }));
    const decoys = await makeDecoys(clients);
    const userAddress = await ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }));
    const before = await snapshotAccount(clients);
    const otherBefore = pairsOf(await discoverWith(moto.url), 'other');

    const legacy = await makeKubeUpCluster(clients, { name: 'legacy' });
    const { Reservations = [] } = await ec2.send(
      new DescribeInstancesCommand({
        Filters: [
          { Name: 'tag:Name', Values: ['legacy-minion'] },
          { Name: 'instance-state-name', Values: ['running'] },
        ],
      }),
    );
    const node = Reservations[0]!.Instances![0]!.InstanceId!;
    await ec2.send(new AssociateAddressCommand({ AllocationId: userAddress.AllocationId, InstanceId: node }));

    // The dry run lists every piece with its action and changes nothing.
    const planned = await snapshotAccount(clients);
    const dry = await down('legacy', ['--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(await snapshotAccount(clients)).toEqual(planned);
    for (const line of [
      new RegExp(`release +elastic-ip +${legacy.allocationId}`),
      new RegExp(`disassociate +elastic-ip +${userAddress.AllocationId}`),
      new RegExp(`delete +internet-gateway +${legacy.internetGatewayId}`),
      new RegExp(`delete +launch-configuration +${legacy.launchConfiguration}`),
      new RegExp(`delete +auto-scaling-group +${legacy.autoScalingGroup}`),
      new RegExp(`delete +key-pair +${legacy.keyName}`),
      new RegExp(`delete +dhcp-options +${legacy.dhcpOptionsId}`),
      /delete +iam-role +kubernetes-master \(global\)/,
      /delete +iam-instance-profile +kubernetes-minion \(global\)/,
    ]) {
      expect(dry.stdout).toMatch(line);
    }
    expect(dry.stdout).toContain('Dry run: nothing was deleted.');

    const result = await down('legacy', ['--yes', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const deleted = JSON.parse(result.stdout).deleted.map(
      (entry: { type: string; id: string }) => `${entry.type} ${entry.id}`,
    );
    for (const piece of [
      `vpc ${legacy.vpcId}`,
      `internet-gateway ${legacy.internetGatewayId}`,
      `elastic-ip ${legacy.allocationId}`,
      `elastic-ip ${userAddress.AllocationId}`,
      `launch-configuration ${legacy.launchConfiguration}`,
      `key-pair ${legacy.keyName}`,
      `dhcp-options ${legacy.dhcpOptionsId}`,
      'iam-role kubernetes-master',
      'iam-role kubernetes-minion',
      'iam-instance-profile kubernetes-master',
      'iam-instance-profile kubernetes-minion',
    ]) {
      expect(deleted).toContain(piece);
    }

    // Exactly what was there before the kube-up cluster: the user's address (only disassociated),
    // the other cluster, the decoy VPC, volume, instance, roles and kubernetes-prod-data bucket.
    expect(await snapshotAccount(clients)).toEqual(before);
    const { Addresses = [] } = await ec2.send(
      new DescribeAddressesCommand({ AllocationIds: [userAddress.AllocationId!] }),
    );
    expect(Addresses[0]?.AssociationId).toBeUndefined();
    expect(pairsOf(await discoverWith(moto.url), 'other')).toEqual(otherBefore);
    expect(before.buckets).toContain('kubernetes-prod-data');
    expect(before.vpcs).toContain(decoys.vpcId);
    expect(before.volumes).toContain(decoys.volumeId);
  });

  it("keeps what is shared: a user's VPC and subnet lose only the cluster's tag, a key pair keeps the other cluster's tag", async () => {
    const clients = moto.clients();
    const ec2 = clients.ec2();
    const network = await makeUserNetwork(clients);
    const before = await snapshotAccount(clients);
    await provisionCluster(
      moto.url,
      testConfig({ name: 'byo', nodes: 1, vpcId: network.vpcId, subnetId: network.subnetId }),
    );
    await provisionCluster(moto.url, testConfig({ name: 'next', nodes: 1 }));
    const nextBefore = pairsOf(await discoverWith(moto.url), 'next');
    const { KeyPairs: keys = [] } = await ec2.send(new DescribeKeyPairsCommand({}));
    expect(keys).toHaveLength(1);
    expect(tagKeys(keys[0]!.Tags)).toEqual(['kubernetes.io/cluster/byo', 'kubernetes.io/cluster/next']);

    const result = await down('byo');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/remove-tag vpc /);
    const [vpc] = (await ec2.send(new DescribeVpcsCommand({ VpcIds: [network.vpcId] }))).Vpcs ?? [];
    expect(tagKeys(vpc?.Tags)).toEqual(['Name']);
    const [subnet] =
      (await ec2.send(new DescribeSubnetsCommand({ SubnetIds: [network.subnetId] }))).Subnets ?? [];
    expect(tagKeys(subnet?.Tags)).toEqual([]);
    const [gateway] =
      (
        await ec2.send(
          new DescribeInternetGatewaysCommand({ InternetGatewayIds: [network.internetGatewayId] }),
        )
      ).InternetGateways ?? [];
    expect(gateway?.Attachments?.[0]?.VpcId).toBe(network.vpcId);
    expect(tagKeys(gateway?.Tags)).not.toContain('kubernetes.io/cluster/byo');
    const { KeyPairs: after = [] } = await ec2.send(new DescribeKeyPairsCommand({}));
    expect(after.map((key) => tagKeys(key.Tags))).toEqual([['kubernetes.io/cluster/next']]);
    expect(pairsOf(await discoverWith(moto.url), 'next')).toEqual(nextBefore);

    const last = await down('next');
    expect(last.code, last.stderr).toBe(0);
    expect(await snapshotAccount(clients)).toEqual(before);
  });

  it("with a user's AWS_S3_BUCKET, removes only <C>/ in it: the bucket and its other prefixes stay", async () => {
    const clients = moto.clients();
    const s3 = clients.s3();
    await makeBucket(clients, 'team-artifacts', 'us-west-2');
    await s3.send(new PutObjectCommand({ Bucket: 'team-artifacts', Key: 'releases/v1.tar', Body: 'x' }));
    await s3.send(new PutObjectCommand({ Bucket: 'team-artifacts', Key: 'kubernetes-notes.txt', Body: 'y' }));
    const env = { ...freshHome(), AWS_S3_BUCKET: 'team-artifacts' };
    const up = await runCli(['up', '--endpoint', moto.url, '--yes', '--nodes', '1', ...pinnedCidrs], { env });
    expect(up.code, up.stderr).toBe(0);
    const keys = async () =>
      ((await s3.send(new ListObjectsV2Command({ Bucket: 'team-artifacts' }))).Contents ?? [])
        .map((object) => object.Key!)
        .sort();
    expect((await keys()).filter((key) => key.startsWith('kubernetes/')).length).toBeGreaterThan(2);

    const result = await down('kubernetes', ['--yes'], env);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(
      /delete-objects s3-bucket team-artifacts \(s3:\/\/team-artifacts\/kubernetes\/\)/,
    );
    expect(await keys()).toEqual(['kubernetes-notes.txt', 'releases/v1.tar']);
    expect((await snapshotAccount(clients)).buckets).toEqual(['team-artifacts']);
  });

  it('an unknown cluster: nothing deleted, says which clusters exist, exit 1 (as kube-down and kops)', async () => {
    await makeKubeUpCluster(moto.clients(), { name: 'legacy', nodes: 1 });
    const before = await snapshotAccount(moto.clients());
    const result = await down('legcy');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'No cluster legcy in us-west-2: nothing of it was found, so nothing was deleted.',
    );
    expect(result.stderr).toContain('Clusters in us-west-2: legacy.');
    // The dry run says the same and fails the same way.
    const dry = await down('legcy', ['--dry-run']);
    expect(dry.code).toBe(1);
    expect(dry.stdout).toContain('No cluster legcy in us-west-2');
    expect(await snapshotAccount(moto.clients())).toEqual(before);
  });

  it('--dry-run --json prints the plan in deletion order and changes nothing', async () => {
    await provisionCluster(moto.url, testConfig({ nodes: 1 }));
    const before = await snapshotAccount(moto.clients());
    const { code, stdout } = await down('kubernetes', ['--dry-run', '--json']);
    expect(code).toBe(0);
    const document = JSON.parse(stdout);
    expect(Object.keys(document)).toEqual(['cluster', 'region', 'protected', 'plan', 'permissions']);
    expect(document.protected).toEqual([]);
    // moto's caller cannot be simulated: the plan says so rather than claim the actions allowed.
    expect(document.permissions).toEqual({
      status: 'unchecked',
      reason: 'arn:aws:sts::123456789012:user/moto cannot be simulated',
    });
    expect(document).toMatchObject({ cluster: 'kubernetes', region: 'us-west-2' });
    for (const step of document.plan) {
      expect(Object.keys(step)).toEqual(['type', 'id', 'name', 'region', 'action', 'reason']);
    }
    const types: string[] = document.plan.map((step: { type: string }) => step.type);
    expect(types.indexOf('auto-scaling-group')).toBeLessThan(types.indexOf('instance'));
    expect(types.lastIndexOf('instance')).toBeLessThan(types.indexOf('security-group'));
    expect(types.indexOf('subnet')).toBeLessThan(types.indexOf('vpc'));
    expect(types.indexOf('internet-gateway')).toBeLessThan(types.indexOf('vpc'));
    expect(types.lastIndexOf('iam-instance-profile')).toBeLessThan(types.indexOf('iam-role'));
    expect(await snapshotAccount(moto.clients())).toEqual(before);
  });

  it('without a terminal and without --yes: says which flag to pass, exit 2; a bad --timeout is exit 2', async () => {
    const noTerminal = await runCli(['down', '--cluster', 'kubernetes', '--endpoint', moto.url]);
    expect(noTerminal.code).toBe(2);
    expect(noTerminal.stderr).toContain('needs an interactive terminal');
    expect(noTerminal.stderr).toContain('kube-tui down --cluster kubernetes --yes');
    const cleanup = await runCli(['cleanup', '--orphans', '--endpoint', moto.url]);
    expect(cleanup.code).toBe(2);
    expect(cleanup.stderr).toContain('kube-tui cleanup --orphans --yes');
    const timeout = await down('kubernetes', ['--yes', '--timeout', 'soon']);
    expect(timeout.code).toBe(2);
    expect(timeout.stderr).toContain('--timeout soon');
  });
});

describe('kube-tui down under faults', () => {
  const moto = useMoto();
  let proxy: FaultProxy | undefined;
  afterEach(async () => {
    await proxy?.stop();
    proxy = undefined;
  });

  it('permission denied on one delete: the rest goes, what remains is listed with why, exit 3', async () => {
    await provisionCluster(moto.url, testConfig({ nodes: 1 }));
    proxy = await startFaultProxy({
      target: moto.url,
      rules: [
        {
          service: 'ec2',
          action: 'DeleteVpc',
          error: {
            status: 403,
            code: 'UnauthorizedOperation',
            message: 'You are not authorized to perform this operation.',
          },
        },
      ],
    });
    const result = await runCli([
      'down',
      '--cluster',
      'kubernetes',
      '--endpoint',
      proxy.url,
      '--yes',
      '--json',
    ]);
    expect(result.code).toBe(3);
    const document = JSON.parse(result.stdout);
    expect(document.remaining).toEqual([
      expect.objectContaining({
        type: 'vpc',
        name: 'kubernetes-vpc',
        reason: expect.stringContaining('ec2:DeleteVpc'),
      }),
    ]);
    expect(document.deleted.map((entry: { type: string }) => entry.type)).toContain('subnet');
    expect(result.stderr).toContain('1 resource remains');
    // Local state stays while the cluster has something left in AWS.
    expect(document.deleted.map((entry: { type: string }) => entry.type)).not.toContain('kubeconfig-context');
  });

  it('the first Ctrl+C cancels the calls in flight and says what is left; running down again finishes', async () => {
    const before = await snapshotAccount(moto.clients());
    await provisionCluster(moto.url, testConfig({ nodes: 1 }));
    proxy = await startFaultProxy({ target: moto.url, latencyMs: 400 });
    const stopped = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(
        process.execPath,
        [cliPath, 'down', '--cluster', 'kubernetes', '--endpoint', proxy!.url, '--yes'],
        {
          env: process.env,
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let stdout = '';
      let stderr = '';
      let sent = false;
      child.stdout.on('data', (chunk) => {
        stdout += chunk;
        if (!sent && /delete instance .*: started/.test(stdout)) {
          sent = true;
          child.kill('SIGINT');
        }
      });
      child.stderr.on('data', (chunk) => {
        stderr += chunk;
      });
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
    expect(stopped.code).toBe(1);
    expect(stopped.stderr).toContain('Stopping: cancelling the calls in flight');
    expect(stopped.stderr).toMatch(/Stopped after .*\. Not removed yet \(\d+\):/);
    expect(stopped.stderr).toMatch(/vpc vpc-[0-9a-f]+ \(kubernetes-vpc\)/);
    expect(stopped.stderr).toContain(
      'Run it again to finish: kube-tui down --cluster kubernetes --region us-west-2',
    );

    const again = await runCli(['down', '--cluster', 'kubernetes', '--endpoint', moto.url, '--yes']);
    expect(again.code, again.stderr).toBe(0);
    expect(await snapshotAccount(moto.clients())).toEqual(before);
  });
});
