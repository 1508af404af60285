// The nodes' launch template `<C>-minion-group` (kube-up made a launch configuration, which AWS no
// longer lets new accounts create): public IP, minion group, profile, IMDSv2, encrypted root.
import {
  type _InstanceType,
  CreateLaunchTemplateCommand,
  DeleteLaunchTemplateCommand,
  DescribeLaunchTemplatesCommand,
  type DescribeLaunchTemplatesCommandOutput,
  DescribeLaunchTemplateVersionsCommand,
  type DescribeLaunchTemplateVersionsCommandOutput,
  type LaunchTemplate,
  type ResponseLaunchTemplateData,
} from '@aws-sdk/client-ec2';
import type { ListedResource } from '../../model/inventory.js';
import { type AwsContext, callOptions } from '../context.js';
import { clusterNames, fromTagList, toTagList } from '../naming.js';
import {
  allPages,
  CLUSTER_TAG_KEY_FILTER,
  compact,
  createOnce,
  type Ensured,
  iso,
  nameFromArn,
  orUndefinedIfNotFound,
  ownedTagsIn,
} from './common.js';
import { METADATA_OPTIONS, type RootDisk, rootVolume } from './instance.js';
import { type ResourceKind, taggedOrphan } from './kind.js';
import { instancesIn, type KindTeardown, removeEc2ClusterTags, removingOf } from './teardown-kind.js';

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
  rootDisk: RootDisk;
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
  const request = new CreateLaunchTemplateCommand({
    LaunchTemplateName: names.launchTemplate,
    ClientToken: input.clientToken,
    TagSpecifications: [
      {
        ResourceType: 'launch-template',
        Tags: toTagList(ownedTagsIn(ctx, input.cluster, names.launchTemplate)),
      },
    ],
    LaunchTemplateData: {
      ImageId: input.imageId,
      InstanceType: input.instanceType as _InstanceType,
      KeyName: input.keyName,
      IamInstanceProfile: { Name: input.instanceProfileName },
      NetworkInterfaces: [
        {
          DeviceIndex: 0,
          // ENABLE_NODE_PUBLIC_IP, which is always true here (model/option-table.ts says why).
          AssociatePublicIpAddress: true,
          Groups: [input.securityGroupId],
          DeleteOnTermination: true,
        },
      ],
      MetadataOptions: METADATA_OPTIONS,
      BlockDeviceMappings: rootVolume(input.rootDeviceName, input.rootDisk),
      UserData: Buffer.from(input.userData).toString('base64'),
      TagSpecifications: [
        {
          ResourceType: 'instance',
          Tags: toTagList(ownedTagsIn(ctx, input.cluster, names.nodeInstance, { Role: names.nodeInstance })),
        },
        {
          ResourceType: 'volume',
          Tags: toTagList(ownedTagsIn(ctx, input.cluster, `${names.nodeInstance}-root`)),
        },
      ],
    },
  });
  return createOnce(ctx, {
    find: () => findLaunchTemplate(ctx, names.launchTemplate),
    create: async (sending) =>
      (await sending.clients.withoutRetries().ec2(sending.region).send(request, callOptions(sending)))
        .LaunchTemplate!,
  });
}

/**
 * An extra zone's template `<C>-minion-group-<zone>`: the cluster's first template's default version,
 * field by field, so every zone's nodes boot alike (type, image, key, profile, groups, disks, user
 * data, tags) without building the bundle again.
 */
