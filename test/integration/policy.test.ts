// `kube-tui policy` is derived from the source; this test holds it to what the commands really call:
// each command runs against moto behind the fault proxy, which records every request, and each
// action it made must be in that command's policy. A new call the derivation misses fails here.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateNetworkInterfaceCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
} from '@aws-sdk/client-ec2';
import { afterEach, describe, expect, it } from 'vitest';
import { actionsFor, type PolicyCommand } from '../../src/aws/caller-policy.js';
import { iamActionFor, type ServiceName } from '../../src/aws/iam-actions.js';
import { useMoto } from '../support/aws.js';
import { runCli } from '../support/cli.js';
import { type FaultProxy, type ProxyRecord, startFaultProxy } from '../support/fault-proxy.js';
import { makeServiceLoadBalancers } from '../support/service-load-balancers.js';

const actionOf = (record: ProxyRecord) => iamActionFor(record.service as ServiceName, record.action);

describe('kube-tui policy covers every call the commands make', () => {
  const moto = useMoto();
  let proxy: FaultProxy | undefined;
  afterEach(async () => {
    await proxy?.stop();
    proxy = undefined;
  });

  it('up, scale, inventory and down (with load balancers and a blocker) call nothing their policy lacks', async () => {
    proxy = await startFaultProxy({ target: moto.url });
    const home = mkdtempSync(join(tmpdir(), 'kube-tui-policy-'));
    const env = { HOME: home, XDG_CONFIG_HOME: join(home, '.config'), KUBE_TUI_RETRY_SCALE: '0.01' };
    const endpoint = ['--endpoint', proxy.url];
    const called = new Map<PolicyCommand, Set<string>>();
    const run = async (command: PolicyCommand, args: string[]) => {
      proxy!.resetCounts();
      const result = await runCli([...args, ...endpoint], { env });
      expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(0);
      called.set(command, new Set([...(called.get(command) ?? []), ...proxy!.records().map(actionOf)]));
    };

    await run('up', [
      'up',
      '--yes',
      '--nodes',
      '1',
      '--ssh-cidr',
      '203.0.113.7/32',
      '--api-cidr',
      '203.0.113.7/32',
    ]);
    await run('scale', ['scale', '--cluster', 'kubernetes', '--nodes', '2', '--yes']);
    await run('inventory', ['inventory', '--all-regions', '--json']);
    // The cloud controller's load balancers, and an interface of the cluster's own balancer in the
    // subnet (the blocker scan), so that down goes every way.
    const { Vpcs = [] } = await moto.clients().ec2().send(new DescribeVpcsCommand({}));
    const vpcId = Vpcs.find((vpc) => vpc.Tags?.some((tag) => tag.Value === 'kubernetes-vpc'))!.VpcId!;
    const { Subnets = [] } = await moto
      .clients()
      .ec2()
      .send(new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }));
    const subnetId = Subnets[0]!.SubnetId!;
    await makeServiceLoadBalancers(moto.clients(), 'kubernetes', vpcId, subnetId);
    await moto
      .clients()
      .ec2()
      .send(new CreateNetworkInterfaceCommand({ SubnetId: subnetId, Description: 'ELB a1b2c3' }));
    await run('down', ['down', '--cluster', 'kubernetes', '--yes', '--force-revoke']);

    for (const [command, actions] of called) {
      const allowed = new Set(actionsFor([command]));
      expect([...actions].filter((action) => !allowed.has(action)).sort(), `${command} called`).toEqual([]);
    }
    // The runs did call AWS: the check above is not vacuous.
    expect(called.get('up')!.has('ec2:RunInstances')).toBe(true);
    expect(called.get('down')!.has('ec2:DeleteVpc')).toBe(true);
    expect(called.get('down')!.has('elasticloadbalancing:DeleteLoadBalancer')).toBe(true);
  });

  it('prints the policy for one command and one cluster, and refuses an unknown command', async () => {
    const down = await runCli(['policy', '--for', 'down', '--cluster', 'kubernetes']);
    expect(down.code, down.stderr).toBe(0);
    const policy = JSON.parse(down.stdout) as {
      Statement: { Sid: string; Action: string[]; Resource: string | string[] }[];
    };
    const actions = policy.Statement.flatMap((statement) => statement.Action);
    expect(actions).toContain('ec2:DeleteVpc');
    expect(actions).not.toContain('ec2:RunInstances');
    const roles = policy.Statement.find((statement) => statement.Action.includes('iam:DeleteRole'))!;
    expect(roles.Resource).toEqual([
      'arn:aws:iam::*:role/kubernetes-master-kubernetes-*',
      'arn:aws:iam::*:role/kubernetes-minion-kubernetes-*',
      'arn:aws:iam::*:role/kubernetes-master',
      'arn:aws:iam::*:role/kubernetes-minion',
    ]);
    expect(new Set(policy.Statement.map((statement) => statement.Sid)).size).toBe(policy.Statement.length);

    const bad = await runCli(['policy', '--for', 'deploy']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--for deploy: expected one of up, down, inventory, scale, cleanup, all');
  });
});
