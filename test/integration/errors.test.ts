import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readSecrets } from '../../src/kubernetes/secrets.js';
import { useMoto } from '../support/aws.js';
import { runCli } from '../support/cli.js';
import { provisionCluster, testConfig } from '../support/cluster.js';
import { type FaultProxy, startFaultProxy } from '../support/fault-proxy.js';
import { countsOf, snapshotAccount } from '../support/snapshot.js';

const pinnedCidrs = ['--ssh-cidr', '203.0.113.7/32', '--api-cidr', '203.0.113.7/32'];

describe('clear errors, with the exit codes of DESIGN.md section 4', () => {
  const moto = useMoto();
  let proxy: FaultProxy | undefined;
  afterEach(async () => {
    await proxy?.stop();
    proxy = undefined;
  });
  const upThrough = async (rules: Parameters<typeof startFaultProxy>[0]['rules'], extra: string[] = []) => {
    proxy = await startFaultProxy({ target: moto.url, rules });
    return runCli(['up', '--endpoint', proxy.url, '--yes', '--nodes', '1', ...pinnedCidrs, ...extra]);
  };

  it('missing credentials: exit 3, says how to provide them, changes nothing', async () => {
    const home = mkdtempSync(join(tmpdir(), 'kube-tui-nocreds-'));
    const before = countsOf(await snapshotAccount(moto.clients()));
    const { code, stderr } = await runCli(['up', '--endpoint', moto.url, '--yes'], {
      env: {
        HOME: home,
        AWS_ACCESS_KEY_ID: undefined,
        AWS_SECRET_ACCESS_KEY: undefined,
        AWS_PROFILE: undefined,
        AWS_EC2_METADATA_DISABLED: 'true',
      },
    });
    expect(code).toBe(3);
    expect(stderr).toContain('No AWS credentials found');
    expect(stderr).toMatch(/AWS_PROFILE|aws sso login/);
    expect(countsOf(await snapshotAccount(moto.clients()))).toEqual(before);
  });

  it('an expired session token: exit 3, says to refresh it', async () => {
    const { code, stderr } = await upThrough([
      {
        service: 'sts',
        action: 'GetCallerIdentity',
        error: {
          status: 400,
          code: 'ExpiredToken',
          message: 'The security token included in the request is expired',
        },
      },
    ]);
    expect(code).toBe(3);
    expect(stderr).toContain('expired');
    expect(stderr).toMatch(/aws sso login|Refresh/);
  });

  it('a permanent AccessDenied on one call fails that step with the action named; the rest stays consistent', async () => {
    const { code, stderr } = await upThrough([
      {
        service: 'ec2',
        action: 'CreateLaunchTemplate',
        error: {
          status: 403,
          code: 'UnauthorizedOperation',
          message: 'You are not authorized to perform this operation.',
        },
      },
    ]);
    expect(code).toBe(3);
    expect(stderr).toContain('node-group failed');
    expect(stderr).toContain('ec2:CreateLaunchTemplate');
    // Everything before the node group exists exactly once; a rerun with the permission finishes it.
    const rerun = await runCli(['up', '--endpoint', moto.url, '--yes', '--nodes', '1', ...pinnedCidrs]);
    expect(rerun.code).toBe(0);
    const snapshot = await snapshotAccount(moto.clients());
    expect(snapshot.vpcs).toHaveLength(1);
    expect(snapshot.launchTemplates).toEqual(['kubernetes-minion-group']);
  });

  it('a service quota (AddressLimitExceeded): exit 1, names the quota', async () => {
    const { code, stderr } = await upThrough([
      {
        service: 'ec2',
        action: 'AllocateAddress',
        error: {
          status: 400,
          code: 'AddressLimitExceeded',
          message: 'The maximum number of addresses has been reached.',
        },
      },
    ]);
    expect(code).toBe(1);
    expect(stderr).toContain('quota');
    expect(stderr).toContain('AddressLimitExceeded');
  });

  it('a region without the zone, and a --vpc-id that does not exist: exit 2, nothing created', async () => {
    const before = countsOf(await snapshotAccount(moto.clients()));
    const zone = await runCli(['up', '--endpoint', moto.url, '--yes', '--zone', 'us-west-2q']);
    expect(zone.code).toBe(2);
    expect(zone.stderr).toContain('--zone us-west-2q: not a zone of us-west-2');
    const vpc = await runCli([
      'up',
      '--endpoint',
      moto.url,
      '--yes',
      '--vpc-id',
      'vpc-0123456789abcdef0',
      '--subnet-cidr',
      '172.20.4.0/24',
    ]);
    expect(vpc.code).toBe(2);
    expect(vpc.stderr).toContain('--vpc-id vpc-0123456789abcdef0: no such VPC');
    expect(countsOf(await snapshotAccount(moto.clients()))).toEqual(before);
  });
});

describe('secrets', () => {
  const moto = useMoto();

  it('are written 0600 and never printed, logged, put in --json output or in user data', async () => {
    const outputs: string[] = [];
    for (const args of [['--dry-run', '--json'], ['--yes'], ['--yes', '--json'], ['--dry-run']]) {
      const { stdout, stderr, code } = await runCli([
        'up',
        '--endpoint',
        moto.url,
        '--nodes',
        '1',
        ...pinnedCidrs,
        ...args,
      ]);
      expect(code, args.join(' ')).toBe(0);
      outputs.push(stdout, stderr);
    }
    const secrets = (await readSecrets('us-west-2', 'kubernetes'))!;
    const sshKeyPath = join(process.env.HOME!, '.ssh', 'kube_aws_rsa');
    const sshPrivateKey = readFileSync(sshKeyPath, 'utf8');
    const secretValues = [secrets.caKeyPem, secrets.adminKeyPem, secrets.bootstrapToken, sshPrivateKey];
    const everything = outputs.join('\n');
    for (const secret of secretValues) expect(everything.includes(secret.trim())).toBe(false);
    expect(everything).not.toContain('PRIVATE KEY');

    expect(statSync(sshKeyPath).mode & 0o777).toBe(0o600);
    expect(statSync(join(process.env.HOME!, '.kube', 'config')).mode & 0o777).toBe(0o600);
    const secretsDir = join(
      process.env.XDG_CONFIG_HOME!,
      'kube-tui',
      'clusters',
      'us-west-2',
      'kubernetes',
      'secrets',
    );
    for (const file of readdirSync(secretsDir))
      expect(statSync(join(secretsDir, file)).mode & 0o777, file).toBe(0o600);
  });

  it('stay out of provisioning events', async () => {
    const { events } = await provisionCluster(moto.url, testConfig({ nodes: 1 }));
    const secrets = (await readSecrets('us-west-2', 'kubernetes'))!;
    const text = JSON.stringify(events);
    for (const secret of [secrets.caKeyPem, secrets.adminKeyPem, secrets.bootstrapToken])
      expect(text.includes(secret)).toBe(false);
  });
});
