import {
  AssociateRouteTableCommand,
  AttachInternetGatewayCommand,
  CreateInternetGatewayCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DescribeInternetGatewaysCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  RegisterImageCommand,
  type Tag,
} from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/model/exit.js';
import { useMoto } from '../support/aws.js';
import { engineFor, provisionCluster, testConfig } from '../support/cluster.js';
import { roundTripsDeep, startFaultProxy } from '../support/fault-proxy.js';
import { expectRunAsPlanned } from '../support/planned.js';
import { snapshotAccount } from '../support/snapshot.js';

const tagsOf = (tags: Tag[] | undefined) =>
  Object.fromEntries((tags ?? []).map((tag) => [tag.Key, tag.Value]));

describe('planning a cluster (read-only checks against AWS)', () => {
  const moto = useMoto();
  const plan = async (overrides: Parameters<typeof testConfig>[0] = {}) => {
    const engine = engineFor(moto.url, overrides.region ?? 'us-west-2');
    try {
      return await engine.plan(testConfig(overrides));
    } finally {
      engine.close();
    }
  };

  it('picks the newest image of the OS publisher for the instance architecture', async () => {
    expect((await plan({ os: 'debian-13' })).imageInfo).toMatchObject({
      name: 'debian-13-amd64-20261101-2290',
      ownerId: '136693071363',
      architecture: 'x86_64',
    });
    expect((await plan({ os: 'al2023' })).imageInfo.name).toBe(
      'al2023-ami-2023.9.20261015.0-kernel-6.1-x86_64',
    );
    const arm = await plan({ os: 'flatcar', masterSize: 't4g.medium', nodeSize: 't4g.medium' });
    expect(arm.imageInfo).toMatchObject({ name: 'Flatcar-stable-4459.2.0-arm64-hvm', architecture: 'arm64' });
    expect((await plan({ os: 'flatcar' })).imageInfo.name).toBe('Flatcar-stable-4459.2.0-hvm');
  });

  it('never takes an image of another owner, even a newer one with the same name', async () => {
    await moto
      .clients()
      .ec2()
      .send(
        new RegisterImageCommand({
          Name: 'ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-20991231',
          Architecture: 'x86_64',
          RootDeviceName: '/dev/sda1',
        }),
      );
    const result = await plan();
    expect(result.imageInfo.ownerId).toBe('099720109477');
    expect(result.imageInfo.name).toBe('ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-20261020');
  });

  it('uses --node-image as given when it exists', async () => {
    const ubuntu = await plan();
    const chosen = await plan({ image: ubuntu.imageInfo.id, os: 'debian-12' });
    expect(chosen.config.image).toBe(ubuntu.imageInfo.id);
    await expect(plan({ image: 'ami-0123456789abcdef0' })).rejects.toThrow(
      /--node-image ami-0123456789abcdef0/,
    );
  });

  it("refuses a control plane smaller than kubeadm's preflight allows", async () => {
    for (const size of ['t2.micro', 't3.micro', 't3.nano']) {
      const error = await plan({ masterSize: size }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UsageError);
      expect((error as Error).message).toMatch(new RegExp(`--master-size ${size}: .*kubeadm`));
    }
    await expect(plan({ masterSize: 't3.small' })).resolves.toBeDefined();
  });

  it('warns about t2.micro nodes as the article did, and about logging on small nodes', async () => {
    const result = await plan({ nodeSize: 't2.micro' });
    expect(result.warnings.some((warning) => warning.startsWith('node size t2.micro'))).toBe(true);
    expect(result.warnings.some((warning) => /Elasticsearch/.test(warning))).toBe(true);
    const quiet = await plan({ nodeSize: 't3.large' });
    expect(quiet.warnings).toEqual([]);
  });

  it('refuses a zone the region does not have, an unknown instance type and mixed architectures', async () => {
    await expect(plan({ zone: 'us-west-2z' })).rejects.toThrow(/--zone us-west-2z: not a zone of us-west-2/);
    // Several faults at once: the most basic one is reported, however the calls race.
    for (let run = 0; run < 3; run++) {
      await expect(plan({ zone: 'us-west-2z', nodeSize: 't9.huge', masterSize: 't9.huge' })).rejects.toThrow(
        /--zone us-west-2z: not a zone of us-west-2/,
      );
    }
    await expect(plan({ nodeSize: 't9.huge' })).rejects.toThrow(/--node-size t9\.huge/);
    await expect(plan({ nodeSize: 't4g.medium' })).rejects.toThrow(/architecture/);
  });

  it('asks AWS everything in one round: the image lookup goes out with the zone, account and type checks', async () => {
    const image = (await plan({ os: 'al2023' })).imageInfo.id;
    // 2 s added to every call keeps calls made side by side overlapping, even on a loaded machine.
    const proxy = await startFaultProxy({ target: moto.url, latencyMs: 2_000 });
    try {
      for (const overrides of [
        { os: 'debian-13' as const },
        { os: 'flatcar' as const, masterSize: 't4g.medium', nodeSize: 't4g.medium' },
        { image },
      ]) {
        proxy.resetCounts();
        const engine = engineFor(proxy.url);
        try {
          await engine.plan(testConfig(overrides));
        } finally {
          engine.close();
        }
        expect(proxy.counts()).toHaveProperty(['ec2:DescribeImages']);
        expect(roundTripsDeep(proxy.records()), JSON.stringify(overrides)).toBe(1);
      }
    } finally {
      await proxy.stop();
    }
  });

  it('lists the eleven steps in the seed order with the resources each makes', async () => {
    const result = await plan();
    expect(result.steps.map((step) => step.step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(result.steps[0]).toMatchObject({
      title: 'Upload installation files to S3',
      resources: [{ type: 's3-bucket', name: result.config.bucket }],
    });
    expect(result.steps[3]?.resources).toEqual([{ type: 'vpc', name: 'kubernetes-vpc' }]);
    expect(result.steps[10]?.resources).toEqual([
      { type: 'launch-template', name: 'kubernetes-minion-group' },
      { type: 'auto-scaling-group', name: 'kubernetes-minion-group' },
    ]);
    expect(result.masterPrivateIp).toBe('172.20.0.9');
  });

  it('changes nothing in the account', async () => {
    const before = await snapshotAccount(moto.clients());
    await plan();
    expect(await snapshotAccount(moto.clients())).toEqual(before);
  });
});

describe('an existing network (VPC_ID, SUBNET_ID, KUBE_SUBNET_CIDR)', () => {
  const moto = useMoto();

  async function userVpc(cidr: string) {
    const ec2 = moto.clients().ec2();
    const { Vpc } = await ec2.send(new CreateVpcCommand({ CidrBlock: cidr }));
    const { InternetGateway } = await ec2.send(new CreateInternetGatewayCommand({}));
    await ec2.send(
      new AttachInternetGatewayCommand({
        VpcId: Vpc!.VpcId,
        InternetGatewayId: InternetGateway!.InternetGatewayId,
      }),
    );
    return { vpcId: Vpc!.VpcId!, gatewayId: InternetGateway!.InternetGatewayId! };
  }

  it('creates the subnet in your VPC, reuses its gateway, and marks both shared, never owned', async () => {
    const { vpcId, gatewayId } = await userVpc('10.50.0.0/16');
    const { plan, events } = await provisionCluster(
      moto.url,
      testConfig({ vpcId, subnetCidr: '10.50.3.0/24', nodes: 1 }),
    );
    expect(plan.masterPrivateIp).toBe('10.50.3.9');
    // The plan shows your VPC and its gateway, which the run then uses.
    expect(plan.steps.find((step) => step.id === 'internet-gateway')?.resources).toEqual([
      { type: 'internet-gateway', name: gatewayId },
    ]);
    expectRunAsPlanned(plan, events);
    const ec2 = moto.clients().ec2();
    const { Vpcs = [] } = await ec2.send(new DescribeVpcsCommand({ VpcIds: [vpcId] }));
    expect(tagsOf(Vpcs[0]!.Tags)).toEqual({ 'kubernetes.io/cluster/kubernetes': 'shared' });
    const { InternetGateways = [] } = await ec2.send(new DescribeInternetGatewaysCommand({}));
    const attached = InternetGateways.filter((gateway) =>
      gateway.Attachments?.some((attachment) => attachment.VpcId === vpcId),
    );
    expect(attached.map((gateway) => gateway.InternetGatewayId)).toEqual([gatewayId]);
    expect(tagsOf(attached[0]!.Tags)).toEqual({ 'kubernetes.io/cluster/kubernetes': 'shared' });
    const { Subnets = [] } = await ec2.send(
      new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }),
    );
    expect(Subnets.map((subnet) => subnet.CidrBlock)).toEqual(['10.50.3.0/24']);
    const snapshot = await snapshotAccount(moto.clients());
    expect(snapshot.vpcs).toEqual([vpcId]);
  });

  it('uses your subnet and its route table as they are, with the master at base + 9', async () => {
    const { vpcId, gatewayId } = await userVpc('10.60.0.0/16');
    const ec2 = moto.clients().ec2();
    const { Subnet } = await ec2.send(
      new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.60.8.0/24', AvailabilityZone: 'us-west-2a' }),
    );
    const { RouteTable } = await ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }));
    await ec2.send(
      new CreateRouteCommand({
        RouteTableId: RouteTable!.RouteTableId,
        DestinationCidrBlock: '0.0.0.0/0',
        GatewayId: gatewayId,
      }),
    );
    await ec2.send(
      new AssociateRouteTableCommand({ RouteTableId: RouteTable!.RouteTableId, SubnetId: Subnet!.SubnetId }),
    );
    const routeTablesBefore = (await snapshotAccount(moto.clients())).routeTables;

    const { plan, events } = await provisionCluster(
      moto.url,
      testConfig({ vpcId, subnetId: Subnet!.SubnetId, nodes: 1 }),
    );
    expectRunAsPlanned(plan, events);
    expect(plan.masterPrivateIp).toBe('10.60.8.9');
    const after = await snapshotAccount(moto.clients());
    expect(after.routeTables).toEqual(routeTablesBefore);
    expect(after.subnets).toEqual([Subnet!.SubnetId]);
    const { Subnets = [] } = await ec2.send(new DescribeSubnetsCommand({ SubnetIds: [Subnet!.SubnetId!] }));
    expect(tagsOf(Subnets[0]!.Tags)).toEqual({ 'kubernetes.io/cluster/kubernetes': 'shared' });
  });

  it("refuses, before any write, a subnet to create that overlaps one of your VPC's, for the master's zone and each node zone", async () => {
    const { vpcId } = await userVpc('10.80.0.0/16');
    const ec2 = moto.clients().ec2();
    const made = async (CidrBlock: string, AvailabilityZone: string, cluster?: string) =>
      (
        await ec2.send(
          new CreateSubnetCommand({
            VpcId: vpcId,
            CidrBlock,
            AvailabilityZone,
            ...(cluster
              ? {
                  TagSpecifications: [
                    { ResourceType: 'subnet', Tags: [{ Key: 'KubernetesCluster', Value: cluster }] },
                  ],
                }
              : {}),
          }),
        )
      ).Subnet!.SubnetId!;
    const wide = await made('10.80.0.0/20', 'us-west-2b');
    const zoneB = await made('10.80.18.0/24', 'us-west-2c');
    // This cluster's own subnet, left by an earlier run, is found again, not in the way.
    await made('10.80.32.0/24', 'us-west-2a', 'kubernetes');
    const engine = engineFor(moto.url);
    try {
      await expect(engine.plan(testConfig({ vpcId, subnetCidr: '10.80.3.0/24' }))).rejects.toThrow(
        `--subnet-cidr 10.80.3.0/24 overlaps ${wide} (10.80.0.0/20) in ${vpcId}; pass a free block of 10.80.0.0/16`,
      );
      await expect(
        engine.plan(
          testConfig({ vpcId, subnetCidr: '10.80.16.0/24', nodeZones: ['us-west-2a', 'us-west-2b'] }),
        ),
      ).rejects.toThrow(
        `--node-zones us-west-2b: its subnet 10.80.18.0/24 overlaps ${zoneB} (10.80.18.0/24)`,
      );
      const plan = await engine.plan(testConfig({ vpcId, subnetCidr: '10.80.32.0/24' }));
      expect(plan.masterPrivateIp).toBe('10.80.32.9');
      expect((await snapshotAccount(moto.clients())).subnets).toHaveLength(3);
    } finally {
      engine.close();
    }
  });

  it('refuses a subnet without a route to an internet gateway, a VPC that does not exist, and a missing subnet CIDR', async () => {
    const ec2 = moto.clients().ec2();
    const { Vpc } = await ec2.send(new CreateVpcCommand({ CidrBlock: '10.70.0.0/16' }));
    const { Subnet } = await ec2.send(
      new CreateSubnetCommand({
        VpcId: Vpc!.VpcId,
        CidrBlock: '10.70.1.0/24',
        AvailabilityZone: 'us-west-2a',
      }),
    );
    const engine = engineFor(moto.url);
    try {
      await expect(
        engine.plan(testConfig({ vpcId: Vpc!.VpcId, subnetId: Subnet!.SubnetId })),
      ).rejects.toThrow(/--subnet-id .*no 0\.0\.0\.0\/0 route to an internet gateway/);
      await expect(engine.plan(testConfig({ vpcId: 'vpc-0123456789abcdef0' }))).rejects.toThrow(
        /--vpc-id vpc-0123456789abcdef0: no such VPC/,
      );
      await expect(engine.plan(testConfig({ vpcId: Vpc!.VpcId }))).rejects.toThrow(/--subnet-cidr/);
    } finally {
      engine.close();
    }
  });
});
