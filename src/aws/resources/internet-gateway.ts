// Internet gateway: `<C>-igw`, attached to the VPC. kube-up left its gateway untagged, so the one
// attached to the cluster's VPC is the cluster's.
import {
  AttachInternetGatewayCommand,
  CreateInternetGatewayCommand,
  DeleteInternetGatewayCommand,
  DescribeInternetGatewaysCommand,
  type DescribeInternetGatewaysCommandOutput,
  DetachInternetGatewayCommand,
  type InternetGateway,
} from '@aws-sdk/client-ec2';
import { interfaceBlockers } from '../../model/blockers.js';
import type { ListedResource } from '../../model/inventory.js';
import { type AwsContext, callOptions } from '../context.js';
import { clusterNames, clusterTagKey, fromTagList } from '../naming.js';
import { isEventuallyConsistent, retry } from '../retry.js';
import {
  allPages,
  clusterFilters,
  compact,
  createKeepingOne,
  type Ensured,
  ignoringCodes,
  keeperOf,
  ownedTagsIn,
  tagShared,
  tagSpecification,
} from './common.js';
import { type ResourceKind, taggedOrphan } from './kind.js';
import { instancesIn, type KindTeardown, removeEc2ClusterTags } from './teardown-kind.js';

export async function findAttachedGateway(
  ctx: AwsContext,
  vpcId: string,
): Promise<InternetGateway | undefined> {
  const { InternetGateways = [] } = await ctx.clients
    .ec2(ctx.region)
    .send(
      new DescribeInternetGatewaysCommand({ Filters: [{ Name: 'attachment.vpc-id', Values: [vpcId] }] }),
      callOptions(ctx),
    );
  return InternetGateways[0];
}

/** The cluster's gateways: attached to `vpcId`, or detached (a crash between create and attach). */
async function findTaggedGateways(
  ctx: AwsContext,
  cluster: string,
  vpcId: string,
): Promise<InternetGateway[]> {
  const { InternetGateways = [] } = await ctx.clients
    .ec2(ctx.region)
    .send(new DescribeInternetGatewaysCommand({ Filters: clusterFilters(cluster) }), callOptions(ctx));
  return InternetGateways.filter(
    (gateway) =>
      !gateway.Attachments?.length || gateway.Attachments.some((attachment) => attachment.VpcId === vpcId),
  );
}

const isAttached = (gateway: InternetGateway) => Boolean(gateway.Attachments?.length);
const gatewayId = (gateway: InternetGateway) => gateway.InternetGatewayId!;

/**
 * The VPC's gateway: the one already attached (a user's VPC: tagged shared), or ours left detached
 * by a crash, or a new one. `owned` is false when the gateway came with a user's VPC.
 */
export async function ensureInternetGateway(
  ctx: AwsContext,
  input: { cluster: string; vpcId: string; sharedVpc: boolean },
): Promise<Ensured<InternetGateway> & { owned: boolean }> {
  const ec2 = ctx.clients.ec2(ctx.region);
  // Both lookups at once (one round trip, not two); the tagged one is wasted only on a rerun.
  const [attached, tagged] = await Promise.all([
    findAttachedGateway(ctx, input.vpcId),
    findTaggedGateways(ctx, input.cluster, input.vpcId),
  ]);
  if (attached) {
    if (input.sharedVpc && !attached.Tags?.some((tag) => tag.Key === clusterTagKey(input.cluster))) {
      await tagShared(ctx, input.cluster, attached.InternetGatewayId!);
    }
    const owned =
      !input.sharedVpc ||
      attached.Tags?.some((tag) => tag.Key === clusterTagKey(input.cluster) && tag.Value === 'owned');
    return { value: attached, created: false, owned: Boolean(owned) };
  }
  let gateway = keeperOf(
    tagged.filter((found) => !isAttached(found)),
    gatewayId,
  );
  const created = !gateway;
  if (!gateway) {
    ({ value: gateway } = await createKeepingOne(ctx, {
      findAll: () => findTaggedGateways(ctx, input.cluster, input.vpcId),
      idOf: gatewayId,
      // One a racing run attached already is the VPC's: the VPC takes no second one.
      preferred: (gateways) => keeperOf(gateways.filter(isAttached), gatewayId),
      remove: (extra) =>
        ctx.clients
          .ec2(ctx.region)
          .send(
            new DeleteInternetGatewayCommand({ InternetGatewayId: extra.InternetGatewayId }),
            callOptions(ctx),
          )
          .then(() => undefined),
      create: async () =>
        (
          await ctx.clients
            .withoutRetries()
            .ec2(ctx.region)
            .send(
              new CreateInternetGatewayCommand({
                TagSpecifications: tagSpecification(
                  'internet-gateway',
                  ownedTagsIn(ctx, input.cluster, clusterNames(input.cluster, ctx.region).internetGateway),
                ),
              }),
              callOptions(ctx),
            )
        ).InternetGateway!,
    }));
  }
  await retry(
    () =>
      ignoringCodes(
        ec2.send(
          new AttachInternetGatewayCommand({
            InternetGatewayId: gateway.InternetGatewayId,
            VpcId: input.vpcId,
          }),
          callOptions(ctx),
        ),
        ['Resource.AlreadyAssociated'],
      ),
    { retryIf: isEventuallyConsistent, signal: ctx.signal, maxMs: 60_000 },
  );
  return { value: gateway, created, owned: true };
}