export async function copyLaunchTemplate(
  ctx: AwsContext,
  input: { cluster: string; name: string; fromId: string; clientToken?: string },
): Promise<Ensured<LaunchTemplate>> {
  const existing = await findLaunchTemplate(ctx, input.name);
  if (existing) return { value: existing, created: false };
  const data = await readTemplateData(ctx, { id: input.fromId });
  if (!data) throw new Error(`launch template ${input.fromId}, the nodes' first, has no default version`);
  const profile = data.IamInstanceProfile;
  const request = new CreateLaunchTemplateCommand({
    LaunchTemplateName: input.name,
    ...(input.clientToken ? { ClientToken: input.clientToken } : {}),
    TagSpecifications: [
      { ResourceType: 'launch-template', Tags: toTagList(ownedTagsIn(ctx, input.cluster, input.name)) },
    ],
    LaunchTemplateData: {
      ImageId: data.ImageId,
      InstanceType: data.InstanceType,
      KeyName: data.KeyName,
      // AWS takes a profile by name or by ARN, not both.
      ...(profile?.Name
        ? { IamInstanceProfile: { Name: profile.Name } }
        : profile?.Arn
          ? { IamInstanceProfile: { Arn: profile.Arn } }
          : {}),
      NetworkInterfaces: data.NetworkInterfaces?.map((nic) => ({
        DeviceIndex: nic.DeviceIndex,
        AssociatePublicIpAddress: nic.AssociatePublicIpAddress,
        Groups: nic.Groups,
        DeleteOnTermination: nic.DeleteOnTermination,
      })),
      SecurityGroupIds: data.SecurityGroupIds,
      MetadataOptions: data.MetadataOptions && {
        HttpTokens: data.MetadataOptions.HttpTokens,
        HttpPutResponseHopLimit: data.MetadataOptions.HttpPutResponseHopLimit,
        HttpEndpoint: data.MetadataOptions.HttpEndpoint,
      },
      BlockDeviceMappings: data.BlockDeviceMappings?.map((mapping) => ({
        DeviceName: mapping.DeviceName,
        Ebs: mapping.Ebs && {
          Encrypted: mapping.Ebs.Encrypted,
          DeleteOnTermination: mapping.Ebs.DeleteOnTermination,
          VolumeSize: mapping.Ebs.VolumeSize,
          VolumeType: mapping.Ebs.VolumeType,
          Iops: mapping.Ebs.Iops,
          Throughput: mapping.Ebs.Throughput,
        },
      })),
      UserData: data.UserData,
      TagSpecifications: data.TagSpecifications?.map((spec) => ({
        ResourceType: spec.ResourceType,
        Tags: spec.Tags,
      })),
    },
  });
  return createOnce(ctx, {
    find: () => findLaunchTemplate(ctx, input.name),
    create: async (sending) =>
      (await sending.clients.withoutRetries().ec2(sending.region).send(request, callOptions(sending)))
        .LaunchTemplate!,
  });
}

/** What one version of a template launches (`$Default` when no version is named), if it exists. */
export async function readTemplateData(
  ctx: AwsContext,
  template: { id?: string; name?: string; version?: string },
): Promise<ResponseLaunchTemplateData | undefined> {
  const answer = await orUndefinedIfNotFound(
    ctx.clients.ec2(ctx.region).send(
      new DescribeLaunchTemplateVersionsCommand({
        ...(template.id ? { LaunchTemplateId: template.id } : { LaunchTemplateName: template.name }),
        Versions: [template.version ?? '$Default'],
      }),
      callOptions(ctx),
    ),
  );
  return answer?.LaunchTemplateVersions?.[0]?.LaunchTemplateData;
}

/** AWS's page maximum for both calls; moto cuts the list there (default 15) and returns no NextToken. */
const TEMPLATE_PAGE = 200;

/**
 * Every launch template of the region with its default version's key pair, instance profile and
 * groups (any template may use a kube-up key or role, so all are read), and the tags of those that
 * carry a cluster tag. Two calls, concurrent: the tagged templates, and every template's `$Default`
 * version (one call for all templates when no template is named).
 */
