import { describe, expect, it } from 'vitest';
import { priceResources } from '../../../src/aws/pricing.js';
import { loadBalancerKind } from '../../../src/aws/resources/load-balancer.js';
import { ensureSubnet } from '../../../src/aws/resources/subnet.js';
import type { InventoryResource } from '../../../src/model/inventory.js';
import { SUBNET_CIDR } from '../../../src/model/network.js';
import { LOAD_BALANCER_HOURLY_USD } from '../../../src/model/prices.js';
import { useMoto } from '../../support/aws.js';
import {
  classifyListed,
  clusterVpc,
  contextOf,
  listKind,
  orphanOf,
  ownershipIn,
  removeThroughKind,
  stillListed,
} from '../../support/kind-check.js';
import { makeServiceLoadBalancers } from '../../support/service-load-balancers.js';

describe('the load balancer kind against moto', () => {
  const moto = useMoto();

  it("lists a Service's classic ELB and NLB through its two listings, claims and prices them, flags them once the cluster is gone, deletes them", async () => {
    const ctx = contextOf(moto.clients());
    const vpc = await clusterVpc(ctx, 'alpha');
    const { value: subnet } = await ensureSubnet(ctx, {
      cluster: 'alpha',
      vpcId: vpc.id,
      zone: 'us-west-2a',
      cidr: SUBNET_CIDR,
    });
    const { classicName, nlbArn } = await makeServiceLoadBalancers(
      ctx.clients,
      'alpha',
      vpc.id,
      subnet.SubnetId!,
    );
    const listed = await listKind(loadBalancerKind, ctx);
    const classic = listed.find((balancer) => balancer.id === classicName);
    const network = listed.find((balancer) => balancer.refs.arn === nlbArn);
    expect(classic?.detail?.loadBalancerKind).toBe('classic');
    expect(network?.detail?.loadBalancerKind).toBe('network');
    expect(network?.refs.targetGroupArns).toHaveLength(1);

    const inventory = classifyListed([vpc, classic!, network!]);
    expect(ownershipIn(inventory, 'alpha', 'load-balancer', classic!.id)).toBe('owned');
    expect(ownershipIn(inventory, 'alpha', 'load-balancer', network!.id)).toBe('owned');
    const prices = priceResources<InventoryResource>(
      [classic!, network!].map((r) => ({ ...r, ownership: 'owned' })),
    );
    expect(prices.map((resource) => resource.price)).toEqual([
      { hourlyUsd: LOAD_BALANCER_HOURLY_USD.classic },
      { hourlyUsd: LOAD_BALANCER_HOURLY_USD.network },
    ]);
    expect(orphanOf(classifyListed([classic!]), 'load-balancer', classic!.id)?.cluster).toBe('alpha');

    await removeThroughKind(loadBalancerKind, ctx, classic!);
    await removeThroughKind(loadBalancerKind, ctx, network!);
    expect(await stillListed(loadBalancerKind, ctx, classic!.id)).toBe(false);
    expect(await stillListed(loadBalancerKind, ctx, network!.id)).toBe(false);
  });
});
