// What a deleted cluster leaves behind (kube-down never removed the DHCP options, key pair, bucket,
// shared IAM or the master volume's Elastic IP), and decoys that merely look like ours. Built
// through the SDK alone.
import { CreateLaunchConfigurationCommand } from '@aws-sdk/client-auto-scaling';
import { CreateLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  AllocateAddressCommand,
  CreateDhcpOptionsCommand,
  CreateKeyPairCommand,
  CreateTagsCommand,
  CreateVolumeCommand,
  CreateVpcCommand,
  RunInstancesCommand,
  TerminateInstancesCommand,
} from '@aws-sdk/client-ec2';
import {
  AddRoleToInstanceProfileCommand,
  CreateInstanceProfileCommand,
  CreateRoleCommand,
} from '@aws-sdk/client-iam';
import { CreateBucketCommand, PutBucketTaggingCommand } from '@aws-sdk/client-s3';
import type { AwsClients } from '../../src/aws/clients.js';
import { stagingBucketName } from '../../src/aws/naming.js';
import { KUBE_UP_IMAGE } from './kube-up.js';

/** moto's default account. */
export const MOTO_ACCOUNT = '123456789012';

const tags = (entries: Record<string, string>): { Key: string; Value: string }[] =>
  Object.entries(entries).map(([Key, Value]) => ({ Key, Value }));
const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});

export async function makeRoleWithProfile(
  clients: AwsClients,
  name: string,
  roleTags: Record<string, string> = {},
) {
  const iam = clients.iam();
  const tagList = Object.entries(roleTags).map(([Key, Value]) => ({ Key, Value }));
  await iam.send(
    new CreateRoleCommand({
      RoleName: name,
      AssumeRolePolicyDocument: TRUST,
      ...(tagList.length ? { Tags: tagList } : {}),
    }),
  );
  await iam.send(
    new CreateInstanceProfileCommand({
      InstanceProfileName: name,
      ...(tagList.length ? { Tags: tagList } : {}),
    }),
  );
  await iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: name, RoleName: name }));
}

export async function makeBucket(
  clients: AwsClients,
  name: string,
  region: string,
  bucketTags?: Record<string, string>,
) {
  const s3 = clients.s3(region);
  await s3.send(
    new CreateBucketCommand({
      Bucket: name,
      ...(region === 'us-east-1'
        ? {}
        : { CreateBucketConfiguration: { LocationConstraint: region as never } }),
    }),
  );
  if (bucketTags)
    await s3.send(new PutBucketTaggingCommand({ Bucket: name, Tagging: { TagSet: tags(bucketTags) } }));
}

export interface Leftovers {
  volumeId: string;
  allocationId: string;
  taggedAllocationId: string;
  keyName: string;
  launchConfiguration: string;
  roles: string[];
  otherRegionRoles: string[];
  untiedRole: string;
  bucket: string;
  dhcpOptionsId: string;
  logGroup: string;
  terminatedInstanceId: string;
}

/**
 * The leftovers of cluster `name` in `region`: its tagged master volume whose master-ip tag names an
 * untagged Elastic IP, a tagged Elastic IP, an unused kube-up key pair used only by an orphan launch
 * configuration, kube-tui's roles and profiles for this region and for another one, kube-up's
 * per-cluster role name of its last version (untagged: a user's now), the tagged staging bucket, an unassociated tagged DHCP
 * option set, its log group, and a terminated tagged master (moto keeps listing it).
 */
