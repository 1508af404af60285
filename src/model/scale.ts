// What `scale` plans and reports: a cluster's node group (its Auto Scaling group) before and after,
// the instances a scale-down terminates, the price difference, and the typed events of a run. Plain
// data, no SDK: the plain command, its JSON and the Scale screen all read it.
import type { CallSignal } from './events.js';
import type { ClusterId } from './inventory.js';
import { HOURS_PER_MONTH, INSTANCE_HOURLY_USD, PUBLIC_IPV4_HOURLY_USD, volumeHourlyUsd } from './prices.js';

/** The most nodes `scale` sets, as `up` allows. */
export const MAX_SCALE_NODES = 100;

/** The group's three counts and how many instances it holds. */
export interface NodeGroupCounts {
  desired: number;
  min: number;
  max: number;
  /** Instances in the group, whatever their lifecycle state. */
  instances: number;
}

/** One instance of the group, as Auto Scaling lists it. */
export interface NodeGroupInstance {
  id: string;
  /** Auto Scaling's lifecycle state: InService, Pending, Terminating… */
  lifecycle: string;
  /** Healthy or Unhealthy, as Auto Scaling judges it. */
  health?: string;
  /** When EC2 launched it (ISO 8601), where known. */
  launchedAt?: string;
}

/** One zone's node group as the Inventory saw it: its zone and desired count. */
export interface ZoneNodes {
  zone: string;
  nodes?: number;
}

export interface ScaleRequest {
  cluster: ClusterId;
  /** The node count wanted: 0 to MAX_SCALE_NODES. */
  nodes: number;
  /** The zone whose node group changes; needed only when the cluster has groups in several zones. */
  zone?: string;
  signal?: AbortSignal;
}

/** What a node costs per hour: the instance, its public IPv4 and its root disk. */
export interface NodePrice {
  instanceType: string;
  /**
   * On-demand: the price table's. Spot: the mean of the group's zones' spot prices now. undefined:
   * not known (the type is not in the table, or the spot price could not be read).
   */
  instanceHourlyUsd: number | undefined;
  /** The group's nodes are spot capacity. */
  spot?: boolean;
  rootDisk?: { type: string; sizeGiB: number };
}

export interface ScalePlan {
  cluster: ClusterId;
  /** The Auto Scaling group's name. */
  group: string;
  zones: string[];
  before: NodeGroupCounts;
  instances: NodeGroupInstance[];
  /** The node count wanted. */
  nodes: number;
  /** The instances a scale-down terminates (chosen by the plan, in the order they go). */
  leaving: string[];
  node: NodePrice;
}

export type ScaleEvent =
  /** UpdateAutoScalingGroup answered: the group's counts are now these. */
  | { type: 'scale-capacity'; min: number; max: number; desired: number }
  /** TerminateInstanceInAutoScalingGroup answered for this instance (desired capacity decremented). */
  | { type: 'scale-terminating'; instanceId: string }
  /** The group as the wait last saw it (emitted when a count changes). */
  | { type: 'scale-progress'; inService: number; other: number; wanted: number }
  /** A call of the run is retried or has had no answer for a while (see CallSignal). */
  | { type: 'scale-call'; signal: CallSignal }
  /** The wait for Ready nodes: what it found ("2 of 3 nodes Ready"), or why it does not run. */
  | { type: 'scale-nodes'; message: string };

export type ScaleListener = (event: ScaleEvent) => void;

export interface ScaleRunOptions {
  signal?: AbortSignal;
  onEvent?: ScaleListener;
}

export interface ScaleResult {
  cluster: ClusterId;
  group: string;
  before: NodeGroupCounts;
  after: NodeGroupCounts;
  /** Instances that left the group (terminated by this run). */
  terminated: string[];
  /** Instances that joined the group during this run. */
  launched: string[];
  /** The group's InService instances at the end. */
  instances: string[];
  /**
   * Every instance is a Ready node, as the API server says (real AWS, with this machine's admin
   * credentials); null: not checked, `readinessNote` says why (the emulator runs nothing).
   */
  nodesReady: true | null;
  readinessNote?: string;
  elapsedMs: number;
}

