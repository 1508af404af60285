// What the interactive app needs from the engine. The real implementation (aws/engine.ts) is
// imported lazily; screen tests pass a fake whose steps the test resolves or fails.

import type { ClusterConfig } from './config.js';
import type { ClassifiedError } from './errors.js';
import type { ProvisionListener, StepId } from './events.js';
import type { Inventory } from './inventory.js';
import type { ClusterPlan } from './plan.js';
import type { ResourceRef } from './resource-types.js';
import type { ScalePlan, ScaleRequest, ScaleResult, ScaleRunOptions } from './scale.js';
import type { TaskTiming } from './task-timing.js';
import type { TeardownPlan, TeardownRequest, TeardownResult, TeardownRunOptions } from './teardown.js';

export type { TaskTiming } from './task-timing.js';

export interface ProvisionResult {
  cluster: string;
  region: string;
  /** Everything the cluster has now, made by this run or found from an earlier one. */
  resources: ResourceRef[];
  /** Path of the kubeconfig the cluster's context was merged into. */
  kubeconfig?: string;
  /** The context's name: `aws_<C>`, or `aws_<C>_<region>` when another region's C holds that name. */
  kubeconfigContext?: string;
  masterPublicIp?: string;
  /** The SSH login user of the image (ubuntu, admin, ec2-user, core). */
  sshUser?: string;
  elapsedMs: number;
}

/** A failed provisioning run: which step, why, and what exists now (for resume or teardown). */
export class ProvisionError extends Error {
  override name = 'ProvisionError';
  constructor(
    readonly step: StepId,
    readonly error: ClassifiedError,
    readonly existing: ResourceRef[],
  ) {
    super(`${step}: ${error.message}`);
  }
}

export interface ProvisionOptions {
  signal?: AbortSignal;
  onEvent: ProvisionListener;
  /** When each task of the graph ran (the benchmark). */
  onTaskTiming?: (timing: TaskTiming) => void;
}

export interface DiscoverRequest {
  /** Scan every enabled region (DescribeRegions) instead of the engine's own. */
  allRegions?: boolean;
  /** Or these regions. Default: the engine's region. */
  regions?: string[];
  signal?: AbortSignal;
}

/** One more region scanned, and what the regions scanned so far hold (without IAM and S3). */
export interface DiscoverProgress {
  region: string;
  regionsDone: number;
  regionsTotal: number;
  inventory: Inventory;
}

/** Every enabled region, reporting as each is done: Home's spend line. */
export interface ScanAllRegionsRequest {
  signal?: AbortSignal;
  onRegion?: (progress: DiscoverProgress) => void;
}

/** Who the credentials are (STS GetCallerIdentity): what the app's header names, as k9s names its context. */
export interface CallerIdentity {
  account: string;
  arn: string;
}

export interface Engine {
  /** STS GetCallerIdentity: fails with a credentials error when there are none, or they are expired. */
  identity(signal?: AbortSignal): Promise<CallerIdentity>;
  listRegions(signal?: AbortSignal): Promise<string[]>;
  listZones(region: string, signal?: AbortSignal): Promise<string[]>;
  /** Read-only: resolves and validates everything live (zone, instance types, image, bucket name). */
  plan(config: ClusterConfig, signal?: AbortSignal): Promise<ClusterPlan>;
  provision(plan: ClusterPlan, options: ProvisionOptions): Promise<ProvisionResult>;
  /** Read-only: every cluster and orphan, found by tags and kube-up's names (DESIGN.md section 5). */
  discover(request?: DiscoverRequest): Promise<Inventory>;
  /** Read-only: discovery in every enabled region, region by region as each finishes (Home's spend). */
  scanAllRegions(request: ScanAllRegionsRequest): Promise<Inventory>;
  /**
   * Read-only: what teardown would do, from a fresh discovery, in deletion order (also the dry run).
   * Checks IAM use in every region when roles or profiles would go.
   */
  planTeardown(request: TeardownRequest): Promise<TeardownPlan>;
  /**
   * Removes what the plan says, in dependency order, then re-scans. Resolves with what was removed
   * and what remains (a failed resource is reported, not thrown); Ctrl+C aborts in-flight calls.
   */
  runTeardown(plan: TeardownPlan, options: TeardownRunOptions): Promise<TeardownResult>;
  /**
   * Read-only: the cluster's node group, its instances, which of them a scale to `nodes` removes and
   * what a node costs. Refuses (ScaleRefusedError) an unknown cluster or one being torn down.
   */
  planScale(request: ScaleRequest): Promise<ScalePlan>;
  /** Scales the group as planned, holding the cluster's lock, and waits until it has settled. */
  runScale(plan: ScalePlan, options: ScaleRunOptions): Promise<ScaleResult>;
}
