// Nodes in more zones against moto, the CLI as shipped: bad zone lists refused before any write;
// `up --node-zones a,b,c` makes one subnet (172.20.<letter+1>.0/24, in the cluster's route table)
// and one template and group per extra zone, tagged as the first, next to kube-up's unchanged first
// group; inventory lists them and down deletes every zone's group before the subnets and leaves
// nothing; `up --node-zones +b` (and KUBE_USE_EXISTING_MASTER=true with KUBE_AWS_ZONE) adds a zone
// to a running cluster and writes nothing but that zone's resources; inventory's calls do not grow
// with the number of zones.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeAutoScalingGroupsCommand } from '@aws-sdk/client-auto-scaling';
import {
  AttachInternetGatewayCommand,
  CreateInternetGatewayCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DescribeInstancesCommand,
  DescribeLaunchTemplateVersionsCommand,
  DescribeRouteTablesCommand,
  DescribeSubnetsCommand,
} from '@aws-sdk/client-ec2';
import { afterEach, describe, expect, it } from 'vitest';
import { useMoto } from '../support/aws.js';
import { runCli } from '../support/cli.js';
import { provisionCluster, testConfig } from '../support/cluster.js';
import { type FaultProxy, startFaultProxy } from '../support/fault-proxy.js';
import { expectRunAsPlanned } from '../support/planned.js';
import { snapshotAccount } from '../support/snapshot.js';

const pinnedCidrs = ['--ssh-cidr', '203.0.113.7/32', '--api-cidr', '203.0.113.7/32'];
const FIRST = 'kubernetes-minion-group';
const groupOf = (zone: string) => `kubernetes-minion-group-${zone}`;
const OWNED = [
  { Key: 'KubernetesCluster', Value: 'kubernetes' },
  { Key: 'kubernetes.io/cluster/kubernetes', Value: 'owned' },
];
/** A call that changes something: anything but a read, a permission simulation or STS's identity. */
const WRITES = /^(?!Describe|List|Get|Head|Simulate).+/;

function freshHome() {
  const home = mkdtempSync(join(tmpdir(), 'kube-tui-zones-'));
  return { HOME: home, XDG_CONFIG_HOME: join(home, '.config'), KUBECONFIG: undefined };
}

