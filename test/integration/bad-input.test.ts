// Every flag and environment variable of every command, given what people (and scripts) really pass:
// each case exits 2 (3 for credentials, 1 for an endpoint that does not answer), prints no stack
// trace, creates nothing in AWS and writes no file.
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useMoto } from '../support/aws.js';
import { runCli } from '../support/cli.js';
import { snapshotAccount } from '../support/snapshot.js';

interface BadInput {
  args: string[];
  env?: Record<string, string>;
  /** 2 unless said otherwise. */
  code?: 1 | 2 | 3;
  /** Without --endpoint (the case is about the endpoint itself). */
  noEndpoint?: boolean;
}

const cidrs = ['--ssh-cidr', '203.0.113.7/32', '--api-cidr', '203.0.113.7/32'];
const up = (...args: string[]): BadInput => ({ args: ['up', '--yes', ...cidrs, ...args] });
const upEnv = (env: Record<string, string>): BadInput => ({ args: ['up', '--yes', ...cidrs], env });
const long = 'x'.repeat(300);
const numbers = ['1e3', '0x10', ' 3x', 'NaN', 'Infinity', '-1', '2.5', ''];
const names = [
  'UPPER',
  '../x',
  '../../../..',
  '/etc',
  long,
  'a b',
  'ünïcode',
  '\u2024\u2024',
  '$(touch pwned)',
  '`id`',
  'a;ls',
  '',
];

