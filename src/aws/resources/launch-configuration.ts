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
export function kubeUpConfigurationCluster(configuration: ListedResource): string | undefined {
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