export async function listLaunchTemplates(ctx: AwsContext): Promise<ListedResource[]> {
  const ec2 = ctx.clients.ec2(ctx.region);
  const [tagged, versions] = await Promise.all([
    allPages(
      (NextToken) =>
        ec2.send(
          new DescribeLaunchTemplatesCommand({
            Filters: CLUSTER_TAG_KEY_FILTER,
            MaxResults: TEMPLATE_PAGE,
            NextToken,
          }),
          callOptions(ctx),
        ),
      (page: DescribeLaunchTemplatesCommandOutput) => page.LaunchTemplates,
      (page) => page.NextToken,
    ),
    allPages(
      (NextToken) =>
        ec2.send(
          new DescribeLaunchTemplateVersionsCommand({
            Versions: ['$Default'],
            MaxResults: TEMPLATE_PAGE,
            NextToken,
          }),
          callOptions(ctx),
        ),
      (page: DescribeLaunchTemplateVersionsCommandOutput) => page.LaunchTemplateVersions,
      (page) => page.NextToken,
    ),
  ]);
  const taggedById = new Map(tagged.map((template) => [template.LaunchTemplateId!, template]));
  const seen = new Set<string>();
  const listed: ListedResource[] = [];
  for (const version of versions) {
    const id = version.LaunchTemplateId!;
    if (seen.has(id)) continue;
    seen.add(id);
    const template = taggedById.get(id);
    const data = version.LaunchTemplateData ?? {};
    const groups = new Set<string>(data.SecurityGroupIds ?? []);
    for (const nic of data.NetworkInterfaces ?? []) for (const group of nic.Groups ?? []) groups.add(group);
    listed.push({
      type: 'launch-template',
      id,
      name: version.LaunchTemplateName ?? template?.LaunchTemplateName ?? id,
      region: ctx.region,
      tags: fromTagList(template?.Tags),
      ...(template?.CreateTime ? { createdAt: iso(template.CreateTime) } : {}),
      refs: compact({
        keyName: data.KeyName,
        instanceProfile: data.IamInstanceProfile?.Name ?? nameFromArn(data.IamInstanceProfile?.Arn),
        securityGroupIds: [...groups].sort(),
      }),
      detail: compact({ instanceType: data.InstanceType }),
    });
  }
  // A tagged template whose default version the listing missed (created between the two calls).
  for (const template of tagged) {
    if (seen.has(template.LaunchTemplateId!)) continue;
    listed.push({
      type: 'launch-template',
      id: template.LaunchTemplateId!,
      name: template.LaunchTemplateName ?? template.LaunchTemplateId!,
      region: ctx.region,
      tags: fromTagList(template.Tags),
      ...(template.CreateTime ? { createdAt: iso(template.CreateTime) } : {}),
      refs: {},
    });
  }
  return listed;
}

export async function deleteLaunchTemplate(ctx: AwsContext, templateId: string): Promise<void> {
  await ctx.clients
    .ec2(ctx.region)
    .send(new DeleteLaunchTemplateCommand({ LaunchTemplateId: templateId }), callOptions(ctx));
}

/**
 * AWS (and moto) let a template be deleted while a group uses it, leaving the group unable to
 * launch: it goes after the groups that use it and the instances made from it.
 */
export const launchTemplateTeardown: KindTeardown = {
  blockedBy: (template, removing) => [
    ...instancesIn(removing, template.region),
    ...removingOf(removing, 'auto-scaling-group', template.region).filter(
      (group) =>
        group.refs.launchTemplate?.id === template.id || group.refs.launchTemplate?.name === template.name,
    ),
  ],
  remove: (ctx, step) => deleteLaunchTemplate(ctx, step.id),
  removeTags: (ctx, template, cluster) => removeEc2ClusterTags(ctx, template.id, template.tags, cluster),
};

/** The nodes' template: kept while an Auto Scaling group that stays uses it; free in AWS. */
export const launchTemplateKind: ResourceKind = {
  type: 'launch-template',
  scope: 'region',
  teardownRank: 30,
  list: [{ label: 'launch templates', list: listLaunchTemplates }],
  find: findLaunchTemplate,
  ensure: ensureLaunchTemplate,
  launches: true,
  after: ['auto-scaling-group'],
  claim: { byTag: true },
  users: (template, view) =>
    view.groupsWhere(
      template.region,
      (group) =>
        group.refs.launchTemplate?.id === template.id || group.refs.launchTemplate?.name === template.name,
    ),
  orphan: (template, view) =>
    view.liveUsers(template).length > 0
      ? undefined
      : taggedOrphan(template, view, 'no Auto Scaling group uses it'),
  guard: (template, plan) => plan.keepIfUsed(template, template.usedBy ?? []),
  teardown: launchTemplateTeardown,
  price: 'free',
};
