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

/** The cluster's gateways, by its tags: attached to its VPC, or detached (a crash between create and attach). */
async function findTaggedGateways(ctx: AwsContext, cluster: string): Promise<InternetGateway[]> {
  const { InternetGateways = [] } = await ctx.clients
    .ec2(ctx.region)
    .send(new DescribeInternetGatewaysCommand({ Filters: clusterFilters(cluster) }), callOptions(ctx));
  return InternetGateways;
}

const isAttached = (gateway: InternetGateway) => Boolean(gateway.Attachments?.length);
const isAttachedTo = (gateway: InternetGateway, vpcId: string) =>
  Boolean(gateway.Attachments?.some((attachment) => attachment.VpcId === vpcId));
const gatewayId = (gateway: InternetGateway) => gateway.InternetGatewayId!;

const deleteGateway = (ctx: AwsContext, gateway: InternetGateway) =>
  ctx.clients
    .ec2(ctx.region)
    .send(
      new DeleteInternetGatewayCommand({ InternetGatewayId: gateway.InternetGatewayId }),
      callOptions(ctx),
    )
    .then(() => undefined);

/**
 * The cluster's own gateway, found or made without knowing its VPC, so that it is made while the
 * VPC is: one tagged for the cluster (attached: a rerun; detached: a crash before the attach), else
 * a new one. Only `inVpc` (when the VPC is known) narrows the tagged ones to it.
 */
export async function ensureClusterGateway(
  ctx: AwsContext,
  input: { cluster: string; inVpc?: string },
): Promise<Ensured<InternetGateway>> {
  const usable = (gateways: InternetGateway[]) =>
    gateways.filter(
      (gateway) => !isAttached(gateway) || input.inVpc === undefined || isAttachedTo(gateway, input.inVpc),
    );
  // One a racing run attached already is the VPC's: the VPC takes no second one.
  const choose = (gateways: InternetGateway[]) =>
    keeperOf(gateways.filter(isAttached), gatewayId) ?? keeperOf(gateways, gatewayId);
  const found = choose(usable(await findTaggedGateways(ctx, input.cluster)));
  if (found) return { value: found, created: false };
  return createKeepingOne(ctx, {
    findAll: async () => usable(await findTaggedGateways(ctx, input.cluster)),
    idOf: gatewayId,
    preferred: (gateways) => keeperOf(gateways.filter(isAttached), gatewayId),
    remove: (extra) => deleteGateway(ctx, extra),
    create: async (sending) =>
      (
        await sending.clients
          .withoutRetries()
          .ec2(sending.region)
          .send(
            new CreateInternetGatewayCommand({
              TagSpecifications: tagSpecification(
                'internet-gateway',
                ownedTagsIn(ctx, input.cluster, clusterNames(input.cluster, ctx.region).internetGateway),
              ),
            }),
            callOptions(sending),
          )
      ).InternetGateway!,
  });
}

/**
 * Attaches the cluster's gateway to its VPC. A VPC that was there before this run (`vpcMayHaveOne`)
 * may have a gateway already (kube-up left its own untagged): the VPC keeps that one, and a gateway
 * this run made for it is deleted again. Returns the id of the gateway the VPC routes through.
 */
export async function attachClusterGateway(
  ctx: AwsContext,
  input: { cluster: string; vpcId: string; vpcMayHaveOne: boolean; gateway: Ensured<InternetGateway> },
): Promise<string> {
  let gateway = input.gateway.value;
  if (isAttachedTo(gateway, input.vpcId)) return gatewayId(gateway);
  const attached = input.vpcMayHaveOne ? await findAttachedGateway(ctx, input.vpcId) : undefined;
  if (attached) {
    if (input.gateway.created) await deleteGateway(ctx, gateway);
    return gatewayId(attached);
  }
  // Tagged for this cluster but attached to another VPC (one a crash left): not this VPC's.
  if (isAttached(gateway)) {
    gateway = (await ensureClusterGateway(ctx, { cluster: input.cluster, inVpc: input.vpcId })).value;
    if (isAttachedTo(gateway, input.vpcId)) return gatewayId(gateway);
  }
  await retry(
    () =>
      ignoringCodes(
        ctx.clients.ec2(ctx.region).send(
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
  return gatewayId(gateway);
}

/**
 * The VPC's gateway: the one already attached (a user's VPC: tagged shared; kube-up's, untagged),
 * or the cluster's own (ensureClusterGateway, then attached). `owned` is false when the gateway
 * came with a user's VPC.
 */
export async function ensureInternetGateway(
  ctx: AwsContext,
  input: { cluster: string; vpcId: string; sharedVpc: boolean },
): Promise<Ensured<InternetGateway> & { owned: boolean }> {
  const attached = await findAttachedGateway(ctx, input.vpcId);
  if (attached) {
    if (input.sharedVpc && !attached.Tags?.some((tag) => tag.Key === clusterTagKey(input.cluster))) {
      await tagShared(ctx, input.cluster, attached.InternetGatewayId!);
    }
    const owned =
      !input.sharedVpc ||
      attached.Tags?.some((tag) => tag.Key === clusterTagKey(input.cluster) && tag.Value === 'owned');
    return { value: attached, created: false, owned: Boolean(owned) };
  }
  const ensured = await ensureClusterGateway(ctx, { cluster: input.cluster, inVpc: input.vpcId });
  const id = await attachClusterGateway(ctx, {
    cluster: input.cluster,
    vpcId: input.vpcId,
    vpcMayHaveOne: false,
    gateway: ensured,
  });
  return { value: { ...ensured.value, InternetGatewayId: id }, created: ensured.created, owned: true };
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
