import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  DescribeInstanceAttributeCommand,
  DescribeInstancesCommand,
  DescribeLaunchTemplateVersionsCommand,
} from '@aws-sdk/client-ec2';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readSecrets } from '../../src/kubernetes/secrets.js';
import { useMoto } from '../support/aws.js';
import { provisionCluster, testConfig } from '../support/cluster.js';

describe('the Kubernetes layer wired into provisioning', () => {
  const moto = useMoto();

  it('stages the bundle, keeps secrets out of user data and writes the kubeconfig', async () => {
    const { plan, result } = await provisionCluster(moto.url, testConfig({ nodes: 1 }));
    const secrets = (await readSecrets('us-west-2', 'kubernetes'))!;
    expect(secrets).toBeDefined();
    const ec2 = moto.clients().ec2();

    // The master's user data: small, fetching its part of the bundle, holding no secret.
    const { Reservations = [] } = await ec2.send(
      new DescribeInstancesCommand({ Filters: [{ Name: 'tag:Name', Values: ['kubernetes-master'] }] }),
    );
    const masterId = Reservations[0]!.Instances![0]!.InstanceId!;
    const attribute = await ec2.send(
      new DescribeInstanceAttributeCommand({ InstanceId: masterId, Attribute: 'userData' }),
    );
    const masterUserData = Buffer.from(attribute.UserData!.Value!, 'base64').toString();
    const { LaunchTemplateVersions = [] } = await ec2.send(
      new DescribeLaunchTemplateVersionsCommand({ LaunchTemplateName: 'kubernetes-minion-group' }),
    );
    const nodeUserData = Buffer.from(
      LaunchTemplateVersions[0]!.LaunchTemplateData!.UserData!,
      'base64',
    ).toString();
    for (const data of [masterUserData, nodeUserData]) {
      expect(Buffer.byteLength(data)).toBeLessThan(16 * 1024);
      expect(data).toContain(plan.config.bucket);
      for (const secret of [secrets.caKeyPem, secrets.adminKeyPem, secrets.bootstrapToken, 'PRIVATE KEY']) {
        expect(data).not.toContain(secret);
      }
    }
    expect(masterUserData).toContain('kubernetes/master/bootstrap.sh');
    expect(nodeUserData).toContain('kubernetes/nodes/bootstrap.sh');

    // The bundle: the CA key only under the master prefix; the first token for the nodes.
    const s3 = moto.clients().s3();
    const { Contents = [] } = await s3.send(new ListObjectsV2Command({ Bucket: plan.config.bucket }));
    const keys = Contents.map((object) => object.Key!);
    expect(keys).toContain('kubernetes/master/pki/ca.key');
    expect(keys).toContain('kubernetes/master/kubeadm.yaml');
    expect(keys).toContain('kubernetes/nodes/bootstrap.sh');
    expect(keys).toContain('kubernetes/nodes/token');
    const read = async (key: string) =>
      (
        await s3.send(new GetObjectCommand({ Bucket: plan.config.bucket, Key: key }))
      ).Body!.transformToString();
    for (const key of keys.filter(
      (k) => k.startsWith('kubernetes/nodes/') && k !== 'kubernetes/nodes/token',
    )) {
      expect(await read(key), key).not.toContain('PRIVATE KEY');
    }
    expect(await read('kubernetes/nodes/token')).toBe(secrets.bootstrapToken);
    const kubeadm = (await read('kubernetes/master/kubeadm.yaml')).split('\n---\n').map((doc) => parse(doc));
    expect(JSON.stringify(kubeadm)).toContain(result.masterPublicIp!);

    // The kubeconfig: context aws_kubernetes pointing at the Elastic IP, mode 0600.
    expect(result.kubeconfig).toBe(join(process.env.HOME!, '.kube', 'config'));
    expect(statSync(result.kubeconfig!).mode & 0o777).toBe(0o600);
    const kubeconfig = parse(readFileSync(result.kubeconfig!, 'utf8'));
    const cluster = kubeconfig.clusters.find((entry: { name: string }) => entry.name === 'aws_kubernetes');
    expect(cluster.cluster.server).toBe(`https://${result.masterPublicIp}:443`);
    expect(kubeconfig.contexts.map((entry: { name: string }) => entry.name)).toContain('aws_kubernetes');
  });

  it('a rerun keeps the CA and leaves the token the master now owns', async () => {
    await provisionCluster(moto.url, testConfig({ nodes: 1 }));
    const first = (await readSecrets('us-west-2', 'kubernetes'))!;
    const { plan } = await provisionCluster(moto.url, testConfig({ nodes: 1 }));
    // The master's daily timer rotates the token; a rerun must not put the old one back.
    const s3 = moto.clients().s3();
    await s3.send(
      new PutObjectCommand({
        Bucket: plan.config.bucket,
        Key: 'kubernetes/nodes/token',
        Body: 'abcdef.0123456789abcdef',
      }),
    );
    await provisionCluster(moto.url, testConfig({ nodes: 1 }));
    const again = (await readSecrets('us-west-2', 'kubernetes'))!;
    expect(again.caCertPem).toBe(first.caCertPem);
    const token = await (
      await s3.send(new GetObjectCommand({ Bucket: plan.config.bucket, Key: 'kubernetes/nodes/token' }))
    ).Body!.transformToString();
    expect(token).toBe('abcdef.0123456789abcdef');
  });
});
