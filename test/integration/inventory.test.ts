import { DescribeInstancesCommand, DescribeVolumesCommand } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { AwsClients } from '../../src/aws/clients.js';
import { discover } from '../../src/aws/discovery.js';
import { classifyError } from '../../src/aws/errors.js';
import type { Inventory, InventoryCluster } from '../../src/model/inventory.js';
import { useMoto } from '../support/aws.js';
import { provisionCluster, testConfig } from '../support/cluster.js';
import { roundTripsDeep, startFaultProxy } from '../support/fault-proxy.js';
import { makeKubeUpCluster } from '../support/kube-up.js';
import { makeDecoys, makeLeftovers, makeRoleWithProfile } from '../support/leftovers.js';
import { makeServiceLoadBalancers } from '../support/service-load-balancers.js';

const pairs = (cluster: InventoryCluster | undefined) =>
  (cluster?.resources ?? []).map((resource) => `${resource.type} ${resource.id}`).sort();
const clusterOf = (inventory: Inventory, name: string) => inventory.clusters.find((c) => c.name === name);

/** Counts the calls one discovery makes, by `service:action`. */
function countingClients(url: string) {
  const counts = new Map<string, number>();
  const clients = new AwsClients({
    region: 'us-west-2',
    endpoint: url,
    maxAttempts: 2,
    onCall: (call) =>
      counts.set(`${call.service}:${call.action}`, (counts.get(`${call.service}:${call.action}`) ?? 0) + 1),
  });
  return { clients, counts };
}

