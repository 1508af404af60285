// The master's Elastic IP `<C>-master-ip`: allocated at the very start (certificates and the
// kubeconfig need the address), associated once the master exists.
import {
  type Address,
  AllocateAddressCommand,
  AssociateAddressCommand,
  DescribeAddressesCommand,
  DisassociateAddressCommand,
  ReleaseAddressCommand,
} from '@aws-sdk/client-ec2';
import type { ListedResource } from '../../model/inventory.js';
import { PUBLIC_IPV4_HOURLY_USD } from '../../model/prices.js';
import { type AwsContext, callOptions } from '../context.js';
import { errorCodeOf } from '../errors.js';
import { clusterNames, fromTagList } from '../naming.js';
import { isEventuallyConsistent, retry } from '../retry.js';
import {
  clusterFilters,
  compact,
  createOnce,
  type Ensured,
  ignoringCodes,
  orUndefinedIfNotFound,
  ownedTagsIn,
  tagSpecification,
} from './common.js';
import type { ResourceKind } from './kind.js';
import { instancesIn, type KindTeardown, removeEc2ClusterTags } from './teardown-kind.js';

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
    create: async (sending) => {
      const result = await sending.clients
        .withoutRetries()
        .ec2(sending.region)
        .send(
          new AllocateAddressCommand({
            Domain: 'vpc',
            TagSpecifications: tagSpecification(
              'elastic-ip',
              ownedTagsIn(ctx, cluster, clusterNames(cluster, ctx.region).masterElasticIp),
            ),
          }),
          callOptions(sending),
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

/** Removes the address's association, if it has one now. Returns whether it had one. */
export async function disassociateElasticIp(ctx: AwsContext, allocationId: string): Promise<boolean> {
  const ec2 = ctx.clients.ec2(ctx.region);
  const found = await orUndefinedIfNotFound(
    ec2.send(new DescribeAddressesCommand({ AllocationIds: [allocationId] }), callOptions(ctx)),
  );
  const associationId = found?.Addresses?.[0]?.AssociationId;
  if (!associationId) return false;
  await ignoringCodes(
    ec2.send(new DisassociateAddressCommand({ AssociationId: associationId }), callOptions(ctx)),
    ['InvalidAssociationID.NotFound'],
  );
  return true;
}

/**
 * Releases an address the cluster owns, disassociating it first if something still holds it. AWS
 * may answer `AuthFailure` for a moment while it unmaps the address from a terminated instance
 * (kops retries it as a dependency): here that is a dependency to retry, not bad credentials.
 */
export async function releaseElasticIp(ctx: AwsContext, allocationId: string): Promise<void> {
  await disassociateElasticIp(ctx, allocationId);
  try {
    await ctx.clients
      .ec2(ctx.region)
      .send(new ReleaseAddressCommand({ AllocationId: allocationId }), callOptions(ctx));
  } catch (error) {
    if (errorCodeOf(error) !== 'AuthFailure') throw error;
    throw Object.assign(new Error(`${allocationId} is still being unmapped: ${(error as Error).message}`), {
      name: 'InvalidIPAddress.InUse',
    });
  }
}

/**
 * The cluster's own address (tagged, or named by the master volume's `kubernetes.io/master-ip`)
 * is released once the instances are gone (`InvalidIPAddress.InUse` meanwhile is retried). An
 * untagged address merely associated with a cluster instance may be the user's: it is only
 * disassociated, first, and kept.
 */
export const elasticIpTeardown: KindTeardown = {
  blockedBy: (address, removing, action) =>
    action === 'release' ? instancesIn(removing, address.region) : [],
  remove: async (ctx, step) => {
    if (step.action === 'disassociate') {
      if (await disassociateElasticIp(ctx, step.id)) ctx.detail('disassociated; the address is kept');
      return;
    }
    await releaseElasticIp(ctx, step.id);
  },
  removeTags: (ctx, address, cluster) => removeEc2ClusterTags(ctx, address.id, address.tags, cluster),
};

/**
 * Tagged for the cluster; or untagged and kube-up's, named by a cluster volume's
 * `kubernetes.io/master-ip` tag (released with the cluster); or untagged and merely associated with
 * a cluster instance (it may be the user's: disassociated only).
 */
export const elasticIpKind: ResourceKind = {
  type: 'elastic-ip',
  scope: 'region',
  teardownRank: 50,
  list: [{ label: 'Elastic IPs', list: listElasticIps }],
  find: findMasterElasticIp,
  ensure: ensureMasterElasticIp,
  claim: {
    byTag: true,
    also: (address, view) => {
      if (view.membership(address).size > 0) return;
      const masterVolume = view
        .ofType('volume')
        .find(
          (volume) =>
            volume.region === address.region &&
            volume.refs.publicIp !== undefined &&
            volume.refs.publicIp === address.refs.publicIp,
        );
      for (const entry of view.claimants(masterVolume)) {
        if (entry.ownership === 'owned') view.claim(address, entry.cluster, 'kube-up-name');
      }
      if (view.claimants(address).length > 0) return;
      const instance = view.byId('instance', address.region, address.refs.instanceIds?.[0]);
      for (const entry of view.claimants(instance)) view.claim(address, entry.cluster, 'associated');
    },
  },
  orphan: (address, view) => {
    if (address.refs.associationId || (address.refs.instanceIds?.length ?? 0) > 0) return undefined;
    const owners = view.goneOwners(address);
    if (owners.length > 0)
      return {
        ownership: 'owned',
        reason: `${view.tagClause(owners, address.region)}; associated with nothing`,
        cluster: owners[0]!,
      };
    if (view.membership(address).size > 0 || address.refs.publicIp === undefined) return undefined;
    const volume = view
      .ofType('volume')
      .find(
        (candidate) =>
          candidate.region === address.region &&
          candidate.refs.publicIp === address.refs.publicIp &&
          view.unclaimed(candidate) &&
          view.goneOwners(candidate).length > 0,
      );
    if (!volume) return undefined;
    const cluster = view.goneOwners(volume)[0]!;
    return {
      ownership: 'kube-up-name',
      reason: `kube-up's master Elastic IP: named by the kubernetes.io/master-ip tag of volume ${volume.id} of cluster ${cluster}, which has no VPC or instance in ${address.region}; associated with nothing`,
      cluster,
    };
  },
  action: (address, plan) =>
    plan.kept(address) ??
    (address.ownership === 'associated'
      ? { action: 'disassociate', reason: plan.ownershipNote('associated')! }
      : { ...plan.deleted(address), action: 'release' }),
  teardown: elasticIpTeardown,
  // Every public IPv4 address is billed, in use or idle.
  price: () => ({ hourlyUsd: PUBLIC_IPV4_HOURLY_USD }),
};
