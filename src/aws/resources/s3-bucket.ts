// The staging bucket: kube-tui's own `kubernetes-staging-<hash>` (private, encrypted, tagged, TLS
// only) or the user's AWS_S3_BUCKET, of which only the `<C>/` prefix is ever touched.
import {
  CreateBucketCommand,
  type CreateBucketCommandInput,
  DeleteBucketCommand,
  DeleteObjectsCommand,
  GetBucketLocationCommand,
  GetBucketTaggingCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  type ListBucketsCommandOutput,
  ListObjectsV2Command,
  ListObjectVersionsCommand,
  PutBucketEncryptionCommand,
  PutBucketPolicyCommand,
  PutBucketTaggingCommand,
  PutObjectCommand,
  PutPublicAccessBlockCommand,
} from '@aws-sdk/client-s3';
import { bundlePrefixes } from '../../model/bundle-layout.js';
import { UsageError } from '../../model/exit.js';
import type { ListedResource } from '../../model/inventory.js';
import { S3_STANDARD_GB_MONTH_USD, storageHourlyUsd } from '../../model/prices.js';
import { KNOWN_REGIONS } from '../../model/region.js';
import type { TagMap } from '../../model/resource-types.js';
import { type AwsContext, callOptions } from '../context.js';
import { classifyError } from '../errors.js';
import { clusterNames, fromTagList, stagingBucketName, toTagList } from '../naming.js';
import { allPages, type Ensured, ignoringCodes, iso, mapLimit, ownedTagsIn } from './common.js';
import type { ClassifyView, ResourceKind } from './kind.js';
import type { KindTeardown } from './teardown-kind.js';

/** kube-up's and kube-tui's staging buckets: `kubernetes-staging-<hash>`. */
export const STAGING_BUCKET_PREFIX = 'kubernetes-staging-';
const CONCURRENT_BUCKET_CALLS = 8;

export interface StagedObject {
  key: string;
  body: string | Uint8Array;
  contentType: string;
}

/** True when the bucket exists and this account can use it; UsageError when another account owns the name. */
export async function bucketExists(ctx: AwsContext, bucket: string, bucketRegion: string): Promise<boolean> {
  try {
    await ctx.clients.s3(bucketRegion).send(new HeadBucketCommand({ Bucket: bucket }), callOptions(ctx));
    return true;
  } catch (error) {
    const classified = classifyError(error);
    if (classified.kind === 'not-found') return false;
    const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    if (status === 403)
      throw new UsageError(
        `bucket ${bucket}: the name belongs to another AWS account; choose another with --bucket`,
      );
    if (status === 301)
      throw new UsageError(
        `bucket ${bucket}: exists in another region than ${bucketRegion}; pass --bucket-region`,
      );
    throw error;
  }
}

/**
 * The staging bucket's policy: TLS only, and the master prefix (the CA key) readable by no one but
 * the master role and the account root, whatever an identity policy in the account grants. Only
 * denials, so Block Public Access accepts it. The condition names the role, not a principal, so the
 * bucket can get its policy before the role exists.
 */
export function stagingBucketPolicy(input: {
  bucket: string;
  cluster: string;
  region: string;
  accountId: string;
}): string {
  const bucketArn = `arn:aws:s3:::${input.bucket}`;
  const masterRole = `arn:aws:iam::${input.accountId}:role/${clusterNames(input.cluster, input.region).masterRole}`;
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'DenyInsecureTransport',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: [bucketArn, `${bucketArn}/*`],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
      {
        Sid: 'CaKeyOnlyForTheMaster',
        Effect: 'Deny',
        Principal: '*',
        Action: ['s3:GetObject', 's3:GetObjectVersion'],
        Resource: `${bucketArn}/${bundlePrefixes(input.cluster).master}*`,
        Condition: {
          ArnNotEquals: { 'aws:PrincipalArn': [masterRole, `arn:aws:iam::${input.accountId}:root`] },
        },
      },
    ],
  });
}

