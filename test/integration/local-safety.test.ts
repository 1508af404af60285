// Local safety: names never become paths outside the config dir; a closed pipe never stops the
// engine; concurrent runs never duplicate AWS resources or fail on each other's files.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireLock } from '../../src/local/lock.js';
import { clusterLockPath } from '../../src/local/paths.js';
import { useMoto } from '../support/aws.js';
import { cliPath, runCli } from '../support/cli.js';
import { countsOf, snapshotAccount } from '../support/snapshot.js';

const pinnedCidrs = ['--ssh-cidr', '203.0.113.7/32', '--api-cidr', '203.0.113.7/32'];

function freshHome() {
  const home = mkdtempSync(join(tmpdir(), 'kube-tui-local-home-'));
  return { HOME: home, XDG_CONFIG_HOME: join(home, '.config'), KUBECONFIG: undefined };
}

/** Every file and directory under `dir`, relative, sorted. */
function tree(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return (readdirSync(dir, { recursive: true }) as string[]).sort();
}

describe('cluster names never leave the config directory', () => {
  const moto = useMoto();

  it.each([
    ['../../../..'],
    ['..'],
    ['/etc'],
    ['a/../../..'],
    ['KUBERNETES'],
    ['x'.repeat(300)],
    ['\u2024\u2024'],
  ])('down --cluster %j exits 2 and deletes nothing local', async (name) => {
    const env = freshHome();
    // What a path built from the name would reach: $HOME/secrets and the config dir.
    const victim = join(env.HOME, 'secrets');
    mkdirSync(victim);
    writeFileSync(join(victim, 'keep'), 'precious');
    mkdirSync(join(env.XDG_CONFIG_HOME, 'kube-tui', 'clusters', 'us-west-2'), { recursive: true });
    const before = tree(env.HOME);
    const result = await runCli(['down', '--cluster', name, '--yes', '--endpoint', moto.url], { env });
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toContain('--cluster');
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(tree(env.HOME)).toEqual(before);
  });

  it.each([['inventory'], ['down']])(
    '%s refuses a bad --cluster with exit 2 before any AWS call',
    async (command) => {
      const env = freshHome();
      const result = await runCli(
        [
          command,
          '--cluster',
          '../x',
          '--endpoint',
          'http://127.0.0.1:9',
          ...(command === 'down' ? ['--yes'] : []),
        ],
        { env },
      );
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).toMatch(/--cluster/);
    },
  );

  it('up refuses a bad KUBE_AWS_INSTANCE_PREFIX with exit 2 naming the variable', async () => {
    const env = { ...freshHome(), KUBE_AWS_INSTANCE_PREFIX: '../../x' };
    const result = await runCli(['up', '--yes', '--endpoint', moto.url, ...pinnedCidrs], { env });
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toContain('KUBE_AWS_INSTANCE_PREFIX');
    expect(tree(env.HOME)).toEqual([]);
  });

  it('down never follows a symlink in the config dir that points outside it', async () => {
    const env = freshHome();
    const outside = mkdtempSync(join(tmpdir(), 'kube-tui-outside-'));
    mkdirSync(join(outside, 'victim', 'secrets'), { recursive: true });
    writeFileSync(join(outside, 'victim', 'secrets', 'ca.key'), 'not kube-tui’s');
    mkdirSync(join(env.XDG_CONFIG_HOME, 'kube-tui', 'clusters'), { recursive: true });
    symlinkSync(outside, join(env.XDG_CONFIG_HOME, 'kube-tui', 'clusters', 'us-west-2'));
    const result = await runCli(['down', '--cluster', 'victim', '--yes', '--endpoint', moto.url], { env });
    expect(existsSync(join(outside, 'victim', 'secrets', 'ca.key')), result.stderr).toBe(true);
    expect(result.code).not.toBe(0);
  });
});

