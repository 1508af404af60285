import { describe, expect, it } from 'vitest';
import { priceResources } from '../../../src/aws/pricing.js';
import { ensureMasterVolume, volumeKind } from '../../../src/aws/resources/volume.js';
import type { InventoryResource } from '../../../src/model/inventory.js';
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

describe('the volume kind against moto', () => {
  const moto = useMoto();

  it("ensures the master's etcd volume, claims and prices it, flags it by name once the cluster is gone, deletes it", async () => {
    const ctx = contextOf(moto.clients());
    const vpc = await clusterVpc(ctx, 'alpha');
    const { value: volume } = await ensureMasterVolume(ctx, {
      cluster: 'alpha',
      zone: 'us-west-2a',
      type: 'gp3',
      sizeGiB: 20,
      clientToken: 'kind-test-volume',
    });
    const listed = await listedById(volumeKind, ctx, volume.VolumeId!);
    expect(listed.detail).toMatchObject({ sizeGiB: 20, volumeType: 'gp3' });
    expect(ownershipIn(classifyListed([vpc, listed]), 'alpha', 'volume', listed.id)).toBe('owned');
    // 20 GiB of gp3 at $0.08 per GB-month.
    const [priced] = priceResources<InventoryResource>([{ ...listed, ownership: 'owned' }]);
    expect(priced?.price?.hourlyUsd).toBeCloseTo((20 * 0.08) / 730, 9);

    expect(orphanOf(classifyListed([listed]), 'volume', listed.id)).toMatchObject({
      cluster: 'alpha',
      reason:
        'master volume alpha-master-pd tagged for cluster alpha, which has no VPC or instance in us-west-2; attached to nothing',
    });

    await removeThroughKind(volumeKind, ctx, listed);
    expect(await stillListed(volumeKind, ctx, listed.id)).toBe(false);
  });
});