/** kube-tui's own staging bucket: created in its region, then locked down (each call idempotent). */
export async function ensureStagingBucket(
  ctx: AwsContext,
  input: { cluster: string; region: string; accountId: string; bucket: string; bucketRegion: string },
): Promise<Ensured<string>> {
  const s3 = ctx.clients.s3(input.bucketRegion);
  const exists = await bucketExists(ctx, input.bucket, input.bucketRegion);
  if (!exists) {
    const request: CreateBucketCommandInput = { Bucket: input.bucket };
    // us-east-1 takes no LocationConstraint; every other region needs its own.
    if (input.bucketRegion !== 'us-east-1')
      request.CreateBucketConfiguration = { LocationConstraint: input.bucketRegion as never };
    await ignoringCodes(s3.send(new CreateBucketCommand(request), callOptions(ctx)), [
      'BucketAlreadyOwnedByYou',
    ]);
  }
  // The bucket's settings are independent of one another: all at once (one round trip,
  // not three or four). The bucket policy denies, never grants, so Block Public Access allows it
  // in any order.
  await Promise.all([
    s3.send(
      new PutPublicAccessBlockCommand({
        Bucket: input.bucket,
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          IgnorePublicAcls: true,
          BlockPublicPolicy: true,
          RestrictPublicBuckets: true,
        },
      }),
      callOptions(ctx),
    ),
    s3.send(
      new PutBucketEncryptionCommand({
        Bucket: input.bucket,
        ServerSideEncryptionConfiguration: {
          Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
        },
      }),
      callOptions(ctx),
    ),
    s3.send(
      new PutBucketTaggingCommand({
        Bucket: input.bucket,
        Tagging: { TagSet: toTagList(ownedTagsIn(ctx, input.cluster, input.bucket)) },
      }),
      callOptions(ctx),
    ),
    // moto evaluates a bucket policy's denials but ignores their conditions (all but StringEquals),
    // so there both would deny everyone, the master's bundle download included: the policy is put
    // only on real AWS (DESIGN.md emulator notes); its document is tested on its own.
    ctx.clients.isEmulator
      ? undefined
      : s3.send(
          new PutBucketPolicyCommand({ Bucket: input.bucket, Policy: stagingBucketPolicy(input) }),
          callOptions(ctx),
        ),
  ]);
  return { value: input.bucket, created: !exists };
}

/** Uploads the bundle: private objects, server-side encrypted, concurrently. */
export async function uploadObjects(
  ctx: AwsContext,
  bucket: string,
  bucketRegion: string,
  objects: StagedObject[],
  { onlyIfAbsent = false } = {},
): Promise<void> {
  const s3 = ctx.clients.s3(bucketRegion);
  const exists = (key: string) =>
    s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }), callOptions(ctx)).then(
      () => true,
      (error: unknown) => {
        if (classifyError(error).kind === 'not-found') return false;
        throw error;
      },
    );
  await Promise.all(
    objects.map(async (object) => {
      if (onlyIfAbsent && (await exists(object.key))) return;
      await s3.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: object.key,
          Body: object.body,
          ContentType: object.contentType,
          ServerSideEncryption: 'AES256',
        }),
        callOptions(ctx),
      );
    }),
  );
}

/**
 * The `kubernetes-staging-*` buckets of the account (S3 is global: listed once for all regions),
 * with their region and tags. Other buckets are never ours (a user's AWS_S3_BUCKET is never
 * tagged or deleted). ListBuckets gives each bucket's region on AWS; where it does not (moto 5.2.1)
 * GetBucketLocation is asked first. GetBucketTagging is then sent to the bucket's own region.
 */
export async function listStagingBuckets(ctx: AwsContext): Promise<ListedResource[]> {
  const s3 = ctx.clients.s3(ctx.region);
  const buckets = await allPages(
    (ContinuationToken) =>
      s3.send(new ListBucketsCommand({ Prefix: STAGING_BUCKET_PREFIX, ContinuationToken }), callOptions(ctx)),
    (page: ListBucketsCommandOutput) => page.Buckets,
    (page) => page.ContinuationToken,
  );
  const candidates = buckets.filter((bucket) => bucket.Name?.startsWith(STAGING_BUCKET_PREFIX));
  const listed = await mapLimit(candidates, CONCURRENT_BUCKET_CALLS, async (bucket) => {
    const name = bucket.Name!;
    const region = bucket.BucketRegion ?? (await bucketLocation(ctx, name));
    if (!region) return undefined;
    // Both in the same round trip: what it stores is what it costs.
    const [tags, stored] = await Promise.all([bucketTags(ctx, name, region), storedBytes(ctx, name, region)]);
    if (!tags || !stored) return undefined;
    const resource: ListedResource = {
      type: 's3-bucket',
      id: name,
      name,
      region,
      tags,
      ...(bucket.CreationDate ? { createdAt: iso(bucket.CreationDate) } : {}),
      refs: {},
      detail: stored,
    };
    return resource;
  });
  return listed.filter((resource): resource is ListedResource => resource !== undefined);
}

