// Small helpers every resource module shares.
import {
  CreateTagsCommand,
  type ResourceType as Ec2ResourceType,
  type Filter,
  type TagSpecification,
} from '@aws-sdk/client-ec2';
import type { TagMap } from '../../model/resource-types.js';
import { engineRetryReporter } from '../call-scope.js';
import { type AwsContext, callOptions } from '../context.js';
import { classifyError } from '../errors.js';
import { clusterTagKey, LEGACY_CLUSTER_TAG, ownedTags, toTagList } from '../naming.js';
import { abortError, retry, sleep } from '../retry.js';

/** Tags applied by the create call itself, so a crash can never leave an untagged resource. */
export function tagSpecification(resourceType: Ec2ResourceType, tags: TagMap): TagSpecification[] {
  return [{ ResourceType: resourceType, Tags: toTagList(tags) }];
}

/**
 * The tags of a resource the cluster owns, as every create applies them: the cluster tags, its
 * name, and the run's lifecycle tags (deadline, protection) when provisioning sets them.
 */
export function ownedTagsIn(ctx: AwsContext, cluster: string, name: string, extra: TagMap = {}): TagMap {
  return ownedTags(cluster, name, { ...extra, ...ctx.lifecycleTags });
}

/** DescribeX filters for "owned by cluster C", plus exact tag values. */
export function clusterFilters(cluster: string, tags: TagMap = {}): Filter[] {
  return [
    { Name: `tag:${LEGACY_CLUSTER_TAG}`, Values: [cluster] },
    ...Object.entries(tags).map(([key, value]) => ({ Name: `tag:${key}`, Values: [value] })),
  ];
}

/** Resolves to undefined when the call fails with a not-found error, else rethrows. */
export async function orUndefinedIfNotFound<T>(call: Promise<T>): Promise<T | undefined> {
  try {
    return await call;
  } catch (error) {
    if (classifyError(error).kind === 'not-found') return undefined;
    throw error;
  }
}

/** Runs a call whose "already done" error codes mean success (e.g. a duplicate rule). */
export async function ignoringCodes(call: Promise<unknown>, codes: string[]): Promise<void> {
  try {
    await call;
  } catch (error) {
    if (!codes.includes(classifyError(error).code)) throw error;
  }
}

/** A found-or-made resource: `created` says which, so events can say "created" or "found". */
export interface Ensured<T> {
  value: T;
  created: boolean;
}

/** Codes a create answers when the resource exists already, e.g. made by our own lost first attempt. */
const ALREADY_EXISTS = new Set([
  'EntityAlreadyExists',
  'InvalidGroup.Duplicate',
  'AlreadyExists',
  'AlreadyExistsFault',
  'InvalidLaunchTemplateName.AlreadyExistsException',
  'InvalidKeyPair.Duplicate',
  'BucketAlreadyOwnedByYou',
  'ResourceAlreadyExistsException',
  // A second subnet with the cluster's CIDR in the VPC: made by a lost attempt or a racing run.
  'InvalidSubnet.Conflict',
]);

const CREATE_ATTEMPTS = 5;

/**
 * The context a create is sent with: no cancel signal. Aborting a sent create stops only our wait
 * for the answer, not AWS, which may make the resource after all; a rerun started at once would
 * then not see it yet and make a second. So a cancelled run lets its sent creates answer (each
 * bounded by the request timeout; a second Ctrl+C quits at once) and stops before the next call.
 */
function sendingContext(ctx: AwsContext): AwsContext {
  const { signal: _cancelAfterTheAnswer, ...sending } = ctx;
  return sending;
}

/**
 * Creates a resource exactly once although answers get lost. `create` must use
 * `ctx.clients.withoutRetries()` and the context it is given (`sendingContext`): when an attempt
 * fails in a way that may have happened anyway (a dropped connection, a 5xx, a throttle) or answers
 * "already exists", `find` (by tags or name) is asked before the next attempt, so a retry never
 * makes a second VPC, address or instance.
 */
export async function createOnce<T>(
  ctx: AwsContext,
  operations: { find: () => Promise<T | undefined>; create: (sending: AwsContext) => Promise<T> },
): Promise<Ensured<T>> {
  let delayMs = 500;
  const reporter = engineRetryReporter(CREATE_ATTEMPTS);
  try {
    return await createLoop();
  } finally {
    reporter.settle();
  }

  async function createLoop(): Promise<Ensured<T>> {
    for (let attempt = 1; ; attempt++) {
      if (ctx.signal?.aborted) throw ctx.signal.reason ?? abortError();
      try {
        return { value: await operations.create(sendingContext(ctx)), created: true };
      } catch (error) {
        const classified = classifyError(error);
        if (ALREADY_EXISTS.has(classified.code)) {
          // Made by the attempt whose answer was lost (or by a concurrent run): it is ours to use,
          // once the read side of AWS shows it.
          const found = await retry(
            async () => {
              const value = await operations.find();
              if (value === undefined) throw error;
              return value;
            },
            { retryIf: (e) => e === error, signal: ctx.signal, maxMs: 30_000, initialDelayMs: 500 },
          );
          return { value: found, created: true };
        }
        if (!classified.retryable || classified.kind === 'dependency' || attempt >= CREATE_ATTEMPTS)
          throw error;
        const found = await operations.find();
        if (found !== undefined) return { value: found, created: true };
        reporter.retry(attempt + 1, error);
        await sleep(delayMs, ctx.signal);
        delayMs = Math.min(delayMs * 2, 8_000);
      }
    }
  }
}

