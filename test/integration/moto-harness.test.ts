import { CreateVpcCommand, DescribeImagesCommand, DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { useMoto } from '../support/aws.js';
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
