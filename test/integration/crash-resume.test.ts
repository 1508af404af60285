import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { loadOrCreateSshKey } from '../../src/local/ssh-key.js';
import { useMoto } from '../support/aws.js';
import { cliPath, runCli } from '../support/cli.js';
import { startFaultProxy } from '../support/fault-proxy.js';
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
    child.on('close', (code, exitSignal) => resolve({ code, signal: exitSignal, stdout, stderr, triggered }));
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
      const whole = await runCli(['up', '--endpoint', moto.url, '--yes', '--nodes', '1', ...pinnedCidrs]);
      expect(whole.code, whole.stderr).toBe(0);
      const expected = countsOf(await snapshotAccount(moto.clients()));
      await moto.reset();

      const killed = await upUntil(moto.url, trigger, 'SIGKILL');
      expect(killed.triggered).toBe(true);
      expect(killed.signal).toBe('SIGKILL');
      await moto.settled();
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

  it('SIGTERM while CreateVpc is on its way: the run waits for the VPC, and what exists is listed from a fresh scan', async () => {
    const proxy = await startFaultProxy({ target: moto.url });
    try {
      const child = spawn(
        process.execPath,
        [cliPath, 'up', '--endpoint', proxy.url, '--yes', '--nodes', '1', ...pinnedCidrs],
        { env: process.env, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      proxy.addRule({
        service: 'ec2',
        action: 'CreateVpc',
        times: 1,
        delayMs: 2_000,
        match: () => child.kill('SIGTERM'),
      });
      let stderr = '';
      child.stderr.on('data', (chunk) => {
        stderr += chunk;
      });
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      expect(code, stderr).toBe(1);
      const { Vpcs = [] } = await moto
        .clients()
        .ec2()
        .send(
          new DescribeVpcsCommand({
            Filters: [{ Name: 'tag:Name', Values: ['kubernetes-vpc'] }],
          }),
        );
      expect(Vpcs).toHaveLength(1);
      expect(stderr).toContain('Cancelled.');
      expect(stderr).toContain(`vpc ${Vpcs[0]!.VpcId} (kubernetes-vpc)`);
    } finally {
      await proxy.stop();
    }
  });

  it('down removes what a killed up left half made', async () => {
    const empty = await snapshotAccount(moto.clients());
    const killed = await upUntil(moto.url, /created instance /, 'SIGKILL');
    expect(killed.triggered).toBe(true);
    // What the killed run sent is AWS's to finish: a create moto does late is still its to remove.
    await moto.settled();
    const down = await runCli(['down', '--endpoint', moto.url, '--cluster', 'kubernetes', '--yes']);
    expect(down.code).toBe(0);
    expect(await snapshotAccount(moto.clients())).toEqual(empty);
  });

  it('SIGKILL at any instant of the SSH key generation never leaves a half key, and the next run has a whole one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kube-tui-keykill-'));
    const path = join(dir, 'kube_aws_rsa');
    const script = `import { loadOrCreateSshKey } from ${JSON.stringify(join(process.cwd(), 'src/local/ssh-key.ts'))};
      process.stdout.write('ready\\n'); await loadOrCreateSshKey(${JSON.stringify(path)}); process.stdout.write('done\\n');`;
    const killedAfter = (delayMs: number) =>
      new Promise<boolean>((resolve) => {
        const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script]);
        let out = '';
        child.stdout.on('data', (chunk) => {
          out += chunk;
          if (out.startsWith('ready')) setTimeout(() => child.kill('SIGKILL'), delayMs);
        });
        child.on('exit', () => resolve(out.includes('done')));
      });
    let finishedBeforeKill = 0;
    // Kill points from the start of the generation to past its end (RSA-3072 takes 0.1-2 s).
    for (const delayMs of [0, 5, 20, 50, 100, 200, 350, 500, 800, 1200, 2000]) {
      const { rmSync } = await import('node:fs');
      for (const name of readdirSync(dir)) rmSync(join(dir, name), { force: true });
      if (await killedAfter(delayMs)) finishedBeforeKill += 1;
      const names = readdirSync(dir);
      // Either no key, or a whole one: never an empty or truncated private key.
      if (names.includes('kube_aws_rsa'))
        expect(readFileSync(path, 'utf8')).toMatch(/-----END RSA PRIVATE KEY-----/);
      const key = await loadOrCreateSshKey(path);
      expect(readFileSync(`${path}.pub`, 'utf8').trim()).toBe(key.publicKey);
    }
    // The sweep must have cut some runs short, or it tested nothing.
    expect(finishedBeforeKill).toBeLessThan(11);
  }, 240_000);
});
