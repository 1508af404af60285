// The master instance `<C>-master`: fixed private IP (172.20.0.9), public IP at launch, master
// profile and group, IMDSv2 required, encrypted gp3 root. Listed, every instance; priced, a spot
// node at its zone's spot price now.
import {
  type _InstanceType,
  DescribeInstancesCommand,
  type DescribeInstancesCommandOutput,
  DescribeSpotPriceHistoryCommand,
  type Filter,
  type Instance,
  RunInstancesCommand,
  TerminateInstancesCommand,
  waitUntilInstanceRunning,
  waitUntilInstanceTerminated,
} from '@aws-sdk/client-ec2';
import type { ListedResource } from '../../model/inventory.js';
import { INSTANCE_HOURLY_USD, PUBLIC_IPV4_HOURLY_USD } from '../../model/prices.js';
import type { AwsClients } from '../clients.js';
import { type AwsContext, callOptions } from '../context.js';
import { classifyError } from '../errors.js';
import { clusterNames, fromTagList, toTagList } from '../naming.js';
import { isEventuallyConsistent, retry } from '../retry.js';
import {
  chunks,
  clusterFilters,
  compact,
  createOnce,
  type Ensured,
  iso,
  nameFromArn,
  ownedTagsIn,
} from './common.js';
import type { ResourceKind } from './kind.js';
import {
  type KindTeardown,
  removeEc2ClusterTags,
  removingOf,
  type TeardownContext,
} from './teardown-kind.js';

/** States in which an instance still exists and holds its role, key, address and volumes. */
const LIVE_INSTANCE_STATES = ['pending', 'running', 'stopping', 'stopped'];

/** A root disk as the options give it: its type and size (GiB, at least the image's snapshot). */
export interface RootDisk {
  type: 'gp3' | 'gp2';
  sizeGiB: number;
}

/**
 * IMDSv2 only, hop limit 1: a pod on the pod network is one hop further (the CNI bridge), so its
 * token request never gets an answer and it cannot take the instance role. The add-ons that call
 * AWS (cloud controller, EBS CSI controller, Fluent Bit to CloudWatch) run with host networking.
 */
export const METADATA_OPTIONS = {
  HttpTokens: 'required',
  HttpEndpoint: 'enabled',
  HttpPutResponseHopLimit: 1,
} as const;

/** The root device's mapping: the options' type and size, encrypted, gone with the instance. */
export function rootVolume(deviceName: string, disk: RootDisk) {
  return [
    {
      DeviceName: deviceName,
      Ebs: {
        VolumeType: disk.type,
        VolumeSize: disk.sizeGiB,
        Encrypted: true,
        DeleteOnTermination: true,
      },
    },
  ];
}

export async function describeInstances(
  ctx: AwsContext,
  filters: Filter[],
  maxResults?: number,
): Promise<Instance[]> {
  const instances: Instance[] = [];
  let NextToken: string | undefined;
  do {
    const page = await ctx.clients.ec2(ctx.region).send(
      new DescribeInstancesCommand({
        Filters: filters,
        NextToken,
        ...(maxResults ? { MaxResults: maxResults } : {}),
      }),
      callOptions(ctx),
    );
    for (const reservation of page.Reservations ?? []) instances.push(...(reservation.Instances ?? []));
    NextToken = page.NextToken;
  } while (NextToken);
  return instances;
}

export async function findMaster(ctx: AwsContext, cluster: string): Promise<Instance | undefined> {
  const [master] = await describeInstances(ctx, [
    ...clusterFilters(cluster, { Role: clusterNames(cluster, ctx.region).masterInstance }),
    { Name: 'instance-state-name', Values: LIVE_INSTANCE_STATES },
  ]);
  return master;
}

export interface MasterLaunch {
  cluster: string;
  imageId: string;
  rootDeviceName: string;
  rootDisk: RootDisk;
  instanceType: string;
  keyName: string;
  subnetId: string;
  privateIp: string;
  securityGroupId: string;
  instanceProfileName: string;
  userData: string;
  clientToken: string;
  /** The VPC was made by this run: no master of the cluster can be in it, so none is looked for. */
  vpcMadeNow?: boolean;
}