describe('discovery against moto', () => {
  const moto = useMoto();

  it('groups a kube-up cluster, a kube-tui cluster and a foreign one exactly, and finds the orphans with reasons', async () => {
    const clients = moto.clients();
    const legacy = await makeKubeUpCluster(clients, { name: 'legacy' });
    const foreign = await makeKubeUpCluster(clients, { name: 'other', cidr: '172.21', nodes: 1 });
    const tui = await provisionCluster(
      moto.url,
      testConfig({ name: 'tui', loggingDestination: 'cloudwatch' }),
    );
    const tuiVpc = tui.result.resources.find((resource) => resource.type === 'vpc')!.id;
    const tuiSubnet = tui.result.resources.find((resource) => resource.type === 'subnet')!.id;
    const balancers = await makeServiceLoadBalancers(clients, 'tui', tuiVpc, tuiSubnet);
    const gone = await makeLeftovers(clients, 'gone');
    const decoys = await makeDecoys(clients);

    const inventory = await discover({ clients, region: 'us-west-2' });

    expect(inventory.region).toBe('us-west-2');
    expect(inventory.regions).toEqual(['us-west-2']);
    expect(inventory.allRegions).toBe(false);
    expect(inventory.accountId).toBe('123456789012');
    expect(inventory.clusters.map((cluster) => `${cluster.region}/${cluster.name}`)).toEqual([
      'us-west-2/legacy',
      'us-west-2/other',
      'us-west-2/tui',
    ]);

    // kube-up's cluster: tagged pieces, plus its untagged gateway, Elastic IP, launch configuration,
    // shared kubernetes-master/-minion roles and profiles and kube-up key pair, found as kops does.
    const legacyNodes = clusterOf(inventory, 'legacy')!
      .resources.filter((resource) => resource.type === 'instance' && resource.id !== legacy.masterInstanceId)
      .map((resource) => resource.id);
    expect(legacyNodes).toHaveLength(2);
    expect(pairs(clusterOf(inventory, 'legacy'))).toEqual(
      [
        `vpc ${legacy.vpcId}`,
        `dhcp-options ${legacy.dhcpOptionsId}`,
        `subnet ${legacy.subnetId}`,
        `internet-gateway ${legacy.internetGatewayId}`,
        `route-table ${legacy.routeTableId}`,
        `security-group ${legacy.masterGroupId}`,
        `security-group ${legacy.nodeGroupId}`,
        `volume ${legacy.volumeId}`,
        `elastic-ip ${legacy.allocationId}`,
        `instance ${legacy.masterInstanceId}`,
        ...legacyNodes.map((id) => `instance ${id}`),
        `launch-configuration ${legacy.launchConfiguration}`,
        `auto-scaling-group ${legacy.autoScalingGroup}`,
        `key-pair ${legacy.keyName}`,
        'iam-role kubernetes-master',
        'iam-role kubernetes-minion',
        'iam-instance-profile kubernetes-master',
        'iam-instance-profile kubernetes-minion',
      ].sort(),
    );
    const ownership = (cluster: string, type: string, id: string) =>
      clusterOf(inventory, cluster)!.resources.find(
        (resource) => resource.type === type && resource.id === id,
      )?.ownership;
    expect(ownership('legacy', 'vpc', legacy.vpcId)).toBe('owned');
    expect(ownership('legacy', 'internet-gateway', legacy.internetGatewayId)).toBe('kube-up-name');
    expect(ownership('legacy', 'elastic-ip', legacy.allocationId)).toBe('kube-up-name');
    expect(ownership('legacy', 'launch-configuration', legacy.launchConfiguration)).toBe('kube-up-name');
    expect(ownership('legacy', 'key-pair', legacy.keyName)).toBe('kube-up-name');
    expect(ownership('legacy', 'iam-role', 'kubernetes-master')).toBe('kube-up-name');

    // The foreign cluster is listed apart; kube-up's shared roles are claimed by both, and say so.
    expect(pairs(clusterOf(inventory, 'other'))).toContain(`vpc ${foreign.vpcId}`);
    expect(pairs(clusterOf(inventory, 'other'))).toContain('iam-role kubernetes-minion');
    expect(pairs(clusterOf(inventory, 'legacy')).some((pair) => pair.includes(foreign.vpcId))).toBe(false);
    const sharedRole = clusterOf(inventory, 'legacy')!.resources.find((r) => r.id === 'kubernetes-minion')!;
    expect(sharedRole.alsoClaimedBy).toEqual([{ name: 'other', region: 'us-west-2' }]);
    expect(sharedRole.usedBy?.map((use) => `${use.type} ${use.id} ${use.cluster?.name}`).sort()).toEqual([
      `launch-configuration ${legacy.launchConfiguration} legacy`,
      `launch-configuration ${foreign.launchConfiguration} other`,
    ]);

    // kube-tui's cluster: what provisioning reported, plus its tagged root volume and the load
    // balancers the cloud controller made for its Services.
    const { Volumes = [] } = await clients
      .ec2()
      .send(new DescribeVolumesCommand({ Filters: [{ Name: 'tag:KubernetesCluster', Values: ['tui'] }] }));
    const { Reservations = [] } = await clients.ec2().send(
      new DescribeInstancesCommand({
        Filters: [
          { Name: 'tag:KubernetesCluster', Values: ['tui'] },
          { Name: 'instance-state-name', Values: ['running'] },
        ],
      }),
    );
    const tuiInstances = Reservations.flatMap((reservation) => reservation.Instances ?? []);
    expect(tuiInstances).toHaveLength(3);
    expect(pairs(clusterOf(inventory, 'tui'))).toEqual(
      [
        ...new Set([
          ...tui.result.resources.map((resource) => `${resource.type} ${resource.id}`),
          ...tuiInstances.map((instance) => `instance ${instance.InstanceId}`),
          ...Volumes.map((volume) => `volume ${volume.VolumeId}`),
          `load-balancer ${balancers.classicName}`,
          `load-balancer ${balancers.nlbArn}`,
          `security-group ${balancers.groupId}`,
        ]),
      ].sort(),
    );
    const nlb = clusterOf(inventory, 'tui')!.resources.find((resource) => resource.id === balancers.nlbArn)!;
    expect(nlb.refs.targetGroupArns).toEqual([balancers.targetGroupArn]);
    expect(nlb.refs.subnetIds).toEqual([tuiSubnet]);
    const logGroup = clusterOf(inventory, 'tui')!.resources.find((resource) => resource.type === 'log-group');
    expect(logGroup?.id).toBe('/kube-tui/tui');

    // Orphans: exactly the leftovers, each with its reason; no decoy.
    const orphans = inventory.orphans.map((orphan) => `${orphan.type} ${orphan.id}: ${orphan.reason}`);
    const nowhere = 'cluster gone has no VPC or instance in us-west-2';
    expect(orphans.sort()).toEqual(
      [
        `volume ${gone.volumeId}: master volume gone-master-pd tagged for cluster gone, which has no VPC or instance in us-west-2; attached to nothing`,
        `elastic-ip ${gone.allocationId}: kube-up's master Elastic IP: named by the kubernetes.io/master-ip tag of volume ${gone.volumeId} of cluster gone, which has no VPC or instance in us-west-2; associated with nothing`,
        `elastic-ip ${gone.taggedAllocationId}: tagged for cluster gone, which has no VPC or instance in us-west-2; associated with nothing`,
        `key-pair ${gone.keyName}: kube-up's key pair name (kubernetes-<md5 of the SSH key>); no live instance, launch template or launch configuration in us-west-2 uses it`,
        `launch-configuration ${gone.launchConfiguration}: kube-up's node launch configuration name (gone-minion-group-<zone>); no Auto Scaling group uses it and ${nowhere}`,
        `iam-role kubernetes-master-gone-us-west-2: kube-tui's role name for cluster gone in us-west-2; ${nowhere}, and none of its instance profiles is used by an instance, launch template or launch configuration in us-west-2`,
        `iam-role kubernetes-minion-gone-us-west-2: kube-tui's role name for cluster gone in us-west-2; ${nowhere}, and none of its instance profiles is used by an instance, launch template or launch configuration in us-west-2`,
        `iam-instance-profile kubernetes-master-gone-us-west-2: kube-tui's instance profile name for cluster gone in us-west-2; ${nowhere}, and no instance, launch template or launch configuration in us-west-2 uses it`,
        `iam-instance-profile kubernetes-minion-gone-us-west-2: kube-tui's instance profile name for cluster gone in us-west-2; ${nowhere}, and no instance, launch template or launch configuration in us-west-2 uses it`,
        `s3-bucket ${gone.bucket}: staging bucket tagged for cluster gone, which has no VPC or instance in us-west-2`,
        `dhcp-options ${gone.dhcpOptionsId}: tagged for cluster gone, which has no VPC or instance in us-west-2; no VPC uses it`,
        `log-group /kube-tui/gone: kube-tui's log group name; ${nowhere}`,
      ].sort(),
    );
    // The key's only user is the orphan launch configuration: cleanup deletes that first.
    const key = inventory.orphans.find((orphan) => orphan.id === gone.keyName)!;
    expect(key.usedBy).toEqual([
      { type: 'launch-configuration', id: gone.launchConfiguration, region: 'us-west-2' },
    ]);
    expect(key.ownership).toBe('kube-up-name');

    // Never claimed or flagged: the decoys, the roles tied to a region not scanned or untagged, kube-up's
    // untagged staging bucket, and the terminated master.
    const everything = [
      ...inventory.clusters.flatMap((cluster) => cluster.resources),
      ...inventory.orphans,
    ].map((resource) => resource.id);
    for (const id of [
      decoys.vpcId,
      decoys.volumeId,
      decoys.userInstanceId,
      decoys.userKey,
      decoys.userAllocationId,
      'kubernetes-prod-data',
      'kubernetes-staging-0123456789ab',
      'kubernetes-ci-runner',
      'kubernetes-minion-ci-runner',
      ...gone.otherRegionRoles,
      // kube-up's last per-cluster name, untagged: not kube-up's exact name, so the user's.
      gone.untiedRole,
      gone.terminatedInstanceId,
    ]) {
      expect(everything, id).not.toContain(id);
    }
    expect(clusterOf(inventory, 'gone')).toBeUndefined();
  });

  it('makes as many calls for one cluster as for three, with more nodes, roles and buckets', async () => {
    const clients = moto.clients();
    await makeKubeUpCluster(clients, { name: 'legacy' });
    await provisionCluster(moto.url, testConfig({ name: 'tui' }));
    await makeLeftovers(clients, 'gone');
    const before = countingClients(moto.url);
    const small = await discover({ clients: before.clients, region: 'us-west-2' });
    before.clients.destroy();

    // Two more kube-up clusters (sharing kube-up's roles, as kube-up did), more nodes, more
    // unrelated roles and buckets, more volumes.
    await makeKubeUpCluster(clients, { name: 'second', cidr: '172.22', nodes: 3 });
    await makeKubeUpCluster(clients, { name: 'third', cidr: '172.23', nodes: 3 });
    for (const index of [1, 2, 3, 4, 5]) await makeRoleWithProfile(clients, `app-role-${index}`);
    const after = countingClients(moto.url);
    const large = await discover({ clients: after.clients, region: 'us-west-2' });
    after.clients.destroy();

    expect(large.clusters.map((cluster) => cluster.name)).toEqual(['legacy', 'second', 'third', 'tui']);
    expect(large.clusters.flatMap((cluster) => cluster.resources).length).toBeGreaterThan(
      small.clusters.flatMap((cluster) => cluster.resources).length + 20,
    );
    expect(Object.fromEntries(after.counts)).toEqual(Object.fromEntries(before.counts));
    // One listing per kind, plus the tags and the size (one page of versions) of each staging
    // bucket, the tags of the candidate roles/profiles, and the candidate roles' policies (whose
    // they are decides whether they are ours).
    const total = [...after.counts.values()].reduce((sum, count) => sum + count, 0);
    expect(total).toBeLessThanOrEqual(55);
    expect(after.counts.get('iam:GetRole')).toBeUndefined();
  });

  it('is three round trips deep, however many calls it makes, and it can be cancelled', async () => {
    const clients = moto.clients();
    await makeKubeUpCluster(clients, { name: 'legacy', nodes: 1 });
    await makeLeftovers(clients, 'gone');
    const proxy = await startFaultProxy({ target: moto.url, latencyMs: 2_000 });
    const slow = new AwsClients({ region: 'us-west-2', endpoint: proxy.url, maxAttempts: 1 });
    try {
      const inventory = await discover({ clients: slow, region: 'us-west-2' });
      expect(inventory.clusters.map((cluster) => cluster.name)).toEqual(['legacy']);
      // Three dependent calls (ListBuckets, GetBucketLocation, then GetBucketTagging beside the
      // bucket's ListObjectVersions) set the depth; every other kind runs alongside. The calls
      // themselves are many more than three. The 2 s added to each call keeps calls made side by
      // side overlapping, even on a loaded machine.
      expect(roundTripsDeep(proxy.records())).toBe(3);
      expect(proxy.totalCount()).toBeGreaterThan(25);

      const controller = new AbortController();
      const cancelled = discover({ clients: slow, region: 'us-west-2' }, { signal: controller.signal });
      setTimeout(() => controller.abort(), 300);
      const error = await cancelled.then(
        () => undefined,
        (failure: unknown) => failure,
      );
      expect(classifyError(error).kind).toBe('aborted');
    } finally {
      slow.destroy();
      await proxy.stop();
    }
  });
});
