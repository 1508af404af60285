// `kube-tui scale` against moto, the CLI as shipped: up, scale up and down (the group's counts, its
// instances, EC2's states, the JSON), every bad input refused with its exit code and nothing
// changed, a cluster mid-teardown refused, and down afterwards leaving the account as it was.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateAutoScalingGroupCommand,
  DescribeAutoScalingGroupsCommand,
  UpdateAutoScalingGroupCommand,
} from '@aws-sdk/client-auto-scaling';
import {
  CreateSubnetCommand,
  DescribeInstancesCommand,
  DescribeLaunchTemplatesCommand,
  DescribeVpcsCommand,
} from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { acquireLock } from '../../src/local/lock.js';
import { clusterLockPath } from '../../src/local/paths.js';
import { useMoto } from '../support/aws.js';
import { cliPath, runCli } from '../support/cli.js';
import { startFaultProxy } from '../support/fault-proxy.js';
import { snapshotAccount } from '../support/snapshot.js';

const pinnedCidrs = ['--ssh-cidr', '203.0.113.7/32', '--api-cidr', '203.0.113.7/32'];
const GROUP = 'kubernetes-minion-group';

function freshHome() {
  const home = mkdtempSync(join(tmpdir(), 'kube-tui-scale-home-'));
  return { HOME: home, XDG_CONFIG_HOME: join(home, '.config'), KUBECONFIG: undefined };
}

