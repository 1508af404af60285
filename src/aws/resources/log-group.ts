// CloudWatch Logs group `/kube-tui/<C>` for Fluent Bit when the logging destination is cloudwatch.
import {
  CreateLogGroupCommand,
  DescribeLogGroupsCommand,
  PutRetentionPolicyCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { type AwsContext, callOptions } from '../context.js';
import { clusterNames, ownedTags } from '../naming.js';
import { type Ensured, ignoringCodes } from './common.js';

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
        new CreateLogGroupCommand({ logGroupName: name, tags: ownedTags(cluster, name) }),
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
