// Turns validated options into a concrete plan with read-only calls only: the account, the zone,
// the instance types, the image, an existing network, the caller's address. Dry-run prints it,
// the Review screen shows it, provisioning executes it; its steps come from the task table that
// provisioning runs (provision-tasks.ts). Problems the user must fix throw UsageError.
import {
  DescribeInstancesCommand,
  DescribeInstanceTypeOfferingsCommand,
  DescribeInstanceTypesCommand,
  DescribeInternetGatewaysCommand,
  DescribeNetworkInterfacesCommand,
  DescribeRouteTablesCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  type InstanceTypeInfo as Ec2InstanceTypeInfo,
  type RouteTable,
} from '@aws-sdk/client-ec2';
import { GetCallerIdentityCommand, type GetCallerIdentityCommandOutput } from '@aws-sdk/client-sts';
import { readSshKey } from '../local/ssh-key.js';
import { addressInCidr, checkFreeBlocks, cidrContains, parseCidr, type TakenBlock } from '../model/cidr.js';
import type { ClusterConfig } from '../model/config.js';
import { UsageError } from '../model/exit.js';
import { expandHome } from '../model/home-path.js';
import { expiresAtFor } from '../model/lifecycle.js';
import { MASTER_PRIVATE_IP, SUBNET_CIDR, VPC_CIDR } from '../model/network.js';
import { OPTIONS } from '../model/option-table.js';
import type { ClusterPlan, ImageInfo, InstanceTypeInfo, ResolvedConfig } from '../model/plan.js';
import { nodeMarket } from '../model/spot.js';
import { isAddingZones, nodeZoneList } from '../model/zones.js';
import {
  type Architecture,
  checkImageArchitecture,
  describeImage,
  findOsImage,
  likelyArchitecture,
} from './ami.js';
import type { CallerAnswer } from './caller.js';
import { type AwsContext, callOptions } from './context.js';
import { classifyError } from './errors.js';
import { keyPairName, stagingBucketName } from './naming.js';
import { availableZones, checkNodeZones, zoneTargets } from './node-zones.js';
import { permissionsFor } from './preflight.js';
import { plannedSteps } from './provision-tasks.js';
import { settledInOrder } from './resources/common.js';
import { meanSpotPrice, spotPool, spotPricesByZone, spotPricesNow } from './resources/instance.js';
import { foreignSubnetsIn } from './resources/subnet.js';

/** kubeadm's preflight for a control plane: ControlPlaneNumCPU and ControlPlaneMem. */
export const CONTROL_PLANE_MIN_VCPUS = 2;
export const CONTROL_PLANE_MIN_MEMORY_MIB = 1700;
const SMALL_NODE_TYPES = /^t[234][ag]?\.(nano|micro)$/;

export interface PlanOptions {
  /** Learns the caller's public IP for the SSH/API ingress default (skipped against an emulator). */
  callerIp?: () => Promise<string | undefined>;
  /** When the plan is made (milliseconds): a ttl's deadline counts from it. Default: now. */
  now?: number;
  /** STS's answer, when it was asked before the engine loaded (caller.ts). */
  caller?: Promise<CallerAnswer>;
}

/** The caller's public IPv4 address as AWS sees it, or undefined when it cannot be learned quickly. */
export async function learnCallerIp(): Promise<string | undefined> {
  try {
    const response = await fetch('https://checkip.amazonaws.com/', { signal: AbortSignal.timeout(3_000) });
    const text = (await response.text()).trim();
    return /^\d{1,3}(\.\d{1,3}){3}$/.test(text) ? text : undefined;
  } catch {
    return undefined;
  }
}

function instanceTypeInfo(info: Ec2InstanceTypeInfo): InstanceTypeInfo {
  const architectures = info.ProcessorInfo?.SupportedArchitectures ?? [];
  return {
    name: info.InstanceType ?? '',
    vcpus: info.VCpuInfo?.DefaultVCpus ?? 0,
    memoryMiB: info.MemoryInfo?.SizeInMiB ?? 0,
    architecture: architectures.includes('arm64') && !architectures.includes('x86_64') ? 'arm64' : 'x86_64',
  };
}

