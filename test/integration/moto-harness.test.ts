import { CreateVpcCommand, DescribeImagesCommand, DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { useMoto } from '../support/aws.js';

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
});
