// The app's tick per data volume, in a real 80x24 terminal against moto: the plan lists the data
// volumes under their own heading, Tab moves to them, ↓ and space tick one (in one burst), and after
// the typed name exactly that one is deleted; the other is kept and listed as kept.

import { CreateVolumeCommand, DescribeVolumesCommand } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { startApp } from '../support/app-terminal.js';
import { useMoto } from '../support/aws.js';
import { makeKubeUpCluster } from '../support/kube-up.js';
import { TERMINAL_TEST_TIMEOUT } from '../support/tmux.js';

describe('data volumes in the app', () => {
  const moto = useMoto();

  it(
    'deletes exactly the ticked data volume and keeps the other',
    async () => {
      const clients = moto.clients();
      await makeKubeUpCluster(clients, { name: 'victim', nodes: 1 });
      const volume = async (size: number, name: string) =>
        (
          await clients.ec2().send(
            new CreateVolumeCommand({
              AvailabilityZone: 'us-west-2a',
              Size: size,
              VolumeType: 'gp3',
              TagSpecifications: [
                {
                  ResourceType: 'volume',
                  Tags: [
                    { Key: 'Name', Value: name },
                    { Key: 'KubernetesCluster', Value: 'victim' },
                  ],
                },
              ],
            }),
          )
        ).VolumeId!;
      const first = await volume(20, 'users-db-backup');
      const second = await volume(30, 'users-scratch');
      const terminal = startApp(['down', '--cluster', 'victim', '--region', 'us-west-2'], moto.url, {
        columns: 80,
        rows: 24,
      });
      try {
        const plan = await terminal.waitFor('Type victim to confirm', 120_000);
        expect(plan).toContain('kept unless ticked: 0 of 2 to delete');
        expect(plan).toContain(`[ ] ${first} (users-db-backup) — keep`);
        expect(plan).toContain('20 GiB gp3 · created');
        expect(plan).toContain('tab volumes');
        expect(plan.trimEnd().split('\n').length).toBeLessThanOrEqual(24);
        // Tab to the volumes, tick the first, move down and back: one burst.
        terminal.burst('\t \u001B[B\u001B[A');
        const ticked = await terminal.waitFor(`[x] ${first} (users-db-backup) — delete`);
        expect(ticked).toContain(`[ ] ${second} (users-scratch) — keep`);
        expect(ticked).toContain('1 of 2 to delete');
        expect(ticked).toContain('space tick');
        terminal.burst('\tvictim\r');
        const done = await terminal.waitFor(/is gone|remain/, 180_000);
        expect(done).toContain('✔ Cluster victim is gone');
        expect(done).toContain('Kept on purpose (1):');
        expect(done).toContain(`volume ${second} (users-scratch)`);
        terminal.press('q');
      } finally {
        terminal.kill();
      }
      const left = await clients.ec2().send(new DescribeVolumesCommand({ VolumeIds: [second] }));
      expect(left.Volumes?.map((entry) => entry.VolumeId)).toEqual([second]);
      const all = await clients.ec2().send(new DescribeVolumesCommand({}));
      expect(all.Volumes?.map((entry) => entry.VolumeId)).not.toContain(first);
    },
    TERMINAL_TEST_TIMEOUT,
  );
});