async function accountId(caller: Promise<GetCallerIdentityCommandOutput>): Promise<string> {
  const identity = await caller;
  if (!identity.Account) throw new Error('STS GetCallerIdentity returned no account id');
  return identity.Account;
}

/** The region's zones, once the master's and every listed node zone are among them. */
async function checkZone(ctx: AwsContext, zone: string, nodeZones: readonly string[]): Promise<string[]> {
  const zones = await availableZones(ctx);
  if (!zones.includes(zone)) {
    throw new UsageError(
      `--zone ${zone}: not a zone of ${ctx.region} (zones there: ${zones.sort().join(', ')})`,
    );
  }
  checkNodeZones(nodeZones, zones, ctx.region);
  return zones;
}

async function instanceTypes(
  ctx: AwsContext,
  config: ClusterConfig,
  nodeZones: readonly string[],
): Promise<[InstanceTypeInfo, InstanceTypeInfo]> {
  const wanted = [...new Set([config.masterSize, config.nodeSize])];
  const [described, offered] = await Promise.all([
    ctx.clients
      .ec2(ctx.region)
      .send(new DescribeInstanceTypesCommand({ InstanceTypes: wanted as never[] }), callOptions(ctx))
      .catch((error: unknown) => {
        if (classifyError(error).kind === 'invalid-input') {
          const bad = wanted.filter((type) => (error as Error).message.includes(type));
          const flag = OPTIONS[bad.includes(config.masterSize) ? 'masterSize' : 'nodeSize'].flag;
          throw new UsageError(`${flag} ${bad.join(', ') || wanted.join(', ')}: not an EC2 instance type`);
        }
        throw error;
      }),
    ctx.clients.ec2(ctx.region).send(
      new DescribeInstanceTypeOfferingsCommand({
        LocationType: 'availability-zone',
        Filters: [
          { Name: 'location', Values: [...new Set([config.zone, ...nodeZones])] },
          { Name: 'instance-type', Values: wanted },
        ],
      }),
      callOptions(ctx),
    ),
  ]);
  const infos = new Map(
    (described.InstanceTypes ?? []).map((info) => [info.InstanceType as string, instanceTypeInfo(info)]),
  );
  const offeredIn = (zone: string) =>
    new Set(
      (offered.InstanceTypeOfferings ?? [])
        .filter((offering) => offering.Location === zone)
        .map((offering) => offering.InstanceType as string),
    );
  const offeredTypes = offeredIn(config.zone);
  for (const [flag, type] of [
    [OPTIONS.masterSize.flag, config.masterSize],
    [OPTIONS.nodeSize.flag, config.nodeSize],
  ] as const) {
    if (!infos.has(type)) throw new UsageError(`${flag} ${type}: not an EC2 instance type in ${ctx.region}`);
    if (!offeredTypes.has(type))
      throw new UsageError(`${flag} ${type}: not offered in ${config.zone}; pick another type or zone`);
  }
  for (const zone of nodeZones) {
    if (zone !== config.zone && !offeredIn(zone).has(config.nodeSize)) {
      throw new UsageError(
        `${OPTIONS.nodeZones.flag} ${zone}: ${config.nodeSize} (${OPTIONS.nodeSize.flag}) is not offered there; pick another type or zone`,
      );
    }
  }
  return [infos.get(config.masterSize)!, infos.get(config.nodeSize)!];
}

function sizeWarnings(config: ClusterConfig, master: InstanceTypeInfo, node: InstanceTypeInfo): string[] {
  if (master.vcpus < CONTROL_PLANE_MIN_VCPUS || master.memoryMiB < CONTROL_PLANE_MIN_MEMORY_MIB) {
    throw new UsageError(
      `--master-size ${master.name}: ${master.vcpus} vCPU and ${master.memoryMiB} MiB; kubeadm refuses a control plane with fewer than ${CONTROL_PLANE_MIN_VCPUS} vCPU or ${CONTROL_PLANE_MIN_MEMORY_MIB} MiB (use t3.small or larger; t3.medium is the default)`,
    );
  }
  if (master.architecture !== node.architecture) {
    throw new UsageError(
      `--node-size ${node.name} is ${node.architecture} but --master-size ${master.name} is ${master.architecture}: all instances boot one image, pick sizes of one architecture`,
    );
  }
  const warnings: string[] = [];
  if (SMALL_NODE_TYPES.test(node.name) || node.memoryMiB < 2048) {
    warnings.push(
      `node size ${node.name} (${node.memoryMiB} MiB): nodes this small run out of memory and drop to NotReady, as the kube-up article warned; use at least t3.small`,
    );
  }
  if (config.clusterLogging && node.memoryMiB < 4096) {
    warnings.push(
      `node size ${node.name} with cluster logging on: Elasticsearch and Kibana will not fit in ${node.memoryMiB} MiB; turn cluster logging off (--cluster-logging false) or use larger nodes`,
    );
  }
  return warnings;
}