/** A bucket's region (`null` means us-east-1, `EU` eu-west-1); undefined when it is gone. */
async function bucketLocation(ctx: AwsContext, bucket: string): Promise<string | undefined> {
  try {
    const { LocationConstraint } = await ctx.clients
      .s3(ctx.region)
      .send(new GetBucketLocationCommand({ Bucket: bucket }), callOptions(ctx));
    if (!LocationConstraint) return 'us-east-1';
    return LocationConstraint === 'EU' ? 'eu-west-1' : LocationConstraint;
  } catch (error) {
    if (classifyError(error).kind === 'not-found') return undefined;
    throw error;
  }
}

/** A bucket's tags ({} when it has none); undefined when it is gone. */
async function bucketTags(ctx: AwsContext, bucket: string, region: string): Promise<TagMap | undefined> {
  try {
    const { TagSet } = await ctx.clients
      .s3(region)
      .send(new GetBucketTaggingCommand({ Bucket: bucket }), callOptions(ctx));
    return fromTagList(TagSet);
  } catch (error) {
    const classified = classifyError(error);
    if (classified.code === 'NoSuchTagSet') return {};
    if (classified.kind === 'not-found') return undefined;
    throw error;
  }
}

/** Pages of object versions counted for a bucket's size; a bigger bucket is priced as "at least". */
const SIZE_PAGES = 10;

/**
 * What a bucket stores, every version counted (noncurrent versions are billed too), from at most
 * SIZE_PAGES pages of ListObjectVersions; undefined when the bucket is gone.
 */
async function storedBytes(
  ctx: AwsContext,
  bucket: string,
  region: string,
): Promise<{ storedBytes: number; storedBytesAtLeast?: true } | undefined> {
  const s3 = ctx.clients.s3(region);
  let bytes = 0;
  let KeyMarker: string | undefined;
  let VersionIdMarker: string | undefined;
  try {
    for (let page = 0; page < SIZE_PAGES; page += 1) {
      const answer = await s3.send(
        new ListObjectVersionsCommand({ Bucket: bucket, KeyMarker, VersionIdMarker }),
        callOptions(ctx),
      );
      for (const version of answer.Versions ?? []) bytes += version.Size ?? 0;
      if (!answer.IsTruncated) return { storedBytes: bytes };
      KeyMarker = answer.NextKeyMarker;
      VersionIdMarker = answer.NextVersionIdMarker;
    }
    return { storedBytes: bytes, storedBytesAtLeast: true };
  } catch (error) {
    if (classifyError(error).kind === 'not-found') return undefined;
    throw error;
  }
}

/** DeleteObjects takes up to 1000 keys; ListObjectVersions returns as many a page. */
const DELETE_BATCH = 1000;

/**
 * Deletes every version and delete marker under `prefix` ('' for the whole bucket), a page at a
 * time: list (first page), delete it, list again, until nothing is left. Returns how many went.
 */
export async function deleteObjectVersions(
  ctx: AwsContext,
  bucket: string,
  bucketRegion: string,
  prefix: string,
): Promise<number> {
  const s3 = ctx.clients.s3(bucketRegion);
  let deleted = 0;
  for (;;) {
    const page = await s3.send(
      new ListObjectVersionsCommand({
        Bucket: bucket,
        MaxKeys: DELETE_BATCH,
        ...(prefix ? { Prefix: prefix } : {}),
      }),
      callOptions(ctx),
    );
    const objects = [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])]
      .filter((version) => version.Key?.startsWith(prefix))
      .map((version) => ({
        Key: version.Key!,
        ...(version.VersionId ? { VersionId: version.VersionId } : {}),
      }));
    if (objects.length === 0) return deleted;
    const result = await s3.send(
      new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: objects, Quiet: true } }),
      callOptions(ctx),
    );
    const [failure] = result.Errors ?? [];
    if (failure) {
      // Surfaced with S3's own code (AccessDenied: exit 3) rather than looping on it.
      throw Object.assign(new Error(`${failure.Key}: ${failure.Message ?? failure.Code}`), {
        name: failure.Code ?? 'Error',
        Code: failure.Code,
      });
    }
    deleted += objects.length;
  }
}

/** Empties kube-tui's own staging bucket (every version and delete marker) and deletes it. */
export async function deleteStagingBucket(
  ctx: AwsContext,
  bucket: string,
  bucketRegion: string,
): Promise<void> {
  await deleteObjectVersions(ctx, bucket, bucketRegion, '');
  await ctx.clients.s3(bucketRegion).send(new DeleteBucketCommand({ Bucket: bucket }), callOptions(ctx));
}