export async function ensureMaster(ctx: AwsContext, launch: MasterLaunch): Promise<Ensured<Instance>> {
  const existing = launch.vpcMadeNow ? undefined : await findMaster(ctx, launch.cluster);
  if (existing) return { value: existing, created: false };
  const names = clusterNames(launch.cluster, ctx.region);
  const request = new RunInstancesCommand({
    ImageId: launch.imageId,
    InstanceType: launch.instanceType as _InstanceType,
    KeyName: launch.keyName,
    MinCount: 1,
    MaxCount: 1,
    NetworkInterfaces: [
      {
        DeviceIndex: 0,
        SubnetId: launch.subnetId,
        PrivateIpAddress: launch.privateIp,
        Groups: [launch.securityGroupId],
        AssociatePublicIpAddress: true,
        DeleteOnTermination: true,
      },
    ],
    IamInstanceProfile: { Name: launch.instanceProfileName },
    MetadataOptions: METADATA_OPTIONS,
    BlockDeviceMappings: rootVolume(launch.rootDeviceName, launch.rootDisk),
    UserData: Buffer.from(launch.userData).toString('base64'),
    // RunInstances is idempotent per token: a retry whose first answer was lost gets the same instance.
    ClientToken: launch.clientToken,
    TagSpecifications: [
      {
        ResourceType: 'instance',
        Tags: toTagList(
          ownedTagsIn(ctx, launch.cluster, names.masterInstance, { Role: names.masterInstance }),
        ),
      },
      {
        ResourceType: 'volume',
        Tags: toTagList(ownedTagsIn(ctx, launch.cluster, `${names.masterInstance}-root`)),
      },
    ],
  });
  // A profile made a moment ago is not always usable by EC2 yet ("Invalid IAM Instance Profile").
  return retry(
    () =>
      createOnce(ctx, {
        find: () => findMaster(ctx, launch.cluster),
        create: async (sending) =>
          (await sending.clients.withoutRetries().ec2(sending.region).send(request, callOptions(sending)))
            .Instances![0]!,
      }),
    { retryIf: isEventuallyConsistent, signal: ctx.signal, maxMs: 120_000, initialDelayMs: 2_000 },
  );
}

/** Waits (bounded) until the instances run; returns their current descriptions. */
export async function waitUntilRunning(
  ctx: AwsContext,
  instanceIds: string[],
  maxWaitSeconds = 600,
): Promise<Instance[]> {
  if (instanceIds.length === 0) return [];
  const ec2 = ctx.clients.ec2(ctx.region);
  const { reason } = await waitUntilInstanceRunning(
    { client: ec2, maxWaitTime: maxWaitSeconds, minDelay: 3, maxDelay: 15, abortSignal: ctx.signal },
    { InstanceIds: instanceIds },
  );
  // The waiter's last answer describes every instance already: one round trip less, and
  // the instances come back in the order asked for.
  const described = ((reason as DescribeInstancesCommandOutput | undefined)?.Reservations ?? []).flatMap(
    (reservation) => reservation.Instances ?? [],
  );
  const byId = new Map(described.map((instance) => [instance.InstanceId, instance]));
  if (instanceIds.every((id) => byId.has(id))) return instanceIds.map((id) => byId.get(id)!);
  return describeInstances(ctx, [{ Name: 'instance-id', Values: instanceIds }]);
}

/**
 * Every live instance of the region, tagged or not: tagged ones make their cluster exist, and all of
 * them count as users of key pairs and instance profiles. Terminated and shutting-down instances
 * are left out (AWS lists them for an hour; moto until reset).
 */
