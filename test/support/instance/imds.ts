// A local IMDSv2 on loopback, as EC2 serves it: a PUT for a session token, then GETs that must carry it.
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface InstanceIdentity {
  instanceId: string;
  region: string;
  availabilityZone: string;
  privateIp: string;
  publicIp?: string;
  privateDnsName: string;
  instanceType: string;
  imageId: string;
  accountId: string;
  roleName: string;
}

export interface Imds {
  url: string;
  /** Paths asked for, in order (for assertions). */
  requests: string[];
  close(): Promise<void>;
}

export async function startImds(identity: InstanceIdentity): Promise<Imds> {
  const token = randomBytes(16).toString('hex');
  const requests: string[] = [];
  const document = JSON.stringify(
    {
      accountId: identity.accountId,
      architecture: 'x86_64',
      availabilityZone: identity.availabilityZone,
      imageId: identity.imageId,
      instanceId: identity.instanceId,
      instanceType: identity.instanceType,
      pendingTime: new Date().toISOString(),
      privateIp: identity.privateIp,
      region: identity.region,
      version: '2017-09-30',
    },
    null,
    2,
  );
  const credentials = () =>
    JSON.stringify(
      {
        Code: 'Success',
        LastUpdated: new Date().toISOString(),
        Type: 'AWS-HMAC',
        AccessKeyId: 'ASIAKTSIMULATEDROLE1',
        SecretAccessKey: 'simulated-instance-role-secret-key',
        Token: 'simulated-instance-role-session-token',
        Expiration: new Date(Date.now() + 6 * 3600_000).toISOString(),
      },
      null,
      2,
    );
  const paths: Record<string, () => string | undefined> = {
    '/latest/meta-data/instance-id': () => identity.instanceId,
    '/latest/meta-data/placement/availability-zone': () => identity.availabilityZone,
    '/latest/meta-data/placement/region': () => identity.region,
    '/latest/meta-data/local-ipv4': () => identity.privateIp,
    '/latest/meta-data/public-ipv4': () => identity.publicIp,
    '/latest/meta-data/local-hostname': () => identity.privateDnsName,
    '/latest/meta-data/hostname': () => identity.privateDnsName,
    '/latest/meta-data/instance-type': () => identity.instanceType,
    '/latest/meta-data/iam/security-credentials/': () => identity.roleName,
    [`/latest/meta-data/iam/security-credentials/${identity.roleName}`]: credentials,
    '/latest/dynamic/instance-identity/document': () => document,
  };
  const server: Server = createServer((request, response) => {
    const path = request.url ?? '';
    requests.push(`${request.method} ${path}`);
    if (request.method === 'PUT' && path === '/latest/api/token') {
      if (!request.headers['x-aws-ec2-metadata-token-ttl-seconds']) {
        response.statusCode = 400;
        response.end();
        return;
      }
      response.end(token);
      return;
    }
    if (request.headers['x-aws-ec2-metadata-token'] !== token) {
      response.statusCode = 401;
      response.end();
      return;
    }
    const value = paths[path]?.();
    if (value === undefined) {
      response.statusCode = 404;
      response.end();
      return;
    }
    response.end(value);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
