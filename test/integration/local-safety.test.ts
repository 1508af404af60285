// Local safety: names never become paths outside the config dir; a closed pipe never stops the
// engine; concurrent runs never duplicate AWS resources or fail on each other's files.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { useMoto } from '../support/aws.js';
import { cliPath, runCli } from '../support/cli.js';
import { snapshotAccount } from '../support/snapshot.js';

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
