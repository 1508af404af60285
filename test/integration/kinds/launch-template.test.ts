import { CreateLaunchTemplateCommand } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { launchTemplateKind } from '../../../src/aws/resources/launch-template.js';
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
import { KUBE_UP_IMAGE } from '../../support/kube-up.js';

describe('the launch template kind against moto', () => {
  const moto = useMoto();

  it("claims the nodes' tagged template, flags it once no group uses it and the cluster is gone, deletes it", async () => {
    const ctx = contextOf(moto.clients());
    const vpc = await clusterVpc(ctx, 'alpha');
    const { LaunchTemplate } = await ctx.clients.ec2(ctx.region).send(
      new CreateLaunchTemplateCommand({
        LaunchTemplateName: 'alpha-minion-group',
        LaunchTemplateData: { ImageId: KUBE_UP_IMAGE, InstanceType: 't3.medium', KeyName: 'kubernetes-0123' },
        TagSpecifications: [{ ResourceType: 'launch-template', Tags: ownedTagList('alpha') }],
      }),
    );
    const listed = await listedById(launchTemplateKind, ctx, LaunchTemplate!.LaunchTemplateId!);
    expect(listed.name).toBe('alpha-minion-group');
    const inventory = classifyListed([vpc, listed]);
    expect(ownershipIn(inventory, 'alpha', 'launch-template', listed.id)).toBe('owned');
    expect(orphanOf(classifyListed([listed]), 'launch-template', listed.id)?.reason).toMatch(
      /no Auto Scaling group uses it$/,
    );

    await removeThroughKind(launchTemplateKind, ctx, listed);
    expect(await stillListed(launchTemplateKind, ctx, listed.id)).toBe(false);
  });
});
