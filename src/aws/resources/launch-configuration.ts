// Launch configurations: kube-up's node group was `<C>-minion-group-<zone>` made from one (kube-tui
// uses a launch template instead; AWS no longer lets new accounts create launch configurations).
// They cannot carry tags, so they are found by name and by the Auto Scaling group that uses them.
import {
  DeleteLaunchConfigurationCommand,
  DescribeLaunchConfigurationsCommand,
  type DescribeLaunchConfigurationsCommandOutput,
} from '@aws-sdk/client-auto-scaling';
import type { ListedResource } from '../../model/inventory.js';
import { type AwsContext, callOptions } from '../context.js';
import { KUBE_UP_KEY_PAIR } from '../naming.js';
import { allPages, compact, iso, nameFromArn } from './common.js';
import type { ResourceKind } from './kind.js';
import { instancesIn, type KindTeardown, removingOf } from './teardown-kind.js';

/** Every launch configuration of the region (any may use a kube-up key pair or role). */
export async function listLaunchConfigurations(ctx: AwsContext): Promise<ListedResource[]> {
  const autoScaling = ctx.clients.autoScaling(ctx.region);
  const configurations = await allPages(
    (NextToken) =>
      autoScaling.send(
        new DescribeLaunchConfigurationsCommand({ MaxRecords: 100, NextToken }),
        callOptions(ctx),
      ),
    (page: DescribeLaunchConfigurationsCommandOutput) => page.LaunchConfigurations,
    (page) => page.NextToken,
  );
  return configurations.map((configuration) => ({
    type: 'launch-configuration',
    id: configuration.LaunchConfigurationName!,
    name: configuration.LaunchConfigurationName!,
    region: ctx.region,
    tags: {},
    ...(configuration.CreatedTime ? { createdAt: iso(configuration.CreatedTime) } : {}),
    refs: compact({
      keyName: configuration.KeyName || undefined,
      instanceProfile: nameFromArn(configuration.IamInstanceProfile),
      securityGroupIds: [...(configuration.SecurityGroups ?? [])].sort(),
    }),
    detail: compact({ instanceType: configuration.InstanceType }),
  }));
}

/**
 * The cluster of a launch configuration kube-up made: named `<C>-minion-group-<zone of its region>`
 * and using kube-up's key pair (`kubernetes-<md5>`) or node role (`kubernetes-minion…`). A user's
 * configuration that merely starts with `<C>-minion-group` is neither claimed nor flagged.
 */
function kubeUpConfigurationCluster(configuration: ListedResource): string | undefined {
  const match = /^(.+)-minion-group-([a-z0-9-]+[a-z])$/.exec(configuration.name);
  if (!match || match[2]!.slice(0, -1) !== configuration.region) return undefined;
  const kubeUpKey = KUBE_UP_KEY_PAIR.test(configuration.refs.keyName ?? '');
  const kubeUpRole = /^kubernetes-minion(?:-.+)?$/.test(configuration.refs.instanceProfile ?? '');
  return kubeUpKey || kubeUpRole ? match[1] : undefined;
}

/** AWS answers a missing configuration with a ValidationError (moto with success). */
export async function deleteLaunchConfiguration(ctx: AwsContext, name: string): Promise<void> {
  try {
    await ctx.clients
      .autoScaling(ctx.region)
      .send(new DeleteLaunchConfigurationCommand({ LaunchConfigurationName: name }), callOptions(ctx));
  } catch (error) {
    if (
      (error as { name?: string }).name === 'ValidationError' &&
      /not found|does not exist/i.test(String(error))
    )
      return;
    throw error;
  }
}

/** In use (`ResourceInUse`) until the group that uses it is gone: moto does not check, AWS does. */
export const launchConfigurationTeardown: KindTeardown = {
  blockedBy: (configuration, removing) => [
    ...instancesIn(removing, configuration.region),
    ...removingOf(removing, 'auto-scaling-group', configuration.region).filter(
      (group) => group.refs.launchConfiguration === configuration.id,
    ),
  ],
  remove: (ctx, step) => deleteLaunchConfiguration(ctx, step.id),
};

/**
 * kube-up's node configuration (kube-tui makes none). It cannot be tagged: the cluster's group uses
 * it, or kube-up's name `<C>-minion-group-<zone>` names a live cluster. Free in AWS.
 */
export const launchConfigurationKind: ResourceKind = {
  type: 'launch-configuration',
  scope: 'region',
  teardownRank: 40,
  list: [{ label: 'launch configurations', list: listLaunchConfigurations }],
  launches: true,
  after: ['auto-scaling-group'],
  claim: {
    byTag: true,
    also: (configuration, view) => {
      for (const group of view.ofType('auto-scaling-group')) {
        if (group.region !== configuration.region || group.refs.launchConfiguration !== configuration.id)
          continue;
        for (const entry of view.claimants(group)) view.claim(configuration, entry.cluster, 'kube-up-name');
      }
      if (view.claimants(configuration).length > 0) return;
      const name = kubeUpConfigurationCluster(configuration);
      if (name && view.isLive(name, configuration.region))
        view.claim(configuration, { name, region: configuration.region }, 'kube-up-name');
    },
  },
  users: (configuration, view) =>
    view.groupsWhere(configuration.region, (group) => group.refs.launchConfiguration === configuration.id),
  orphan: (configuration, view) => {
    const name = kubeUpConfigurationCluster(configuration);
    if (!name || view.liveUsers(configuration).length > 0) return undefined;
    return {
      ownership: 'kube-up-name',
      reason: `kube-up's node launch configuration name (${name}-minion-group-<zone>); no Auto Scaling group uses it and ${view.gone(name, configuration.region)}`,
      cluster: name,
    };
  },
  guard: (configuration, plan) => plan.keepIfUsed(configuration, configuration.usedBy ?? []),
  teardown: launchConfigurationTeardown,
  price: 'free',
};
