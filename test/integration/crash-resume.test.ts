import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { useMoto } from '../support/aws.js';
import { cliPath, runCli } from '../support/cli.js';
import { countsOf, snapshotAccount, untaggedResources } from '../support/snapshot.js';

const pinnedCidrs = ['--ssh-cidr', '203.0.113.7/32', '--api-cidr', '203.0.113.7/32'];

/** Starts `kube-tui up --yes` and sends `signal` as soon as a line matches `trigger`; resolves with what it printed. */
function upUntil(
  endpoint: string,
  trigger: RegExp,
  signal: NodeJS.Signals,
): Promise<{
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  triggered: boolean;
}> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [cliPath, 'up', '--endpoint', endpoint, '--yes', '--nodes', '1', ...pinnedCidrs],
      {
        env: process.env,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    let triggered = false;
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      if (!triggered && trigger.test(stdout)) {
        triggered = true;
        child.kill(signal);
      }
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('exit', (code, exitSignal) => resolve({ code, signal: exitSignal, stdout, stderr, triggered }));
  });
}

describe('a run that is killed or interrupted', () => {
  const moto = useMoto();

  it.each([
    ['as the VPC is created', /created vpc /],
    ['as the security groups are made', /created security-group /],
    ['right after the master was launched', /created instance /],
    ['as the node group starts', /Create node instances: started/],
  ])(
    'SIGKILL %s leaves only tagged resources, and the next up resumes to exactly one of everything',
    async (_when, trigger) => {
      await runCli(['up', '--endpoint', moto.url, '--yes', '--nodes', '1', ...pinnedCidrs]);
      const expected = countsOf(await snapshotAccount(moto.clients()));
      await moto.reset();

      const killed = await upUntil(moto.url, trigger, 'SIGKILL');
      expect(killed.triggered).toBe(true);
      expect(killed.signal).toBe('SIGKILL');
      expect(await untaggedResources(moto.clients(), 'kubernetes')).toEqual([]);

      const resumed = await runCli(['up', '--endpoint', moto.url, '--yes', '--nodes', '1', ...pinnedCidrs]);
      expect(resumed.code).toBe(0);
      expect(resumed.stdout).toContain('Kubernetes cluster is running');
      expect(countsOf(await snapshotAccount(moto.clients()))).toEqual(expected);
    },
  );

  it('SIGTERM cancels the calls in flight, says what exists and how to resume or remove it, and exits 1', async () => {
    const stopped = await upUntil(moto.url, /created vpc /, 'SIGTERM');
    expect(stopped.code).toBe(1);
    expect(stopped.stderr).toContain('Cancelled.');
    expect(stopped.stderr).toContain('What exists now:');
    expect(stopped.stderr).toMatch(/vpc vpc-[0-9a-f]+ \(kubernetes-vpc\)/);
    expect(stopped.stderr).toContain('kube-tui down --cluster kubernetes --region us-west-2');
    expect(stopped.stderr).toMatch(/Resume .*kube-tui up/);
  });

  it('down removes what a killed up left half made', async () => {
    const empty = await snapshotAccount(moto.clients());
    const killed = await upUntil(moto.url, /created instance /, 'SIGKILL');
    expect(killed.triggered).toBe(true);
    const down = await runCli(['down', '--endpoint', moto.url, '--cluster', 'kubernetes', '--yes']);
    expect(down.code).toBe(0);
    expect(await snapshotAccount(moto.clients())).toEqual(empty);
  });
});