export async function listInstances(ctx: AwsContext): Promise<ListedResource[]> {
  const instances = await describeInstances(
    ctx,
    [{ Name: 'instance-state-name', Values: LIVE_INSTANCE_STATES }],
    1000,
  );
  return instances.map((instance) => {
    const tags = fromTagList(instance.Tags);
    const securityGroupIds = new Set<string>();
    for (const group of instance.SecurityGroups ?? []) if (group.GroupId) securityGroupIds.add(group.GroupId);
    const launchTemplateId = tags['aws:ec2launchtemplate:id'];
    return {
      type: 'instance',
      id: instance.InstanceId!,
      name: tags.Name ?? instance.InstanceId!,
      region: ctx.region,
      ...(instance.State?.Name ? { state: instance.State.Name } : {}),
      tags,
      ...(instance.LaunchTime ? { createdAt: iso(instance.LaunchTime) } : {}),
      refs: compact({
        vpcId: instance.VpcId,
        subnetIds: instance.SubnetId ? [instance.SubnetId] : undefined,
        securityGroupIds: [...securityGroupIds].sort(),
        keyName: instance.KeyName,
        instanceProfile: nameFromArn(instance.IamInstanceProfile?.Arn),
        autoScalingGroup: tags['aws:autoscaling:groupName'],
        launchTemplate: launchTemplateId
          ? compact({ id: launchTemplateId, version: tags['aws:ec2launchtemplate:version'] })
          : undefined,
        publicIp: instance.PublicIpAddress,
      }),
      detail: compact({
        instanceType: instance.InstanceType,
        zone: instance.Placement?.AvailabilityZone,
        role: tags.Role,
        market: instance.InstanceLifecycle === 'spot' ? ('spot' as const) : undefined,
      }),
    };
  });
}

/**
 * The region's billed spot instances: spot by AWS's word (`InstanceLifecycle`), or launched by a
 * group with no on-demand capacity (moto does not set the lifecycle of a group's spot nodes).
 */
function spotInstancesIn(listed: readonly ListedResource[]): Set<ListedResource> {
  const spotGroups = new Set(
    listed
      .filter((resource) => resource.type === 'auto-scaling-group' && resource.detail?.market === 'spot')
      .map((group) => group.id),
  );
  return new Set(
    listed.filter(
      (resource) =>
        resource.type === 'instance' &&
        BILLED_STATES.has(resource.state ?? '') &&
        (resource.detail?.market === 'spot' || spotGroups.has(resource.refs.autoScalingGroup ?? '')),
    ),
  );
}

/** A spot pool's key: the price of a spot instance is its type's in its zone. */
export const spotPool = (instanceType: string | undefined, zone: string | undefined) =>
  `${instanceType} ${zone}`;

/**
 * The types' current Linux spot prices in every zone of the region (USD/hour), keyed by `spotPool`:
 * one DescribeSpotPriceHistory (and its pages) with start time now, which returns each pool's last
 * change before it. A history that cannot be read is an empty map: every reader then says the
 * price is unknown, never $0 and never a refusal (only a cancellation is thrown).
 */
export async function spotPricesNow(ctx: AwsContext, types: readonly string[]): Promise<Map<string, number>> {
  const latest = new Map<string, { usd: number; at: number }>();
  try {
    await readSpotHistory(ctx, types, latest);
  } catch (error) {
    if (ctx.signal?.aborted) throw error;
    return new Map();
  }
  return new Map([...latest].map(([pool, { usd }]) => [pool, usd]));
}

async function readSpotHistory(
  ctx: AwsContext,
  types: readonly string[],
  latest: Map<string, { usd: number; at: number }>,
): Promise<void> {
  let NextToken: string | undefined;
  do {
    const page = await ctx.clients.ec2(ctx.region).send(
      new DescribeSpotPriceHistoryCommand({
        InstanceTypes: types as _InstanceType[],
        ProductDescriptions: ['Linux/UNIX'],
        StartTime: new Date(),
        ...(NextToken ? { NextToken } : {}),
      }),
      callOptions(ctx),
    );
    for (const entry of page.SpotPriceHistory ?? []) {
      const usd = Number(entry.SpotPrice);
      const at = entry.Timestamp?.getTime() ?? 0;
      const pool = spotPool(entry.InstanceType, entry.AvailabilityZone);
      if (!Number.isFinite(usd) || usd <= 0 || !entry.AvailabilityZone) continue;
      if ((latest.get(pool)?.at ?? -1) < at) latest.set(pool, { usd, at });
    }
    NextToken = page.NextToken || undefined;
  } while (NextToken);
}

