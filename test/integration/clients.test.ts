import { CreateVpcCommand, DescribeAvailabilityZonesCommand, DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import { GetRoleCommand } from '@aws-sdk/client-iam';
import {
  CreateBucketCommand,
  GetObjectCommand,
  ListBucketsCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import type { ApiCall } from '../../src/aws/client-pool.js';
import { AwsClients } from '../../src/aws/clients.js';
import { classifyError } from '../../src/aws/errors.js';
import { useMoto } from '../support/aws.js';

describe('the AWS client factory, against moto', () => {
  const moto = useMoto();

  it('lists the availability zones of the region it was made for', async () => {
    const clients = moto.clients('eu-west-1');
    const { AvailabilityZones = [] } = await clients.ec2().send(new DescribeAvailabilityZonesCommand({}));
    const names = AvailabilityZones.map((zone) => zone.ZoneName);
    expect(names).toContain('eu-west-1a');
    expect(names.every((name) => name?.startsWith('eu-west-1'))).toBe(true);
  });

  it('reaches S3 with path-style addressing and round-trips an object', async () => {
    const s3 = moto.clients('us-west-2').s3();
    await s3.send(
      new CreateBucketCommand({
        Bucket: 'kube-tui-clients-test',
        CreateBucketConfiguration: { LocationConstraint: 'us-west-2' },
      }),
    );
    await s3.send(new PutObjectCommand({ Bucket: 'kube-tui-clients-test', Key: 'a/b.txt', Body: 'hello' }));
    const object = await s3.send(new GetObjectCommand({ Bucket: 'kube-tui-clients-test', Key: 'a/b.txt' }));
    expect(await object.Body?.transformToString()).toBe('hello');
    const { Buckets = [] } = await s3.send(new ListBucketsCommand({}));
    expect(Buckets.map((bucket) => bucket.Name)).toContain('kube-tui-clients-test');
  });

  it('learns the account id through STS', async () => {
    const identity = await moto.clients().sts().send(new GetCallerIdentityCommand({}));
    expect(identity.Account).toMatch(/^\d{12}$/);
  });

  it('annotates errors with the IAM action that failed, so messages can name it', async () => {
    const error = await moto
      .clients()
      .iam()
      .send(new GetRoleCommand({ RoleName: 'no-such-role' }))
      .catch((e: unknown) => e);
    const classified = classifyError(error);
    expect(classified.kind).toBe('not-found');
    expect(classified.action).toBe('iam:GetRole');
  });

  it('reports every call to onCall (the benchmark and tests count calls with it)', async () => {
    const calls: ApiCall[] = [];
    const clients = new AwsClients({
      region: 'us-west-2',
      endpoint: moto.url,
      onCall: (call) => calls.push(call),
    });
    await clients.ec2().send(new CreateVpcCommand({ CidrBlock: '10.9.0.0/16' }));
    await clients.ec2().send(new DescribeVpcsCommand({}));
    clients.destroy();
    expect(calls).toEqual([
      { service: 'ec2', action: 'CreateVpc', region: 'us-west-2' },
      { service: 'ec2', action: 'DescribeVpcs', region: 'us-west-2' },
    ]);
  });

  it('passes an AbortSignal through: an aborted call rejects as "aborted"', async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await moto
      .clients()
      .ec2()
      .send(new DescribeVpcsCommand({}), { abortSignal: controller.signal })
      .catch((e: unknown) => e);
    expect(classifyError(error).kind).toBe('aborted');
  });

  it('uses AWS_ENDPOINT_URL when no endpoint is given', async () => {
    const saved = process.env.AWS_ENDPOINT_URL;
    process.env.AWS_ENDPOINT_URL = moto.url;
    try {
      const clients = new AwsClients({ region: 'us-west-2' });
      expect(clients.isEmulator).toBe(true);
      const { Vpcs = [] } = await clients.ec2().send(new DescribeVpcsCommand({}));
      expect(Vpcs.length).toBeGreaterThan(0);
      clients.destroy();
    } finally {
      if (saved === undefined) delete process.env.AWS_ENDPOINT_URL;
      else process.env.AWS_ENDPOINT_URL = saved;
    }
  });
});
