// CloudWatch Logs group `/kube-tui/<C>` for Fluent Bit when the logging destination is cloudwatch.
import {
  CreateLogGroupCommand,
  DeleteLogGroupCommand,
  DescribeLogGroupsCommand,
  type DescribeLogGroupsCommandOutput,
  PutRetentionPolicyCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import type { ListedResource } from '../../model/inventory.js';
import { LOG_STORAGE_GB_MONTH_USD, storageHourlyUsd } from '../../model/prices.js';
import { type AwsContext, callOptions } from '../context.js';
import { clusterNames } from '../naming.js';
import { allPages, compact, type Ensured, ignoringCodes, iso, ownedTagsIn } from './common.js';
import type { ResourceKind } from './kind.js';
import { instancesIn, type KindTeardown } from './teardown-kind.js';

/** kube-tui's own namespace of log groups: `/kube-tui/<C>`. */
export const LOG_GROUP_PREFIX = '/kube-tui/';

export const LOG_RETENTION_DAYS = 30;

export async function findLogGroup(ctx: AwsContext, cluster: string): Promise<string | undefined> {
  const name = clusterNames(cluster, ctx.region).logGroup;
  const { logGroups = [] } = await ctx.clients
    .logs(ctx.region)
    .send(new DescribeLogGroupsCommand({ logGroupNamePrefix: name }), callOptions(ctx));
  return logGroups.find((group) => group.logGroupName === name)?.logGroupName;
}

export async function ensureLogGroup(ctx: AwsContext, cluster: string): Promise<Ensured<string>> {
  const name = clusterNames(cluster, ctx.region).logGroup;
  if (await findLogGroup(ctx, cluster)) return { value: name, created: false };
  await ignoringCodes(
    ctx.clients
      .logs(ctx.region)
      .send(
        new CreateLogGroupCommand({ logGroupName: name, tags: ownedTagsIn(ctx, cluster, name) }),
        callOptions(ctx),
      ),
    ['ResourceAlreadyExistsException'],
  );
  await ctx.clients
    .logs(ctx.region)
    .send(
      new PutRetentionPolicyCommand({ logGroupName: name, retentionInDays: LOG_RETENTION_DAYS }),
      callOptions(ctx),
    );
  return { value: name, created: true };
}

/**
 * The `/kube-tui/<C>` log groups of the region. DescribeLogGroups returns no tags and reading them
 * costs a call per group, so the name, in kube-tui's own prefix, is what ties a group to its
 * cluster; `tags` stays empty.
 */
export async function listLogGroups(ctx: AwsContext): Promise<ListedResource[]> {
  const logs = ctx.clients.logs(ctx.region);
  const groups = await allPages(
    (nextToken) =>
      logs.send(
        new DescribeLogGroupsCommand({ logGroupNamePrefix: LOG_GROUP_PREFIX, nextToken }),
        callOptions(ctx),
      ),
    (page: DescribeLogGroupsCommandOutput) => page.logGroups,
    (page) => page.nextToken,
  );
  return groups
    .filter((group) => group.logGroupName?.startsWith(LOG_GROUP_PREFIX))
    .map((group) => ({
      type: 'log-group' as const,
      id: group.logGroupName!,
      name: group.logGroupName!,
      region: ctx.region,
      tags: {},
      ...(group.creationTime ? { createdAt: iso(group.creationTime) } : {}),
      refs: compact({ arn: group.arn }),
      ...(group.storedBytes !== undefined ? { detail: { storedBytes: group.storedBytes } } : {}),
    }));
}

/** The cluster a `/kube-tui/<C>` log group belongs to. */
function logGroupCluster(name: string): string | undefined {
  return name.startsWith(LOG_GROUP_PREFIX) && name.length > LOG_GROUP_PREFIX.length
    ? name.slice(LOG_GROUP_PREFIX.length)
    : undefined;
}

export async function deleteLogGroup(ctx: AwsContext, name: string): Promise<void> {
  await ctx.clients
    .logs(ctx.region)
    .send(new DeleteLogGroupCommand({ logGroupName: name }), callOptions(ctx));
}

/** After the instances, whose Fluent Bit would otherwise recreate its streams. */
export const logGroupTeardown: KindTeardown = {
  blockedBy: (group, removing) => instancesIn(removing, group.region),
  remove: (ctx, step) => deleteLogGroup(ctx, step.id),
};

/** kube-tui's own `/kube-tui/<C>`, known by its name; CloudWatch Logs bills by use, not estimated. */
export const logGroupKind: ResourceKind = {
  type: 'log-group',
  scope: 'region',
  teardownRank: 170,
  list: [{ label: 'log groups', list: listLogGroups }],
  find: findLogGroup,
  ensure: ensureLogGroup,
  claim: {
    byTag: false,
    also: (group, view) => {
      const name = logGroupCluster(group.name);
      if (name && view.isLive(name, group.region)) view.claim(group, { name, region: group.region }, 'owned');
    },
  },
  orphan: (group, view) => {
    const name = logGroupCluster(group.name);
    return name
      ? {
          ownership: 'owned',
          reason: `kube-tui's log group name; ${view.gone(name, group.region)}`,
          cluster: name,
        }
      : undefined;
  },
  teardown: logGroupTeardown,
  // Archived storage by the bytes it stores; ingestion is billed as logs arrive, not while they sit.
  price: (group) =>
    group.detail?.storedBytes === undefined
      ? { hourlyUsd: 0, unpriced: 'log group of unknown size' }
      : { hourlyUsd: storageHourlyUsd(group.detail.storedBytes, LOG_STORAGE_GB_MONTH_USD) },
};
