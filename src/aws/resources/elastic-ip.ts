// The master's Elastic IP `<C>-master-ip`: allocated at the very start (certificates and the
// kubeconfig need the address), associated once the master exists.
import {
  type Address,
  AllocateAddressCommand,
  AssociateAddressCommand,
  DescribeAddressesCommand,
} from '@aws-sdk/client-ec2';
import { type AwsContext, callOptions } from '../context.js';
import { clusterNames, ownedTags } from '../naming.js';
import { isEventuallyConsistent, retry } from '../retry.js';
import { clusterFilters, type Ensured, tagSpecification } from './common.js';

export async function findMasterElasticIp(ctx: AwsContext, cluster: string): Promise<Address | undefined> {
  const { Addresses = [] } = await ctx.clients.ec2(ctx.region).send(
    new DescribeAddressesCommand({
      Filters: clusterFilters(cluster, { Name: clusterNames(cluster, ctx.region).masterElasticIp }),
    }),
    callOptions(ctx),
  );
  return Addresses[0];
}

export async function ensureMasterElasticIp(ctx: AwsContext, cluster: string): Promise<Ensured<Address>> {
  const existing = await findMasterElasticIp(ctx, cluster);
  if (existing) return { value: existing, created: false };
  const result = await ctx.clients.ec2(ctx.region).send(
    new AllocateAddressCommand({
      Domain: 'vpc',
      TagSpecifications: tagSpecification(
        'elastic-ip',
        ownedTags(cluster, clusterNames(cluster, ctx.region).masterElasticIp),
      ),
    }),
    callOptions(ctx),
  );
  return {
    value: { AllocationId: result.AllocationId, PublicIp: result.PublicIp, Domain: 'vpc' },
    created: true,
  };
}

export async function associateElasticIp(
  ctx: AwsContext,
  address: Address,
  instanceId: string,
): Promise<boolean> {
  if (address.InstanceId === instanceId) return false;
  await retry(
    () =>
      ctx.clients
        .ec2(ctx.region)
        .send(
          new AssociateAddressCommand({ AllocationId: address.AllocationId, InstanceId: instanceId }),
          callOptions(ctx),
        ),
    { retryIf: isEventuallyConsistent, signal: ctx.signal, maxMs: 120_000 },
  );
  return true;
}
