// The instance side of the S3 bundle, run for real: the library that user data installs fetches and
// uploads objects with credentials from a (fake) IMDSv2, signed by curl --aws-sigv4 and by the
// openssl fallback, against a moto that verifies SigV4 signatures and the role's policy.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  IAMClient,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { libScript } from '../../src/kubernetes/bootstrap/lib.js';
import { bundlePrefixes } from '../../src/model/bundle-layout.js';
import { type MotoServer, startMoto } from '../support/moto.js';

const run = promisify(execFile);
const BUCKET = 'kubernetes-staging-0123456789ab';
const REGION = 'us-east-1';
const prefixes = bundlePrefixes('kubernetes');

interface RoleCredentials {
  AccessKeyId: string;
  SecretAccessKey: string;
  Token: string;
}

/** IMDSv2 as EC2 serves it: a PUT for a session token, then GETs that must carry it. */
function fakeImds(credentials: () => RoleCredentials): Promise<{ url: string; server: Server }> {
  const server = createServer((request, response) => {
    if (request.method === 'PUT' && request.url === '/latest/api/token') {
      response.end('imds-session-token');
      return;
    }
    if (request.headers['x-aws-ec2-metadata-token'] !== 'imds-session-token') {
      response.statusCode = 401;
      response.end();
      return;
    }
    if (request.url === '/latest/meta-data/iam/security-credentials/') {
      response.end('kubernetes-master-kubernetes-us-east-1');
    } else if (
      request.url === '/latest/meta-data/iam/security-credentials/kubernetes-master-kubernetes-us-east-1'
    ) {
      response.end(JSON.stringify({ Code: 'Success', Type: 'AWS-HMAC', ...credentials() }, null, 2));
    } else {
      response.statusCode = 404;
      response.end();
    }
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server }),
    ),
  );
}

