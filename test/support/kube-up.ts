// Builds, through the SDK alone, what kube-up.sh left in an account (reference/kube-up-kops.md 1.2
// and 1.3): tagged VPC, subnet, route table, groups, master volume and instance; an untagged
// internet gateway, Elastic IP (named only by the volume's kubernetes.io/master-ip tag), launch
// configuration, IAM roles and key pair. Used to check that discovery finds a real kube-up cluster.
import { randomBytes } from 'node:crypto';
import {
  CreateAutoScalingGroupCommand,
  CreateLaunchConfigurationCommand,
} from '@aws-sdk/client-auto-scaling';
import {
  AllocateAddressCommand,
  AssociateAddressCommand,
  AssociateDhcpOptionsCommand,
  AssociateRouteTableCommand,
  AttachInternetGatewayCommand,
  AttachVolumeCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateDhcpOptionsCommand,
  CreateInternetGatewayCommand,
  CreateKeyPairCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateTagsCommand,
  CreateVolumeCommand,
  CreateVpcCommand,
  DescribeKeyPairsCommand,
  RunInstancesCommand,
  type Tag,
} from '@aws-sdk/client-ec2';
import {
  AddRoleToInstanceProfileCommand,
  CreateInstanceProfileCommand,
  CreateRoleCommand,
  GetRoleCommand,
} from '@aws-sdk/client-iam';
import type { AwsClients } from '../../src/aws/clients.js';

export const KUBE_UP_IMAGE = 'ami-00000000000000001';

export interface KubeUpCluster {
  name: string;
  region: string;
  zone: string;
  vpcId: string;
  dhcpOptionsId: string;
  subnetId: string;
  internetGatewayId: string;
  routeTableId: string;
  masterGroupId: string;
  nodeGroupId: string;
  volumeId: string;
  allocationId: string;
  publicIp: string;
  masterInstanceId: string;
  launchConfiguration: string;
  autoScalingGroup: string;
  keyName: string;
  roles: string[];
}

const tags = (entries: Record<string, string>): Tag[] =>
  Object.entries(entries).map(([Key, Value]) => ({ Key, Value }));

/** kube-up's key name: `kubernetes-` + 32 hex digits (an MD5 fingerprint). Made once per name. */
export async function ensureKubeUpKeyPair(
  clients: AwsClients,
  region: string,
  keyName?: string,
): Promise<string> {
  const name = keyName ?? `kubernetes-${randomBytes(16).toString('hex')}`;
  const ec2 = clients.ec2(region);
  const existing = await ec2
    .send(new DescribeKeyPairsCommand({ KeyNames: [name] }))
    .then((result) => result.KeyPairs?.length ?? 0)
    .catch(() => 0);
  if (!existing) await ec2.send(new CreateKeyPairCommand({ KeyName: name }));
  return name;
}

/** kube-up's shared roles and profiles `kubernetes-master` / `kubernetes-minion` (untagged). */
export async function ensureKubeUpRoles(
  clients: AwsClients,
  names = ['kubernetes-master', 'kubernetes-minion'],
) {
  const iam = clients.iam();
  for (const name of names) {
    const exists = await iam
      .send(new GetRoleCommand({ RoleName: name }))
      .then(() => true)
      .catch(() => false);
    if (exists) continue;
    await iam.send(
      new CreateRoleCommand({
        RoleName: name,
        AssumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' },
          ],
        }),
      }),
    );
    await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: name }));
    await iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: name, RoleName: name }));
  }
  return names;
}

