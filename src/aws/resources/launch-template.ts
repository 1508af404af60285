// The nodes' launch template `<C>-minion-group` (kube-up made a launch configuration, which AWS no
// longer lets new accounts create): public IP, minion group, profile, IMDSv2, encrypted root.
import {
  type _InstanceType,
  CreateLaunchTemplateCommand,
  DescribeLaunchTemplatesCommand,
  type LaunchTemplate,
} from '@aws-sdk/client-ec2';
import { type AwsContext, callOptions } from '../context.js';
import { clusterNames, ownedTags, toTagList } from '../naming.js';
import { type Ensured, orUndefinedIfNotFound } from './common.js';
import { METADATA_OPTIONS, rootVolume } from './instance.js';

export async function findLaunchTemplate(ctx: AwsContext, name: string): Promise<LaunchTemplate | undefined> {
  const result = await orUndefinedIfNotFound(
    ctx.clients
      .ec2(ctx.region)
      .send(new DescribeLaunchTemplatesCommand({ LaunchTemplateNames: [name] }), callOptions(ctx)),
  );
  return result?.LaunchTemplates?.[0];
}

export interface NodeTemplate {
  cluster: string;
  imageId: string;
  rootDeviceName: string;
  instanceType: string;
  keyName: string;
  securityGroupId: string;
  instanceProfileName: string;
  userData: string;
  clientToken: string;
}

export async function ensureLaunchTemplate(
  ctx: AwsContext,
  input: NodeTemplate,
): Promise<Ensured<LaunchTemplate>> {
  const names = clusterNames(input.cluster, ctx.region);
  const existing = await findLaunchTemplate(ctx, names.launchTemplate);
  if (existing) return { value: existing, created: false };
  const result = await ctx.clients.ec2(ctx.region).send(
    new CreateLaunchTemplateCommand({
      LaunchTemplateName: names.launchTemplate,
      ClientToken: input.clientToken,
      TagSpecifications: [
        { ResourceType: 'launch-template', Tags: toTagList(ownedTags(input.cluster, names.launchTemplate)) },
      ],
      LaunchTemplateData: {
        ImageId: input.imageId,
        InstanceType: input.instanceType as _InstanceType,
        KeyName: input.keyName,
        IamInstanceProfile: { Name: input.instanceProfileName },
        NetworkInterfaces: [
          {
            DeviceIndex: 0,
            AssociatePublicIpAddress: true,
            Groups: [input.securityGroupId],
            DeleteOnTermination: true,
          },
        ],
        MetadataOptions: METADATA_OPTIONS,
        BlockDeviceMappings: rootVolume(input.rootDeviceName),
        UserData: Buffer.from(input.userData).toString('base64'),
        TagSpecifications: [
          {
            ResourceType: 'instance',
            Tags: toTagList(ownedTags(input.cluster, names.nodeInstance, { Role: names.nodeInstance })),
          },
          { ResourceType: 'volume', Tags: toTagList(ownedTags(input.cluster, `${names.nodeInstance}-root`)) },
        ],
      },
    }),
    callOptions(ctx),
  );
  return { value: result.LaunchTemplate!, created: true };
}