/** The one of several equal resources every run keeps: the lowest id, so racers agree. */
export function keeperOf<T>(items: readonly T[], idOf: (item: T) => string): T | undefined {
  return [...items].sort((a, b) => (idOf(a) < idOf(b) ? -1 : idOf(a) > idOf(b) ? 1 : 0))[0];
}

/**
 * `createOnce` for kinds AWS makes again on every call and that take no ClientToken (a VPC, an
 * internet gateway): two runs on different machines can both find nothing and both create. After
 * the create it looks again by the cluster's tags; when it finds more than one, every run keeps
 * the same one (`keeperOf`, or the one `preferred` picks, e.g. the gateway already attached), and
 * deletes the one its own create made if that is not it. It never deletes one it did not make:
 * the other run removes its own.
 */
export async function createKeepingOne<T>(
  ctx: AwsContext,
  operations: {
    findAll: () => Promise<T[]>;
    create: (sending: AwsContext) => Promise<T>;
    idOf: (item: T) => string;
    remove: (item: T) => Promise<void>;
    preferred?: (items: T[]) => T | undefined;
  },
): Promise<Ensured<T>> {
  const { idOf } = operations;
  const choose = (items: T[]) => operations.preferred?.(items) ?? keeperOf(items, idOf);
  let made: T | undefined;
  const ensured = await createOnce(ctx, {
    find: async () => choose(await operations.findAll()),
    create: async (sending) => {
      made = await operations.create(sending);
      return made;
    },
  });
  const all = await operations.findAll();
  // The read side of AWS may not show ours yet; it is one of the candidates all the same.
  if (!all.some((item) => idOf(item) === idOf(ensured.value))) all.push(ensured.value);
  const keeper = choose(all)!;
  // The look's copy when it is ours: it is newer than the create's answer (a VPC's state).
  if (idOf(keeper) === idOf(ensured.value)) return { ...ensured, value: keeper };
  if (made !== undefined && idOf(made) !== idOf(keeper)) await operations.remove(made);
  return { value: keeper, created: true };
}

/**
 * One `tag-key` filter value that matches both `KubernetesCluster` and `kubernetes.io/cluster/<C>`
 * (and a few other `kubernetes…` keys, which discovery drops). AWS ORs several values of one
 * filter, but moto 5.2.1 compares a multi-valued `tag-key` filter as a set and finds nothing, so a
 * single wildcard keeps it one call per kind on both (DESIGN.md section 9).
 */
export const CLUSTER_TAG_KEY_FILTER: Filter[] = [{ Name: 'tag-key', Values: ['?ubernetes*'] }];

/** Follows `NextToken` (or another token) until the last page; `fetch` gets the token to send. */
export async function allPages<Page, Item>(
  fetch: (token: string | undefined) => Promise<Page>,
  items: (page: Page) => Item[] | undefined,
  nextToken: (page: Page) => string | undefined,
): Promise<Item[]> {
  const all: Item[] = [];
  let token: string | undefined;
  do {
    const page = await fetch(token);
    all.push(...(items(page) ?? []));
    token = nextToken(page);
  } while (token);
  return all;
}

/** Runs `fn` over the items with at most `limit` in flight, keeping the order of the results. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

export function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) result.push(items.slice(i, i + size));
  return result;
}

/** ISO 8601 of an SDK date (or epoch milliseconds), or undefined. */
export function iso(date: Date | number | string | undefined): string | undefined {
  if (date === undefined) return undefined;
  const value = date instanceof Date ? date : new Date(date);
  return Number.isNaN(value.getTime()) ? undefined : value.toISOString();
}

/** The name at the end of an ARN (`…:instance-profile/path/name` -> `name`), or the value itself. */
export function nameFromArn(value: string | undefined): string | undefined {
  if (!value) return undefined;
  return value.startsWith('arn:') ? value.slice(value.lastIndexOf('/') + 1) : value;
}

/** Drops undefined fields and empty arrays, so refs stay readable in tests and JSON. */
export function compact<T extends object>(value: T): T {
  const result: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    if (field === undefined) continue;
    if (Array.isArray(field) && field.length === 0) continue;
    result[key] = field;
  }
  return result as T;
}

/**
 * Marks a user's EC2 resource (VPC_ID, SUBNET_ID, their gateway) as used by the cluster:
 * `kubernetes.io/cluster/<C>=shared`, never owned, never deleted.
 */
export async function tagShared(ctx: AwsContext, cluster: string, resourceId: string): Promise<void> {
  await ctx.clients.ec2(ctx.region).send(
    new CreateTagsCommand({
      Resources: [resourceId],
      Tags: [{ Key: clusterTagKey(cluster), Value: 'shared' }],
    }),
    callOptions(ctx),
  );
}

/** Like Promise.all, but waits for every check and rejects with the first failure in list order. */
export async function settledInOrder<T extends readonly unknown[]>(
  checks: T,
): Promise<{ -readonly [K in keyof T]: Awaited<T[K]> }> {
  const settled = await Promise.allSettled(checks);
  const values: unknown[] = [];
  for (const result of settled) {
    if (result.status === 'rejected') throw result.reason;
    values.push(result.value);
  }
  return values as { -readonly [K in keyof T]: Awaited<T[K]> };
}