export async function makeKubeUpCluster(
  clients: AwsClients,
  input: { name: string; region?: string; zone?: string; nodes?: number; keyName?: string; cidr?: string },
): Promise<KubeUpCluster> {
  const name = input.name;
  const region = input.region ?? 'us-west-2';
  const zone = input.zone ?? `${region}a`;
  const base = input.cidr ?? '172.20';
  const ec2 = clients.ec2(region);
  const cluster = { KubernetesCluster: name };
  const keyName = await ensureKubeUpKeyPair(clients, region, input.keyName);
  const roles = await ensureKubeUpRoles(clients);

  const vpc = await ec2.send(
    new CreateVpcCommand({
      CidrBlock: `${base}.0.0/16`,
      TagSpecifications: [{ ResourceType: 'vpc', Tags: tags({ Name: 'kubernetes-vpc', ...cluster }) }],
    }),
  );
  const vpcId = vpc.Vpc!.VpcId!;
  const dhcp = await ec2.send(
    new CreateDhcpOptionsCommand({
      DhcpConfigurations: [
        { Key: 'domain-name', Values: [`${region}.compute.internal`] },
        { Key: 'domain-name-servers', Values: ['AmazonProvidedDNS'] },
      ],
    }),
  );
  const dhcpOptionsId = dhcp.DhcpOptions!.DhcpOptionsId!;
  // kube-up tagged the set afterwards (and moto 5.2.1 ignores CreateDhcpOptions' TagSpecifications).
  await ec2.send(
    new CreateTagsCommand({
      Resources: [dhcpOptionsId],
      Tags: tags({ Name: 'kubernetes-dhcp-option-set', ...cluster }),
    }),
  );
  await ec2.send(new AssociateDhcpOptionsCommand({ DhcpOptionsId: dhcpOptionsId, VpcId: vpcId }));
  const subnet = await ec2.send(
    new CreateSubnetCommand({
      VpcId: vpcId,
      CidrBlock: `${base}.0.0/24`,
      AvailabilityZone: zone,
      TagSpecifications: [{ ResourceType: 'subnet', Tags: tags(cluster) }],
    }),
  );
  const subnetId = subnet.Subnet!.SubnetId!;
  const gateway = await ec2.send(new CreateInternetGatewayCommand({}));
  const internetGatewayId = gateway.InternetGateway!.InternetGatewayId!;
  await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: internetGatewayId, VpcId: vpcId }));
  const table = await ec2.send(
    new CreateRouteTableCommand({
      VpcId: vpcId,
      TagSpecifications: [{ ResourceType: 'route-table', Tags: tags(cluster) }],
    }),
  );
  const routeTableId = table.RouteTable!.RouteTableId!;
  await ec2.send(new AssociateRouteTableCommand({ RouteTableId: routeTableId, SubnetId: subnetId }));
  await ec2.send(
    new CreateRouteCommand({
      RouteTableId: routeTableId,
      DestinationCidrBlock: '0.0.0.0/0',
      GatewayId: internetGatewayId,
    }),
  );
  const group = async (groupName: string) =>
    (
      await ec2.send(
        new CreateSecurityGroupCommand({
          GroupName: groupName,
          Description: `Kubernetes security group applied to ${groupName} nodes`,
          VpcId: vpcId,
          TagSpecifications: [{ ResourceType: 'security-group', Tags: tags(cluster) }],
        }),
      )
    ).GroupId!;
  const masterGroupId = await group(`kubernetes-master-${name}`);
  const nodeGroupId = await group(`kubernetes-minion-${name}`);
  for (const [target, source] of [
    [masterGroupId, nodeGroupId],
    [nodeGroupId, masterGroupId],
  ] as const) {
    await ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: target,
        IpPermissions: [{ IpProtocol: '-1', UserIdGroupPairs: [{ GroupId: source }] }],
      }),
    );
  }

  const address = await ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }));
  const volume = await ec2.send(
    new CreateVolumeCommand({
      AvailabilityZone: zone,
      Size: 20,
      VolumeType: 'gp2',
      TagSpecifications: [
        {
          ResourceType: 'volume',
          Tags: tags({ Name: `${name}-master-pd`, ...cluster, 'kubernetes.io/master-ip': address.PublicIp! }),
        },
      ],
    }),
  );
  const master = await ec2.send(
    new RunInstancesCommand({
      ImageId: KUBE_UP_IMAGE,
      InstanceType: 'm3.medium',
      MinCount: 1,
      MaxCount: 1,
      KeyName: keyName,
      SubnetId: subnetId,
      PrivateIpAddress: `${base}.0.9`,
      SecurityGroupIds: [masterGroupId],
      IamInstanceProfile: { Name: 'kubernetes-master' },
      TagSpecifications: [
        {
          ResourceType: 'instance',
          Tags: tags({ Name: `${name}-master`, Role: `${name}-master`, ...cluster }),
        },
      ],
    }),
  );
  const masterInstanceId = master.Instances![0]!.InstanceId!;
  await ec2.send(
    new AssociateAddressCommand({ AllocationId: address.AllocationId, InstanceId: masterInstanceId }),
  );
  await ec2.send(
    new AttachVolumeCommand({ VolumeId: volume.VolumeId, InstanceId: masterInstanceId, Device: '/dev/sdb' }),
  );

  const groupName = `${name}-minion-group-${zone}`;
  const autoScaling = clients.autoScaling(region);
  await autoScaling.send(
    new CreateLaunchConfigurationCommand({
      LaunchConfigurationName: groupName,
      ImageId: KUBE_UP_IMAGE,
      InstanceType: 't2.micro',
      KeyName: keyName,
      SecurityGroups: [nodeGroupId],
      IamInstanceProfile: 'kubernetes-minion',
      AssociatePublicIpAddress: true,
    }),
  );
  await autoScaling.send(
    new CreateAutoScalingGroupCommand({
      AutoScalingGroupName: groupName,
      LaunchConfigurationName: groupName,
      MinSize: input.nodes ?? 2,
      MaxSize: input.nodes ?? 2,
      DesiredCapacity: input.nodes ?? 2,
      VPCZoneIdentifier: subnetId,
      Tags: Object.entries({ Name: `${name}-minion`, Role: `${name}-minion`, ...cluster }).map(
        ([Key, Value]) => ({
          Key,
          Value,
          PropagateAtLaunch: true,
          ResourceId: groupName,
          ResourceType: 'auto-scaling-group',
        }),
      ),
    }),
  );
  return {
    name,
    region,
    zone,
    vpcId,
    dhcpOptionsId,
    subnetId,
    internetGatewayId,
    routeTableId,
    masterGroupId,
    nodeGroupId,
    volumeId: volume.VolumeId!,
    allocationId: address.AllocationId!,
    publicIp: address.PublicIp!,
    masterInstanceId,
    launchConfiguration: groupName,
    autoScalingGroup: groupName,
    keyName,
    roles,
  };
}