describe('instance S3 access with the role credentials (moto, signatures checked)', () => {
  let moto: MotoServer;
  let imds: { url: string; server: Server };
  let credentials: RoleCredentials;
  let s3: S3Client;
  let dir: string;
  let libPath: string;

  beforeAll(async () => {
    // moto checks signatures and IAM policies once these many unauthenticated setup calls are spent.
    moto = await startMoto({ env: { INITIAL_NO_AUTH_ACTION_COUNT: '7' } });
    const setup = {
      region: REGION,
      endpoint: moto.url,
      credentials: { accessKeyId: 'setup', secretAccessKey: 'setup' },
    };
    const iam = new IAMClient(setup);
    const role = await iam.send(
      new CreateRoleCommand({
        RoleName: 'kubernetes-master-kubernetes-us-east-1',
        AssumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }],
        }),
      }),
    );
    // The master role's S3 rights as the engine should grant them.
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: 'kubernetes-master-kubernetes-us-east-1',
        PolicyName: 's3',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: 's3:GetObject',
              Resource: `arn:aws:s3:::${BUCKET}/${prefixes.master}*`,
            },
            { Effect: 'Allow', Action: 's3:PutObject', Resource: `arn:aws:s3:::${BUCKET}/${prefixes.token}` },
            // What the kubelet serving certificate approver asks EC2.
            { Effect: 'Allow', Action: 'ec2:DescribeInstances', Resource: '*' },
          ],
        }),
      }),
    );
    await iam.send(new CreateUserCommand({ UserName: 'operator' }));
    const key = await iam.send(new CreateAccessKeyCommand({ UserName: 'operator' }));
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'operator',
        PolicyName: 'all',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
        }),
      }),
    );
    s3 = new S3Client({ ...setup, forcePathStyle: true });
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    await s3.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: `${prefixes.master}bootstrap.sh`,
        Body: '#!/bin/bash\necho hello\n',
      }),
    );
    // From here on every call is authenticated.
    const operator = {
      accessKeyId: key.AccessKey?.AccessKeyId ?? '',
      secretAccessKey: key.AccessKey?.SecretAccessKey ?? '',
    };
    s3 = new S3Client({ ...setup, credentials: operator, forcePathStyle: true });
    const assumed = await new STSClient({ ...setup, credentials: operator }).send(
      new AssumeRoleCommand({ RoleArn: role.Role?.Arn, RoleSessionName: 'i-0123456789abcdef0' }),
    );
    credentials = {
      AccessKeyId: assumed.Credentials?.AccessKeyId ?? '',
      SecretAccessKey: assumed.Credentials?.SecretAccessKey ?? '',
      Token: assumed.Credentials?.SessionToken ?? '',
    };
    imds = await fakeImds(() => credentials);
    dir = mkdtempSync(join(tmpdir(), 'kube-tui-s3-'));
    libPath = join(dir, 'lib.sh');
    writeFileSync(
      libPath,
      libScript({ cluster: 'kubernetes', role: 'master', bucket: BUCKET, bucketRegion: REGION }),
    );
  }, 120_000);

  afterAll(async () => {
    imds?.server.close();
    await moto?.stop();
  });

  async function lib(signer: 'curl' | 'openssl', command: string, ...args: string[]) {
    return run(
      'bash',
      ['-c', `set -euo pipefail; . "${libPath}"; retry() { shift 2; "$@"; }; ${command}`, 'lib', ...args],
      {
        env: {
          PATH: process.env.PATH,
          KT_S3_BASE: `${moto.url}/${BUCKET}`,
          KT_EC2_BASE: moto.url,
          KT_IMDS: imds.url,
          KT_SIGV4: signer,
        },
      },
    );
  }

  for (const signer of ['curl', 'openssl'] as const) {
    it(`downloads a master object signed by ${signer}`, async () => {
      const dest = join(dir, `${signer}-bootstrap.sh`);
      await lib(signer, 's3_get "$1" "$2" 0700', `${prefixes.master}bootstrap.sh`, dest);
      expect(readFileSync(dest, 'utf8')).toBe('#!/bin/bash\necho hello\n');
    });

    it(`uploads the node token signed by ${signer}`, async () => {
      const token = signer === 'curl' ? 'abcdef.0123456789abcdef' : 'zyxwvu.9876543210zyxwvu';
      const file = join(dir, `${signer}-token`);
      writeFileSync(file, token);
      await lib(signer, 's3_put "$1" "$2"', prefixes.token, file);
      const object = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: prefixes.token }));
      expect(await object.Body?.transformToString()).toBe(token);
    });

    it(`asks EC2 for this cluster's instances, signed by ${signer}`, async () => {
      const body =
        'Action=DescribeInstances&Version=2016-11-15&Filter.1.Name=tag%3AKubernetesCluster&Filter.1.Value.1=kubernetes';
      const { stdout } = await lib(signer, 'ec2_query "$1" "$2"', REGION, body);
      expect(stdout).toContain('<DescribeInstancesResponse');
      const saved = credentials;
      credentials = { ...saved, SecretAccessKey: `${saved.SecretAccessKey.slice(0, -2)}xx` };
      try {
        await expect(lib(signer, 'ec2_query "$1" "$2"', REGION, body)).rejects.toThrow();
      } finally {
        credentials = saved;
      }
    });

    it(`is refused outside the role's prefixes and with a wrong key (${signer})`, async () => {
      await expect(
        lib(signer, 's3_put "$1" "$2"', `${prefixes.nodes}bootstrap.sh`, join(dir, 'curl-token')),
      ).rejects.toThrow();
      const saved = credentials;
      credentials = { ...saved, SecretAccessKey: `${saved.SecretAccessKey.slice(0, -2)}xx` };
      try {
        await expect(
          lib(signer, 's3_get "$1" "$2"', `${prefixes.master}bootstrap.sh`, join(dir, 'refused')),
        ).rejects.toThrow();
      } finally {
        credentials = saved;
      }
    });
  }
});
