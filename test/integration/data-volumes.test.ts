// Volumes the cluster made through PersistentVolumes, and a user's volume tagged by hand, are data:
// `down` keeps them unless asked (and says how to remove them), lists them with their facts, and
// `cleanup --orphans` lists them under their own heading with the same opt-in.
import { CreateVolumeCommand } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { useMoto } from '../support/aws.js';
import { runCli } from '../support/cli.js';
import { makeKubeUpCluster } from '../support/kube-up.js';
import { snapshotAccount } from '../support/snapshot.js';

const tagList = (tags: Record<string, string>) =>
  Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));

describe('data volumes', () => {
  const moto = useMoto();
  const volume = async (size: number, tags: Record<string, string>) =>
    (
      await moto
        .clients()
        .ec2()
        .send(
          new CreateVolumeCommand({
            AvailabilityZone: 'us-west-2a',
            Size: size,
            VolumeType: 'gp3',
            TagSpecifications: [{ ResourceType: 'volume', Tags: tagList(tags) }],
          }),
        )
    ).VolumeId!;

  it("down keeps a user's volume tagged KubernetesCluster=victim and a PersistentVolume; cleanup deletes them only with --delete-data-volumes", async () => {
    const clients = moto.clients();
    const victim = await makeKubeUpCluster(clients, { name: 'victim', nodes: 1 });
    const backup = await volume(20, { Name: 'users-db-backup', KubernetesCluster: 'victim' });
    const claim = await volume(50, {
      'kubernetes.io/cluster/victim': 'owned',
      'ebs.csi.aws.com/cluster': 'true',
      'kubernetes.io/created-for/pvc/name': 'data-postgres-0',
      Name: 'pvc-0123',
    });
    const common = ['--endpoint', moto.url, '--region', 'us-west-2'];

    const dry = await runCli(['down', '--cluster', 'victim', '--dry-run', ...common]);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain(
      'Data volumes (PersistentVolumes or your own, tagged for the cluster): 0 of 2 to delete',
    );
    expect(dry.stdout).toMatch(
      new RegExp(
        `keep {4}${backup} users-db-backup {2}20 GiB gp3, created \\d{4}-\\d\\d-\\d\\d, not attached .*, \\$1\\.60/month`,
      ),
    );
    expect(dry.stdout).toContain(`keep    ${claim} pvc-0123  50 GiB gp3`);

    const down = await runCli(['down', '--cluster', 'victim', '--yes', '--json', ...common]);
    expect(down.code, down.stderr).toBe(0);
    const document = JSON.parse(down.stdout);
    expect(document.deleted.map((entry: { id: string }) => entry.id)).toContain(victim.volumeId);
    expect(document.kept.map((entry: { id: string }) => entry.id).sort()).toEqual([backup, claim].sort());
    for (const entry of document.kept)
      expect(entry.reason).toContain(`aws ec2 delete-volume --region us-west-2 --volume-id ${entry.id}`);
    expect((await snapshotAccount(clients)).volumes).toEqual(expect.arrayContaining([backup, claim]));

    // The cluster is gone: the volumes are orphans, listed under their own heading, kept by default.
    const listed = await runCli(['cleanup', '--orphans', '--dry-run', ...common]);
    expect(listed.stdout).toContain(
      'Data volumes (PersistentVolumes or your own, tagged for the cluster): 0 of 2 to delete',
    );
    const kept = await runCli(['cleanup', '--orphans', '--yes', ...common]);
    expect(kept.code, kept.stderr).toBe(0);
    expect((await snapshotAccount(clients)).volumes).toEqual(expect.arrayContaining([backup, claim]));
    const removed = await runCli(['cleanup', '--orphans', '--yes', '--delete-data-volumes', ...common]);
    expect(removed.code, removed.stderr).toBe(0);
    const after = (await snapshotAccount(clients)).volumes;
    expect(after).not.toContain(backup);
    expect(after).not.toContain(claim);
  }, 300_000);
});