/**
 * Every internet gateway of the region: kube-up left its gateway untagged, so the one attached to
 * a cluster's VPC is found by its attachment, not a tag (as kops does). One unfiltered call (about
 * one gateway per VPC) instead of a second round trip filtered by the cluster VPCs' ids.
 */
export async function listInternetGateways(ctx: AwsContext): Promise<ListedResource[]> {
  const ec2 = ctx.clients.ec2(ctx.region);
  const gateways = await allPages(
    (NextToken) => ec2.send(new DescribeInternetGatewaysCommand({ NextToken }), callOptions(ctx)),
    (page: DescribeInternetGatewaysCommandOutput) => page.InternetGateways,
    (page) => page.NextToken,
  );
  return gateways.map((gateway) => {
    const tags = fromTagList(gateway.Tags);
    const attachments = (gateway.Attachments ?? [])
      .filter((attachment) => attachment.VpcId)
      .map((attachment) => compact({ id: attachment.VpcId!, state: attachment.State }));
    return {
      type: 'internet-gateway',
      id: gateway.InternetGatewayId!,
      name: tags.Name ?? gateway.InternetGatewayId!,
      region: ctx.region,
      state: attachments.length > 0 ? 'attached' : 'detached',
      tags,
      refs: compact({ vpcId: attachments[0]?.id, attachments }),
    };
  });
}

/** Detaches the gateway from every VPC it is attached to now, then deletes it. */
export async function deleteInternetGateway(ctx: AwsContext, gatewayId: string): Promise<void> {
  const ec2 = ctx.clients.ec2(ctx.region);
  const { InternetGateways = [] } = await ec2.send(
    new DescribeInternetGatewaysCommand({ InternetGatewayIds: [gatewayId] }),
    callOptions(ctx),
  );
  for (const attachment of InternetGateways[0]?.Attachments ?? []) {
    if (!attachment.VpcId) continue;
    await ignoringCodes(
      ec2.send(
        new DetachInternetGatewayCommand({ InternetGatewayId: gatewayId, VpcId: attachment.VpcId }),
        callOptions(ctx),
      ),
      ['Gateway.NotAttached', 'InvalidVpcID.NotFound'],
    );
  }
  await ec2.send(new DeleteInternetGatewayCommand({ InternetGatewayId: gatewayId }), callOptions(ctx));
}

/**
 * AWS refuses to detach a gateway while the VPC still maps public addresses: instances, Elastic
 * IPs and load balancers go first. moto lets a VPC be deleted with its gateway still attached, so
 * the gateway also goes before the VPC (the VPC declares that).
 */
export const internetGatewayTeardown: KindTeardown = {
  blockedBy: (gateway, removing) => {
    const vpcs = new Set((gateway.refs.attachments ?? []).map((attachment) => attachment.id));
    return [
      ...instancesIn(removing, gateway.region),
      ...removing.filter(
        (other) =>
          other.region === gateway.region &&
          (other.type === 'elastic-ip' ||
            (other.type === 'load-balancer' && other.refs.vpcId !== undefined && vpcs.has(other.refs.vpcId))),
      ),
    ];
  },
  // "Network vpc-… has some mapped public address(es)": the interfaces with a public IPv4 in its VPCs.
  blockersIn: (gateway, facts, ownership) => {
    const vpcs = new Set((gateway.refs.attachments ?? []).map((attachment) => attachment.id));
    return interfaceBlockers(
      facts.interfaces.filter((eni) => eni.publicIp && eni.vpcId && vpcs.has(eni.vpcId)),
      facts,
      ownership,
    );
  },
  remove: (ctx, step) => deleteInternetGateway(ctx, step.id),
  removeTags: (ctx, gateway, cluster) => removeEc2ClusterTags(ctx, gateway.id, gateway.tags, cluster),
};

/**
 * Tagged for the cluster, or kube-up's untagged gateway: the one attached to a cluster's VPC
 * (shared when the VPC is, and then only untagged, never deleted).
 */
export const internetGatewayKind: ResourceKind = {
  type: 'internet-gateway',
  scope: 'region',
  teardownRank: 100,
  list: [{ label: 'internet gateways', list: listInternetGateways }],
  find: findAttachedGateway,
  ensure: ensureInternetGateway,
  claim: {
    byTag: true,
    also: (gateway, view) => {
      for (const attachment of gateway.refs.attachments ?? []) {
        for (const entry of view.claimants(view.byId('vpc', gateway.region, attachment.id))) {
          view.claim(gateway, entry.cluster, entry.ownership === 'shared' ? 'shared' : 'kube-up-name');
        }
      }
    },
  },
  orphan: (gateway, view) =>
    (gateway.refs.attachments?.length ?? 0) > 0
      ? undefined
      : taggedOrphan(gateway, view, 'attached to no VPC'),
  action: (gateway, plan) =>
    plan.kept(gateway, "the gateway of a VPC that is not the cluster's") ?? plan.deleted(gateway),
  teardown: internetGatewayTeardown,
  price: 'free',
};