describe('kube-tui scale', () => {
  const moto = useMoto();
  const scale = (args: string[], env: Record<string, string | undefined>) =>
    runCli(['scale', '--endpoint', moto.url, ...args], { env });

  async function group() {
    const { AutoScalingGroups = [] } = await moto
      .clients()
      .autoScaling()
      .send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [GROUP] }));
    const found = AutoScalingGroups[0]!;
    return {
      desired: found.DesiredCapacity,
      min: found.MinSize,
      max: found.MaxSize,
      instances: (found.Instances ?? []).map((instance) => instance.InstanceId!).sort(),
      inService: (found.Instances ?? []).filter((instance) => instance.LifecycleState === 'InService').length,
    };
  }

  async function stateOf(ids: string[]): Promise<Record<string, string>> {
    const { Reservations = [] } = await moto
      .clients()
      .ec2()
      .send(new DescribeInstancesCommand({ InstanceIds: ids }));
    return Object.fromEntries(
      Reservations.flatMap((reservation) => reservation.Instances ?? []).map((instance) => [
        instance.InstanceId!,
        instance.State!.Name!,
      ]),
    );
  }

  it('scales the node group up and down, says which instances go, and down leaves nothing', async () => {
    const env = freshHome();
    const before = await snapshotAccount(moto.clients());
    const up = await runCli(['up', '--endpoint', moto.url, '--yes', '--nodes', '2', ...pinnedCidrs], { env });
    expect(up.code, up.stderr).toBe(0);
    const two = await group();
    expect(two).toMatchObject({ desired: 2, min: 2, max: 2, inService: 2 });

    // Up to 4: min = max = desired = 4, four InService instances, each running in EC2.
    const grow = await scale(['--cluster', 'kubernetes', '--nodes', '4', '--yes', '--json'], env);
    expect(grow.code, grow.stderr).toBe(0);
    const grown = JSON.parse(grow.stdout);
    expect(Object.keys(grown)).toEqual([
      'cluster',
      'region',
      'group',
      'before',
      'after',
      'terminated',
      'launched',
      'instances',
      'nodesReady',
      'elapsedMs',
    ]);
    expect(grown).toMatchObject({
      cluster: 'kubernetes',
      region: 'us-west-2',
      group: GROUP,
      before: { desired: 2, min: 2, max: 2, instances: 2 },
      after: { desired: 4, min: 4, max: 4, instances: 4 },
      terminated: [],
    });
    expect(grown.launched).toHaveLength(2);
    for (const id of two.instances) expect(grown.instances).toContain(id);
    const four = await group();
    expect(four).toMatchObject({ desired: 4, min: 4, max: 4, inService: 4 });
    expect(Object.values(await stateOf(four.instances))).toEqual([
      'running',
      'running',
      'running',
      'running',
    ]);
    // The events went to stderr, the document alone to stdout.
    expect(grow.stderr).toContain('node group set to min 4, max 4, desired 4');
    // Running instances are not yet Ready nodes: the emulator runs nothing, and says so.
    expect(grown.nodesReady).toBeNull();
    expect(grow.stderr).toContain("nodes' readiness not checked: the emulator's instances run nothing");
    expect(grow.stderr).toMatch(
      /4 nodes in service, Ready not checked: the emulator's instances run nothing/,
    );

    // Down to 1: the plan names the three that go; exactly those are terminated.
    const dry = await scale(['--cluster', 'kubernetes', '--nodes', '1', '--dry-run', '--json'], env);
    expect(dry.code, dry.stderr).toBe(0);
    const planned = JSON.parse(dry.stdout);
    expect(planned.leaving).toHaveLength(3);
    expect(planned.monthlyUsdChange).toBeLessThan(0);
    expect(await group()).toEqual(four);

    const shrink = await scale(['--cluster', 'kubernetes', '--nodes', '1', '--yes'], env);
    expect(shrink.code, shrink.stderr).toBe(0);
    for (const id of planned.leaving) expect(shrink.stdout).toContain(id);
    expect(shrink.stdout).toMatch(/terminated \(newest and not-in-service first\)/);
    const one = await group();
    expect(one).toMatchObject({ desired: 1, min: 1, max: 1, inService: 1 });
    expect(planned.leaving).not.toContain(one.instances[0]);
    const states = await stateOf(planned.leaving);
    for (const id of planned.leaving) expect(states[id]).toMatch(/shutting-down|terminated/);

    // To zero and back: a group may be empty.
    const zero = await scale(['--cluster', 'kubernetes', '--nodes', '0', '--yes', '--json'], env);
    expect(zero.code, zero.stderr).toBe(0);
    expect(JSON.parse(zero.stdout).after).toEqual({ desired: 0, min: 0, max: 0, instances: 0 });

    const down = await runCli(['down', '--cluster', 'kubernetes', '--endpoint', moto.url, '--yes'], { env });
    expect(down.code, down.stderr).toBe(0);
    expect(await snapshotAccount(moto.clients())).toEqual(before);
  }, 300_000);

  it('refuses bad input with a clear error and exit 2 or 1, and changes nothing', async () => {
    const env = freshHome();
    const up = await runCli(['up', '--endpoint', moto.url, '--yes', '--nodes', '2', ...pinnedCidrs], { env });
    expect(up.code, up.stderr).toBe(0);
    const before = await group();
    const snapshot = await snapshotAccount(moto.clients());

    const cases: { args: string[]; code: number; message: RegExp }[] = [
      {
        args: ['--cluster', 'kubernetes', '--nodes', '-1', '--yes'],
        code: 2,
        message: /--nodes -1: expected a whole number of nodes from 0 to 100/,
      },
      {
        args: ['--cluster', 'kubernetes', '--nodes', '101', '--yes'],
        code: 2,
        message: /--nodes 101: expected a whole number of nodes from 0 to 100/,
      },
      {
        args: ['--cluster', 'kubernetes', '--nodes', '3x', '--yes'],
        code: 2,
        message: /--nodes 3x: expected/,
      },
      {
        args: ['--cluster', 'kubernetes', '--nodes', '1e1', '--yes'],
        code: 2,
        message: /--nodes 1e1: expected/,
      },
      {
        args: ['--cluster', '../../etc', '--nodes', '1', '--yes'],
        code: 2,
        message: /--cluster \.\.\/\.\.\/etc: expected/,
      },
      {
        args: ['--cluster', 'kubernetes', '--nodes', '1', '--zone', 'nowhere', '--yes'],
        code: 2,
        message: /--zone nowhere: expected an availability zone/,
      },
      {
        args: ['--cluster', 'kubernetes', '--nodes', '1'],
        code: 2,
        message: /needs an interactive terminal.*--yes/,
      },
      {
        args: ['--cluster', 'nosuch', '--nodes', '1', '--yes'],
        code: 1,
        message:
          /No cluster nosuch with a node group in us-west-2: nothing was changed\. Clusters with node groups there: kubernetes\./,
      },
      {
        args: ['--cluster', 'kubernetes', '--nodes', '1', '--zone', 'us-west-2b', '--yes'],
        code: 2,
        message: /no node group in us-west-2b: its nodes are in us-west-2a/,
      },
    ];
    for (const { args, code, message } of cases) {
      const result = await scale(args, env);
      expect(result.code, `${args.join(' ')}\n${result.stderr}`).toBe(code);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }

    // Mid-teardown: a `down` holds the cluster's lock.
    const lock = await acquireLock(
      await clusterLockPath('us-west-2', 'kubernetes', { ...process.env, ...env } as NodeJS.ProcessEnv),
      'cluster kubernetes in us-west-2',
      'down',
    );
    try {
      const held = await scale(['--cluster', 'kubernetes', '--nodes', '1', '--yes'], env);
      expect(held.code, held.stderr).toBe(1);
      expect(held.stderr).toMatch(/being changed by another kube-tui run \(down, pid \d+ on /);
    } finally {
      await lock.release();
    }

    // Nothing of the above changed the group or anything else in the account.
    expect(await group()).toEqual(before);
    expect(await snapshotAccount(moto.clients())).toEqual(snapshot);

    // After down: the teardown's record says the cluster is gone.
    const down = await runCli(['down', '--cluster', 'kubernetes', '--endpoint', moto.url, '--yes'], { env });
    expect(down.code, down.stderr).toBe(0);
    const gone = await scale(['--cluster', 'kubernetes', '--nodes', '1', '--yes'], env);
    expect(gone.code, gone.stderr).toBe(1);
    expect(gone.stderr).toMatch(
      /Cluster kubernetes is gone from us-west-2: kube-tui finished deleting it at /,
    );
  }, 300_000);

  it('shows each retry of a throttled call as it happens, and still settles', async () => {
    const env = freshHome();
    const up = await runCli(['up', '--endpoint', moto.url, '--yes', '--nodes', '1', ...pinnedCidrs], { env });
    expect(up.code, up.stderr).toBe(0);
    const proxy = await startFaultProxy({
      target: moto.url,
      rules: [{ service: 'autoscaling', action: 'UpdateAutoScalingGroup', error: 'throttle', times: 2 }],
    });
    try {
      const result = await runCli(
        ['scale', '--endpoint', proxy.url, '--cluster', 'kubernetes', '--nodes', '2', '--yes'],
        {
          env: { ...env, AWS_MAX_ATTEMPTS: '8' },
        },
      );
      expect(result.code, result.stderr).toBe(0);
      // The reason is what the clients' per-attempt middleware saw of the last failure.
      expect(result.stdout).toMatch(/↻ retrying 2\/8: Throttling \(autoscaling:UpdateAutoScalingGroup\)/);
      expect(result.stdout).toMatch(/↻ retrying 3\/8: Throttling \(autoscaling:UpdateAutoScalingGroup\)/);
      expect(proxy.faultCounts()['autoscaling:UpdateAutoScalingGroup']).toBe(2);
    } finally {
      await proxy.stop();
    }
    expect(await group()).toMatchObject({ desired: 2, min: 2, max: 2, inService: 2 });
  }, 300_000);

  it('with a node group per zone, asks for --zone and scales only the group of that zone', async () => {
    const env = freshHome();
    const before = await snapshotAccount(moto.clients());
    const up = await runCli(['up', '--endpoint', moto.url, '--yes', '--nodes', '1', ...pinnedCidrs], { env });
    expect(up.code, up.stderr).toBe(0);
    // A second group in us-west-2b, tagged for the cluster, as a multi-zone cluster has.
    const ec2 = moto.clients().ec2();
    const tags = [
      { Key: 'KubernetesCluster', Value: 'kubernetes' },
      { Key: 'kubernetes.io/cluster/kubernetes', Value: 'owned' },
    ];
    const { Vpcs = [] } = await ec2.send(
      new DescribeVpcsCommand({ Filters: [{ Name: 'tag:KubernetesCluster', Values: ['kubernetes'] }] }),
    );
    const { Subnet } = await ec2.send(
      new CreateSubnetCommand({
        VpcId: Vpcs[0]!.VpcId!,
        CidrBlock: '172.20.1.0/24',
        AvailabilityZone: 'us-west-2b',
        TagSpecifications: [
          { ResourceType: 'subnet', Tags: [...tags, { Key: 'Name', Value: 'kubernetes-subnet-b' }] },
        ],
      }),
    );
    const { LaunchTemplates = [] } = await ec2.send(
      new DescribeLaunchTemplatesCommand({ LaunchTemplateNames: ['kubernetes-minion-group'] }),
    );
    const zoneB = 'kubernetes-minion-group-us-west-2b';
    await moto
      .clients()
      .autoScaling()
      .send(
        new CreateAutoScalingGroupCommand({
          AutoScalingGroupName: zoneB,
          LaunchTemplate: { LaunchTemplateId: LaunchTemplates[0]!.LaunchTemplateId!, Version: '$Default' },
          MinSize: 1,
          MaxSize: 1,
          DesiredCapacity: 1,
          VPCZoneIdentifier: Subnet!.SubnetId!,
          Tags: tags.map((tag) => ({
            ...tag,
            PropagateAtLaunch: true,
            ResourceId: zoneB,
            ResourceType: 'auto-scaling-group',
          })),
        }),
      );

    const ambiguous = await scale(['--cluster', 'kubernetes', '--nodes', '2', '--yes'], env);
    expect(ambiguous.code, ambiguous.stderr).toBe(2);
    expect(ambiguous.stderr).toMatch(/has node groups in us-west-2a, us-west-2b: pass --zone/);
    expect(await group()).toMatchObject({ desired: 1 });

    const inB = await scale(
      ['--cluster', 'kubernetes', '--nodes', '2', '--zone', 'us-west-2b', '--yes', '--json'],
      env,
    );
    expect(inB.code, inB.stderr).toBe(0);
    expect(JSON.parse(inB.stdout)).toMatchObject({
      group: zoneB,
      after: { desired: 2, min: 2, max: 2, instances: 2 },
    });
    // The group of us-west-2a is untouched.
    expect(await group()).toMatchObject({ desired: 1, min: 1, max: 1, inService: 1 });

    const down = await runCli(['down', '--cluster', 'kubernetes', '--endpoint', moto.url, '--yes'], { env });
    expect(down.code, down.stderr).toBe(0);
    expect(await snapshotAccount(moto.clients())).toEqual(before);
  }, 300_000);

  it('killed between its first termination and the last count, a rerun of the same command finishes', async () => {
    const env = freshHome();
    const up = await runCli(['up', '--endpoint', moto.url, '--yes', '--nodes', '3', ...pinnedCidrs], { env });
    expect(up.code, up.stderr).toBe(0);
    // Every call slowed down, so the kill lands inside the run.
    const proxy = await startFaultProxy({ target: moto.url, latencyMs: 400 });
    try {
      const child = spawn(
        process.execPath,
        [cliPath, 'scale', '--endpoint', proxy.url, '--cluster', 'kubernetes', '--nodes', '1', '--yes'],
        { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let output = '';
      const killed = new Promise<void>((done) => {
        child.stdout.on('data', (chunk) => {
          output += chunk;
          if (output.includes('terminating')) child.kill('SIGKILL');
        });
        child.on('close', () => done());
      });
      await killed;
      expect(output).toContain('terminating');
      expect(output).not.toMatch(/✔ kubernetes-minion-group: 1 node in service/);
    } finally {
      await proxy.stop();
    }
    // Half done: the minimum lowered, an instance or two gone, the last count (max 1) never sent.
    const half = await group();
    expect(half.min).toBe(1);
    expect(half.max).toBe(3);
    // The lock of the killed run is stale (its pid is gone): the rerun takes it and finishes.
    const rerun = await scale(['--cluster', 'kubernetes', '--nodes', '1', '--yes', '--json'], env);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(JSON.parse(rerun.stdout).after).toEqual({ desired: 1, min: 1, max: 1, instances: 1 });
    expect(await group()).toMatchObject({ desired: 1, min: 1, max: 1, inService: 1 });
  }, 300_000);

  it('refuses a plan whose group changed before the run', async () => {
    const env = freshHome();
    const up = await runCli(['up', '--endpoint', moto.url, '--yes', '--nodes', '2', ...pinnedCidrs], { env });
    expect(up.code, up.stderr).toBe(0);
    const { AwsEngine } = await import('../../src/aws/engine.js');
    const engine = new AwsEngine({ region: 'us-west-2', endpoint: moto.url });
    try {
      const plan = await engine.planScale({ cluster: { name: 'kubernetes', region: 'us-west-2' }, nodes: 1 });
      expect(plan.leaving).toHaveLength(1);
      // Someone else changes the group between the plan and the run.
      await moto
        .clients()
        .autoScaling()
        .send(
          new UpdateAutoScalingGroupCommand({
            AutoScalingGroupName: GROUP,
            MinSize: 3,
            MaxSize: 3,
            DesiredCapacity: 3,
          }),
        );
      const changed = await group();
      await expect(engine.runScale(plan, {})).rejects.toThrow(
        /changed since the plan \(desired 2, now 3\).*nothing was changed/,
      );
      expect(await group()).toEqual(changed);
    } finally {
      engine.close();
    }
  }, 300_000);
});