/** The type's spot price in each of the zones, or undefined when a zone's is missing. */
export function spotPricesByZone(
  pools: ReadonlyMap<string, number>,
  instanceType: string,
  zones: readonly string[],
): Record<string, number> | undefined {
  const prices = zones.map((zone) => pools.get(spotPool(instanceType, zone)));
  if (zones.length === 0 || prices.some((usd) => usd === undefined)) return undefined;
  return Object.fromEntries(zones.map((zone, index) => [zone, prices[index]!]));
}

/**
 * Nodes spread evenly over the zones cost the mean of the zones' spot prices (six decimals, as
 * AWS's); undefined when a zone's price is missing.
 */
export function meanSpotPrice(byZone: Record<string, number> | undefined): number | undefined {
  const prices = Object.values(byZone ?? {});
  if (prices.length === 0) return undefined;
  return Number((prices.reduce((sum, usd) => sum + usd, 0) / prices.length).toFixed(6));
}

/**
 * Marks the region's spot instances and puts on each its type's spot price in its zone now, in one
 * call for all of them and none when the region has no spot instance. A price that cannot be read
 * is left out: the node is then unpriced, never priced at the on-demand rate it does not pay.
 */
async function priceSpotInstances(
  ctx: AwsContext,
  listed: readonly ListedResource[],
): Promise<ListedResource[]> {
  const spot = spotInstancesIn(listed);
  if (spot.size === 0) return [...listed];
  const types = [...new Set([...spot].map((instance) => instance.detail?.instanceType ?? ''))].filter(
    Boolean,
  );
  const prices = await spotPricesNow(ctx, types);
  return listed.map((resource) => {
    if (!spot.has(resource)) return resource;
    const usd = prices.get(spotPool(resource.detail?.instanceType, resource.detail?.zone));
    return {
      ...resource,
      detail: { ...resource.detail, market: 'spot', ...(usd === undefined ? {} : { spotHourlyUsd: usd }) },
    };
  });
}

/** TerminateInstances takes up to 1000 ids; kops sends 100 at a time. */
const TERMINATE_BATCH = 100;
/** The longest one wait for termination may take (it is also bounded by the teardown's deadline). */
export const TERMINATE_WAIT_SECONDS = 600;

/**
 * Terminates the instances (one call per 100). An id that no longer exists fails the whole call,
 * so then each is terminated alone and the missing ones count as done.
 */
export async function terminateInstances(ctx: AwsContext, instanceIds: string[]): Promise<void> {
  const ec2 = ctx.clients.ec2(ctx.region);
  for (const batch of chunks(instanceIds, TERMINATE_BATCH)) {
    try {
      await ec2.send(new TerminateInstancesCommand({ InstanceIds: batch }), callOptions(ctx));
    } catch (error) {
      if (classifyError(error).kind !== 'not-found' || batch.length === 1) throw error;
      for (const id of batch) {
        try {
          await ec2.send(new TerminateInstancesCommand({ InstanceIds: [id] }), callOptions(ctx));
        } catch (single) {
          if (classifyError(single).kind !== 'not-found') throw single;
        }
      }
    }
  }
}

/** Waits (SDK waiter, bounded by `maxWaitSeconds`) until every instance is terminated. */
export async function waitUntilTerminated(
  ctx: AwsContext,
  instanceIds: string[],
  maxWaitSeconds = TERMINATE_WAIT_SECONDS,
): Promise<void> {
  if (instanceIds.length === 0) return;
  const minDelay = 5;
  const maxWaitTime = Math.max(minDelay + 1, Math.floor(maxWaitSeconds));
  try {
    await waitUntilInstanceTerminated(
      { client: ctx.clients.ec2(ctx.region), maxWaitTime, minDelay, maxDelay: 15, abortSignal: ctx.signal },
      { InstanceIds: instanceIds },
    );
  } catch (error) {
    if (error instanceof Error && error.name === 'AbortError') throw error;
    // The waiter's own message is a JSON dump of the last answer.
    throw Object.assign(
      new Error(`${instanceIds.join(', ')} not terminated after waiting ${maxWaitTime} s`),
      { name: 'TimeoutError' },
    );
  }
}

interface PendingTermination {
  ids: Set<string>;
  details: ((message: string) => void)[];
  done: Promise<void>;
}

