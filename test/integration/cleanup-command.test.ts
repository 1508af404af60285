import { RunInstancesCommand } from '@aws-sdk/client-ec2';
import { CreateRoleCommand, ListRoleTagsCommand } from '@aws-sdk/client-iam';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { useMoto } from '../support/aws.js';
import { runCli } from '../support/cli.js';
import { startFaultProxy } from '../support/fault-proxy.js';
import { KUBE_UP_IMAGE, makeKubeUpCluster } from '../support/kube-up.js';
import { makeDecoys, makeLeftovers } from '../support/leftovers.js';
import { type AccountSnapshot, snapshotAccount } from '../support/snapshot.js';

/** Where each orphan type shows in an account snapshot (and which id it is listed by). */
const SNAPSHOT_KIND: Record<string, keyof AccountSnapshot> = {
  volume: 'volumes',
  'elastic-ip': 'elasticIps',
  'key-pair': 'keyPairs',
  'launch-configuration': 'launchConfigurations',
  'iam-role': 'roles',
  'iam-instance-profile': 'instanceProfiles',
  's3-bucket': 'buckets',
  'dhcp-options': 'dhcpOptions',
  'log-group': 'logGroups',
};

describe('kube-tui cleanup --orphans', () => {
  const moto = useMoto();
  const cleanup = (args: string[]) =>
    runCli(['cleanup', '--orphans', '--endpoint', moto.url, '--region', 'us-west-2', ...args]);

  it('removes exactly the orphans and nothing else; its dry run changes nothing', async () => {
    const clients = moto.clients();
    const legacy = await makeKubeUpCluster(clients, { name: 'legacy', nodes: 1 });
    const gone = await makeLeftovers(clients, 'gone');
    const decoys = await makeDecoys(clients);
    // The orphan staging bucket still holds a bundle: it is emptied first.
    await clients
      .s3()
      .send(new PutObjectCommand({ Bucket: gone.bucket, Key: 'gone/nodes/token', Body: 'x' }));

    const listed = await runCli(['inventory', '--endpoint', moto.url, '--region', 'us-west-2', '--json']);
    const orphans: { type: string; id: string }[] = JSON.parse(listed.stdout).orphans;
    expect(orphans.length).toBe(12);
    const before = await snapshotAccount(clients);

    const dry = await cleanup(['--dry-run', '--json']);
    expect(dry.code, dry.stderr).toBe(0);
    const plan: { type: string; id: string; action: string }[] = JSON.parse(dry.stdout).plan;
    expect(plan.map((step) => `${step.type} ${step.id}`).sort()).toEqual(
      orphans.map((orphan) => `${orphan.type} ${orphan.id}`).sort(),
    );
    expect(plan.every((step) => step.action === 'delete' || step.action === 'release')).toBe(true);
    // The key pair's only user is the orphan launch configuration: that goes first.
    const order = plan.map((step) => step.id);
    expect(order.indexOf(gone.launchConfiguration)).toBeLessThan(order.indexOf(gone.keyName));
    expect(await snapshotAccount(clients)).toEqual(before);

    const result = await cleanup(['--yes', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const document = JSON.parse(result.stdout);
    expect(document.remaining).toEqual([]);
    expect(
      document.deleted.map((entry: { type: string; id: string }) => `${entry.type} ${entry.id}`).sort(),
    ).toEqual(orphans.map((orphan) => `${orphan.type} ${orphan.id}`).sort());

    // The account is what it was, minus exactly the orphans.
    const expected = structuredClone(before);
    for (const orphan of orphans) {
      const kind = SNAPSHOT_KIND[orphan.type]!;
      expect(expected[kind], `${orphan.type} ${orphan.id}`).toContain(orphan.id);
      expected[kind] = expected[kind].filter((id) => id !== orphan.id);
    }
    expect(await snapshotAccount(clients)).toEqual(expected);
    // Still there: the live kube-up cluster (with its shared roles and key), the decoys, and the
    // roles of the gone cluster named for a region that was not scanned.
    const after = await snapshotAccount(clients);
    expect(after.vpcs).toEqual(expect.arrayContaining([legacy.vpcId, decoys.vpcId]));
    expect(after.keyPairs).toEqual(expect.arrayContaining([legacy.keyName, decoys.userKey]));
    expect(after.roles).toEqual(
      expect.arrayContaining([
        'kubernetes-master',
        'kubernetes-minion',
        'kubernetes-ci-runner',
        'kubernetes-minion-ci-runner',
        gone.untiedRole,
        ...gone.otherRegionRoles,
      ]),
    );
    expect(after.buckets).toEqual(
      expect.arrayContaining(['kubernetes-prod-data', 'kubernetes-staging-0123456789ab']),
    );

    const again = await runCli(['inventory', '--endpoint', moto.url, '--region', 'us-west-2', '--json']);
    expect(JSON.parse(again.stdout).orphans).toEqual([]);
    // Nothing left to clean up is a clean account: exit 0.
    const nothing = await cleanup(['--yes']);
    expect(nothing.code).toBe(0);
    expect(nothing.stderr).toContain('No orphans in us-west-2: nothing to delete.');
  });

  it("never deletes a user's role that merely starts with kubernetes-master- (untagged, Lambda-trusted, no profile)", async () => {
    const clients = moto.clients();
    await makeLeftovers(clients, 'gone');
    await clients.iam().send(
      new CreateRoleCommand({
        RoleName: 'kubernetes-master-deployer',
        AssumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
          ],
        }),
      }),
    );
    const result = await cleanup(['--yes', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const deleted: { id: string }[] = JSON.parse(result.stdout).deleted;
    expect(deleted.map((entry) => entry.id)).not.toContain('kubernetes-master-deployer');
    expect((await snapshotAccount(clients)).roles).toContain('kubernetes-master-deployer');
  });

  const roleTags = async (name: string) =>
    (
      await moto
        .clients()
        .iam()
        .send(new ListRoleTagsCommand({ RoleName: name }))
    ).Tags?.map((t) => t.Key);

  it('a role kept because an instance in another region uses it is not a failure: exit 0, listed as kept with the reason', async () => {
    const clients = moto.clients();
    const gone = await makeLeftovers(clients, 'gone');
    const [role] = gone.roles as [string, string];
    const far = await clients.ec2('eu-west-1').send(
      new RunInstancesCommand({
        ImageId: KUBE_UP_IMAGE,
        MinCount: 1,
        MaxCount: 1,
        IamInstanceProfile: { Name: role },
      }),
    );
    const farId = far.Instances![0]!.InstanceId!;
    const result = await cleanup(['--yes', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const document = JSON.parse(result.stdout);
    expect(document.remaining).toEqual([]);
    const kept = document.kept.map(
      (entry: { type: string; id: string; reason: string }) => `${entry.type} ${entry.id}`,
    );
    expect(kept).toEqual(expect.arrayContaining([`iam-role ${role}`, `iam-instance-profile ${role}`]));
    for (const entry of document.kept)
      expect(entry.reason).toContain(`used by instance ${farId} in eu-west-1`);
    // Kept as it was, tags included, so that the next cleanup still knows it.
    expect((await snapshotAccount(clients)).roles).toContain(role);
    expect(await roleTags(role)).toContain('kubernetes.io/cluster/gone');
    const again = await cleanup(['--yes']);
    expect(again.code, again.stderr).toBe(0);
  }, 180_000);

  it('a check that could not run is reported as such, never as a removal: exit 1 with the rerun command', async () => {
    const clients = moto.clients();
    const gone = await makeLeftovers(clients, 'gone');
    const proxy = await startFaultProxy({
      target: moto.url,
      rules: [
        {
          service: 'ec2',
          action: 'DescribeInstances',
          match: (request) => String(request.headers.authorization ?? '').includes('/eu-west-1/ec2/'),
          error: 'throttle',
        },
      ],
    });
    try {
      const result = await runCli(
        ['cleanup', '--orphans', '--endpoint', proxy.url, '--region', 'us-west-2', '--yes'],
        { env: { AWS_MAX_ATTEMPTS: '2' } },
      );
      expect(result.code, result.stdout + result.stderr).toBe(1);
      expect(result.stderr).toMatch(/not checked, so kept: IAM is global and eu-west-1 could not be checked/);
      expect(result.stderr).not.toContain('removed, but AWS still lists it');
      expect(result.stderr).toContain(
        `Run it again once the cause is fixed: kube-tui cleanup --orphans --region us-west-2 --endpoint ${proxy.url} --yes`,
      );
    } finally {
      await proxy.stop();
    }
    for (const role of gone.roles) {
      expect((await snapshotAccount(clients)).roles).toContain(role);
      expect(await roleTags(role)).toContain('kubernetes.io/cluster/gone');
    }
  }, 300_000);
});
