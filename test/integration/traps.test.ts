// Six things that look like a cluster's but are a user's, built in moto around a kube-up cluster
// `trap` and the leftovers of a gone one; `down --cluster trap` and `cleanup --orphans` delete none
// of them.
import { CreateLaunchConfigurationCommand } from '@aws-sdk/client-auto-scaling';
import {
  CreateKeyPairCommand,
  CreateSecurityGroupCommand,
  CreateVpcCommand,
  RunInstancesCommand,
} from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { useMoto } from '../support/aws.js';
import { runCli } from '../support/cli.js';
import { KUBE_UP_IMAGE, makeKubeUpCluster } from '../support/kube-up.js';
import { makeBucket, makeLeftovers, makeRoleWithProfile } from '../support/leftovers.js';
import { snapshotAccount } from '../support/snapshot.js';

const tagList = (tags: Record<string, string>) =>
  Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));

describe('the traps: nothing of a user is deleted', () => {
  const moto = useMoto();

  it('down and cleanup --orphans leave all six traps', async () => {
    const clients = moto.clients();
    const west = clients.ec2('us-west-2');
    await makeKubeUpCluster(clients, { name: 'trap', nodes: 1 });
    await makeLeftovers(clients, 'gone');

    // 1. An untagged VPC named kubernetes-vpc.
    const userVpc = (
      await west.send(
        new CreateVpcCommand({
          CidrBlock: '10.77.0.0/16',
          TagSpecifications: [{ ResourceType: 'vpc', Tags: tagList({ Name: 'kubernetes-vpc' }) }],
        }),
      )
    ).Vpc!.VpcId!;
    // 2. A user's bucket tagged with the cluster.
    await makeBucket(clients, 'users-app-data', 'us-west-2', { KubernetesCluster: 'trap' });
    // 3. kube-up-named key pairs in two regions (one SSH key imported twice), the one in eu-west-1 in use.
    const userKey = `kubernetes-${'abcdef0123456789'.repeat(2)}`;
    await west.send(new CreateKeyPairCommand({ KeyName: userKey }));
    await clients.ec2('eu-west-1').send(new CreateKeyPairCommand({ KeyName: userKey }));
    // 4. A role (kube-tui's name, tagged for the gone cluster) used by a running instance in another region.
    const farRole = 'kubernetes-minion-gone-us-west-2';
    await clients.ec2('eu-west-1').send(
      new RunInstancesCommand({
        ImageId: KUBE_UP_IMAGE,
        MinCount: 1,
        MaxCount: 1,
        KeyName: userKey,
        IamInstanceProfile: { Name: farRole },
      }),
    );
    // 5. A security group named kubernetes-master-trap in the user's VPC.
    const userGroup = (
      await west.send(
        new CreateSecurityGroupCommand({
          GroupName: 'kubernetes-master-trap',
          Description: 'my own',
          VpcId: userVpc,
        }),
      )
    ).GroupId!;
    // 6. A user's launch configuration whose name starts with trap-minion-group.
    await makeRoleWithProfile(clients, 'batch-workers');
    await clients.autoScaling('us-west-2').send(
      new CreateLaunchConfigurationCommand({
        LaunchConfigurationName: 'trap-minion-group-batch',
        ImageId: KUBE_UP_IMAGE,
        InstanceType: 't3.small',
        IamInstanceProfile: 'batch-workers',
      }),
    );
    await clients.autoScaling('us-west-2').send(
      new CreateLaunchConfigurationCommand({
        LaunchConfigurationName: 'gone-minion-group-us-west-2c',
        ImageId: KUBE_UP_IMAGE,
        InstanceType: 't3.small',
        KeyName: 'my-own-key',
      }),
    );

    const expectTrapsStand = async (when: string) => {
      const snapshot = await snapshotAccount(clients);
      expect(snapshot.vpcs, when).toContain(userVpc);
      expect(snapshot.buckets, when).toContain('users-app-data');
      expect(snapshot.keyPairs, when).toContain(userKey);
      expect(snapshot.roles, when).toContain(farRole);
      expect(snapshot.instanceProfiles, when).toContain(farRole);
      expect(snapshot.securityGroups, when).toContain(userGroup);
      expect(snapshot.launchConfigurations, when).toEqual(
        expect.arrayContaining(['trap-minion-group-batch', 'gone-minion-group-us-west-2c']),
      );
    };
    const common = ['--endpoint', moto.url, '--region', 'us-west-2'];
    const down = await runCli(['down', '--cluster', 'trap', '--yes', ...common]);
    expect(down.code, down.stdout + down.stderr).toBe(0);
    await expectTrapsStand('after down');
    const cleanup = await runCli(['cleanup', '--orphans', '--yes', ...common]);
    expect(cleanup.code, cleanup.stdout + cleanup.stderr).toBe(0);
    await expectTrapsStand('after cleanup --orphans');
  }, 600_000);
});