function defaultRouteIsInternet(table: RouteTable | undefined): boolean {
  return Boolean(
    table?.Routes?.some(
      (route) => route.DestinationCidrBlock === '0.0.0.0/0' && route.GatewayId?.startsWith('igw-'),
    ),
  );
}

interface NetworkPlan {
  masterPrivateIp: string;
  /** The VPC's CIDR: every zone's subnet lies in it. */
  vpcCidr: string;
  subnetCidr?: string;
  /** The gateway already attached to the user's VPC, which provisioning reuses. */
  internetGatewayId?: string;
  /** The user's VPC's subnets that are not this cluster's: a subnet to create must not overlap them. */
  foreignSubnets?: TakenBlock[];
}

async function attachedGateway(ctx: AwsContext, vpcId: string): Promise<string | undefined> {
  const { InternetGateways = [] } = await ctx.clients
    .ec2(ctx.region)
    .send(
      new DescribeInternetGatewaysCommand({ Filters: [{ Name: 'attachment.vpc-id', Values: [vpcId] }] }),
      callOptions(ctx),
    );
  return InternetGateways[0]?.InternetGatewayId;
}

/** Validates VPC_ID / SUBNET_ID / KUBE_SUBNET_CIDR against AWS (DESIGN.md section 2, existing network). */
async function existingNetwork(ctx: AwsContext, config: ClusterConfig): Promise<NetworkPlan> {
  const ec2 = ctx.clients.ec2(ctx.region);
  if (!config.vpcId) {
    const subnetCidr = config.subnetCidr ?? SUBNET_CIDR;
    const cidr = parseCidr(subnetCidr)!;
    return {
      subnetCidr,
      vpcCidr: VPC_CIDR,
      masterPrivateIp: config.subnetCidr ? addressInCidr(cidr, 9) : MASTER_PRIVATE_IP,
    };
  }
  const vpc = await ec2
    .send(new DescribeVpcsCommand({ VpcIds: [config.vpcId] }), callOptions(ctx))
    .then((result) => result.Vpcs?.[0])
    .catch((error: unknown) => {
      if (classifyError(error).kind === 'not-found') return undefined;
      throw error;
    });
  if (!vpc?.CidrBlock) throw new UsageError(`--vpc-id ${config.vpcId}: no such VPC in ${ctx.region}`);
  const vpcCidr = parseCidr(vpc.CidrBlock)!;
  const [internetGatewayId, foreignSubnets] = await Promise.all([
    attachedGateway(ctx, config.vpcId),
    config.subnetId ? [] : foreignSubnetsIn(ctx, config.vpcId, config.name),
  ]);
  const gateway = internetGatewayId ? { internetGatewayId } : {};

  if (config.subnetId) {
    const subnet = await ec2
      .send(new DescribeSubnetsCommand({ SubnetIds: [config.subnetId] }), callOptions(ctx))
      .then((result) => result.Subnets?.[0])
      .catch((error: unknown) => {
        if (classifyError(error).kind === 'not-found') return undefined;
        throw error;
      });
    if (!subnet?.CidrBlock)
      throw new UsageError(`--subnet-id ${config.subnetId}: no such subnet in ${ctx.region}`);
    if (subnet.VpcId !== config.vpcId) {
      throw new UsageError(
        `--subnet-id ${config.subnetId}: belongs to ${subnet.VpcId}, not to --vpc-id ${config.vpcId}`,
      );
    }
    if (subnet.AvailabilityZone !== config.zone) {
      throw new UsageError(
        `--subnet-id ${config.subnetId}: is in ${subnet.AvailabilityZone}, not in --zone ${config.zone}`,
      );
    }
    const [explicit, main] = await Promise.all([
      ec2.send(
        new DescribeRouteTablesCommand({
          Filters: [{ Name: 'association.subnet-id', Values: [config.subnetId] }],
        }),
        callOptions(ctx),
      ),
      ec2.send(
        new DescribeRouteTablesCommand({
          Filters: [
            { Name: 'vpc-id', Values: [config.vpcId] },
            { Name: 'association.main', Values: ['true'] },
          ],
        }),
        callOptions(ctx),
      ),
    ]);
    const table = explicit.RouteTables?.[0] ?? main.RouteTables?.[0];
    if (!defaultRouteIsInternet(table)) {
      throw new UsageError(
        `--subnet-id ${config.subnetId}: its route table has no 0.0.0.0/0 route to an internet gateway; instances could not reach packages or S3`,
      );
    }
    const masterPrivateIp = addressInCidr(parseCidr(subnet.CidrBlock)!, 9);
    const { NetworkInterfaces = [] } = await ec2.send(
      new DescribeNetworkInterfacesCommand({
        Filters: [
          { Name: 'subnet-id', Values: [config.subnetId] },
          { Name: 'addresses.private-ip-address', Values: [masterPrivateIp] },
        ],
      }),
      callOptions(ctx),
    );
    const holder = NetworkInterfaces.find((eni) => !isOurMaster(eni.TagSet, config.name));
    if (holder && !(await masterHolds(ctx, config, holder.Attachment?.InstanceId))) {
      throw new UsageError(
        `--subnet-id ${config.subnetId}: the master's address ${masterPrivateIp} (subnet base + 9) is taken by ${holder.NetworkInterfaceId}`,
      );
    }
    return { masterPrivateIp, vpcCidr: vpc.CidrBlock, ...gateway };
  }

  if (!config.subnetCidr && vpc.CidrBlock !== VPC_CIDR) {
    throw new UsageError(
      `--vpc-id ${config.vpcId}: its CIDR is ${vpc.CidrBlock}, not ${VPC_CIDR}; pass --subnet-cidr (KUBE_SUBNET_CIDR) for the subnet to create in it`,
    );
  }
  const subnetCidr = config.subnetCidr ?? SUBNET_CIDR;
  const cidr = parseCidr(subnetCidr)!;
  if (!cidrContains(vpcCidr, cidr)) {
    throw new UsageError(`--subnet-cidr ${subnetCidr}: not inside the VPC's ${vpc.CidrBlock}`);
  }
  return {
    subnetCidr,
    vpcCidr: vpc.CidrBlock,
    masterPrivateIp: addressInCidr(cidr, 9),
    foreignSubnets,
    ...gateway,
  };
}