// Instances that become ready in the same turn of the event loop are terminated and waited for
// together: one TerminateInstances and one waiter instead of one each.
const pendingTerminations = new WeakMap<AwsClients, Map<string, PendingTermination>>();

function terminateTogether(ctx: TeardownContext, instanceId: string): Promise<void> {
  let byRegion = pendingTerminations.get(ctx.clients);
  if (!byRegion) {
    byRegion = new Map();
    pendingTerminations.set(ctx.clients, byRegion);
  }
  let pending = byRegion.get(ctx.region);
  if (!pending) {
    const batch: PendingTermination = {
      ids: new Set(),
      details: [],
      done: new Promise<void>((resolve) => setImmediate(resolve)).then(async () => {
        byRegion.delete(ctx.region);
        const ids = [...batch.ids];
        await terminateInstances(ctx, ids);
        for (const detail of batch.details) detail('terminating; waiting until it is terminated');
        await waitUntilTerminated(ctx, ids, Math.min(TERMINATE_WAIT_SECONDS, ctx.remainingMs() / 1000));
      }),
    };
    pending = batch;
    byRegion.set(ctx.region, batch);
  }
  pending.ids.add(instanceId);
  pending.details.push((message) => ctx.detail(message));
  return pending.done;
}

/**
 * Instances are terminated after the load balancers in front of them, and nodes after their Auto
 * Scaling group is force-deleted (else the group replaces them at once). Done means terminated,
 * not merely terminating: groups, subnets and volumes wait for that.
 */
export const instanceTeardown: KindTeardown = {
  blockedBy: (instance, removing) => [
    ...removingOf(removing, 'load-balancer', instance.region),
    ...removingOf(removing, 'auto-scaling-group', instance.region).filter(
      (group) => group.id === instance.refs.autoScalingGroup,
    ),
  ],
  remove: (ctx, step) => terminateTogether(ctx, step.id),
  removeTags: (ctx, instance, cluster) => removeEc2ClusterTags(ctx, instance.id, instance.tags, cluster),
};

/** Instance states billed by the hour (a stopped instance costs only its volumes). */
const BILLED_STATES = new Set(['pending', 'running']);

/** A pending, running, stopping or stopped instance: the only ones classified. */
function isLiveInstance(resource: ListedResource): boolean {
  return resource.type === 'instance' && LIVE_INSTANCE_STATES.includes(resource.state ?? '');
}

/** A live instance tagged owned makes its cluster live; a terminated one is left out altogether. */
export const instanceKind: ResourceKind = {
  type: 'instance',
  scope: 'region',
  teardownRank: 20,
  list: [{ label: 'instances', list: listInstances }],
  find: findMaster,
  ensure: ensureMaster,
  ignore: (instance) => !isLiveInstance(instance),
  marksClusterLive: (membership) => membership === 'owned',
  launches: true,
  claim: { byTag: true },
  orphan: 'never',
  teardown: instanceTeardown,
  enrich: priceSpotInstances,
  // Its type's hourly price (a spot node's: the spot price now), and its public IPv4 unless that is
  // a billed Elastic IP of its cluster.
  price: (instance, among) => {
    if (!BILLED_STATES.has(instance.state ?? '')) return undefined;
    const spot = instance.detail?.market === 'spot';
    const type = `${spot ? 'spot ' : ''}${instance.detail?.instanceType ?? 'unknown'}`;
    const typeUsd = spot ? instance.detail?.spotHourlyUsd : INSTANCE_HOURLY_USD[type];
    const publicIp = instance.refs.publicIp;
    const ownAddress =
      publicIp !== undefined &&
      among.some(
        (other) =>
          other.type === 'elastic-ip' &&
          other.refs.publicIp === publicIp &&
          (other.ownership === 'owned' || other.ownership === 'kube-up-name'),
      );
    const addressUsd = publicIp !== undefined && !ownAddress ? PUBLIC_IPV4_HOURLY_USD : 0;
    return typeUsd === undefined
      ? { hourlyUsd: addressUsd, unpriced: type }
      : { hourlyUsd: typeUsd + addressUsd };
  },
};
