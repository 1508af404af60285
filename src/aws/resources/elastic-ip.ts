// The master's Elastic IP `<C>-master-ip`: allocated at the very start (certificates and the
// kubeconfig need the address), associated once the master exists.
import {
  type Address,
  AllocateAddressCommand,
  AssociateAddressCommand,
  DescribeAddressesCommand,
} from '@aws-sdk/client-ec2';
import { type AwsContext, callOptions } from '../context.js';
import type { ListedResource } from '../inventory-types.js';
import { clusterNames, fromTagList, ownedTags } from '../naming.js';
import { isEventuallyConsistent, retry } from '../retry.js';
import { clusterFilters, compact, createOnce, type Ensured, tagSpecification } from './common.js';

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
  return createOnce(ctx, {
    find: () => findMasterElasticIp(ctx, cluster),
    create: async () => {
      const result = await ctx.clients
        .withoutRetries()
        .ec2(ctx.region)
        .send(
          new AllocateAddressCommand({
            Domain: 'vpc',
            TagSpecifications: tagSpecification(
              'elastic-ip',
              ownedTags(cluster, clusterNames(cluster, ctx.region).masterElasticIp),
            ),
          }),
          callOptions(ctx),
        );
      return { AllocationId: result.AllocationId, PublicIp: result.PublicIp, Domain: 'vpc' } as Address;
    },
  });
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

/**
 * Every Elastic IP of the region (DescribeAddresses is not paged and the quota is five): kube-up's
 * was untagged, named only by its master volume's `kubernetes.io/master-ip` tag.
 */
export async function listElasticIps(ctx: AwsContext): Promise<ListedResource[]> {
  const { Addresses = [] } = await ctx.clients
    .ec2(ctx.region)
    .send(new DescribeAddressesCommand({}), callOptions(ctx));
  return Addresses.filter((address) => address.AllocationId).map((address) => {
    const tags = fromTagList(address.Tags);
    return {
      type: 'elastic-ip',
      id: address.AllocationId!,
      name: tags.Name ? `${tags.Name} ${address.PublicIp}` : (address.PublicIp ?? address.AllocationId!),
      region: ctx.region,
      state: address.AssociationId ? 'associated' : 'unassociated',
      tags,
      refs: compact({
        instanceIds: address.InstanceId ? [address.InstanceId] : undefined,
        associationId: address.AssociationId,
        publicIp: address.PublicIp,
      }),
    };
  });
}
