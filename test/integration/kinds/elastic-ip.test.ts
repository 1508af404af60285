import { describe, expect, it } from 'vitest';
import { priceResources } from '../../../src/aws/pricing.js';
import { elasticIpKind, ensureMasterElasticIp } from '../../../src/aws/resources/elastic-ip.js';
import type { InventoryResource } from '../../../src/model/inventory.js';
import { PUBLIC_IPV4_HOURLY_USD } from '../../../src/model/prices.js';
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

describe('the Elastic IP kind against moto', () => {
  const moto = useMoto();

  it("allocates the master's address, claims and prices it, flags it once the cluster is gone, releases it", async () => {
    const ctx = contextOf(moto.clients());
    const vpc = await clusterVpc(ctx, 'alpha');
    const { value: address } = await ensureMasterElasticIp(ctx, 'alpha');
    const listed = await listedById(elasticIpKind, ctx, address.AllocationId!);
    expect(listed.refs.publicIp).toBe(address.PublicIp);
    expect(ownershipIn(classifyListed([vpc, listed]), 'alpha', 'elastic-ip', listed.id)).toBe('owned');
    const [priced] = priceResources<InventoryResource>([{ ...listed, ownership: 'owned' }]);
    expect(priced?.price).toEqual({ hourlyUsd: PUBLIC_IPV4_HOURLY_USD });
    expect(orphanOf(classifyListed([listed]), 'elastic-ip', listed.id)?.reason).toMatch(
      /associated with nothing$/,
    );

    await removeThroughKind(elasticIpKind, ctx, listed, 'release');
    expect(await stillListed(elasticIpKind, ctx, listed.id)).toBe(false);
  });
});