/** `--nodes` for scale: a whole number from 0 to MAX_SCALE_NODES, or the reason it is not. */
export function nodeCountProblem(text: string): string | undefined {
  const allowed = `a whole number of nodes from 0 to ${MAX_SCALE_NODES}`;
  if (!/^-?\d+$/.test(text.trim())) return allowed;
  const value = Number(text.trim());
  return value >= 0 && value <= MAX_SCALE_NODES ? undefined : allowed;
}

/**
 * Which instances a scale-down to `nodes` terminates: those not in service first (they serve nothing
 * yet, or any more), then the newest (the fewest long-running pods), ties by id. Instances already
 * terminating count as gone.
 */
export function chooseLeaving(instances: readonly NodeGroupInstance[], nodes: number): string[] {
  const staying = instances.filter((instance) => !/^Terminat/.test(instance.lifecycle));
  const excess = staying.length - nodes;
  if (excess <= 0) return [];
  const rank = (instance: NodeGroupInstance) =>
    instance.lifecycle === 'InService' && instance.health !== 'Unhealthy' ? 1 : 0;
  return [...staying]
    .sort(
      (a, b) =>
        rank(a) - rank(b) ||
        (b.launchedAt ?? '').localeCompare(a.launchedAt ?? '') ||
        a.id.localeCompare(b.id),
    )
    .slice(0, excess)
    .map((instance) => instance.id);
}

/** A node's hourly price from the dated table: instance, public IPv4, root disk (gp2/gp3). */
export function nodeHourlyUsd(node: NodePrice): number | undefined {
  if (node.instanceHourlyUsd === undefined) return undefined;
  const disk = node.rootDisk;
  const diskHourly = disk ? (volumeHourlyUsd(disk.sizeGiB, disk.type) ?? 0) : 0;
  return node.instanceHourlyUsd + PUBLIC_IPV4_HOURLY_USD + diskHourly;
}

/** The instance type's on-demand price, if the table has it. */
export function instanceHourlyUsd(instanceType: string): number | undefined {
  return INSTANCE_HOURLY_USD[instanceType];
}

export interface ScaleCost {
  /** Per hour and per month; negative when scaling down. undefined: the type has no price. */
  hourlyUsd: number | undefined;
  monthlyUsd: number | undefined;
}

/** The price difference of going from the group's desired count to `nodes`. */
export function scaleCost(plan: Pick<ScalePlan, 'before' | 'nodes' | 'node'>): ScaleCost {
  const perNode = nodeHourlyUsd(plan.node);
  if (perNode === undefined) return { hourlyUsd: undefined, monthlyUsd: undefined };
  const hourlyUsd = perNode * (plan.nodes - plan.before.desired);
  return { hourlyUsd, monthlyUsd: hourlyUsd * HOURS_PER_MONTH };
}

/** The `scale --dry-run --json` document (DESIGN.md section 4). */
export function scalePlanDocument(plan: ScalePlan) {
  const cost = scaleCost(plan);
  return {
    cluster: plan.cluster.name,
    region: plan.cluster.region,
    group: plan.group,
    before: plan.before,
    nodes: plan.nodes,
    leaving: plan.leaving,
    hourlyUsdChange: cost.hourlyUsd ?? null,
    monthlyUsdChange: cost.monthlyUsd ?? null,
  };
}

/** The `scale --json` document (DESIGN.md section 4). */
export function scaleDocument(result: ScaleResult) {
  return {
    cluster: result.cluster.name,
    region: result.cluster.region,
    group: result.group,
    before: result.before,
    after: result.after,
    terminated: result.terminated,
    launched: result.launched,
    instances: result.instances,
    nodesReady: result.nodesReady,
    elapsedMs: result.elapsedMs,
  };
}

/**
 * `scale` refused before changing anything: an unknown cluster, one being torn down, a zone without
 * a node group, a group that changed since the plan. Exit 1; the message says what to do.
 */
export class ScaleRefusedError extends Error {
  override name = 'ScaleRefusedError';
}
