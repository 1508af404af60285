// A real `up` against moto, then the two instances it launched, as simulated instances: their user
// data from EC2, their identity for the IMDS emulator, the bundle they fetch from moto's S3.
import {
  DescribeInstanceAttributeCommand,
  DescribeInstancesCommand,
  DescribeLaunchTemplateVersionsCommand,
  DescribeVolumesCommand,
  type Instance,
} from '@aws-sdk/client-ec2';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { MASTER_VOLUME_DEVICE } from '../../../src/aws/resources/volume.js';
import { readSecrets } from '../../../src/kubernetes/secrets.js';
import { bundlePrefixes } from '../../../src/model/bundle-layout.js';
import type { ClusterConfig } from '../../../src/model/config.js';
import { API_PORT, MASTER_PRIVATE_IP } from '../../../src/model/network.js';
import type { MotoHandle } from '../aws.js';
import { provisionCluster, testConfig } from '../cluster.js';
import { type Imds, type InstanceIdentity, startImds } from './imds.js';

export interface UpCluster {
  config: ClusterConfig;
  bucket: string;
  masterUserData: string;
  nodeUserData: string;
  master: InstanceIdentity;
  node: InstanceIdentity;
  volumeSerial: string;
  caCertHash: string;
  caCertPem: string;
  s3Base: string;
  /** EC2's endpoint for the instances (moto), as KT_EC2_BASE. */
  ec2Base: string;
  /** The current object `<C>/nodes/token`. */
  nodeToken(): Promise<string>;
  object(key: string): Promise<string | undefined>;
}

function identity(instance: Instance, region: string, roleName: string): InstanceIdentity {
  return {
    instanceId: instance.InstanceId ?? 'i-0000000000000000',
    region,
    availabilityZone: instance.Placement?.AvailabilityZone ?? `${region}a`,
    privateIp: instance.PrivateIpAddress ?? MASTER_PRIVATE_IP,
    publicIp: instance.PublicIpAddress,
    privateDnsName: instance.PrivateDnsName ?? 'ip-172-20-0-9.ec2.internal',
    instanceType: instance.InstanceType ?? 't3.medium',
    imageId: instance.ImageId ?? 'ami-00000000',
    accountId: '123456789012',
    roleName,
  };
}

export async function upCluster(moto: MotoHandle, overrides: Partial<ClusterConfig>): Promise<UpCluster> {
  const config = testConfig({ nodes: 1, ...overrides });
  const { plan } = await provisionCluster(moto.url, config);
  const region = config.region;
  const ec2 = moto.clients(region).ec2();
  const s3 = moto.clients(region).s3();
  const { Reservations = [] } = await ec2.send(
    new DescribeInstancesCommand({
      Filters: [
        { Name: 'tag:KubernetesCluster', Values: [config.name] },
        { Name: 'instance-state-name', Values: ['pending', 'running'] },
      ],
    }),
  );
  const instances = Reservations.flatMap((reservation) => reservation.Instances ?? []);
  const name = (instance: Instance) => instance.Tags?.find((tag) => tag.Key === 'Name')?.Value ?? '';
  const master = instances.find((instance) => name(instance).endsWith('-master'));
  if (!master?.InstanceId) throw new Error('up launched no master');
  const node = instances.find((instance) => instance !== master);
  const attribute = await ec2.send(
    new DescribeInstanceAttributeCommand({ InstanceId: master.InstanceId, Attribute: 'userData' }),
  );
  const { LaunchTemplateVersions = [] } = await ec2.send(
    new DescribeLaunchTemplateVersionsCommand({
      LaunchTemplateName: `${config.name}-minion-group`,
      Versions: ['$Latest'],
    }),
  );
  const { Volumes = [] } = await ec2.send(
    new DescribeVolumesCommand({
      Filters: [{ Name: 'attachment.instance-id', Values: [master.InstanceId] }],
    }),
  );
  const volume = Volumes.find((entry) => entry.Attachments?.some((a) => a.Device === MASTER_VOLUME_DEVICE));
  if (!volume?.VolumeId) throw new Error('the master volume is not attached at /dev/sdf');
  const secrets = await readSecrets(region, config.name);
  if (!secrets) throw new Error('up kept no secrets');
  const bucket = plan.config.bucket;
  const object = async (key: string) => {
    try {
      const response = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return await response.Body?.transformToString();
    } catch {
      return undefined;
    }
  };
  const nodeIdentity: Instance = node ?? {
    InstanceId: 'i-0node000000000001',
    PrivateIpAddress: '172.20.0.50',
    PrivateDnsName: 'ip-172-20-0-50.us-west-2.compute.internal',
  };
  return {
    config,
    bucket,
    masterUserData: Buffer.from(attribute.UserData?.Value ?? '', 'base64').toString(),
    nodeUserData: Buffer.from(
      LaunchTemplateVersions[0]?.LaunchTemplateData?.UserData ?? '',
      'base64',
    ).toString(),
    master: identity(master, region, `${config.name}-master`),
    node: identity(nodeIdentity, region, `${config.name}-minion`),
    volumeSerial: volume.VolumeId.replace('-', ''),
    caCertHash: secrets.caCertHash,
    caCertPem: secrets.caCertPem,
    s3Base: `${moto.url}/${bucket}`,
    ec2Base: moto.url,
    nodeToken: async () => (await object(bundlePrefixes(config.name).token)) ?? '',
    object,
  };
}

export const API_ENDPOINT = `${MASTER_PRIVATE_IP}:${API_PORT}`;

export async function imdsFor(identity: InstanceIdentity): Promise<Imds> {
  return startImds(identity);
}