/** Runs the CLI piped into `head -1`, as a user would; returns the CLI's own exit code. */
function runIntoHead(
  args: string[],
  env: Record<string, string | undefined>,
): Promise<{ code: number; head: string; stderr: string }> {
  return new Promise((done) => {
    const quoted = [process.execPath, cliPath, ...args]
      .map((part) => `'${part.replaceAll("'", "'\\''")}'`)
      .join(' ');
    const child = spawn('bash', ['-c', `${quoted} | head -1; echo "exit=\${PIPESTATUS[0]}" >&2`], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let head = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      head += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('exit', () => {
      const code = Number(/exit=(\d+)/.exec(stderr)?.[1] ?? -1);
      done({ code, head, stderr });
    });
  });
}

describe('a closed stdout never stops the engine', () => {
  const moto = useMoto();
  const env = freshHome();

  afterEach(() => {
    // nothing shared between tests but the moto reset
  });

  it('up --yes | head -1 and down --yes | head -1 both finish: exit 0, the account as before, no stack trace', async () => {
    const before = await snapshotAccount(moto.clients());
    const up = await runIntoHead(
      ['up', '--yes', '--cluster', 'piped', '--endpoint', moto.url, ...pinnedCidrs],
      env,
    );
    expect(up.head.split('\n').filter(Boolean)).toHaveLength(1);
    expect(up.stderr).not.toMatch(/EPIPE|\n\s+at /);
    expect(up.code, up.stderr).toBe(0);
    const scan = await runCli(['inventory', '--cluster', 'piped', '--json', '--endpoint', moto.url], { env });
    expect(JSON.parse(scan.stdout).clusters).toHaveLength(1);

    const down = await runIntoHead(['down', '--yes', '--cluster', 'piped', '--endpoint', moto.url], env);
    expect(down.stderr).not.toMatch(/EPIPE|\n\s+at /);
    expect(down.code, down.stderr).toBe(0);
    expect(await snapshotAccount(moto.clients())).toEqual(before);
    // What head did not show is kept in a log file under the config dir.
    const logs = join(env.XDG_CONFIG_HOME, 'kube-tui', 'logs');
    expect(readdirSync(logs).length).toBeGreaterThanOrEqual(2);
  }, 300_000);
});

describe('concurrent runs of one cluster', () => {
  const moto = useMoto();

  it('two up --yes --cluster same at once: one gateway and one route table; the second run says who holds the cluster', async () => {
    const env = freshHome();
    const up = () =>
      runCli(['up', '--yes', '--cluster', 'same', '--nodes', '1', '--endpoint', moto.url, ...pinnedCidrs], {
        env,
      });
    const [first, second] = await Promise.all([up(), up()]);
    const codes = [first.code, second.code].sort();
    const loser = first.code === 0 ? second : first;
    expect(codes[0], first.stderr + second.stderr).toBe(0);
    if (codes[1] !== 0) {
      expect(loser.code).toBe(1);
      expect(loser.stderr).toMatch(
        /cluster same in us-west-2 is being changed by another kube-tui run \(up, pid \d+ on /,
      );
    }
    const ec2 = moto.clients().ec2();
    const { DescribeInternetGatewaysCommand, DescribeRouteTablesCommand } = await import(
      '@aws-sdk/client-ec2'
    );
    const tagged = [{ Name: 'tag:KubernetesCluster', Values: ['same'] }];
    const gateways =
      (await ec2.send(new DescribeInternetGatewaysCommand({ Filters: tagged }))).InternetGateways ?? [];
    const tables = (await ec2.send(new DescribeRouteTablesCommand({ Filters: tagged }))).RouteTables ?? [];
    expect(gateways).toHaveLength(1);
    expect(tables).toHaveLength(1);
    // The lock is gone once the runs end: a third run is not refused.
    const third = await up();
    expect(third.code, third.stderr).toBe(0);
  }, 300_000);

  it('down while another run holds the cluster refuses clearly and deletes nothing', async () => {
    const env = freshHome();
    const up = await runCli(
      ['up', '--yes', '--cluster', 'busy', '--nodes', '1', '--endpoint', moto.url, ...pinnedCidrs],
      { env },
    );
    expect(up.code, up.stderr).toBe(0);
    const counts = countsOf(await snapshotAccount(moto.clients()));
    // A live run of `up` (this test process) holds the cluster's lock.
    const lock = await acquireLock(
      await clusterLockPath('us-west-2', 'busy', { ...process.env, ...env } as NodeJS.ProcessEnv),
      'cluster busy in us-west-2',
      'up',
    );
    try {
      const down = await runCli(['down', '--yes', '--cluster', 'busy', '--endpoint', moto.url], { env });
      expect(down.code, down.stderr).toBe(1);
      expect(down.stderr).toMatch(
        /cluster busy in us-west-2 is being changed by another kube-tui run \(up, pid \d+ on /,
      );
      expect(countsOf(await snapshotAccount(moto.clients()))).toEqual(counts);
    } finally {
      await lock.release();
    }
    const down = await runCli(['down', '--yes', '--cluster', 'busy', '--endpoint', moto.url], { env });
    expect(down.code, down.stderr).toBe(0);
  }, 300_000);
});

/** The words bash makes of a printed command (after `kube-tui`). */
function wordsOf(command: string): string[] {
  const rest = command.replace(/^kube-tui /, '');
  return execFileSync('bash', ['-c', `set -- ${rest}; printf '%s\\0' "$@"`], { encoding: 'utf8' })
    .split('\0')
    .filter((word, index, all) => index < all.length - 1 || word !== '');
}

describe('printed commands work when pasted', () => {
  const moto = useMoto();

  it('resume and remove lines quote every word and keep --endpoint', async () => {
    const env = freshHome();
    const keyDir = join(env.HOME, 'my keys');
    const keyPath = join(keyDir, "id rsa 'quoted'");
    const args = [
      'up',
      '--yes',
      '--cluster',
      'quoted',
      '--nodes',
      '1',
      '--ssh-key',
      keyPath,
      '--endpoint',
      moto.url,
      ...pinnedCidrs,
    ];
    const child = spawn(process.execPath, [cliPath, ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let stopped = false;
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      if (!stopped && /created vpc /.test(stdout)) {
        stopped = true;
        child.kill('SIGTERM');
      }
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    // 'close', not 'exit': the last lines of stderr may still be in the pipe when the process exits.
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code, stderr).toBe(1);
    const resume = /Resume \(finds what exists, creates the rest\): (.*)/.exec(stderr)?.[1] ?? '';
    const remove = /Remove everything of it: +(.*)/.exec(stderr)?.[1] ?? '';
    expect(wordsOf(resume), stderr).toEqual(args);
    expect(wordsOf(remove)).toEqual([
      'down',
      '--cluster',
      'quoted',
      '--region',
      'us-west-2',
      '--endpoint',
      moto.url,
    ]);
    // The pasted remove command works.
    const down = await runCli([...wordsOf(remove), '--yes'], { env });
    expect(down.code, down.stderr).toBe(0);
  }, 300_000);
});

describe('local files are proven writable before the first AWS write', () => {
  const moto = useMoto();

  it.each([
    [
      'a kubeconfig on a read-only file system',
      (home: string) => ({ KUBECONFIG: '/proc/kube-tui-nowhere/config', HOME: home }),
      /the kubeconfig \/proc\/kube-tui-nowhere\/config cannot be written/,
    ],
    [
      'a config dir under a file',
      (home: string) => {
        writeFileSync(join(home, 'plain-file'), '');
        return { HOME: home, XDG_CONFIG_HOME: join(home, 'plain-file', 'config') };
      },
      /the lock .*plain-file.* a part of the path is a file/,
    ],
    ['no HOME at all', () => ({ HOME: '', USERPROFILE: '' }), /HOME is not set/],
  ])(
    '%s: exit 2 naming the path, nothing made in AWS',
    async (_what, envOf, message) => {
      const home = mkdtempSync(join(tmpdir(), 'kube-tui-ro-home-'));
      const env = { XDG_CONFIG_HOME: join(home, '.config'), KUBECONFIG: undefined, ...envOf(home) };
      const before = await snapshotAccount(moto.clients());
      const result = await runCli(
        ['up', '--yes', '--cluster', 'readonly', '--endpoint', moto.url, ...pinnedCidrs],
        { env },
      );
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).not.toMatch(/\n\s+at /);
      expect(await snapshotAccount(moto.clients())).toEqual(before);
    },
    120_000,
  );

  it("checks the files while the plan's calls travel, and a plan that fails is still the error told", async () => {
    const home = mkdtempSync(join(tmpdir(), 'kube-tui-ro-home-'));
    const env = {
      HOME: home,
      XDG_CONFIG_HOME: join(home, '.config'),
      KUBECONFIG: '/proc/kube-tui-nowhere/config',
    };
    const before = await snapshotAccount(moto.clients());
    const result = await runCli(
      [
        'up',
        '--yes',
        '--cluster',
        'readonly',
        '--zone',
        'us-west-2z',
        '--endpoint',
        moto.url,
        ...pinnedCidrs,
      ],
      { env },
    );
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(/--zone us-west-2z: not a zone of us-west-2/);
    expect(result.stderr).not.toMatch(/kubeconfig|Unhandled|\n\s+at /);
    expect(await snapshotAccount(moto.clients())).toEqual(before);
  }, 120_000);
});
