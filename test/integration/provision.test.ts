import { stat } from 'node:fs/promises';
import { DescribeAutoScalingGroupsCommand } from '@aws-sdk/client-auto-scaling';
import {
  AttachInternetGatewayCommand,
  CreateInternetGatewayCommand,
  DescribeAddressesCommand,
  DescribeInstancesCommand,
  DescribeInternetGatewaysCommand,
  DescribeKeyPairsCommand,
  DescribeLaunchTemplateVersionsCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVolumesCommand,
  DescribeVpcAttributeCommand,
  DescribeVpcsCommand,
  type Tag,
} from '@aws-sdk/client-ec2';
import {
  GetInstanceProfileCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  ListRoleTagsCommand,
} from '@aws-sdk/client-iam';
import {
  GetBucketEncryptionCommand,
  GetBucketTaggingCommand,
  GetPublicAccessBlockCommand,
  ListObjectsV2Command,
} from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { stagingBucketName } from '../../src/aws/naming.js';
import { EMULATOR_VALIDATION_NOTE } from '../../src/aws/provision-tasks.js';
import { clusterFilters } from '../../src/aws/resources/common.js';
import { ensureVpc } from '../../src/aws/resources/vpc.js';
import { ProvisionError } from '../../src/model/engine.js';
import { PROVISION_STEPS, type ProvisionEvent } from '../../src/model/events.js';
import { useMoto } from '../support/aws.js';
import { provisionCluster, testConfig } from '../support/cluster.js';
import { startFaultProxy } from '../support/fault-proxy.js';
import { expectRunAsPlanned } from '../support/planned.js';
import { countsOf, snapshotAccount } from '../support/snapshot.js';

const tagsOf = (tags: Tag[] | undefined) =>
  Object.fromEntries((tags ?? []).map((tag) => [tag.Key, tag.Value]));
const ownedBy = (cluster: string, name: string) => ({
  KubernetesCluster: cluster,
  [`kubernetes.io/cluster/${cluster}`]: 'owned',
  Name: name,
});

