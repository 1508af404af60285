// Small helpers every resource module shares.
import type { ResourceType as Ec2ResourceType, Filter, TagSpecification } from '@aws-sdk/client-ec2';
import { classifyError } from '../errors.js';
import { LEGACY_CLUSTER_TAG, type TagMap, toTagList } from '../naming.js';

/** Tags applied by the create call itself, so a crash can never leave an untagged resource. */
export function tagSpecification(resourceType: Ec2ResourceType, tags: TagMap): TagSpecification[] {
  return [{ ResourceType: resourceType, Tags: toTagList(tags) }];
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
