import { describe, expect, it } from 'vitest';
import { stagingBucketName } from '../../../src/aws/naming.js';
import { stagingBucketKind } from '../../../src/aws/resources/s3-bucket.js';
import { useMoto } from '../../support/aws.js';
import {
  classifyListed,
  clusterVpc,
  contextOf,
  listedById,
  orphanOf,
  ownershipIn,
  removeThroughKind,
  stillListed,
} from '../../support/kind-check.js';
import { MOTO_ACCOUNT, makeBucket } from '../../support/leftovers.js';

describe('the staging bucket kind against moto', () => {
  const moto = useMoto();

  it("claims the cluster's tagged `kubernetes-staging-*` bucket by its derived name, flags it once the cluster is gone, deletes it", async () => {
    const ctx = contextOf(moto.clients());
    const vpc = await clusterVpc(ctx, 'alpha');
    const name = stagingBucketName(MOTO_ACCOUNT, 'us-west-2', 'alpha');
    await makeBucket(ctx.clients, name, 'us-west-2', {
      KubernetesCluster: 'alpha',
      'kubernetes.io/cluster/alpha': 'owned',
    });
    const listed = await listedById(stagingBucketKind, ctx, name);
    expect(listed.region).toBe('us-west-2');
    expect(ownershipIn(classifyListed([vpc, listed]), 'alpha', 's3-bucket', name)).toBe('owned');
    expect(orphanOf(classifyListed([listed]), 's3-bucket', name)).toMatchObject({
      cluster: 'alpha',
      reason: 'staging bucket tagged for cluster alpha, which has no VPC or instance in us-west-2',
    });

    await removeThroughKind(stagingBucketKind, ctx, listed);
    expect(await stillListed(stagingBucketKind, ctx, name)).toBe(false);
  });
});
