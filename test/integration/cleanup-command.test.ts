import { CreateRoleCommand } from '@aws-sdk/client-iam';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { useMoto } from '../support/aws.js';
import { runCli } from '../support/cli.js';
import { makeKubeUpCluster } from '../support/kube-up.js';
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
});