describe('provisioning the eleven kube-up steps against moto', () => {
  const moto = useMoto();

  it("creates the default cluster with kube-up's names, CIDRs, ports and tags", async () => {
    const { result, events, plan } = await provisionCluster(moto.url, testConfig());
    const ec2 = moto.clients().ec2();

    // Step 4: VPC 172.20.0.0/16 named kubernetes-vpc, DNS support and hostnames on.
    const { Vpcs = [] } = await ec2.send(
      new DescribeVpcsCommand({ Filters: [{ Name: 'tag:Name', Values: ['kubernetes-vpc'] }] }),
    );
    expect(Vpcs).toHaveLength(1);
    const vpc = Vpcs[0]!;
    expect(vpc.CidrBlock).toBe('172.20.0.0/16');
    expect(tagsOf(vpc.Tags)).toEqual(ownedBy('kubernetes', 'kubernetes-vpc'));
    const dnsSupport = await ec2.send(
      new DescribeVpcAttributeCommand({ VpcId: vpc.VpcId, Attribute: 'enableDnsSupport' }),
    );
    const dnsHostnames = await ec2.send(
      new DescribeVpcAttributeCommand({ VpcId: vpc.VpcId, Attribute: 'enableDnsHostnames' }),
    );
    expect(dnsSupport.EnableDnsSupport?.Value).toBe(true);
    expect(dnsHostnames.EnableDnsHostnames?.Value).toBe(true);

    // Step 5: subnet 172.20.0.0/24 in us-west-2a with public IPs on launch.
    const { Subnets = [] } = await ec2.send(
      new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpc.VpcId!] }] }),
    );
    expect(Subnets).toHaveLength(1);
    const subnet = Subnets[0]!;
    expect(subnet.CidrBlock).toBe('172.20.0.0/24');
    expect(subnet.AvailabilityZone).toBe('us-west-2a');
    expect(subnet.MapPublicIpOnLaunch).toBe(true);
    expect(tagsOf(subnet.Tags)).toEqual(ownedBy('kubernetes', 'kubernetes-subnet'));

    // Step 6: a tagged internet gateway attached to the VPC.
    const { InternetGateways = [] } = await ec2.send(
      new DescribeInternetGatewaysCommand({ Filters: [{ Name: 'attachment.vpc-id', Values: [vpc.VpcId!] }] }),
    );
    expect(InternetGateways).toHaveLength(1);
    const gateway = InternetGateways[0]!;
    expect(tagsOf(gateway.Tags)).toEqual(ownedBy('kubernetes', 'kubernetes-igw'));

    // Step 7: route table associated with the subnet, default route to the gateway.
    const { RouteTables = [] } = await ec2.send(
      new DescribeRouteTablesCommand({ Filters: [{ Name: 'tag:Name', Values: ['kubernetes-rt'] }] }),
    );
    expect(RouteTables).toHaveLength(1);
    const table = RouteTables[0]!;
    expect(table.Associations?.map((association) => association.SubnetId)).toContain(subnet.SubnetId);
    expect(table.Routes).toContainEqual(
      expect.objectContaining({ DestinationCidrBlock: '0.0.0.0/0', GatewayId: gateway.InternetGatewayId }),
    );
    expect(tagsOf(table.Tags)).toEqual(ownedBy('kubernetes', 'kubernetes-rt'));

    // Step 8: the two groups, all traffic within and between them, 22 on both, 443 on the master.
    const { SecurityGroups = [] } = await ec2.send(
      new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpc.VpcId!] }] }),
    );
    const master = SecurityGroups.find((group) => group.GroupName === 'kubernetes-master-kubernetes')!;
    const minion = SecurityGroups.find((group) => group.GroupName === 'kubernetes-minion-kubernetes')!;
    expect(master).toBeDefined();
    expect(minion).toBeDefined();
    expect(tagsOf(master.Tags)).toEqual(ownedBy('kubernetes', 'kubernetes-master-kubernetes'));
    const rules = (group: typeof master) =>
      (group.IpPermissions ?? []).flatMap((permission) => [
        ...(permission.UserIdGroupPairs ?? []).map((pair) => `${permission.IpProtocol} from ${pair.GroupId}`),
        ...(permission.IpRanges ?? []).map(
          (range) => `${permission.IpProtocol}:${permission.FromPort} from ${range.CidrIp}`,
        ),
      ]);
    expect(rules(master).sort()).toEqual(
      [
        `-1 from ${master.GroupId}`,
        `-1 from ${minion.GroupId}`,
        'tcp:22 from 203.0.113.7/32',
        'tcp:443 from 203.0.113.7/32',
      ].sort(),
    );
    expect(rules(minion).sort()).toEqual(
      [`-1 from ${master.GroupId}`, `-1 from ${minion.GroupId}`, 'tcp:22 from 203.0.113.7/32'].sort(),
    );

    // Step 10: the master at 172.20.0.9 with its profile, group, key, IMDSv2 and the Elastic IP.
    const { Reservations = [] } = await ec2.send(
      new DescribeInstancesCommand({
        Filters: [
          { Name: 'tag:Name', Values: ['kubernetes-master'] },
          { Name: 'instance-state-name', Values: ['running'] },
        ],
      }),
    );
    const masters = Reservations.flatMap((reservation) => reservation.Instances ?? []);
    expect(masters).toHaveLength(1);
    const instance = masters[0]!;
    expect(instance.PrivateIpAddress).toBe('172.20.0.9');
    expect(instance.InstanceType).toBe('t3.medium');
    expect(instance.SubnetId).toBe(subnet.SubnetId);
    // moto reports groups given through a network interface only on the interface.
    const instanceGroups = new Set(
      [...(instance.SecurityGroups ?? []), ...(instance.NetworkInterfaces?.[0]?.Groups ?? [])].map(
        (group) => group.GroupId,
      ),
    );
    expect([...instanceGroups]).toEqual([master.GroupId]);
    expect(instance.MetadataOptions).toMatchObject({ HttpTokens: 'required', HttpPutResponseHopLimit: 1 });
    expect(instance.IamInstanceProfile?.Arn).toMatch(
      /instance-profile\/kubernetes-master-kubernetes-us-west-2$/,
    );
    expect(instance.KeyName).toMatch(/^kubernetes-[0-9a-f]{32}$/);
    expect(tagsOf(instance.Tags)).toMatchObject({
      ...ownedBy('kubernetes', 'kubernetes-master'),
      Role: 'kubernetes-master',
    });
    // The newest Ubuntu 24.04 amd64 image of Canonical's owner id (test/support/amis.json).
    expect(plan.imageInfo.name).toBe('ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-20261020');
    expect(plan.imageInfo.ownerId).toBe('099720109477');
    expect(instance.ImageId).toBe(plan.imageInfo.id);

    const { Addresses = [] } = await ec2.send(new DescribeAddressesCommand({}));
    expect(Addresses).toHaveLength(1);
    expect(Addresses[0]!.InstanceId).toBe(instance.InstanceId);
    expect(tagsOf(Addresses[0]!.Tags)).toEqual(ownedBy('kubernetes', 'kubernetes-master-ip'));
    expect(result.masterPublicIp).toBe(Addresses[0]!.PublicIp);

    // Step 9: the master volume, encrypted gp3 20 GiB in the zone, attached to the master.
    const { Volumes = [] } = await ec2.send(
      new DescribeVolumesCommand({ Filters: [{ Name: 'tag:Name', Values: ['kubernetes-master-pd'] }] }),
    );
    expect(Volumes).toHaveLength(1);
    const volume = Volumes[0]!;
    expect(volume).toMatchObject({
      Size: 20,
      VolumeType: 'gp3',
      Encrypted: true,
      AvailabilityZone: 'us-west-2a',
    });
    expect(volume.Attachments?.[0]).toMatchObject({ InstanceId: instance.InstanceId, Device: '/dev/sdf' });
    expect(tagsOf(volume.Tags)).toEqual(ownedBy('kubernetes', 'kubernetes-master-pd'));

    // Step 11: a launch template (never a launch configuration) and the Auto Scaling group.
    const { LaunchTemplateVersions = [] } = await ec2.send(
      new DescribeLaunchTemplateVersionsCommand({ LaunchTemplateName: 'kubernetes-minion-group' }),
    );
    const data = LaunchTemplateVersions[0]!.LaunchTemplateData!;
    expect(data.InstanceType).toBe('t3.medium');
    expect(data.ImageId).toBe(plan.imageInfo.id);
    expect(data.IamInstanceProfile?.Name).toBe('kubernetes-minion-kubernetes-us-west-2');
    expect(data.MetadataOptions).toMatchObject({ HttpTokens: 'required', HttpPutResponseHopLimit: 1 });
    expect(data.NetworkInterfaces?.[0]).toMatchObject({
      AssociatePublicIpAddress: true,
      Groups: [minion.GroupId],
    });
    expect(data.BlockDeviceMappings?.[0]?.Ebs).toMatchObject({ Encrypted: true, VolumeType: 'gp3' });
    const { AutoScalingGroups = [] } = await moto
      .clients()
      .autoScaling()
      .send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: ['kubernetes-minion-group'] }));
    const group = AutoScalingGroups[0]!;
    expect(group).toMatchObject({
      MinSize: 2,
      MaxSize: 2,
      DesiredCapacity: 2,
      VPCZoneIdentifier: subnet.SubnetId,
    });
    expect(group.Instances).toHaveLength(2);
    const groupTags = Object.fromEntries(
      (group.Tags ?? []).map((tag) => [tag.Key, [tag.Value, tag.PropagateAtLaunch]]),
    );
    expect(groupTags).toMatchObject({
      KubernetesCluster: ['kubernetes', true],
      'kubernetes.io/cluster/kubernetes': ['owned', true],
      Name: ['kubernetes-minion', true],
      Role: ['kubernetes-minion', true],
    });

    // Step 2: per-cluster IAM names, EC2 trust, narrow inline policies, profiles holding the roles.
    const iam = moto.clients().iam();
    for (const [role, readsMaster] of [
      ['kubernetes-master-kubernetes-us-west-2', true],
      ['kubernetes-minion-kubernetes-us-west-2', false],
    ] as const) {
      const { Role } = await iam.send(new GetRoleCommand({ RoleName: role }));
      expect(decodeURIComponent(Role!.AssumeRolePolicyDocument!)).toContain('ec2.amazonaws.com');
      const { Tags = [] } = await iam.send(new ListRoleTagsCommand({ RoleName: role }));
      expect(tagsOf(Tags)).toEqual(ownedBy('kubernetes', role));
      const policy = JSON.parse(
        decodeURIComponent(
          (await iam.send(new GetRolePolicyCommand({ RoleName: role, PolicyName: 'kube-tui' })))
            .PolicyDocument!,
        ),
      );
      const actions = policy.Statement.flatMap((statement: { Action: string[] }) => statement.Action);
      expect(actions).not.toContain('ec2:*');
      expect(actions).not.toContain('s3:*');
      const s3Resources = JSON.stringify(
        policy.Statement.filter((statement: { Action: string[] }) =>
          statement.Action.includes('s3:GetObject'),
        ),
      );
      expect(s3Resources.includes('/kubernetes/master/*')).toBe(readsMaster);
      expect(s3Resources).toContain('/kubernetes/nodes/*');
      const { InstanceProfile } = await iam.send(
        new GetInstanceProfileCommand({ InstanceProfileName: role }),
      );
      expect(InstanceProfile?.Roles?.map((member) => member.RoleName)).toEqual([role]);
    }

    // Step 3: the key pair, named by the OpenSSH MD5 fingerprint, with only the per-cluster tag.
    const { KeyPairs = [] } = await ec2.send(new DescribeKeyPairsCommand({}));
    expect(KeyPairs).toHaveLength(1);
    expect(KeyPairs[0]!.KeyName).toBe(instance.KeyName);
    expect(tagsOf(KeyPairs[0]!.Tags)).toEqual({ 'kubernetes.io/cluster/kubernetes': 'owned' });
    expect((await stat(plan.config.sshKey)).mode & 0o777).toBe(0o600);

    // Step 1: kube-tui's own bucket, private, encrypted, tagged, holding the bundle under kubernetes/.
    const bucket = stagingBucketName(plan.accountId, 'us-west-2', 'kubernetes');
    expect(plan.config.bucket).toBe(bucket);
    const s3 = moto.clients().s3();
    const block = await s3.send(new GetPublicAccessBlockCommand({ Bucket: bucket }));
    expect(block.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      IgnorePublicAcls: true,
      BlockPublicPolicy: true,
      RestrictPublicBuckets: true,
    });
    const encryption = await s3.send(new GetBucketEncryptionCommand({ Bucket: bucket }));
    expect(
      encryption.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault
        ?.SSEAlgorithm,
    ).toBe('AES256');
    const tagging = await s3.send(new GetBucketTaggingCommand({ Bucket: bucket }));
    expect(tagsOf(tagging.TagSet)).toEqual(ownedBy('kubernetes', bucket));
    const { Contents = [] } = await s3.send(new ListObjectsV2Command({ Bucket: bucket }));
    const keys = Contents.map((object) => object.Key!);
    expect(keys.some((key) => key.startsWith('kubernetes/master/'))).toBe(true);
    expect(keys.some((key) => key.startsWith('kubernetes/nodes/'))).toBe(true);
    expect(keys.every((key) => key.startsWith('kubernetes/'))).toBe(true);

    // Every step started and succeeded; the checklist's order is the seed's.
    for (const step of PROVISION_STEPS) {
      expect(
        events.find((event) => event.type === 'step-started' && event.step === step),
        step,
      ).toBeDefined();
      expect(
        events.find((event) => event.type === 'step-succeeded' && event.step === step),
        step,
      ).toBeDefined();
    }
    expect(events.some((event) => event.type === 'step-failed')).toBe(false);
    // What the dry run and the Review screen showed is what was made, step by step.
    expectRunAsPlanned(plan, events);
    // The emulator's instances run nothing: validation stops at "instances running" and says so.
    expect(events).toContainEqual({ type: 'log', level: 'info', message: EMULATOR_VALIDATION_NOTE });
    expect(events.some((event) => event.type === 'instance-boot')).toBe(false);
  });

  it('names everything after a named cluster, IAM after cluster and region, in any region', async () => {
    const { plan } = await provisionCluster(
      moto.url,
      testConfig({ name: 'blue', region: 'eu-west-1', zone: 'eu-west-1b' }),
    );
    const snapshot = await snapshotAccount(moto.clients('eu-west-1'));
    expect(snapshot.roles).toEqual(['kubernetes-master-blue-eu-west-1', 'kubernetes-minion-blue-eu-west-1']);
    expect(snapshot.launchTemplates).toEqual(['blue-minion-group']);
    expect(snapshot.autoScalingGroups).toEqual(['blue-minion-group']);
    expect(snapshot.buckets).toEqual([plan.config.bucket]);
    const ec2 = moto.clients('eu-west-1').ec2();
    const { Vpcs = [] } = await ec2.send(
      new DescribeVpcsCommand({ Filters: [{ Name: 'tag:KubernetesCluster', Values: ['blue'] }] }),
    );
    expect(tagsOf(Vpcs[0]?.Tags).Name).toBe('blue-vpc');
    const { SecurityGroups = [] } = await ec2.send(
      new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'tag:KubernetesCluster', Values: ['blue'] }] }),
    );
    expect(SecurityGroups.map((group) => group.GroupName).sort()).toEqual([
      'kubernetes-master-blue',
      'kubernetes-minion-blue',
    ]);
    const { Subnets = [] } = await ec2.send(
      new DescribeSubnetsCommand({ Filters: [{ Name: 'tag:KubernetesCluster', Values: ['blue'] }] }),
    );
    expect(Subnets[0]?.AvailabilityZone).toBe('eu-west-1b');
  });

  it('creates the staging bucket in us-east-1 too (no LocationConstraint there)', async () => {
    const { plan } = await provisionCluster(
      moto.url,
      testConfig({ name: 'east', region: 'us-east-1', zone: 'us-east-1c', nodes: 1 }),
    );
    const snapshot = await snapshotAccount(moto.clients('us-east-1'));
    expect(snapshot.buckets).toEqual([plan.config.bucket]);
  });

  it("keeps the gateway a VPC already has (kube-up's, untagged), and none of its own", async () => {
    // The cluster's gateway is made while its VPC is; a VPC that was there already may have one.
    const config = testConfig();
    const ec2 = moto.clients(config.region).ec2();
    const vpcId = (
      await ensureVpc({ clients: moto.clients(config.region), region: config.region }, config.name)
    ).value.VpcId!;
    const { InternetGateway } = await ec2.send(new CreateInternetGatewayCommand({}));
    const kubeUpGateway = InternetGateway!.InternetGatewayId!;
    await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: kubeUpGateway, VpcId: vpcId }));

    await provisionCluster(moto.url, config);
    const { InternetGateways: attached = [] } = await ec2.send(
      new DescribeInternetGatewaysCommand({ Filters: [{ Name: 'attachment.vpc-id', Values: [vpcId] }] }),
    );
    expect(attached.map((gateway) => gateway.InternetGatewayId)).toEqual([kubeUpGateway]);
    const { InternetGateways: tagged = [] } = await ec2.send(
      new DescribeInternetGatewaysCommand({ Filters: clusterFilters(config.name) }),
    );
    expect(tagged, 'the one made for the VPC is deleted again').toEqual([]);
    const { RouteTables = [] } = await ec2.send(
      new DescribeRouteTablesCommand({ Filters: clusterFilters(config.name) }),
    );
    const routes = RouteTables.flatMap((table) => table.Routes ?? []);
    expect(routes.find((route) => route.DestinationCidrBlock === '0.0.0.0/0')?.GatewayId).toBe(kubeUpGateway);
  });

  it('a second run finds everything and creates nothing', async () => {
    await provisionCluster(moto.url, testConfig());
    const before = countsOf(await snapshotAccount(moto.clients()));
    const { events, plan } = await provisionCluster(moto.url, testConfig());
    const after = countsOf(await snapshotAccount(moto.clients()));
    expect(after).toEqual(before);
    // The plan of a rerun shows what it finds.
    expectRunAsPlanned(plan, events);
    const skipped = events.filter((event) => event.type === 'step-skipped').map((event) => event.step);
    // Everything but the bundle upload (re-written each run) and the validation is found as it was.
    expect(skipped.sort()).toEqual(
      [
        'iam',
        'key-pair',
        'vpc',
        'subnet',
        'internet-gateway',
        'route-table',
        'security-groups',
        'master-volume',
        'master-instance',
        'node-group',
      ].sort(),
    );
    expect(events.some((event) => event.type === 'step-detail' && event.message.startsWith('created'))).toBe(
      false,
    );
  });

  it.each([
    [
      'after the VPC step',
      (event: ProvisionEvent) => event.type === 'step-succeeded' && event.step === 'vpc',
    ],
    [
      'after the IAM step',
      (event: ProvisionEvent) => event.type === 'step-succeeded' && event.step === 'iam',
    ],
    [
      'right after RunInstances for the master',
      (event: ProvisionEvent) => event.type === 'step-detail' && event.message.startsWith('created instance'),
    ],
    [
      'right after the launch template',
      (event: ProvisionEvent) =>
        event.type === 'step-detail' && event.message.startsWith('created launch-template'),
    ],
  ])('an interrupted run (%s) resumes to exactly one of everything', async (_label, interruptWhen) => {
    await provisionCluster(moto.url, testConfig());
    const expected = countsOf(await snapshotAccount(moto.clients()));
    await moto.reset();

    const controller = new AbortController();
    const interrupted = await provisionCluster(moto.url, testConfig(), {
      signal: controller.signal,
      onEvent: (event) => {
        if (interruptWhen(event)) controller.abort();
      },
    }).catch((error: unknown) => error);
    expect(interrupted).toBeInstanceOf(ProvisionError);
    expect((interrupted as ProvisionError).error.kind).toBe('aborted');

    await provisionCluster(moto.url, testConfig());
    expect(countsOf(await snapshotAccount(moto.clients()))).toEqual(expected);
  });

  it.each([
    // Creates AWS makes again on every call (no unique name, no private IP, a token per run).
    ['CreateVolume', 'the master volume'],
    ['AllocateAddress', "the master's elastic IP"],
  ])(
    'a run cancelled while %s is on its way waits for its answer, so a rerun at once makes no second (%s)',
    async (action) => {
      await provisionCluster(moto.url, testConfig());
      const expected = countsOf(await snapshotAccount(moto.clients()));
      await moto.reset();

      const controller = new AbortController();
      // AWS gets the create late, after the user pressed Ctrl+C: it makes the resource all the same.
      const proxy = await startFaultProxy({
        target: moto.url,
        rules: [
          {
            service: 'ec2',
            action,
            times: 1,
            // Longer than the rerun takes to look for it.
            delayMs: 6_000,
            match: () => {
              controller.abort();
              return true;
            },
          },
        ],
      });
      try {
        const interrupted = await provisionCluster(proxy.url, testConfig(), {
          signal: controller.signal,
        }).catch((error: unknown) => error);
        expect(interrupted).toBeInstanceOf(ProvisionError);
        expect((interrupted as ProvisionError).error.kind).toBe('aborted');
        expect(proxy.counts()[`ec2:${action}`]).toBe(1);

        await provisionCluster(moto.url, testConfig());
        await proxy.drained();
        expect(countsOf(await snapshotAccount(moto.clients()))).toEqual(expected);
      } finally {
        await proxy.stop();
      }
    },
  );

  it("a new cluster waits on no look it does not need: its VPC's route table and the master are made without looking first, and the master's address and disk go at once", async () => {
    // The address is slow to come: the disk must not wait for it.
    const proxy = await startFaultProxy({
      target: moto.url,
      rules: [{ service: 'ec2', action: 'AssociateAddress', times: 1, delayMs: 3_000 }],
    });
    try {
      await provisionCluster(proxy.url, testConfig());
      await proxy.drained();
      const records = proxy.records();
      const first = (key: string) => {
        const index = records.findIndex((record) => record.key === key);
        expect(index, key).toBeGreaterThanOrEqual(0);
        return index;
      };
      // In a VPC this run made, nothing of the cluster can be there yet; a racing run's table is
      // still found by the look after the create.
      expect(first('ec2:CreateRouteTable')).toBeLessThan(first('ec2:DescribeRouteTables'));
      expect(first('ec2:RunInstances')).toBeLessThan(first('ec2:DescribeInstances'));
      const associate = records[first('ec2:AssociateAddress')]!;
      const attach = records[first('ec2:AttachVolume')]!;
      expect(attach.arrivedAt).toBeLessThan(associate.answeredAt!);
    } finally {
      await proxy.stop();
    }
  });

  it('two clusters in one region share nothing but the key pair', async () => {
    await provisionCluster(moto.url, testConfig({ name: 'red', nodes: 1 }));
    await provisionCluster(moto.url, testConfig({ name: 'green', nodes: 1 }));
    const snapshot = await snapshotAccount(moto.clients());
    expect(snapshot.vpcs).toHaveLength(2);
    expect(snapshot.subnets).toHaveLength(2);
    expect(snapshot.internetGateways).toHaveLength(2);
    expect(snapshot.routeTables).toHaveLength(2);
    expect(snapshot.securityGroups).toHaveLength(4);
    expect(snapshot.elasticIps).toHaveLength(2);
    expect(snapshot.autoScalingGroups).toEqual(['green-minion-group', 'red-minion-group']);
    expect(snapshot.buckets).toHaveLength(2);
    expect(snapshot.roles).toHaveLength(4);
    expect(snapshot.keyPairs).toHaveLength(1);
    const { KeyPairs = [] } = await moto.clients().ec2().send(new DescribeKeyPairsCommand({}));
    expect(tagsOf(KeyPairs[0]!.Tags)).toEqual({
      'kubernetes.io/cluster/red': 'owned',
      'kubernetes.io/cluster/green': 'owned',
    });
  });
});