function isOurMaster(tags: { Key?: string; Value?: string }[] | undefined, cluster: string): boolean {
  return Boolean(tags?.some((tag) => tag.Key === 'Name' && tag.Value === `${cluster}-master`));
}

// A rerun finds our own master on that address: that is not a conflict.
async function masterHolds(
  ctx: AwsContext,
  config: ClusterConfig,
  instanceId: string | undefined,
): Promise<boolean> {
  if (!instanceId) return false;
  const { Reservations = [] } = await ctx.clients
    .ec2(ctx.region)
    .send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }), callOptions(ctx));
  const instance = Reservations[0]?.Instances?.[0];
  return isOurMaster(instance?.Tags, config.name);
}

function ingressCidrs(
  config: ClusterConfig,
  callerIp: string | undefined,
): { ssh: string; api: string; warnings: string[] } {
  const fallback = callerIp ? `${callerIp}/32` : '0.0.0.0/0';
  const warnings: string[] = [];
  if (!config.sshCidr && !callerIp) {
    warnings.push(
      'ssh cidr 0.0.0.0/0: your public IP could not be learned, so SSH (port 22) is open to the internet; pass --ssh-cidr',
    );
  }
  if (!config.apiCidr && !callerIp) {
    warnings.push(
      'api cidr 0.0.0.0/0: your public IP could not be learned, so the API server (port 443) is open to the internet; pass --api-cidr',
    );
  }
  return { ssh: config.sshCidr ?? fallback, api: config.apiCidr ?? fallback, warnings };
}

