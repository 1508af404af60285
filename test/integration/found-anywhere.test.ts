// A cluster that is not in the region asked: `down` looks in every enabled region (one tag lookup per
// region) and says where it is, with the command for there; `inventory` of a region without
// clusters says which regions have some. Against moto, which serves every region on one endpoint.
import { CreateTagsCommand, CreateVpcCommand } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { useMoto } from '../support/aws.js';
import { runCli } from '../support/cli.js';
import { startFaultProxy } from '../support/fault-proxy.js';
import { makeKubeUpCluster } from '../support/kube-up.js';
import { snapshotAccount } from '../support/snapshot.js';

describe('found anywhere', () => {
  const moto = useMoto();

  it('down --cluster C in a region without C says which region has it, changes nothing and exits 1', async () => {
    await makeKubeUpCluster(moto.clients('eu-west-1'), { name: 'far', region: 'eu-west-1', nodes: 1 });
    await makeKubeUpCluster(moto.clients(), { name: 'near', nodes: 1 });
    const before = await snapshotAccount(moto.clients());

    const run = await runCli([
      'down',
      '--cluster',
      'far',
      '--yes',
      '--endpoint',
      moto.url,
      '--region',
      'us-west-2',
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'No cluster far in us-west-2: nothing of it was found, so nothing was deleted.',
    );
    expect(run.stderr).toContain(
      `far is in eu-west-1: kube-tui down --cluster far --region eu-west-1 --endpoint ${moto.url}`,
    );
    expect(await snapshotAccount(moto.clients())).toEqual(before);

    const dry = await runCli(['down', '--cluster', 'far', '--dry-run', '--endpoint', moto.url]);
    expect(dry.code).toBe(1);
    expect(dry.stdout).toContain('far is in eu-west-1: kube-tui down --cluster far --region eu-west-1');

    // A user's VPC tagged shared for the cluster is found too.
    const ec2 = moto.clients('ap-south-1').ec2('ap-south-1');
    const { Vpc } = await ec2.send(new CreateVpcCommand({ CidrBlock: '10.9.0.0/16' }));
    await ec2.send(
      new CreateTagsCommand({
        Resources: [Vpc!.VpcId!],
        Tags: [{ Key: 'kubernetes.io/cluster/far', Value: 'shared' }],
      }),
    );
    const twice = await runCli(['down', '--cluster', 'far', '--yes', '--endpoint', moto.url]);
    expect(twice.code).toBe(1);
    expect(twice.stderr).toMatch(/far is in ap-south-1: .*\n.*far is in eu-west-1: /);

    const nowhere = await runCli(['down', '--cluster', 'ghost', '--yes', '--endpoint', moto.url]);
    expect(nowhere.code).toBe(1);
    expect(nowhere.stderr).toContain('No cluster ghost in any other enabled region either.');
  }, 240_000);

  it('inventory of a region without clusters says which regions have them, in tables and beside --json', async () => {
    await makeKubeUpCluster(moto.clients('eu-west-1'), { name: 'europe', region: 'eu-west-1', nodes: 1 });
    const inventory = (args: string[]) =>
      runCli(['inventory', '--endpoint', moto.url, '--region', 'us-east-2', ...args]);

    const table = await inventory([]);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toContain('No cluster in us-east-2; clusters in other regions:');
    expect(table.stdout).toContain(
      `  eu-west-1: europe (kube-tui inventory --region eu-west-1 --endpoint ${moto.url})`,
    );

    const json = await inventory(['--json']);
    expect(json.code, json.stderr).toBe(0);
    // The document keeps its shape; the hint goes to stderr.
    expect(Object.keys(JSON.parse(json.stdout))).toEqual(['region', 'spend', 'clusters', 'orphans']);
    expect(json.stderr).toContain('eu-west-1: europe');

    const named = await inventory(['--cluster', 'europe']);
    expect(named.stdout).toContain(
      'europe is in eu-west-1: kube-tui inventory --cluster europe --region eu-west-1',
    );

    const here = await runCli(['inventory', '--endpoint', moto.url, '--region', 'eu-west-1']);
    expect(here.stdout).not.toContain('other regions');
  }, 240_000);

  it('a region list that cannot be had is said in one line, and the inventory still exits 0', async () => {
    const proxy = await startFaultProxy({
      target: moto.url,
      rules: [
        {
          service: 'ec2',
          action: 'DescribeRegions',
          error: {
            status: 403,
            code: 'UnauthorizedOperation',
            message: 'You are not authorized to perform this operation.',
          },
        },
      ],
    });
    try {
      const run = await runCli(['inventory', '--endpoint', proxy.url, '--region', 'us-east-2']);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toMatch(/\(the other regions could not be listed: .*ec2:DescribeRegions/);
    } finally {
      await proxy.stop();
    }
  });
});
