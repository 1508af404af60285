// The staging bucket: kube-tui's own `kubernetes-staging-<hash>` (private, encrypted, tagged, TLS
// only) or the user's AWS_S3_BUCKET, of which only the `<C>/` prefix is ever touched.
import {
  CreateBucketCommand,
  type CreateBucketCommandInput,
  HeadBucketCommand,
  PutBucketEncryptionCommand,
  PutBucketPolicyCommand,
  PutBucketTaggingCommand,
  PutObjectCommand,
  PutPublicAccessBlockCommand,
} from '@aws-sdk/client-s3';
import { UsageError } from '../../state/exit.js';
import { type AwsContext, callOptions } from '../context.js';
import { classifyError } from '../errors.js';
import { ownedTags, toTagList } from '../naming.js';
import { type Ensured, ignoringCodes } from './common.js';

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

function denyInsecureTransport(bucket: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'DenyInsecureTransport',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
    ],
  });
}

/** kube-tui's own staging bucket: created in its region, then locked down (each call idempotent). */
export async function ensureStagingBucket(
  ctx: AwsContext,
  input: { cluster: string; bucket: string; bucketRegion: string },
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
  await s3.send(
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
  );
  await s3.send(
    new PutBucketEncryptionCommand({
      Bucket: input.bucket,
      ServerSideEncryptionConfiguration: {
        Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
    }),
    callOptions(ctx),
  );
  await s3.send(
    new PutBucketTaggingCommand({
      Bucket: input.bucket,
      Tagging: { TagSet: toTagList(ownedTags(input.cluster, input.bucket)) },
    }),
    callOptions(ctx),
  );
  // moto evaluates bucket policies, and the emulator speaks plain HTTP: the TLS-only policy would
  // lock us out there (DESIGN.md emulator notes).
  if (!ctx.clients.isEmulator) {
    await s3.send(
      new PutBucketPolicyCommand({ Bucket: input.bucket, Policy: denyInsecureTransport(input.bucket) }),
      callOptions(ctx),
    );
  }
  return { value: input.bucket, created: !exists };
}

/** Uploads the bundle: private objects, server-side encrypted, concurrently. */
export async function uploadObjects(
  ctx: AwsContext,
  bucket: string,
  bucketRegion: string,
  objects: StagedObject[],
): Promise<void> {
  const s3 = ctx.clients.s3(bucketRegion);
  await Promise.all(
    objects.map((object) =>
      s3.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: object.key,
          Body: object.body,
          ContentType: object.contentType,
          ServerSideEncryption: 'AES256',
        }),
        callOptions(ctx),
      ),
    ),
  );
}
