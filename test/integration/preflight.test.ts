// Permissions are checked while planning, before the first write: the plan that `--dry-run` prints,
// the app reviews and the run executes is refused when an action is denied. The fault proxy answers
// for AWS where moto cannot (support/iam-answers.ts).
import { afterEach, describe, expect, it } from 'vitest';
import { useMoto } from '../support/aws.js';
import { runCli } from '../support/cli.js';
import { provisionCluster, testConfig } from '../support/cluster.js';
import { type FaultProxy, startFaultProxy } from '../support/fault-proxy.js';
import { callerIsUser, simulation, USER, WRITES } from '../support/iam-answers.js';
import { snapshotAccount } from '../support/snapshot.js';

const cidrs = ['--ssh-cidr', '203.0.113.7/32', '--api-cidr', '203.0.113.7/32'];

describe('permissions checked before anything is made or deleted', () => {
  const moto = useMoto();
  let proxy: FaultProxy | undefined;
  afterEach(async () => {
    await proxy?.stop();
    proxy = undefined;
  });

  it('up stops with exit 3 and lists what is missing, including what down would need, before any write', async () => {
    const before = await snapshotAccount(moto.clients());
    proxy = await startFaultProxy({
      target: moto.url,
      rules: [callerIsUser, simulation(['ec2:DeleteVpc', 'iam:DeleteRole'])],
    });
    const up = await runCli(['up', '--yes', '--endpoint', proxy.url, ...cidrs]);
    expect(up.code, up.stderr).toBe(3);
    expect(up.stderr).toContain(
      `Nothing was changed: ${USER} lacks 2 actions that up needs: ec2:DeleteVpc, iam:DeleteRole. kube-tui policy --for up prints the policy to grant.`,
    );
    expect(proxy.records().filter((record) => WRITES.test(record.action))).toEqual([]);
    expect(await snapshotAccount(moto.clients())).toEqual(before);
    // The plan itself is refused: a dry run says the same.
    const dryRun = await runCli(['up', '--dry-run', '--endpoint', proxy.url, ...cidrs]);
    expect(dryRun.code, dryRun.stderr).toBe(3);
    expect(dryRun.stderr).toContain(`${USER} lacks 2 actions that up needs`);
  });

  it('down stops with exit 3 before deleting anything when a delete action is denied', async () => {
    await provisionCluster(moto.url, testConfig({ nodes: 1 }));
    const before = await snapshotAccount(moto.clients());
    proxy = await startFaultProxy({
      target: moto.url,
      rules: [callerIsUser, simulation(['ec2:TerminateInstances'])],
    });
    const down = await runCli(['down', '--cluster', 'kubernetes', '--yes', '--endpoint', proxy.url]);
    expect(down.code, down.stderr).toBe(3);
    expect(down.stderr).toContain(`${USER} lacks 1 action that down needs: ec2:TerminateInstances`);
    expect(proxy.records().filter((record) => WRITES.test(record.action))).toEqual([]);
    expect(await snapshotAccount(moto.clients())).toEqual(before);
  });

  it('adding a zone to a running cluster checks the same permissions first: exit 3 and no write', async () => {
    await provisionCluster(moto.url, testConfig({ nodes: 1 }));
    const before = await snapshotAccount(moto.clients());
    proxy = await startFaultProxy({
      target: moto.url,
      rules: [callerIsUser, simulation(['ec2:CreateSubnet'])],
    });
    const add = await runCli(['up', '--yes', '--node-zones', '+b', '--endpoint', proxy.url]);
    expect(add.code, add.stderr).toBe(3);
    expect(add.stderr).toContain(
      `Nothing was changed: ${USER} lacks 1 action that up needs: ec2:CreateSubnet.`,
    );
    expect(proxy.records().filter((record) => WRITES.test(record.action))).toEqual([]);
    expect(await snapshotAccount(moto.clients())).toEqual(before);
    // Allowed, the zone plan says how many actions were simulated, in its text and its JSON.
    await proxy.stop();
    proxy = await startFaultProxy({ target: moto.url, rules: [callerIsUser, simulation([])] });
    const dryRun = await runCli(['up', '--dry-run', '--node-zones', '+b', '--endpoint', proxy.url]);
    expect(dryRun.code, dryRun.stderr).toBe(0);
    expect(dryRun.stdout).toMatch(/^ {2}permissions: \d+ actions allowed \(simulated\)$/m);
    const json = await runCli(['up', '--dry-run', '--json', '--node-zones', '+b', '--endpoint', proxy.url]);
    expect(JSON.parse(json.stdout).permissions).toEqual({ status: 'allowed', checked: expect.any(Number) });
  });

  it('a caller who may not simulate is told so in one line, and up goes on', async () => {
    proxy = await startFaultProxy({
      target: moto.url,
      rules: [
        callerIsUser,
        {
          service: 'iam',
          action: 'SimulatePrincipalPolicy',
          error: {
            status: 403,
            code: 'AccessDenied',
            message: 'not authorized to perform: iam:SimulatePrincipalPolicy',
          },
        },
      ],
    });
    const up = await runCli(['up', '--yes', '--nodes', '1', '--endpoint', proxy.url, ...cidrs]);
    expect(up.code, up.stderr).toBe(0);
    const notes = up.stdout.split('\n').filter((line) => line.includes('permissions not checked first'));
    expect(notes).toEqual([
      'note: permissions not checked first: these credentials may not call iam:SimulatePrincipalPolicy',
    ]);
  });

  it('a plan with every action allowed says how many were simulated, in the dry run and its JSON', async () => {
    proxy = await startFaultProxy({ target: moto.url, rules: [callerIsUser, simulation([])] });
    const dryRun = await runCli(['up', '--dry-run', '--endpoint', proxy.url, ...cidrs]);
    expect(dryRun.code, dryRun.stderr).toBe(0);
    expect(dryRun.stdout).toMatch(/^ {2}permissions: \d+ actions allowed \(simulated\)$/m);
    const json = await runCli(['up', '--dry-run', '--json', '--endpoint', proxy.url, ...cidrs]);
    expect(JSON.parse(json.stdout).permissions).toEqual({ status: 'allowed', checked: expect.any(Number) });
  });

  it('on the emulator, whose caller cannot be simulated, one line says so', async () => {
    const up = await runCli(['up', '--yes', '--nodes', '1', '--endpoint', moto.url, ...cidrs]);
    expect(up.code, up.stderr).toBe(0);
    expect(up.stdout).toContain(
      'note: permissions not checked first: arn:aws:sts::123456789012:user/moto cannot be simulated',
    );
  });
});
