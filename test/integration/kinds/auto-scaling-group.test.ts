import { CreateAutoScalingGroupCommand } from '@aws-sdk/client-auto-scaling';
import { CreateLaunchTemplateCommand } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { autoScalingGroupKind } from '../../../src/aws/resources/auto-scaling-group.js';
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

describe('the Auto Scaling group kind against moto', () => {
  const moto = useMoto();

  it('claims the node group and lists it as the user of its template; flags an empty one of a gone cluster; force-deletes it', async () => {
    const ctx = contextOf(moto.clients());
    const vpc = await clusterVpc(ctx, 'alpha');
    const { LaunchTemplate } = await ctx.clients.ec2(ctx.region).send(
      new CreateLaunchTemplateCommand({
        LaunchTemplateName: 'alpha-minion-group',
        LaunchTemplateData: { ImageId: KUBE_UP_IMAGE, InstanceType: 't3.medium' },
        TagSpecifications: [{ ResourceType: 'launch-template', Tags: ownedTagList('alpha') }],
      }),
    );
    await ctx.clients.autoScaling(ctx.region).send(
      new CreateAutoScalingGroupCommand({
        AutoScalingGroupName: 'alpha-minion-group',
        LaunchTemplate: { LaunchTemplateId: LaunchTemplate!.LaunchTemplateId!, Version: '$Default' },
        MinSize: 0,
        MaxSize: 0,
        DesiredCapacity: 0,
        AvailabilityZones: ['us-west-2a'],
        Tags: ownedTagList('alpha').map((tag) => ({ ...tag, PropagateAtLaunch: true })),
      }),
    );
    const group = await listedById(autoScalingGroupKind, ctx, 'alpha-minion-group');
    const template = await listedById(launchTemplateKind, ctx, LaunchTemplate!.LaunchTemplateId!);
    const inventory = classifyListed([vpc, group, template]);
    expect(ownershipIn(inventory, 'alpha', 'auto-scaling-group', group.id)).toBe('owned');
    const listedTemplate = inventory.clusters[0]?.resources.find((resource) => resource.id === template.id);
    expect(listedTemplate?.usedBy).toEqual([
      {
        type: 'auto-scaling-group',
        id: 'alpha-minion-group',
        region: 'us-west-2',
        cluster: { name: 'alpha', region: 'us-west-2' },
      },
    ]);
    // Cluster gone, the group empty: both are orphans (the template only because the group is one).
    const gone = classifyListed([group, template]);
    expect(orphanOf(gone, 'auto-scaling-group', group.id)?.reason).toMatch(/the group has no instances$/);
    expect(orphanOf(gone, 'launch-template', template.id)).toBeDefined();

    await removeThroughKind(autoScalingGroupKind, ctx, group);
    expect(await stillListed(autoScalingGroupKind, ctx, group.id)).toBe(false);
  });
});
