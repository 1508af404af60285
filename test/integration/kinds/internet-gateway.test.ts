import { AttachInternetGatewayCommand, CreateInternetGatewayCommand } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { ensureInternetGateway, internetGatewayKind } from '../../../src/aws/resources/internet-gateway.js';
import { useMoto } from '../../support/aws.js';
import {
  classifyListed,
  clusterVpc,
  contextOf,
  listedById,
  ownershipIn,
  removeThroughKind,
  stillListed,
} from '../../support/kind-check.js';

describe('the internet gateway kind against moto', () => {
  const moto = useMoto();

  it('claims the tagged gateway and kube-up untagged one of the cluster VPC; detaches and deletes it through the kind', async () => {
    const ctx = contextOf(moto.clients());
    const vpc = await clusterVpc(ctx, 'alpha');
    const { value: gateway } = await ensureInternetGateway(ctx, {
      cluster: 'alpha',
      vpcId: vpc.id,
      sharedVpc: false,
    });
    const listed = await listedById(internetGatewayKind, ctx, gateway.InternetGatewayId!);
    expect(listed.refs.attachments?.map((attachment) => attachment.id)).toEqual([vpc.id]);
    expect(ownershipIn(classifyListed([vpc, listed]), 'alpha', 'internet-gateway', listed.id)).toBe('owned');

    // kube-up's gateway carried no tag: attached to the cluster's VPC, it is the cluster's by that.
    const other = await clusterVpc(ctx, 'beta');
    const ec2 = ctx.clients.ec2(ctx.region);
    const { InternetGateway } = await ec2.send(new CreateInternetGatewayCommand({}));
    await ec2.send(
      new AttachInternetGatewayCommand({
        InternetGatewayId: InternetGateway!.InternetGatewayId!,
        VpcId: other.id,
      }),
    );
    const untagged = await listedById(internetGatewayKind, ctx, InternetGateway!.InternetGatewayId!);
    expect(ownershipIn(classifyListed([other, untagged]), 'beta', 'internet-gateway', untagged.id)).toBe(
      'kube-up-name',
    );

    await removeThroughKind(internetGatewayKind, ctx, listed);
    expect(await stillListed(internetGatewayKind, ctx, listed.id)).toBe(false);
  });
});