const CASES: BadInput[] = [
  // up: every flag
  ...names.map((name) => up('--cluster', name)),
  up('--zone', 'us-west-2'),
  up('--zone', 'xx-fake-9a'),
  up('--zone', 'us-west-2a; rm -rf ~'),
  up('--region', 'xx-fake-9'),
  up('--region', 'eu-west-1', '--zone', 'us-west-2a'),
  up('--os', 'windows'),
  up('--os', '$(id)'),
  up('--node-image', 'ubuntu'),
  up('--node-image', 'ami-../../x'),
  up('--master-size', 'huge'),
  up('--master-size', 't3.medium;reboot'),
  up('--node-size', '`id`'),
  ...numbers.map((value) => up('--nodes', value)),
  up('--nodes', '0'),
  up('--nodes', '101'),
  up('--master-disk-type', 'io1'),
  ...numbers.map((value) => up('--master-disk-size', value)),
  up('--master-disk-size', '99999'),
  up('--bucket', 'UPPER_CASE'),
  up('--bucket', 'a'),
  up('--bucket', long),
  up('--bucket', '192.168.1.1'),
  up('--bucket', 'xn--bucket'),
  up('--bucket', 'a..b'),
  up('--bucket', 'fine-bucket', '--bucket-region', 'xx-fake-9'),
  up('--bucket-region', 'us-east-1'),
  up('--ssh-key', '/tmp'),
  up('--monitoring', 'prometheus'),
  up('--node-logging', 'maybe'),
  up('--node-logging', 'NaN'),
  up('--logging-destination', 'splunk'),
  up('--cluster-logging', '2'),
  up('--vpc-id', 'vpc-xyz'),
  up('--vpc-id', 'vpc-../../'),
  up('--subnet-id', 'subnet-0123456789abcdef0'),
  up('--subnet-cidr', '10.0.0.0/33'),
  up('--subnet-cidr', '::/0'),
  up('--ssh-cidr', '::/0'),
  up('--ssh-cidr', '/33'),
  up('--ssh-cidr', '10.0.0.0/33'),
  up('--ssh-cidr', ''),
  up('--ssh-cidr', '1.2.3.4/32; rm -rf ~'),
  up('--ssh-cidr', '300.1.1.1/32'),
  up('--ssh-cidr', '0.0.0.0/0,1.2.3.4/32'),
  up('--api-cidr', '::/0'),
  up('--api-cidr', 'any'),
  up('--api-cidr', '10.0.0.1/24'),
  up('--master-root-disk-type', 'io2'),
  ...numbers.map((value) => up('--node-root-disk-size', value)),
  up('--master-root-disk-size', '0'),
  up('--master-root-disk-size', '99999'),
  up('--kubernetes-version', '1.10'),
  up('--kubernetes-version', '1.99'),
  up('--kubernetes-version', 'latest'),
  up('--kubernetes-version', 'NaN'),
  up('--no-such-flag'),
  // up: every environment variable
  upEnv({ KUBE_AWS_INSTANCE_PREFIX: '../x' }),
  upEnv({ KUBE_AWS_INSTANCE_PREFIX: long }),
  upEnv({ KUBE_AWS_ZONE: 'xx-fake-9a' }),
  upEnv({ AWS_REGION: 'xx-fake-9' }),
  upEnv({ KUBE_OS_DISTRIBUTION: 'windows' }),
  upEnv({ KUBE_NODE_IMAGE: 'ubuntu' }),
  upEnv({ MASTER_SIZE: 'huge' }),
  upEnv({ NODE_SIZE: 'x' }),
  upEnv({ NUM_NODES: '1e3' }),
  upEnv({ NUM_NODES: 'Infinity' }),
  upEnv({ NUM_MINIONS: '0x10' }),
  upEnv({ MASTER_DISK_TYPE: 'io2' }),
  upEnv({ MASTER_DISK_SIZE: 'NaN' }),
  upEnv({ MASTER_ROOT_DISK_TYPE: 'st1' }),
  upEnv({ NODE_ROOT_DISK_TYPE: 'standard' }),
  upEnv({ MASTER_ROOT_DISK_SIZE: 'NaN' }),
  upEnv({ NODE_ROOT_DISK_SIZE: '-8' }),
  upEnv({ AWS_S3_BUCKET: 'UPPER_CASE' }),
  upEnv({ AWS_S3_BUCKET: 'fine-bucket', AWS_S3_REGION: 'xx-fake-9' }),
  upEnv({ AWS_SSH_KEY: '/tmp' }),
  upEnv({ KUBE_ENABLE_CLUSTER_MONITORING: 'maybe' }),
  upEnv({ KUBE_ENABLE_NODE_LOGGING: 'maybe' }),
  upEnv({ KUBE_LOGGING_DESTINATION: 'splunk' }),
  upEnv({ KUBE_ENABLE_CLUSTER_LOGGING: '2' }),
  upEnv({ VPC_ID: 'vpc-xyz' }),
  upEnv({ SUBNET_ID: 'subnet-0123456789abcdef0' }),
  upEnv({ KUBE_SUBNET_CIDR: '::/0' }),
  { args: ['up', '--yes'], env: { SSH_CIDR: '::/0', HTTP_API_CIDR: '203.0.113.7/32' } },
  { args: ['up', '--yes'], env: { SSH_CIDR: '203.0.113.7/32', HTTP_API_CIDR: '/33' } },
  upEnv({ KUBE_VERSION: '1.99' }),
  { args: ['up', '--yes', ...cidrs], env: { AWS_ENDPOINT_URL: 'ftp://example.com' }, noEndpoint: true },
  // down
  ...names.map((name): BadInput => ({ args: ['down', '--yes', '--cluster', name] })),
  ...['1e3', '0x10', ' 3x', 'NaN', 'Infinity', '-1', '0', '99999'].map(
    (value): BadInput => ({
      args: ['down', '--yes', '--cluster', 'kubernetes', '--timeout', value],
    }),
  ),
  { args: ['down', '--yes', '--cluster', 'kubernetes', '--bucket', 'UPPER_CASE'] },
  {
    args: [
      'down',
      '--yes',
      '--cluster',
      'kubernetes',
      '--bucket',
      'fine-bucket',
      '--bucket-region',
      'xx-fake-9',
    ],
  },
  { args: ['down', '--yes', '--cluster', 'kubernetes', '--region', 'xx-fake-9'] },
  { args: ['down', '--yes', '--cluster', 'kubernetes'], env: { AWS_S3_BUCKET: 'UPPER_CASE' } },
  { args: ['down', '--yes', '--cluster', 'kubernetes'], env: { AWS_REGION: 'xx-fake-9' } },
  { args: ['down', '--yes'] },
  // scale
  ...names.map((name): BadInput => ({ args: ['scale', '--yes', '--nodes', '1', '--cluster', name] })),
  ...[...numbers, '101', '-0x1'].map(
    (value): BadInput => ({ args: ['scale', '--yes', '--cluster', 'kubernetes', '--nodes', value] }),
  ),
  { args: ['scale', '--yes', '--cluster', 'kubernetes', '--nodes', '1', '--zone', 'us-west-2'] },
  {
    args: [
      'scale',
      '--yes',
      '--cluster',
      'kubernetes',
      '--nodes',
      '1',
      '--zone',
      'eu-west-1a',
      '--region',
      'us-west-2',
    ],
  },
  { args: ['scale', '--yes', '--cluster', 'kubernetes'] },
  { args: ['scale', '--yes', '--nodes', '1'] },
  // cleanup
  { args: ['cleanup', '--orphans', '--yes', '--timeout', '1e3'] },
  { args: ['cleanup', '--orphans', '--yes', '--timeout', 'NaN'] },
  { args: ['cleanup', '--orphans', '--yes', '--region', 'xx-fake-9'] },
  { args: ['cleanup', '--yes'] },
  { args: ['cleanup', '--orphans', '--expired', '--yes'] },
  { args: ['cleanup', '--expired', '--yes', '--timeout', '0'] },
  // without a terminal, cleanup --expired needs --yes (cron, CI)
  { args: ['cleanup', '--expired'] },
  { args: ['up', '--dry-run', '--ttl', '8x', ...cidrs] },
  { args: ['up', '--dry-run', '--ttl', '0h', ...cidrs] },
  { args: ['up', '--dry-run', ...cidrs], env: { KUBE_TUI_TTL: '1.5d' } },
  { args: ['up', '--dry-run', ...cidrs], env: { KUBE_TUI_PROTECT: 'maybe' } },
  // inventory
  { args: ['inventory', '--cluster', '../x'] },
  { args: ['inventory', '--cluster', long] },
  { args: ['inventory', '--region', 'xx-fake-9'] },
  { args: ['inventory'], env: { KUBE_AWS_ZONE: 'xx-fake-9a' } },
  // the program and its global flags
  { args: ['no-such-command'] },
  { args: ['inventory', '--endpoint', 'ftp://example.com'], noEndpoint: true },
  { args: ['inventory', '--endpoint', 'garbage'], noEndpoint: true },
  { args: ['inventory', '--endpoint', 'http://'], noEndpoint: true },
  { args: ['up', '--dry-run', '--endpoint', 'garbage', ...cidrs], noEndpoint: true },
  // credentials and reachability: 3 and 1
  { args: ['inventory', '--profile', 'no-such-profile'], code: 3 },
  { args: ['up', '--yes', '--profile', 'no-such-profile', ...cidrs], code: 3 },
  { args: ['inventory', '--endpoint', 'http://127.0.0.1:9'], code: 1, noEndpoint: true },
  {
    args: ['down', '--yes', '--cluster', 'kubernetes', '--endpoint', 'http://127.0.0.1:9'],
    code: 1,
    noEndpoint: true,
  },
];