/** EC2 refuses a root disk smaller than the image's root snapshot: say so before anything is made. */
function checkRootDisks(config: ClusterConfig, image: ImageInfo): void {
  const least = image.rootSnapshotGiB;
  if (!least) return;
  for (const key of ['masterRootDiskSize', 'nodeRootDiskSize'] as const) {
    if (config[key] < least) {
      throw new UsageError(
        `${OPTIONS[key].flag} ${config[key]}: the image ${image.id}${image.name ? ` (${image.name})` : ''} has a ${least} GiB root snapshot, so its root disk needs at least ${least} GiB`,
      );
    }
  }
}

/**
 * The nodes' spot price now: each zone's, and their mean, which prices them all since every zone
 * runs as many nodes. Unknown (absent) when a zone's price could not be read.
 */
function spotNowIn(
  nodeSize: string,
  zones: readonly string[],
  pools: ReadonlyMap<string, number>,
): Pick<ClusterPlan, 'nodeSpotNowUsd' | 'nodeSpotNowByZone'> {
  const byZone = spotPricesByZone(pools, nodeSize, zones);
  const mean = meanSpotPrice(byZone);
  return byZone && mean !== undefined ? { nodeSpotNowUsd: mean, nodeSpotNowByZone: byZone } : {};
}

/** A cap under a zone's spot price now launches nothing there until the price falls. */
function spotCapWarnings(
  config: ClusterConfig,
  zones: readonly string[],
  pools: ReadonlyMap<string, number>,
): string[] {
  const market = nodeMarket(config);
  if (market.kind !== 'spot' || market.maxPriceUsd === undefined) return [];
  const cap = market.maxPriceUsd;
  const priceIn = (zone: string) => pools.get(spotPool(config.nodeSize, zone));
  const under = zones.filter((zone) => (priceIn(zone) ?? 0) > cap);
  if (under.length === 0) return [];
  const prices = under.map((zone) => `${zone} $${priceIn(zone)}/h`).join(', ');
  return [
    `node spot price ${cap}: below ${config.nodeSize}'s spot price now (${prices}), so no node launches there until the price falls under it`,
  ];
}

