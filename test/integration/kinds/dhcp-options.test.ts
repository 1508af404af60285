import { CreateDhcpOptionsCommand, CreateTagsCommand } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { dhcpOptionsKind } from '../../../src/aws/resources/dhcp-options.js';
import { useMoto } from '../../support/aws.js';
import {
  classifyListed,
  clusterVpc,
  contextOf,
  listedById,
  orphanOf,
  ownedTagList,
  ownershipIn,
  removeThroughKind,
  stillListed,
} from '../../support/kind-check.js';

describe('the DHCP options kind against moto', () => {
  const moto = useMoto();

  it("claims kube-up's tagged option set, flags it once no VPC uses it and the cluster is gone, deletes it", async () => {
    const ctx = contextOf(moto.clients());
    const vpc = await clusterVpc(ctx, 'alpha');
    const ec2 = ctx.clients.ec2(ctx.region);
    const { DhcpOptions } = await ec2.send(
      new CreateDhcpOptionsCommand({
        DhcpConfigurations: [{ Key: 'domain-name', Values: ['us-west-2.compute.internal'] }],
      }),
    );
    // Tagged afterwards, as kube-up did (moto 5.2.1 drops CreateDhcpOptions' TagSpecifications).
    await ec2.send(
      new CreateTagsCommand({ Resources: [DhcpOptions!.DhcpOptionsId!], Tags: ownedTagList('alpha') }),
    );
    const listed = await listedById(dhcpOptionsKind, ctx, DhcpOptions!.DhcpOptionsId!);
    expect(ownershipIn(classifyListed([vpc, listed]), 'alpha', 'dhcp-options', listed.id)).toBe('owned');
    expect(orphanOf(classifyListed([listed]), 'dhcp-options', listed.id)?.reason).toMatch(/no VPC uses it$/);

    await removeThroughKind(dhcpOptionsKind, ctx, listed);
    expect(await stillListed(dhcpOptionsKind, ctx, listed.id)).toBe(false);
  });
});
