import { RunInstancesCommand } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { priceResources } from '../../../src/aws/pricing.js';
import { instanceKind } from '../../../src/aws/resources/instance.js';
import type { InventoryResource } from '../../../src/model/inventory.js';
import { INSTANCE_HOURLY_USD, PUBLIC_IPV4_HOURLY_USD } from '../../../src/model/prices.js';
import { useMoto } from '../../support/aws.js';
import {
  classifyListed,
  contextOf,
  listedById,
  listKind,
  ownedTagList,
  ownershipIn,
  removeThroughKind,
  stillListed,
} from '../../support/kind-check.js';
import { KUBE_UP_IMAGE } from '../../support/kube-up.js';

describe('the instance kind against moto', () => {
  const moto = useMoto();

  it('a tagged running instance makes its cluster live and is priced; terminated through the kind, its cluster is gone', async () => {
    const ctx = contextOf(moto.clients());
    const { Instances } = await ctx.clients.ec2(ctx.region).send(
      new RunInstancesCommand({
        ImageId: KUBE_UP_IMAGE,
        InstanceType: 't3.medium',
        MinCount: 1,
        MaxCount: 1,
        TagSpecifications: [
          {
            ResourceType: 'instance',
            Tags: ownedTagList('alpha', { Name: 'alpha-master', Role: 'alpha-master' }),
          },
        ],
      }),
    );
    const instanceId = Instances![0]!.InstanceId!;
    const listed = await listedById(instanceKind, ctx, instanceId);
    expect(listed).toMatchObject({ state: 'running', detail: { instanceType: 't3.medium' } });

    const inventory = classifyListed([listed]);
    expect(ownershipIn(inventory, 'alpha', 'instance', instanceId)).toBe('owned');
    const [priced] = priceResources<InventoryResource>([{ ...listed, ownership: 'owned' }]);
    const addressUsd = listed.refs.publicIp ? PUBLIC_IPV4_HOURLY_USD : 0;
    expect(priced?.price?.hourlyUsd).toBeCloseTo(INSTANCE_HOURLY_USD['t3.medium']! + addressUsd, 9);

    await removeThroughKind(instanceKind, ctx, listed);
    expect(await stillListed(instanceKind, ctx, instanceId)).toBe(false);
    // moto may still list it terminated: classification leaves it out, and the cluster is gone.
    expect(classifyListed(await listKind(instanceKind, ctx)).clusters).toEqual([]);
  });
});
