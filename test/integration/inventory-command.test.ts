import { afterEach, describe, expect, it } from 'vitest';
import { useMoto } from '../support/aws.js';
import { runCli } from '../support/cli.js';
import { type FaultProxy, startFaultProxy } from '../support/fault-proxy.js';
import { makeKubeUpCluster } from '../support/kube-up.js';
import { makeLeftovers } from '../support/leftovers.js';

describe('kube-tui inventory', () => {
  const moto = useMoto();
  const proxies: FaultProxy[] = [];
  afterEach(async () => {
    await Promise.all(proxies.splice(0).map((proxy) => proxy.stop()));
  });
  const inventory = (args: string[], endpoint = moto.url) =>
    runCli(['inventory', '--endpoint', endpoint, '--region', 'us-west-2', ...args]);

  it('--json prints exactly the document of DESIGN.md section 4', async () => {
    const legacy = await makeKubeUpCluster(moto.clients(), { name: 'legacy', nodes: 1 });
    const gone = await makeLeftovers(moto.clients(), 'gone');
    const { code, stdout, stderr } = await inventory(['--json']);
    expect(stderr).not.toContain('kube-tui:');
    expect(code).toBe(0);
    const document = JSON.parse(stdout);
    expect(Object.keys(document)).toEqual(['region', 'spend', 'clusters', 'orphans']);
    expect(document.region).toBe('us-west-2');
    expect(Object.keys(document.spend)).toEqual([
      'runningHourlyUsd',
      'leakingMonthlyUsd',
      'unpriced',
      'pricesAsOf',
      'pricesRegion',
    ]);
    expect(document.clusters).toHaveLength(1);
    const [cluster] = document.clusters;
    expect(Object.keys(cluster)).toEqual([
      'name',
      'region',
      'hourlyUsd',
      'costSoFarUsd',
      'unpriced',
      'expiresAt',
      'expired',
      'protected',
      'resources',
    ]);
    expect(cluster).toMatchObject({
      name: 'legacy',
      region: 'us-west-2',
      expiresAt: null,
      expired: false,
      protected: false,
    });
    for (const resource of cluster.resources) {
      expect(Object.keys(resource)).toEqual(['type', 'id', 'name', 'state', 'tags']);
    }
    expect(cluster.resources).toContainEqual({
      type: 'vpc',
      id: legacy.vpcId,
      name: 'kubernetes-vpc',
      state: 'available',
      tags: { Name: 'kubernetes-vpc', KubernetesCluster: 'legacy' },
    });
    expect(cluster.resources).toContainEqual({
      type: 'launch-configuration',
      id: legacy.launchConfiguration,
      name: legacy.launchConfiguration,
      state: null,
      tags: {},
    });
    for (const orphan of document.orphans) {
      expect(Object.keys(orphan)).toEqual(['type', 'id', 'name', 'region', 'reason', 'monthlyUsd', 'price']);
    }
    expect(document.orphans).toContainEqual({
      type: 'dhcp-options',
      id: gone.dhcpOptionsId,
      name: 'kubernetes-dhcp-option-set',
      region: 'us-west-2',
      reason: 'tagged for cluster gone, which has no VPC or instance in us-west-2; no VPC uses it',
      monthlyUsd: 0,
      price: 'free',
    });
    expect(document.orphans).toContainEqual(
      expect.objectContaining({ type: 'iam-role', id: gone.roles[0], region: 'global' }),
    );
  });

  it('prints a table per cluster and the orphans with their reasons; --cluster narrows both', async () => {
    const legacy = await makeKubeUpCluster(moto.clients(), { name: 'legacy', nodes: 1 });
    await makeKubeUpCluster(moto.clients(), { name: 'other', cidr: '172.21', nodes: 1 });
    const gone = await makeLeftovers(moto.clients(), 'gone');

    const all = await inventory([]);
    expect(all.code).toBe(0);
    const lines = all.stdout.split('\n');
    expect(lines[0]).toBe('Inventory of us-west-2 (account 123456789012)');
    expect(all.stdout).toMatch(
      /^Cluster legacy · us-west-2 · running \(2 instances\) · up \d+ min · about ≥?\$\d\.\d{3}\/h, \$\d\.\d{3} so far$/m,
    );
    expect(all.stdout).toMatch(/^Cluster other · us-west-2 · /m);
    expect(all.stdout).toMatch(/^ {2}TYPE +NAME +ID +STATE +NOTE$/m);
    expect(all.stdout).toMatch(new RegExp(`^ {2}vpc +kubernetes-vpc +${legacy.vpcId} +available$`, 'm'));
    expect(all.stdout).toMatch(
      new RegExp(
        `^ {2}internet-gateway +${legacy.internetGatewayId} +attached +kube-up's name, untagged$`,
        'm',
      ),
    );
    expect(all.stdout).toMatch(/^ {2}iam-role +kubernetes-master +kube-up's name, untagged; also other$/m);
    expect(all.stdout).toMatch(/^Orphans \(12\): left by clusters that are gone/m);
    expect(all.stdout).toMatch(
      new RegExp(
        `^ {2}dhcp-options +kubernetes-dhcp-option-set +${gone.dhcpOptionsId} +us-west-2 +free$`,
        'm',
      ),
    );
    expect(all.stdout).toContain(
      '      ↳ tagged for cluster gone, which has no VPC or instance in us-west-2; no VPC uses it',
    );

    const one = await inventory(['--cluster', 'legacy']);
    expect(one.code).toBe(0);
    expect(one.stdout).toContain('Cluster legacy');
    expect(one.stdout).not.toContain('Cluster other');
    expect(one.stdout).toContain('No orphans.');

    const goneOnly = JSON.parse((await inventory(['--cluster', 'gone', '--json'])).stdout);
    expect(goneOnly.clusters).toEqual([]);
    // The orphans tied to cluster gone: not the shared ones whose tags name no cluster.
    expect(goneOnly.orphans.map((orphan: { type: string }) => orphan.type).sort()).toEqual([
      'dhcp-options',
      'elastic-ip',
      'elastic-ip',
      'iam-instance-profile',
      'iam-instance-profile',
      'iam-role',
      'iam-role',
      'launch-configuration',
      'log-group',
      's3-bucket',
      'volume',
    ]);

    const none = await inventory(['--cluster', 'nowhere']);
    expect(none.code).toBe(0);
    expect(none.stdout).toContain('No cluster nowhere found.');
  });

  it('--all-regions scans every enabled region and finds clusters in two of them', async () => {
    await makeKubeUpCluster(moto.clients(), { name: 'west', nodes: 1 });
    await makeKubeUpCluster(moto.clients('eu-west-1'), { name: 'europe', region: 'eu-west-1', nodes: 1 });
    const { code, stdout, stderr } = await runCli(
      ['inventory', '--endpoint', moto.url, '--region', 'us-west-2', '--all-regions', '--json'],
      { timeoutMs: 180_000 },
    );
    expect(stderr).not.toContain('kube-tui:');
    expect(code).toBe(0);
    const document = JSON.parse(stdout);
    expect(document.region).toBe('all');
    expect(
      document.clusters.map(
        (cluster: { name: string; region: string }) => `${cluster.region}/${cluster.name}`,
      ),
    ).toEqual(['eu-west-1/europe', 'us-west-2/west']);
    // Both clusters use kube-up's shared roles: with every region scanned, neither is an orphan.
    expect(document.orphans).toEqual([]);
  }, 240_000);

  it('exits 3 and names the action when a listing is denied; 2 for bad usage', async () => {
    const proxy = await startFaultProxy({
      target: moto.url,
      rules: [
        {
          service: 'ec2',
          action: 'DescribeVolumes',
          error: {
            status: 403,
            code: 'UnauthorizedOperation',
            message: 'You are not authorized to perform this operation.',
          },
        },
      ],
    });
    proxies.push(proxy);
    const denied = await inventory([], proxy.url);
    expect(denied.code).toBe(3);
    expect(denied.stderr).toContain('ec2:DescribeVolumes');
    expect(denied.stderr).toContain('listing volumes in us-west-2');
    expect(denied.stdout).toBe('');

    const badRegion = await runCli(['inventory', '--endpoint', moto.url, '--region', 'moon-1']);
    expect(badRegion.code).toBe(2);
    expect(badRegion.stderr).toContain('--region moon-1');
    const badFlag = await inventory(['--bogus']);
    expect(badFlag.code).toBe(2);
    const emptyCluster = await inventory(['--cluster', '']);
    expect(emptyCluster.code).toBe(2);
  });
});