/** Every file and directory under `dir`. */
function tree(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[]).sort();
}

describe('bad input, table-driven', () => {
  const moto = useMoto();

  it(`has more than 100 cases (${CASES.length})`, () => {
    expect(CASES.length).toBeGreaterThan(100);
  });

  it('every case: the exit code, no stack trace, nothing in AWS, no file written', async () => {
    const before = await snapshotAccount(moto.clients());
    const failures: string[] = [];
    const runCase = async (input: BadInput) => {
      const home = mkdtempSync(join(tmpdir(), 'kube-tui-bad-'));
      const args = input.noEndpoint ? input.args : [...input.args, '--endpoint', moto.url];
      const result = await runCli(args, {
        env: {
          HOME: home,
          XDG_CONFIG_HOME: join(home, '.config'),
          KUBECONFIG: undefined,
          // A profile that does not exist must not be rescued by the test's keys.
          ...(args.includes('--profile')
            ? {
                AWS_ACCESS_KEY_ID: undefined,
                AWS_SECRET_ACCESS_KEY: undefined,
                AWS_CONFIG_FILE: join(home, 'none'),
                AWS_SHARED_CREDENTIALS_FILE: join(home, 'none'),
              }
            : {}),
          ...input.env,
        },
        timeoutMs: 120_000,
      });
      const label = `${JSON.stringify(input.args)} ${JSON.stringify(input.env ?? {})}`;
      const want = input.code ?? 2;
      if (result.code !== want)
        failures.push(`${label}: exit ${result.code}, want ${want}: ${result.stderr.trim().slice(0, 300)}`);
      if (/\n\s+at |TypeError|ReferenceError/.test(result.stderr))
        failures.push(`${label}: stack trace: ${result.stderr.slice(0, 300)}`);
      if (!result.stderr.trim()) failures.push(`${label}: no message`);
      const written = tree(home);
      if (written.length > 0) failures.push(`${label}: wrote ${written.join(', ')}`);
    };
    // Four at a time: bounded on a loaded 2-core machine.
    const queue = [...CASES];
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        for (let next = queue.shift(); next; next = queue.shift()) await runCase(next);
      }),
    );
    expect(failures).toEqual([]);
    expect(await snapshotAccount(moto.clients())).toEqual(before);
  }, 900_000);
});