export async function planCluster(
  ctx: AwsContext,
  config: ClusterConfig,
  options: PlanOptions = {},
): Promise<ClusterPlan> {
  const emulator = ctx.clients.isEmulator;
  const needCallerIp = !emulator && (!config.sshCidr || !config.apiCidr);
  const sshKeyPath = expandHome(config.sshKey);
  // The image is looked up for the architecture the master's type name implies, so every check
  // goes out in one round; only a wrong guess costs a second lookup.
  const guessed = likelyArchitecture(config.masterSize);
  // One question to STS: the account, and whose permissions to simulate.
  const caller = options.caller ?? ctx.clients.sts().send(new GetCallerIdentityCommand({}), callOptions(ctx));
  const lookUpImage = (architecture: Architecture) =>
    config.image ? describeImage(ctx, config.image) : findOsImage(ctx, config.os, architecture);
  // The checks run at once, but the fault reported is the most basic one, whichever answered
  // first: the region and zone, then the account, the instance types, the network, the rest, and
  // the image last.
  if (isAddingZones(config.nodeZones)) {
    throw new UsageError(
      `${OPTIONS.nodeZones.flag} ${String(config.nodeZones)}: zones are added to a running cluster by \`kube-tui up --cluster ${config.name} --node-zones ${String(config.nodeZones)}\`, not by a new cluster's plan`,
    );
  }
  // A count of zones is picked once the region's zones are read; a list is checked at once.
  const listedZones = typeof config.nodeZones === 'number' ? [] : nodeZoneList(config);
  const spot = nodeMarket(config).kind === 'spot';
  const [
    available,
    account,
    permissions,
    [masterType, nodeType],
    network,
    callerIp,
    sshKey,
    spotPools,
    imageForGuess,
  ] = await settledInOrder([
    checkZone(ctx, config.zone, listedZones),
    accountId(caller),
    // What up needs, and what down will need to remove it again: no cluster that cannot be deleted.
    caller.then((identity) => permissionsFor(ctx, ['up', 'down'], 'up', identity.Arn)),
    instanceTypes(ctx, config, listedZones),
    existingNetwork(ctx, config),
    needCallerIp ? (options.callerIp ?? learnCallerIp)() : Promise.resolve(undefined),
    readSshKey(sshKeyPath),
    spot ? spotPricesNow(ctx, [config.nodeSize]) : Promise.resolve(new Map<string, number>()),
    // Its failure counts only if the guess was right.
    lookUpImage(guessed).then(
      (image) => ({ image }),
      (error: unknown) => ({ error }),
    ),
  ] as const);
  const warnings = sizeWarnings(config, masterType, nodeType);
  const guessedRight = Boolean(config.image) || masterType.architecture === guessed;
  if (guessedRight && 'error' in imageForGuess) throw imageForGuess.error;
  const image =
    guessedRight && 'image' in imageForGuess
      ? imageForGuess.image
      : await lookUpImage(masterType.architecture);
  if (config.image) checkImageArchitecture(image, masterType.architecture);
  checkRootDisks(config, image);
  const ingress = ingressCidrs(config, callerIp);
  warnings.push(...ingress.warnings);
  // A list was checked against the region's zones with the master's; a count takes only those.
  const zones = nodeZoneList(config, available);
  const extraZones =
    network.subnetCidr && !config.subnetId
      ? zoneTargets(config.name, zones, {
          zone: config.zone,
          subnetCidr: network.subnetCidr,
          vpcCidr: network.vpcCidr,
        })
      : [];
  if (config.vpcId && network.subnetCidr && network.foreignSubnets) {
    checkFreeBlocks(
      config.vpcId,
      [
        {
          cidr: network.subnetCidr,
          what: config.subnetCidr ? OPTIONS.subnetCidr.flag : 'the subnet',
          fix: `pass ${config.subnetCidr ? 'a' : `${OPTIONS.subnetCidr.flag} (KUBE_SUBNET_CIDR) with a`} free block of ${network.vpcCidr}`,
        },
        ...extraZones.map((target) => ({
          cidr: target.subnetCidr,
          what: `${OPTIONS.nodeZones.flag} ${target.zone}: its subnet`,
          fix: `pass a ${OPTIONS.subnetCidr.flag} whose zone blocks after it are free, or leave ${target.zone} out`,
        })),
      ],
      network.foreignSubnets,
    );
  }
  if (typeof config.nodeZones === 'number' && zones.length < config.nodeZones) {
    warnings.push(
      `node zones ${config.nodeZones}: ${config.region} has ${zones.length} available zones, so the nodes run in ${zones.join(', ')}`,
    );
  }
  const spotNow = spot ? spotNowIn(config.nodeSize, zones, spotPools) : {};
  warnings.push(...spotCapWarnings(config, zones, spotPools));
  const ownsBucket = !config.bucket;
  const resolved: ResolvedConfig = {
    ...config,
    sshKey: sshKeyPath,
    image: image.id,
    bucket: config.bucket ?? stagingBucketName(account, config.region, config.name),
    bucketRegion: config.bucketRegion ?? config.region,
    sshCidr: ingress.ssh,
    apiCidr: ingress.api,
  };
  const keyName = sshKey ? keyPairName(sshKey.md5Fingerprint) : undefined;
  const plan: ClusterPlan = {
    config: resolved,
    accountId: account,
    ownsBucket,
    masterType,
    nodeType,
    imageInfo: image,
    ...(keyName ? { keyPairName: keyName } : {}),
    masterPrivateIp: network.masterPrivateIp,
    ...(network.internetGatewayId ? { internetGatewayId: network.internetGatewayId } : {}),
    ...(network.subnetCidr && !config.subnetId ? { subnetCidr: network.subnetCidr } : {}),
    ...spotNow,
    extraZones,
    steps: [],
    warnings,
    permissions,
    emulator,
  };
  const expiresAt = expiresAtFor(config.ttl, options.now ?? Date.now());
  if (expiresAt) plan.expiresAt = expiresAt;
  plan.steps = plannedSteps(plan);
  return plan;
}
