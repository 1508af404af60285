import { DescribeAutoScalingGroupsCommand } from '@aws-sdk/client-auto-scaling';
import { CreateLogGroupCommand, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateVpcCommand, DescribeVpcsCommand, RunInstancesCommand } from '@aws-sdk/client-ec2';
import { DescribeLoadBalancersCommand } from '@aws-sdk/client-elastic-load-balancing';
import { CreateRoleCommand, GetRoleCommand } from '@aws-sdk/client-iam';
import {
  CreateBucketCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  PutBucketTaggingCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { afterEach, describe, expect, it } from 'vitest';
import { AwsClients } from '../../src/aws/clients.js';
import { classifyError } from '../../src/aws/errors.js';
import { useMoto } from '../support/aws.js';
import { type FaultProxy, type FaultProxyOptions, startFaultProxy } from '../support/fault-proxy.js';

const REGION = 'us-west-2';
const BUCKET = 'kube-tui-fault-proxy';
const ROLE_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});

describe('the fault proxy, between the SDK and moto', () => {
  const moto = useMoto();
  const proxies: FaultProxy[] = [];
  const clientSets: AwsClients[] = [];

  afterEach(async () => {
    for (const clients of clientSets.splice(0)) clients.destroy();
    await Promise.all(proxies.splice(0).map((proxy) => proxy.stop()));
  });

  const startProxy = async (options: Omit<FaultProxyOptions, 'target'> = {}) => {
    const proxy = await startFaultProxy({ target: moto.url, ...options });
    proxies.push(proxy);
    return proxy;
  };
  /** Real SDK clients (adaptive retries) pointed at the proxy. */
  const clientsVia = (proxy: FaultProxy, maxAttempts = 1) => {
    const clients = new AwsClients({ region: REGION, endpoint: proxy.url, maxAttempts });
    clientSets.push(clients);
    return clients;
  };
  const failureOf = (call: Promise<unknown>) =>
    call.then(
      () => {
        throw new Error('the call succeeded, but a fault was expected');
      },
      (error: unknown) => error,
    );
  /** VPCs as moto sees them, asked directly (not through the proxy). */
  const customVpcCidrs = async () => {
    const { Vpcs = [] } = await moto.clients(REGION).ec2().send(new DescribeVpcsCommand({}));
    return Vpcs.filter((vpc) => !vpc.IsDefault).map((vpc) => vpc.CidrBlock);
  };

  it('passes EC2, IAM, S3, Auto Scaling, STS, ELB and Logs calls through and counts them by service:action', async () => {
    const proxy = await startProxy();
    const clients = clientsVia(proxy);
    await clients.ec2().send(new CreateVpcCommand({ CidrBlock: '10.20.0.0/16' }));
    const { Vpcs = [] } = await clients.ec2().send(new DescribeVpcsCommand({}));
    await clients
      .iam()
      .send(new CreateRoleCommand({ RoleName: 'kube-tui-master', AssumeRolePolicyDocument: ROLE_POLICY }));
    const s3 = clients.s3();
    await s3.send(
      new CreateBucketCommand({ Bucket: BUCKET, CreateBucketConfiguration: { LocationConstraint: REGION } }),
    );
    await s3.send(
      new PutBucketTaggingCommand({ Bucket: BUCKET, Tagging: { TagSet: [{ Key: 'k', Value: 'v' }] } }),
    );
    await s3.send(new HeadBucketCommand({ Bucket: BUCKET }));
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'bootstrap/master.sh', Body: '#!/bin/sh\n' }));
    const object = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'bootstrap/master.sh' }));
    const { Contents = [] } = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET }));
    await s3.send(
      new DeleteObjectsCommand({ Bucket: BUCKET, Delete: { Objects: [{ Key: 'bootstrap/master.sh' }] } }),
    );
    await s3.send(new ListBucketsCommand({}));
    const identity = await clients.sts().send(new GetCallerIdentityCommand({}));
    await clients.autoScaling().send(new DescribeAutoScalingGroupsCommand({}));
    await clients.elb().send(new DescribeLoadBalancersCommand({}));
    await clients.logs().send(new CreateLogGroupCommand({ logGroupName: '/kube-tui/test' }));
    const { logGroups = [] } = await clients.logs().send(new DescribeLogGroupsCommand({}));

    expect(Vpcs.map((vpc) => vpc.CidrBlock)).toContain('10.20.0.0/16');
    expect(await object.Body?.transformToString()).toBe('#!/bin/sh\n');
    expect(Contents.map((entry) => entry.Key)).toEqual(['bootstrap/master.sh']);
    expect(identity.Account).toMatch(/^\d{12}$/);
    expect(logGroups.map((group) => group.logGroupName)).toContain('/kube-tui/test');
    expect(proxy.counts()).toEqual({
      'ec2:CreateVpc': 1,
      'ec2:DescribeVpcs': 1,
      'iam:CreateRole': 1,
      's3:CreateBucket': 1,
      's3:PutBucketTagging': 1,
      's3:HeadBucket': 1,
      's3:PutObject': 1,
      's3:GetObject': 1,
      's3:ListObjectsV2': 1,
      's3:DeleteObjects': 1,
      's3:ListBuckets': 1,
      'sts:GetCallerIdentity': 1,
      'autoscaling:DescribeAutoScalingGroups': 1,
      'elasticloadbalancing:DescribeLoadBalancers': 1,
      'logs:CreateLogGroup': 1,
      'logs:DescribeLogGroups': 1,
    });
    expect(proxy.totalCount()).toBe(16);
    expect(proxy.faultCounts()).toEqual({});
  });

  it("never delays, faults or counts moto's own /moto-api endpoints", async () => {
    const proxy = await startProxy({ faults: { dropBefore: 1 }, latencyMs: 5_000 });
    const response = await fetch(`${proxy.url}/moto-api/reset`, { method: 'POST' });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
    expect(proxy.totalCount()).toBe(0);
  });

  it('throttles the first two attempts; the SDK retries and succeeds, and the proxy counted every attempt', async () => {
    const proxy = await startProxy({
      rules: [{ service: 'ec2', action: 'DescribeVpcs', error: 'throttle', times: 2 }],
    });
    const { Vpcs = [] } = await clientsVia(proxy, 3).ec2().send(new DescribeVpcsCommand({}));
    expect(Vpcs.length).toBeGreaterThan(0);
    expect(proxy.counts()).toEqual({ 'ec2:DescribeVpcs': 3 });
    expect(proxy.faultCounts()).toEqual({ 'ec2:DescribeVpcs': 2 });
    expect(proxy.records().map((record) => record.code)).toEqual([
      'RequestLimitExceeded',
      'RequestLimitExceeded',
      undefined,
    ]);
  });

  it('reports "throttled" once the retries are used up', async () => {
    const proxy = await startProxy({ rules: [{ service: 'ec2', error: 'throttle' }] });
    const error = await failureOf(clientsVia(proxy, 3).ec2().send(new DescribeVpcsCommand({})));
    expect(classifyError(error)).toMatchObject({
      kind: 'throttled',
      code: 'RequestLimitExceeded',
      action: 'ec2:DescribeVpcs',
    });
    expect(proxy.counts()).toEqual({ 'ec2:DescribeVpcs': 3 });
  });

  it("answers throttling and 5xx in each service's own wire format, which the SDK parses into the right codes", async () => {
    const proxy = await startProxy();
    const calls: Record<string, (clients: AwsClients) => Promise<unknown>> = {
      ec2: (clients) => clients.ec2().send(new DescribeVpcsCommand({})),
      iam: (clients) => clients.iam().send(new GetRoleCommand({ RoleName: 'any' })),
      autoscaling: (clients) => clients.autoScaling().send(new DescribeAutoScalingGroupsCommand({})),
      sts: (clients) => clients.sts().send(new GetCallerIdentityCommand({})),
      elasticloadbalancing: (clients) => clients.elb().send(new DescribeLoadBalancersCommand({})),
      s3: (clients) => clients.s3().send(new ListBucketsCommand({})),
      logs: (clients) => clients.logs().send(new DescribeLogGroupsCommand({})),
    };
    const seen: Record<string, string[]> = {};
    for (const [service, call] of Object.entries(calls)) {
      for (const fault of ['throttle', 'serverError'] as const) {
        proxy.clearRules();
        proxy.addRule({ service, error: fault });
        // Fresh clients: after a throttle, adaptive retry makes the same client wait before its next call.
        const classified = classifyError(await failureOf(call(clientsVia(proxy))));
        seen[service] = [...(seen[service] ?? []), `${classified.kind} ${classified.code}`];
      }
    }
    expect(seen).toEqual({
      ec2: ['throttled RequestLimitExceeded', 'transient InternalError'],
      iam: ['throttled Throttling', 'transient InternalFailure'],
      autoscaling: ['throttled Throttling', 'transient InternalFailure'],
      sts: ['throttled Throttling', 'transient InternalFailure'],
      elasticloadbalancing: ['throttled Throttling', 'transient InternalFailure'],
      s3: ['throttled SlowDown', 'transient InternalError'],
      logs: ['throttled ThrottlingException', 'transient InternalFailure'],
    });
  });

  it('retries an S3 upload answered with a 500, and the object arrives whole', async () => {
    const proxy = await startProxy();
    const s3 = clientsVia(proxy, 3).s3();
    await s3.send(
      new CreateBucketCommand({ Bucket: BUCKET, CreateBucketConfiguration: { LocationConstraint: REGION } }),
    );
    proxy.addRule({ service: 's3', action: 'PutObject', error: 'serverError', times: 1 });
    const body = 'x'.repeat(100_000);
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'pki/ca.crt', Body: body }));
    const object = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'pki/ca.crt' }));
    expect(await object.Body?.transformToString()).toBe(body);
    expect(proxy.counts()['s3:PutObject']).toBe(2);
    expect(proxy.faultCounts()).toEqual({ 's3:PutObject': 1 });
  });

  it('makes iam:CreateRole fail for good with AccessDenied, which names the action and is not retried', async () => {
    const proxy = await startProxy({
      rules: [
        {
          service: 'iam',
          action: 'CreateRole',
          error: {
            status: 403,
            code: 'AccessDenied',
            message:
              'User: arn:aws:iam::123456789012:user/ci is not authorized to perform: iam:CreateRole on resource: role kube-tui-master',
          },
        },
      ],
    });
    const error = await failureOf(
      clientsVia(proxy, 3)
        .iam()
        .send(new CreateRoleCommand({ RoleName: 'kube-tui-master', AssumeRolePolicyDocument: ROLE_POLICY })),
    );
    expect(classifyError(error)).toMatchObject({
      kind: 'access-denied',
      code: 'AccessDenied',
      action: 'iam:CreateRole',
    });
    expect(proxy.counts()).toEqual({ 'iam:CreateRole': 1 });
    const missing = await failureOf(
      moto
        .clients(REGION)
        .iam()
        .send(new GetRoleCommand({ RoleName: 'kube-tui-master' })),
    );
    expect(classifyError(missing).kind).toBe('not-found');
  });

  it('makes ec2:RunInstances fail with UnauthorizedOperation in the EC2 error format', async () => {
    const proxy = await startProxy({
      rules: [
        {
          service: 'ec2',
          action: 'RunInstances',
          error: {
            status: 403,
            code: 'UnauthorizedOperation',
            message: 'You are not authorized to perform this operation.',
          },
        },
      ],
    });
    const error = await failureOf(
      clientsVia(proxy, 3)
        .ec2()
        .send(new RunInstancesCommand({ ImageId: 'ami-12345678', MinCount: 1, MaxCount: 1 })),
    );
    expect(classifyError(error)).toMatchObject({ kind: 'access-denied', action: 'ec2:RunInstances' });
    expect(proxy.counts()).toEqual({ 'ec2:RunInstances': 1 });
  });

  it('dropAfter: moto creates the VPC but the answer is lost, so the client sees an error', async () => {
    const proxy = await startProxy({ rules: [{ service: 'ec2', action: 'CreateVpc', error: 'dropAfter' }] });
    const error = await failureOf(
      clientsVia(proxy)
        .ec2()
        .send(new CreateVpcCommand({ CidrBlock: '10.30.0.0/16' })),
    );
    expect(classifyError(error).kind).toBe('transient');
    expect(await customVpcCidrs()).toEqual(['10.30.0.0/16']);
  });

  it('dropAfter once, with retries: the call succeeds, yet the lost attempt left a second VPC behind', async () => {
    const proxy = await startProxy({
      rules: [{ service: 'ec2', action: 'CreateVpc', error: 'dropAfter', times: 1 }],
    });
    await clientsVia(proxy, 3)
      .ec2()
      .send(new CreateVpcCommand({ CidrBlock: '10.31.0.0/16' }));
    expect(await customVpcCidrs()).toEqual(['10.31.0.0/16', '10.31.0.0/16']);
    expect(proxy.counts()).toEqual({ 'ec2:CreateVpc': 2 });
  });

  it('dropBefore: the connection closes before moto sees the call, so nothing is created', async () => {
    const proxy = await startProxy({ rules: [{ service: 'ec2', action: 'CreateVpc', error: 'dropBefore' }] });
    const error = await failureOf(
      clientsVia(proxy)
        .ec2()
        .send(new CreateVpcCommand({ CidrBlock: '10.32.0.0/16' })),
    );
    expect(classifyError(error).kind).toBe('transient');
    expect(await customVpcCidrs()).toEqual([]);
  });

  it("targets one request by its parameters with a rule's match function", async () => {
    const proxy = await startProxy({
      rules: [
        {
          service: 'ec2',
          match: (request) => request.params?.get('CidrBlock') === '10.41.0.0/16',
          error: 'dropBefore',
        },
      ],
    });
    const ec2 = clientsVia(proxy).ec2();
    await ec2.send(new CreateVpcCommand({ CidrBlock: '10.40.0.0/16' }));
    await failureOf(ec2.send(new CreateVpcCommand({ CidrBlock: '10.41.0.0/16' })));
    expect(await customVpcCidrs()).toEqual(['10.40.0.0/16']);
    expect(proxy.faultCounts()).toEqual({ 'ec2:CreateVpc': 1 });
  });

  it('applies per-service rates only to the services named', async () => {
    const proxy = await startProxy({ faults: { iam: { serverError: 1 } } });
    const clients = clientsVia(proxy);
    await clients.ec2().send(new DescribeVpcsCommand({}));
    const error = await failureOf(clients.iam().send(new GetRoleCommand({ RoleName: 'any' })));
    expect(classifyError(error).code).toBe('InternalFailure');
    proxy.setFaults(undefined);
    await clients.sts().send(new GetCallerIdentityCommand({}));
    expect(proxy.faultCounts()).toEqual({ 'iam:GetRole': 1 });
  });

  it('faults the same requests for the same seed and the same sequence of calls', async () => {
    const faults = { ec2: { throttle: 0.2, serverError: 0.2, dropBefore: 0.1, dropAfter: 0.1 } };
    const run = async (seed: number) => {
      const proxy = await startProxy({ seed, faults });
      const outcomes: string[] = [];
      for (let call = 0; call < 24; call += 1) {
        // A fresh client per call: adaptive retry would otherwise slow down after each throttle.
        const clients = new AwsClients({ region: REGION, endpoint: proxy.url, maxAttempts: 1 });
        try {
          await clients.ec2().send(new DescribeVpcsCommand({}));
          outcomes.push('ok');
        } catch (error) {
          outcomes.push(classifyError(error).kind);
        } finally {
          clients.destroy();
        }
      }
      return { outcomes, faults: proxy.records().map((record) => record.fault ?? 'none') };
    };
    const first = await run(42);
    const second = await run(42);
    const otherSeed = await run(43);
    expect(second).toEqual(first);
    expect(first.faults).toContain('none');
    expect(first.faults.filter((fault) => fault !== 'none').length).toBeGreaterThan(0);
    expect(otherSeed.faults).not.toEqual(first.faults);
  });

  it('adds the configured latency to every request and reports it per request', async () => {
    const proxy = await startProxy({ latencyMs: 20 });
    const ec2 = clientsVia(proxy).ec2();
    await ec2.send(new DescribeVpcsCommand({}));
    await ec2.send(new DescribeVpcsCommand({}));
    proxy.setLatency(0);
    await ec2.send(new DescribeVpcsCommand({}));
    expect(proxy.records().map((record) => record.latencyMs)).toEqual([20, 20, 0]);
    proxy.resetCounts();
    expect(proxy.totalCount()).toBe(0);
    expect(proxy.counts()).toEqual({});
  });
});
