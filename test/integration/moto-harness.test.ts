import {
  CreateSecurityGroupCommand,
  CreateVpcCommand,
  DescribeImagesCommand,
  DescribeSecurityGroupsCommand,
  DescribeVpcsCommand,
} from '@aws-sdk/client-ec2';
import { SimulatePrincipalPolicyCommand } from '@aws-sdk/client-iam';
import { describe, expect, it } from 'vitest';
import { motoErrors, motoPeakConcurrency, useMoto } from '../support/aws.js';
import { startMoto } from '../support/moto.js';

describe('the moto harness', () => {
  const moto = useMoto();
  const customVpcs = async () => {
    const { Vpcs = [] } = await moto.clients().ec2().send(new DescribeVpcsCommand({}));
    return Vpcs.filter((vpc) => !vpc.IsDefault);
  };

  it('starts with only the default VPC', async () => {
    expect(await customVpcs()).toEqual([]);
    await moto
      .clients()
      .ec2()
      .send(new CreateVpcCommand({ CidrBlock: '10.1.0.0/16' }));
    expect(await customVpcs()).toHaveLength(1);
  });

  it('resets between tests: the VPC of the previous test is gone', async () => {
    expect(await customVpcs()).toEqual([]);
  });

  it('serves realistic public images in every region, with their real owners and dates', async () => {
    for (const region of ['us-west-2', 'eu-west-1']) {
      const { Images = [] } = await moto
        .clients(region)
        .ec2()
        .send(
          new DescribeImagesCommand({
            Owners: ['099720109477'],
            Filters: [
              { Name: 'name', Values: ['ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-*'] },
            ],
          }),
        );
      expect(Images.length).toBe(2);
      expect(new Set(Images.map((image) => image.CreationDate)).size).toBe(2);
    }
  });

  it('works on one call at a time, as AWS applies each call whole: concurrent creates in one VPC all succeed', async () => {
    const ec2 = moto.clients().withoutRetries().ec2();
    const { Vpc } = await ec2.send(new CreateVpcCommand({ CidrBlock: '10.1.0.0/16' }));
    // moto's dictionaries are not locked: without the harness's lock, a create could find them
    // changing under it and answer HTML 500.
    const calls = Array.from({ length: 16 }, (_, index) => [
      ec2.send(
        new CreateSecurityGroupCommand({ GroupName: `g${index}`, Description: 'd', VpcId: Vpc!.VpcId }),
      ),
      ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'vpc-id', Values: [Vpc!.VpcId!] }] })),
    ]).flat();
    const failed = (await Promise.allSettled(calls)).filter((result) => result.status === 'rejected');
    expect(failed).toEqual([]);
    expect(await motoPeakConcurrency(moto.url)).toBe(1);
  });

  it('keeps the traceback of a call moto fails on (the SDK sees only HTML), until the next reset', async () => {
    await expect(
      moto
        .clients()
        .withoutRetries()
        .iam()
        .send(
          new SimulatePrincipalPolicyCommand({
            PolicySourceArn: 'arn:aws:iam::123456789012:user/moto',
            ActionNames: ['ec2:RunInstances'],
          }),
        ),
    ).rejects.toThrow(/parse/i);
    expect(await motoErrors(moto.url)).toMatch(/Traceback[\s\S]*simulate_principal_policy/);
    await moto.reset();
    expect(await motoErrors(moto.url)).toBe('');
  });

  it("stop() returns when the server has died already (the sandbox then exits with kube-tui's code)", async () => {
    const own = await startMoto();
    process.kill(own.pid!, 'SIGKILL');
    // Gone and reaped, as when moto died long before kube-tui exits.
    const alive = () => {
      try {
        process.kill(own.pid!, 0);
        return true;
      } catch {
        return false;
      }
    };
    while (alive()) await new Promise((resolve) => setTimeout(resolve, 100));
    // Before, stop() waited for an exit that had happened: the sandbox ended with Node's 13. A
    // minute is only what a hang is told apart by.
    const hung = new Promise((_, reject) =>
      setTimeout(() => reject(new Error('stop() never returned')), 60_000).unref(),
    );
    await Promise.race([own.stop(), hung]);
  }, 240_000);
});