export async function makeLeftovers(
  clients: AwsClients,
  name: string,
  region = 'us-west-2',
): Promise<Leftovers> {
  const ec2 = clients.ec2(region);
  const owned = { KubernetesCluster: name, [`kubernetes.io/cluster/${name}`]: 'owned' };
  const address = await ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }));
  const volume = await ec2.send(
    new CreateVolumeCommand({
      AvailabilityZone: `${region}a`,
      Size: 20,
      TagSpecifications: [
        {
          ResourceType: 'volume',
          Tags: tags({
            Name: `${name}-master-pd`,
            KubernetesCluster: name,
            'kubernetes.io/master-ip': address.PublicIp!,
          }),
        },
      ],
    }),
  );
  const tagged = await ec2.send(
    new AllocateAddressCommand({
      Domain: 'vpc',
      TagSpecifications: [
        { ResourceType: 'elastic-ip', Tags: tags({ Name: `${name}-master-ip`, ...owned }) },
      ],
    }),
  );
  const keyName = `kubernetes-${'0123456789abcdef'.repeat(2)}`;
  await ec2.send(new CreateKeyPairCommand({ KeyName: keyName }));
  const launchConfiguration = `${name}-minion-group-${region}a`;
  await clients.autoScaling(region).send(
    new CreateLaunchConfigurationCommand({
      LaunchConfigurationName: launchConfiguration,
      ImageId: KUBE_UP_IMAGE,
      InstanceType: 't2.micro',
      KeyName: keyName,
    }),
  );
  const roles = [`kubernetes-master-${name}-${region}`, `kubernetes-minion-${name}-${region}`];
  for (const role of roles) await makeRoleWithProfile(clients, role, { ...owned, Name: role });
  const otherRegionRoles = [`kubernetes-master-${name}-eu-west-1`];
  for (const role of otherRegionRoles) await makeRoleWithProfile(clients, role, { ...owned, Name: role });
  const untiedRole = `kubernetes-master-${name}-kubernetes-vpc`;
  await makeRoleWithProfile(clients, untiedRole);
  const bucket = stagingBucketName(MOTO_ACCOUNT, region, name);
  await makeBucket(clients, bucket, region, { ...owned, Name: bucket });
  const dhcp = await ec2.send(
    new CreateDhcpOptionsCommand({
      DhcpConfigurations: [{ Key: 'domain-name-servers', Values: ['AmazonProvidedDNS'] }],
    }),
  );
  const dhcpOptionsId = dhcp.DhcpOptions!.DhcpOptionsId!;
  await ec2.send(
    new CreateTagsCommand({
      Resources: [dhcpOptionsId],
      Tags: tags({ Name: 'kubernetes-dhcp-option-set', KubernetesCluster: name }),
    }),
  );
  const logGroup = `/kube-tui/${name}`;
  await clients.logs(region).send(new CreateLogGroupCommand({ logGroupName: logGroup }));
  const master = await ec2.send(
    new RunInstancesCommand({
      ImageId: KUBE_UP_IMAGE,
      MinCount: 1,
      MaxCount: 1,
      TagSpecifications: [{ ResourceType: 'instance', Tags: tags({ Name: `${name}-master`, ...owned }) }],
    }),
  );
  const terminatedInstanceId = master.Instances![0]!.InstanceId!;
  await ec2.send(new TerminateInstancesCommand({ InstanceIds: [terminatedInstanceId] }));
  return {
    volumeId: volume.VolumeId!,
    allocationId: address.AllocationId!,
    taggedAllocationId: tagged.AllocationId!,
    keyName,
    launchConfiguration,
    roles,
    otherRegionRoles,
    untiedRole,
    bucket,
    dhcpOptionsId,
    logGroup,
    terminatedInstanceId,
  };
}

export interface Decoys {
  vpcId: string;
  volumeId: string;
  userInstanceId: string;
  userKey: string;
  userAllocationId: string;
}

/**
 * Things that merely look like ours and must be neither claimed nor flagged: an untagged VPC named
 * kubernetes-vpc, an untagged volume named kubernetes-master-pd, a bucket kubernetes-prod-data (even
 * tagged), a role kubernetes-ci-runner (not kube-up's pattern), a role kubernetes-minion-ci-runner
 * (kube-up's pattern, but used by a user's untagged instance, with a kube-up-looking key pair), an
 * untagged unassociated Elastic IP, an untagged unused `kubernetes-staging-*` bucket of kube-up's.
 */
export async function makeDecoys(clients: AwsClients, region = 'us-west-2'): Promise<Decoys> {
  const ec2 = clients.ec2(region);
  const vpc = await ec2.send(
    new CreateVpcCommand({
      CidrBlock: '10.99.0.0/16',
      TagSpecifications: [{ ResourceType: 'vpc', Tags: tags({ Name: 'kubernetes-vpc' }) }],
    }),
  );
  const volume = await ec2.send(
    new CreateVolumeCommand({
      AvailabilityZone: `${region}a`,
      Size: 5,
      TagSpecifications: [{ ResourceType: 'volume', Tags: tags({ Name: 'kubernetes-master-pd' }) }],
    }),
  );
  await makeBucket(clients, 'kubernetes-prod-data', region, { KubernetesCluster: 'gone' });
  await makeBucket(clients, 'kubernetes-staging-0123456789ab', region);
  await makeRoleWithProfile(clients, 'kubernetes-ci-runner');
  await makeRoleWithProfile(clients, 'kubernetes-minion-ci-runner');
  const userKey = `kubernetes-${'fedcba9876543210'.repeat(2)}`;
  await ec2.send(new CreateKeyPairCommand({ KeyName: userKey }));
  const instance = await ec2.send(
    new RunInstancesCommand({
      ImageId: KUBE_UP_IMAGE,
      MinCount: 1,
      MaxCount: 1,
      KeyName: userKey,
      IamInstanceProfile: { Name: 'kubernetes-minion-ci-runner' },
      TagSpecifications: [{ ResourceType: 'instance', Tags: tags({ Name: 'ci-runner' }) }],
    }),
  );
  const address = await ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }));
  return {
    vpcId: vpc.Vpc!.VpcId!,
    volumeId: volume.VolumeId!,
    userInstanceId: instance.Instances![0]!.InstanceId!,
    userKey,
    userAllocationId: address.AllocationId!,
  };
}