export interface UserNetwork {
  vpcId: string;
  subnetId: string;
  internetGatewayId: string;
  routeTableId: string;
}

/**
 * A user's own network for `--vpc-id` / `--subnet-id`, untagged: a VPC with an attached gateway, a
 * subnet, and a route table with a default route to the gateway associated with the subnet.
 */
export async function makeUserNetwork(
  clients: AwsClients,
  region = 'us-west-2',
  cidr = '10.50',
): Promise<UserNetwork> {
  const ec2 = clients.ec2(region);
  const vpcId = (
    await ec2.send(
      new CreateVpcCommand({
        CidrBlock: `${cidr}.0.0/16`,
        TagSpecifications: [{ ResourceType: 'vpc', Tags: tags({ Name: 'team-network' }) }],
      }),
    )
  ).Vpc!.VpcId!;
  const internetGatewayId = (await ec2.send(new CreateInternetGatewayCommand({}))).InternetGateway!
    .InternetGatewayId!;
  await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: internetGatewayId, VpcId: vpcId }));
  const subnetId = (
    await ec2.send(
      new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: `${cidr}.1.0/24`, AvailabilityZone: `${region}a` }),
    )
  ).Subnet!.SubnetId!;
  const routeTableId = (await ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }))).RouteTable!
    .RouteTableId!;
  await ec2.send(
    new CreateRouteCommand({
      RouteTableId: routeTableId,
      DestinationCidrBlock: '0.0.0.0/0',
      GatewayId: internetGatewayId,
    }),
  );
  await ec2.send(new AssociateRouteTableCommand({ RouteTableId: routeTableId, SubnetId: subnetId }));
  return { vpcId, subnetId, internetGatewayId, routeTableId };
}