/** Whether anything is stored under the prefix (a user's bucket: is there a `<C>/` to delete?). */
export async function hasObjectsUnder(
  ctx: AwsContext,
  bucket: string,
  bucketRegion: string,
  prefix: string,
): Promise<boolean> {
  const s3 = ctx.clients.s3(bucketRegion);
  const [current, versions] = await Promise.all([
    s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, MaxKeys: 1 }), callOptions(ctx)),
    s3.send(new ListObjectVersionsCommand({ Bucket: bucket, Prefix: prefix, MaxKeys: 1 }), callOptions(ctx)),
  ]);
  return (
    (current.KeyCount ?? current.Contents?.length ?? 0) > 0 ||
    (versions.Versions?.length ?? 0) > 0 ||
    (versions.DeleteMarkers?.length ?? 0) > 0
  );
}

/**
 * kube-tui's bucket goes with every object version; in a user's own bucket only `<C>/` goes (the
 * bucket and its other prefixes are the user's). After the instances, which read and write it.
 */
export const bucketTeardown: KindTeardown = {
  blockedBy: (_bucket, removing) => removing.filter((other) => other.type === 'instance'),
  remove: async (ctx, step) => {
    if (step.action === 'delete-objects') {
      const count = await deleteObjectVersions(ctx, step.id, step.region, step.prefix ?? '');
      ctx.detail(`deleted ${count} objects under ${step.prefix}`);
      return;
    }
    await deleteStagingBucket(ctx, step.id, step.region);
  },
};

/** The region whose cluster `name` the bucket's name was derived for (account, region, cluster). */
function bucketRegionOf(bucket: ListedResource, name: string, view: ClassifyView): string | undefined {
  const accountId = view.scope.accountId;
  if (!accountId) return undefined;
  // Every known region, so that a single-region scan recognises the bucket of a cluster in another
  // region and leaves it alone; an unknown one's buckets are judged by the bucket's own region.
  const regions = new Set([...view.scope.regions, ...KNOWN_REGIONS]);
  return [...regions].find((region) => stagingBucketName(accountId, region, name) === bucket.name);
}

/**
 * The staging bucket (global, listed once), tagged for the cluster: the name kube-tui derives from
 * (account, region, cluster) says which region's cluster; else the bucket's own region, else the
 * cluster of that name wherever it lives. S3 bills by use: not estimated.
 */
export const stagingBucketKind: ResourceKind = {
  type: 's3-bucket',
  scope: 'global',
  teardownRank: 160,
  list: [{ label: 'staging buckets', list: listStagingBuckets }],
  find: bucketExists,
  ensure: ensureStagingBucket,
  claim: {
    byTag: false,
    also: (bucket, view) => {
      for (const [name, how] of view.membership(bucket)) {
        const tied = bucketRegionOf(bucket, name, view);
        if (tied) {
          if (view.isLive(name, tied)) view.claim(bucket, { name, region: tied }, how);
          continue;
        }
        if (view.isLive(name, bucket.region)) view.claim(bucket, { name, region: bucket.region }, how);
        else for (const cluster of view.liveNamed(name)) view.claim(bucket, cluster, how);
      }
    },
  },
  orphan: (bucket, view) => {
    const owners = view.goneOwners(bucket);
    if (owners.length === 0) return undefined;
    const named = owners.map((name) => bucketRegionOf(bucket, name, view)).find(Boolean);
    const tiedRegion = named ?? bucket.region;
    if (!view.scope.regions.includes(tiedRegion)) return undefined;
    const caveat =
      named || view.scope.allRegions
        ? ''
        : ` (judged by the bucket's region; the cluster may live in a region that was not scanned)`;
    return {
      ownership: 'owned',
      reason: `staging bucket ${view.tagClause(owners, tiedRegion)}${caveat}`,
      cluster: owners[0]!,
    };
  },
  teardown: bucketTeardown,
  // S3 Standard by the bytes it stores; requests and transfer are not included.
  price: (bucket) =>
    bucket.detail?.storedBytes === undefined
      ? { hourlyUsd: 0, unpriced: 'bucket of unknown size' }
      : {
          hourlyUsd: storageHourlyUsd(bucket.detail.storedBytes, S3_STANDARD_GB_MONTH_USD),
          ...(bucket.detail.storedBytesAtLeast ? { atLeast: true } : {}),
        },
};