describe('nodes in more zones', () => {
  const moto = useMoto();
  let proxy: FaultProxy | undefined;

  afterEach(async () => {
    await proxy?.stop();
    proxy = undefined;
  });

  async function groups() {
    const { AutoScalingGroups = [] } = await moto
      .clients()
      .autoScaling()
      .send(new DescribeAutoScalingGroupsCommand({}));
    return new Map(AutoScalingGroups.map((group) => [group.AutoScalingGroupName!, group]));
  }

  async function clusterSubnets() {
    const { Subnets = [] } = await moto
      .clients()
      .ec2()
      .send(new DescribeSubnetsCommand({ Filters: [{ Name: 'tag-key', Values: ['KubernetesCluster'] }] }));
    return new Map(Subnets.map((subnet) => [subnet.AvailabilityZone!, subnet]));
  }

  it('refuses zone lists it cannot make, naming the flag or the variable, and makes nothing', async () => {
    const env = freshHome();
    const before = await snapshotAccount(moto.clients());
    const cases: [string[], Record<string, string>, string][] = [
      [['--node-zones', 'a,a'], {}, '--node-zones a,a: expected each zone once (us-west-2a is listed twice)'],
      [['--node-zones', 'eu-west-1a,b'], {}, 'expected zones of the region us-west-2 (eu-west-1a is not)'],
      [
        ['--node-zones', 'b,c'],
        {},
        "--node-zones b,c: expected a list with the master's zone us-west-2a (--zone) in it, such as a,b,c",
      ],
      [['--node-zones', 'a,+b'], {}, 'expected either zones to add to an existing cluster, each with +'],
      [['--node-zones', 'a;b'], {}, '--node-zones a;b: expected zone letters or names of the region'],
      [['--node-zones', '9'], {}, '--node-zones 9: expected a number of zones from 1 to 6'],
      [
        [],
        { KUBE_USE_EXISTING_MASTER: 'true' },
        '(from KUBE_USE_EXISTING_MASTER): expected true together with KUBE_AWS_ZONE',
      ],
      [
        [
          '--node-zones',
          'a,b',
          '--vpc-id',
          'vpc-0123456789abcdef0',
          '--subnet-id',
          'subnet-0123456789abcdef0',
        ],
        {},
        "--node-zones a,b: expected the master's zone only with --subnet-id (SUBNET_ID)",
      ],
    ];
    for (const [flags, variables, message] of cases) {
      const result = await runCli(['up', '--endpoint', moto.url, '--yes', ...flags, ...pinnedCidrs], {
        env: { ...env, ...variables },
      });
      expect(result.code, `${flags.join(' ')} ${result.stderr}`).toBe(2);
      expect(result.stderr).toContain(message);
    }
    // A zone the region does not have is found by the plan, still before any write.
    const unknown = await runCli(
      ['up', '--endpoint', moto.url, '--yes', '--node-zones', 'a,f', ...pinnedCidrs],
      {
        env,
      },
    );
    expect(unknown.code, unknown.stderr).toBe(2);
    expect(unknown.stderr).toMatch(
      /--node-zones us-west-2f: not a zone of us-west-2 \(zones there: us-west-2a, /,
    );
    // Adding to a cluster that does not run says how to make it first.
    const noCluster = await runCli(['up', '--endpoint', moto.url, '--yes', '--node-zones', '+b'], { env });
    expect(noCluster.code, noCluster.stderr).toBe(2);
    expect(noCluster.stderr).toContain(
      'cluster kubernetes: no node group kubernetes-minion-group with a launch template in us-west-2; kube-tui up --cluster kubernetes first',
    );
    expect(await snapshotAccount(moto.clients())).toEqual(before);
  }, 180_000);

  it('shows every zone in the dry run, its text and its JSON, with MULTIZONE=true as three zones', async () => {
    const env = freshHome();
    const text = await runCli(
      [
        'up',
        '--endpoint',
        moto.url,
        '--dry-run',
        '--node-zones',
        'us-west-2a,c',
        '--nodes',
        '2',
        ...pinnedCidrs,
      ],
      { env },
    );
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('2 × t3.medium nodes in each of 2 zones: us-west-2a, c (4 nodes)');
    expect(text.stdout).toContain(
      `zone us-west-2c: subnet kubernetes-subnet-us-west-2c 172.20.3.0/24, group ${groupOf('us-west-2c')}`,
    );
    expect(text.stdout).toContain(
      '5. Create subnet: subnet kubernetes-subnet, subnet kubernetes-subnet-us-west-2c',
    );
    expect(text.stdout).toContain(
      `launch-template ${groupOf('us-west-2c')}, auto-scaling-group ${groupOf('us-west-2c')}`,
    );

    const json = await runCli(['up', '--endpoint', moto.url, '--dry-run', '--json', ...pinnedCidrs], {
      env: { ...env, MULTIZONE: 'true' },
    });
    expect(json.code, json.stderr).toBe(0);
    const document = JSON.parse(json.stdout);
    expect(document.config.nodeZones).toEqual(['us-west-2a', 'us-west-2b', 'us-west-2c']);
    expect(document.zones).toEqual([
      {
        zone: 'us-west-2a',
        subnet: { name: 'kubernetes-subnet', cidr: '172.20.0.0/24' },
        autoScalingGroup: FIRST,
        nodes: 2,
      },
      {
        zone: 'us-west-2b',
        subnet: { name: 'kubernetes-subnet-us-west-2b', cidr: '172.20.2.0/24' },
        autoScalingGroup: groupOf('us-west-2b'),
        nodes: 2,
      },
      {
        zone: 'us-west-2c',
        subnet: { name: 'kubernetes-subnet-us-west-2c', cidr: '172.20.3.0/24' },
        autoScalingGroup: groupOf('us-west-2c'),
        nodes: 2,
      },
    ]);
    expect(document.warnings).toContain('MULTIZONE true: the kube-up value "true" is now "3"');
  }, 120_000);

  it('makes a subnet, template and group per zone in the cluster route table; inventory finds them; down leaves nothing', async () => {
    const env = freshHome();
    const before = await snapshotAccount(moto.clients());
    const up = await runCli(
      ['up', '--endpoint', moto.url, '--yes', '--nodes', '1', '--node-zones', 'a,b,c', ...pinnedCidrs],
      { env },
    );
    expect(up.code, up.stderr).toBe(0);
    expect(up.stdout).toContain('1 × t3.medium nodes in each of 3 zones: us-west-2a, b, c (3 nodes)');

    const subnets = await clusterSubnets();
    expect([...subnets.keys()].sort()).toEqual(['us-west-2a', 'us-west-2b', 'us-west-2c']);
    expect(subnets.get('us-west-2a')?.CidrBlock).toBe('172.20.0.0/24');
    expect(subnets.get('us-west-2b')?.CidrBlock).toBe('172.20.2.0/24');
    expect(subnets.get('us-west-2c')?.CidrBlock).toBe('172.20.3.0/24');
    for (const zone of ['us-west-2b', 'us-west-2c']) {
      const subnet = subnets.get(zone)!;
      expect(subnet.VpcId).toBe(subnets.get('us-west-2a')?.VpcId);
      expect(subnet.MapPublicIpOnLaunch).toBe(true);
      expect(subnet.Tags).toEqual(
        expect.arrayContaining([...OWNED, { Key: 'Name', Value: `kubernetes-subnet-${zone}` }]),
      );
    }
    // Every zone's subnet is in the cluster's one route table, with its route to the gateway.
    const { RouteTables = [] } = await moto
      .clients()
      .ec2()
      .send(new DescribeRouteTablesCommand({ Filters: [{ Name: 'tag:Name', Values: ['kubernetes-rt'] }] }));
    expect(RouteTables).toHaveLength(1);
    expect(RouteTables[0]?.Associations?.map((association) => association.SubnetId).sort()).toEqual(
      [...subnets.values()].map((subnet) => subnet.SubnetId).sort(),
    );

    const byName = await groups();
    expect([...byName.keys()].sort()).toEqual([FIRST, groupOf('us-west-2b'), groupOf('us-west-2c')]);
    expect(byName.get(FIRST)?.VPCZoneIdentifier).toBe(subnets.get('us-west-2a')?.SubnetId);
    const firstTemplate = byName.get(FIRST)?.LaunchTemplate?.LaunchTemplateName;
    expect(firstTemplate).toBe(FIRST);
    const ec2 = moto.clients().ec2();
    const templateData = async (name: string) =>
      (
        await ec2.send(
          new DescribeLaunchTemplateVersionsCommand({ LaunchTemplateName: name, Versions: ['$Default'] }),
        )
      ).LaunchTemplateVersions?.[0]?.LaunchTemplateData;
    const first = await templateData(FIRST);
    for (const zone of ['us-west-2b', 'us-west-2c']) {
      const group = byName.get(groupOf(zone))!;
      expect(group.VPCZoneIdentifier).toBe(subnets.get(zone)?.SubnetId);
      expect([group.MinSize, group.MaxSize, group.DesiredCapacity]).toEqual([1, 1, 1]);
      expect(group.LaunchTemplate?.LaunchTemplateName).toBe(groupOf(zone));
      expect(group.Tags).toEqual(
        expect.arrayContaining(
          [
            ...OWNED,
            { Key: 'Name', Value: 'kubernetes-minion' },
            { Key: 'Role', Value: 'kubernetes-minion' },
          ].map((tag) => expect.objectContaining({ ...tag, PropagateAtLaunch: true })),
        ),
      );
      // The zone's template is the first's: the same nodes boot in every zone.
      const copy = await templateData(groupOf(zone));
      expect(copy?.InstanceType).toBe(first?.InstanceType);
      expect(copy?.ImageId).toBe(first?.ImageId);
      expect(copy?.KeyName).toBe(first?.KeyName);
      expect(copy?.UserData).toBe(first?.UserData);
      expect(copy?.IamInstanceProfile?.Name).toBe(first?.IamInstanceProfile?.Name);
      expect(copy?.NetworkInterfaces?.[0]?.Groups).toEqual(first?.NetworkInterfaces?.[0]?.Groups);
      expect(copy?.BlockDeviceMappings).toEqual(first?.BlockDeviceMappings);
    }
    const { Reservations = [] } = await ec2.send(
      new DescribeInstancesCommand({
        Filters: [
          { Name: 'tag:Name', Values: ['kubernetes-minion'] },
          { Name: 'instance-state-name', Values: ['running'] },
        ],
      }),
    );
    const nodeZones = Reservations.flatMap((reservation) => reservation.Instances ?? []).map(
      (instance) => instance.Placement?.AvailabilityZone,
    );
    expect(nodeZones.sort()).toEqual(['us-west-2a', 'us-west-2b', 'us-west-2c']);

    const inventory = await runCli(['inventory', '--endpoint', moto.url, '--json'], { env });
    expect(inventory.code, inventory.stderr).toBe(0);
    const resources = JSON.parse(inventory.stdout).clusters[0].resources as { type: string; name: string }[];
    const named = (type: string) =>
      resources
        .filter((resource) => resource.type === type)
        .map((resource) => resource.name)
        .sort();
    expect(named('auto-scaling-group')).toEqual([FIRST, groupOf('us-west-2b'), groupOf('us-west-2c')]);
    expect(named('launch-template')).toEqual([FIRST, groupOf('us-west-2b'), groupOf('us-west-2c')]);
    expect(named('subnet')).toEqual([
      'kubernetes-subnet',
      'kubernetes-subnet-us-west-2b',
      'kubernetes-subnet-us-west-2c',
    ]);

    // scale: --nodes counts one zone's nodes, so a cluster of several zones needs --zone.
    const ambiguous = await runCli(
      ['scale', '--endpoint', moto.url, '--cluster', 'kubernetes', '--nodes', '2', '--yes'],
      {
        env,
      },
    );
    expect(ambiguous.code, ambiguous.stderr).toBe(2);
    expect(ambiguous.stderr).toContain(
      'Cluster kubernetes has node groups in us-west-2a, us-west-2b, us-west-2c: pass --zone with one of them',
    );
    const scaled = await runCli(
      [
        'scale',
        '--endpoint',
        moto.url,
        '--cluster',
        'kubernetes',
        '--nodes',
        '2',
        '--zone',
        'us-west-2b',
        '--yes',
        '--json',
      ],
      { env },
    );
    expect(scaled.code, scaled.stderr).toBe(0);
    expect(JSON.parse(scaled.stdout)).toMatchObject({
      group: groupOf('us-west-2b'),
      before: { desired: 1 },
      after: { desired: 2, min: 2, max: 2, instances: 2 },
    });
    const counts = new Map([...(await groups())].map(([name, group]) => [name, group.DesiredCapacity]));
    expect(Object.fromEntries(counts)).toEqual({
      [FIRST]: 1,
      [groupOf('us-west-2b')]: 2,
      [groupOf('us-west-2c')]: 1,
    });

    // Every zone's group goes before any subnet.
    const down = await runCli(['down', '--cluster', 'kubernetes', '--endpoint', moto.url, '--yes'], { env });
    expect(down.code, down.stderr).toBe(0);
    const lines = down.stdout.split('\n');
    const lastGroup = Math.max(
      ...[FIRST, groupOf('us-west-2b'), groupOf('us-west-2c')].map((name) =>
        lines.findIndex(
          (line) => /✔/.test(line) && line.includes(`auto-scaling-group`) && line.includes(name),
        ),
      ),
    );
    const firstSubnet = lines.findIndex((line) => /✔/.test(line) && /\bsubnet subnet-/.test(line));
    expect(lastGroup, down.stdout).toBeGreaterThanOrEqual(0);
    expect(firstSubnet, down.stdout).toBeGreaterThan(lastGroup);
    expect(await snapshotAccount(moto.clients())).toEqual(before);
    const rescan = await runCli(['inventory', '--endpoint', moto.url, '--json'], { env });
    expect(JSON.parse(rescan.stdout).clusters).toEqual([]);
  }, 300_000);

  it('adds a zone to a running cluster, writing nothing but that zone’s subnet, template and group', async () => {
    const env = freshHome();
    const before = await snapshotAccount(moto.clients());
    const up = await runCli(['up', '--endpoint', moto.url, '--yes', '--nodes', '1', ...pinnedCidrs], { env });
    expect(up.code, up.stderr).toBe(0);
    const firstGroup = (await groups()).get(FIRST)!;
    const firstSubnets = await clusterSubnets();
    expect([...firstSubnets.keys()]).toEqual(['us-west-2a']);

    proxy = await startFaultProxy({ target: moto.url });
    const dryRun = await runCli(
      ['up', '--endpoint', proxy.url, '--dry-run', '--node-zones', '+b', '--nodes', '1'],
      {
        env,
      },
    );
    expect(dryRun.code, dryRun.stderr).toBe(0);
    expect(dryRun.stdout).toContain(
      `zone us-west-2b: subnet kubernetes-subnet-us-west-2b 172.20.2.0/24; launch template and Auto Scaling group ${groupOf('us-west-2b')} (1 on-demand node, a copy of ${FIRST}'s template)`,
    );
    expect(dryRun.stdout).toContain('Dry run: nothing was created');
    expect(proxy.records().filter((record) => WRITES.test(record.action))).toEqual([]);

    // A zone that does not offer the cluster's node type is refused before any write.
    proxy.addRule({
      service: 'ec2',
      action: 'DescribeInstanceTypeOfferings',
      times: 1,
      answer: () => ({
        status: 200,
        headers: { 'content-type': 'text/xml' },
        body: '<DescribeInstanceTypeOfferingsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>1</requestId><instanceTypeOfferingSet></instanceTypeOfferingSet></DescribeInstanceTypeOfferingsResponse>',
      }),
    });
    const notOffered = await runCli(
      ['up', '--endpoint', proxy.url, '--yes', '--node-zones', '+b', '--nodes', '1'],
      {
        env,
      },
    );
    expect(notOffered.code, notOffered.stderr).toBe(2);
    expect(notOffered.stderr).toContain(
      "--node-zones us-west-2b: the cluster's node type t3.medium is not offered there; pick another zone",
    );
    expect(proxy.records().filter((record) => WRITES.test(record.action))).toEqual([]);

    proxy.resetCounts();
    const add = await runCli(['up', '--endpoint', proxy.url, '--yes', '--node-zones', '+b', '--nodes', '1'], {
      env,
    });
    expect(add.code, add.stderr).toBe(0);
    expect(add.stdout).toContain('Added 1 zone to cluster kubernetes: 1 node in service');
    const subnets = await clusterSubnets();
    const newSubnet = subnets.get('us-west-2b')!;
    expect(newSubnet.CidrBlock).toBe('172.20.2.0/24');
    const writes = proxy.records().filter((record) => WRITES.test(record.action));
    expect(writes.map((record) => record.key).sort()).toEqual([
      'autoscaling:CreateAutoScalingGroup',
      'ec2:AssociateRouteTable',
      'ec2:CreateLaunchTemplate',
      'ec2:CreateSubnet',
      'ec2:ModifySubnetAttribute',
    ]);
    const param = (key: string, name: string) =>
      writes.find((record) => record.key === key)?.params?.get(name);
    expect(param('ec2:CreateSubnet', 'AvailabilityZone')).toBe('us-west-2b');
    expect(param('ec2:ModifySubnetAttribute', 'SubnetId')).toBe(newSubnet.SubnetId);
    expect(param('ec2:AssociateRouteTable', 'SubnetId')).toBe(newSubnet.SubnetId);
    expect(param('ec2:CreateLaunchTemplate', 'LaunchTemplateName')).toBe(groupOf('us-west-2b'));
    expect(param('autoscaling:CreateAutoScalingGroup', 'AutoScalingGroupName')).toBe(groupOf('us-west-2b'));
    // The first group is as it was.
    const after = (await groups()).get(FIRST)!;
    expect(after.Instances?.map((instance) => instance.InstanceId)).toEqual(
      firstGroup.Instances?.map((instance) => instance.InstanceId),
    );

    // kube-up's way: KUBE_USE_EXISTING_MASTER=true with the new zone as KUBE_AWS_ZONE (and MULTIZONE).
    proxy.resetCounts();
    const kubeUp = await runCli(['up', '--endpoint', proxy.url, '--yes', '--nodes', '1'], {
      env: { ...env, KUBE_USE_EXISTING_MASTER: 'true', MULTIZONE: 'true', KUBE_AWS_ZONE: 'us-west-2c' },
    });
    expect(kubeUp.code, kubeUp.stderr).toBe(0);
    expect((await clusterSubnets()).get('us-west-2c')?.CidrBlock).toBe('172.20.3.0/24');
    const kubeUpWrites = proxy.records().filter((record) => WRITES.test(record.action));
    expect(
      kubeUpWrites.map(
        (record) =>
          record.params?.get('AvailabilityZone') ??
          record.params?.get('LaunchTemplateName') ??
          record.params?.get('AutoScalingGroupName') ??
          record.key,
      ),
    ).toEqual(expect.arrayContaining(['us-west-2c', groupOf('us-west-2c')]));
    expect(kubeUpWrites).toHaveLength(5);

    // Asked again, both zones are there: nothing is written.
    proxy.resetCounts();
    const again = await runCli(['up', '--endpoint', proxy.url, '--yes', '--node-zones', '+b,+c'], { env });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('us-west-2b, us-west-2c have their nodes already; nothing to add.');
    expect(proxy.records().filter((record) => WRITES.test(record.action))).toEqual([]);

    const down = await runCli(['down', '--cluster', 'kubernetes', '--endpoint', moto.url, '--yes'], { env });
    expect(down.code, down.stderr).toBe(0);
    expect(await snapshotAccount(moto.clients())).toEqual(before);
  }, 300_000);

  it('adds a zone to a cluster in your VPC (--vpc-id), and refuses, before any write, a zone whose block your subnet holds', async () => {
    const env = freshHome();
    const ec2 = moto.clients().ec2();
    const { Vpc } = await ec2.send(new CreateVpcCommand({ CidrBlock: '10.50.0.0/16' }));
    const vpcId = Vpc!.VpcId!;
    const { InternetGateway } = await ec2.send(new CreateInternetGatewayCommand({}));
    await ec2.send(
      new AttachInternetGatewayCommand({
        VpcId: vpcId,
        InternetGatewayId: InternetGateway!.InternetGatewayId,
      }),
    );
    // Yours, where zone c's subnet would go (the block two after the master's, by zone letter).
    const { Subnet: yours } = await ec2.send(
      new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.50.3.0/24', AvailabilityZone: 'us-west-2d' }),
    );
    const before = await snapshotAccount(moto.clients());
    const up = await runCli(
      [
        'up',
        '--endpoint',
        moto.url,
        '--yes',
        '--nodes',
        '1',
        '--vpc-id',
        vpcId,
        '--subnet-cidr',
        '10.50.0.0/24',
        ...pinnedCidrs,
      ],
      { env },
    );
    expect(up.code, up.stderr).toBe(0);

    proxy = await startFaultProxy({ target: moto.url });
    const add = await runCli(['up', '--endpoint', proxy.url, '--yes', '--node-zones', '+b', '--nodes', '1'], {
      env,
    });
    expect(add.code, add.stderr).toBe(0);
    expect(add.stdout).toContain('Added 1 zone to cluster kubernetes: 1 node in service');
    const zoneB = (await clusterSubnets()).get('us-west-2b');
    expect(zoneB?.VpcId).toBe(vpcId);
    expect(zoneB?.CidrBlock).toBe('10.50.2.0/24');
    expect((await groups()).get(groupOf('us-west-2b'))?.VPCZoneIdentifier).toBe(zoneB?.SubnetId);

    proxy.resetCounts();
    const taken = await runCli(
      ['up', '--endpoint', proxy.url, '--yes', '--node-zones', '+c', '--nodes', '1'],
      {
        env,
      },
    );
    expect(taken.code, taken.stdout).toBe(2);
    expect(taken.stderr).toContain(
      `--node-zones us-west-2c: its subnet 10.50.3.0/24 overlaps ${yours!.SubnetId} (10.50.3.0/24) in ${vpcId}`,
    );
    expect(proxy.records().filter((record) => WRITES.test(record.action))).toEqual([]);

    const down = await runCli(['down', '--cluster', 'kubernetes', '--endpoint', moto.url, '--yes'], { env });
    expect(down.code, down.stderr).toBe(0);
    // Your VPC, its gateway and your subnet stay.
    expect(await snapshotAccount(moto.clients())).toEqual(before);
  }, 300_000);

  it("records in each step exactly the zones' resources the plan showed there", async () => {
    const { plan, events } = await provisionCluster(
      moto.url,
      testConfig({ nodes: 1, nodeZones: ['a', 'c'] }),
    );
    expect(plan.extraZones.map((target) => target.zone)).toEqual(['us-west-2c']);
    expectRunAsPlanned(plan, events);
    const subnetStep = events.find((event) => event.type === 'step-succeeded' && event.step === 'subnet');
    expect(
      subnetStep?.type === 'step-succeeded' && subnetStep.resources.map((resource) => resource.name),
    ).toEqual(['kubernetes-subnet', 'kubernetes-subnet-us-west-2c']);
  }, 300_000);

  it('scans with as many calls for three zones as for one', async () => {
    const env = freshHome();
    proxy = await startFaultProxy({ target: moto.url });
    const scan = async () => {
      proxy!.resetCounts();
      const inventory = await runCli(['inventory', '--endpoint', proxy!.url, '--json'], { env });
      expect(inventory.code, inventory.stderr).toBe(0);
      return { calls: proxy!.counts(), resources: JSON.parse(inventory.stdout).clusters[0].resources.length };
    };
    // Three nodes either way: only the number of zones (subnets, templates, groups) differs.
    const one = await runCli(['up', '--endpoint', moto.url, '--yes', '--nodes', '3', ...pinnedCidrs], {
      env,
    });
    expect(one.code, one.stderr).toBe(0);
    const oneZone = await scan();
    await runCli(['down', '--cluster', 'kubernetes', '--endpoint', moto.url, '--yes'], { env });
    await moto.reset();
    const three = await runCli(
      ['up', '--endpoint', moto.url, '--yes', '--nodes', '1', '--node-zones', 'a,b,c', ...pinnedCidrs],
      { env },
    );
    expect(three.code, three.stderr).toBe(0);
    const threeZones = await scan();
    expect(threeZones.resources).toBe(oneZone.resources + 6);
    expect(threeZones.calls).toEqual(oneZone.calls);
  }, 300_000);
});
