// The root disks against moto, the CLI as shipped: the plan refuses a size under the image's root
// snapshot (moto's images have a 15 GiB one) before anything is made; the master's RunInstances and
// the nodes' launch template map the root device with the chosen type and size; down leaves nothing.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DescribeInstancesCommand,
  DescribeLaunchTemplateVersionsCommand,
  DescribeVolumesCommand,
} from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { useMoto } from '../support/aws.js';
import { runCli } from '../support/cli.js';
import { snapshotAccount } from '../support/snapshot.js';

const pinnedCidrs = ['--ssh-cidr', '203.0.113.7/32', '--api-cidr', '203.0.113.7/32'];

function freshHome() {
  const home = mkdtempSync(join(tmpdir(), 'kube-tui-root-disks-'));
  return { HOME: home, XDG_CONFIG_HOME: join(home, '.config'), KUBECONFIG: undefined };
}

describe('root disks', () => {
  const moto = useMoto();

  it("refuses a root disk smaller than the image's root snapshot, naming the image, and makes nothing", async () => {
    const env = freshHome();
    const before = await snapshotAccount(moto.clients());
    const dry = await runCli(
      ['up', '--endpoint', moto.url, '--dry-run', '--node-root-disk-size', '10', ...pinnedCidrs],
      {
        env,
      },
    );
    expect(dry.code, dry.stderr).toBe(2);
    expect(dry.stderr).toMatch(
      /--node-root-disk-size 10: the image ami-\w+ \(ubuntu\/images\/[^)]+\) has a 15 GiB root snapshot, so its root disk needs at least 15 GiB/,
    );
    // kube-up's old master default, 8 GiB, from its variable: refused the same way, before any write.
    const real = await runCli(['up', '--endpoint', moto.url, '--yes', ...pinnedCidrs], {
      env: { ...env, MASTER_ROOT_DISK_SIZE: '8' },
    });
    expect(real.code, real.stderr).toBe(2);
    expect(real.stderr).toMatch(/--master-root-disk-size 8: the image .* needs at least 15 GiB/);
    expect(real.stderr).not.toMatch(/\n\s+at /);
    expect(await snapshotAccount(moto.clients())).toEqual(before);
  }, 300_000);

  it("maps the master's and the nodes' root device with the chosen type and size", async () => {
    const env = freshHome();
    const before = await snapshotAccount(moto.clients());
    const up = await runCli(
      [
        'up',
        '--endpoint',
        moto.url,
        '--yes',
        '--nodes',
        '1',
        '--master-root-disk-size',
        '40',
        '--node-root-disk-type',
        'gp2',
        '--node-root-disk-size',
        '50',
        ...pinnedCidrs,
      ],
      { env },
    );
    expect(up.code, up.stderr).toBe(0);
    const ec2 = moto.clients().ec2();

    const { LaunchTemplateVersions = [] } = await ec2.send(
      new DescribeLaunchTemplateVersionsCommand({
        LaunchTemplateName: 'kubernetes-minion-group',
        Versions: ['$Default'],
      }),
    );
    expect(LaunchTemplateVersions[0]?.LaunchTemplateData?.BlockDeviceMappings).toEqual([
      {
        DeviceName: '/dev/sda1',
        Ebs: { VolumeType: 'gp2', VolumeSize: 50, Encrypted: true, DeleteOnTermination: true },
      },
    ]);

    const { Reservations = [] } = await ec2.send(
      new DescribeInstancesCommand({
        Filters: [
          { Name: 'tag:Name', Values: ['kubernetes-master'] },
          { Name: 'instance-state-name', Values: ['running'] },
        ],
      }),
    );
    const master = Reservations[0]?.Instances?.[0];
    expect(master?.RootDeviceName).toBe('/dev/sda1');
    const rootVolumeId = master?.BlockDeviceMappings?.find((mapping) => mapping.DeviceName === '/dev/sda1')
      ?.Ebs?.VolumeId;
    expect(rootVolumeId).toMatch(/^vol-/);
    const { Volumes = [] } = await ec2.send(new DescribeVolumesCommand({ VolumeIds: [rootVolumeId!] }));
    expect(Volumes[0]).toMatchObject({ Size: 40, VolumeType: 'gp3', Encrypted: true });

    const down = await runCli(['down', '--cluster', 'kubernetes', '--endpoint', moto.url, '--yes'], { env });
    expect(down.code, down.stderr).toBe(0);
    expect(await snapshotAccount(moto.clients())).toEqual(before);
  }, 300_000);
});
