// What teardown plans and reports (DESIGN.md section 5): the resources to remove in deletion order,
// each with its action and what blocks it, and the typed events of a run. Plain data, no SDK: the
// plain reporter, the JSON document and the Teardown screen all read it.

import type { Blocker } from './blockers.js';
import type { ClassifiedError } from './errors.js';
import type { CallSignal } from './events.js';
import type { ClusterId, Inventory, InventoryResource, Usage } from './inventory.js';
import type { PermissionCheck } from './permissions.js';
import type { ResourceType } from './resource-types.js';
import type { TaskTiming } from './task-timing.js';

/**
 * What teardown does to one resource.
 * - `delete`: deletes it (terminates an instance; force-deletes an Auto Scaling group; empties and
 *   deletes kube-tui's own bucket; for local state, removes the kubeconfig context or the secrets).
 * - `release`: releases an Elastic IP the cluster owns (disassociating it first).
 * - `disassociate`: an untagged Elastic IP merely associated with a cluster instance: it may be the
 *   user's own, so it is disassociated and kept.
 * - `remove-tag`: a shared resource (a user's VPC or subnet, a key pair another cluster also
 *   tagged): only this cluster's tags are removed.
 * - `delete-objects`: the user's own staging bucket (AWS_S3_BUCKET): only `<C>/` is deleted.
 * - `skip`: kept, with the reason (used by another cluster, not verifiable, a VPC's main table).
 */
export type TeardownAction = 'delete' | 'release' | 'disassociate' | 'remove-tag' | 'delete-objects' | 'skip';

/** Local state is listed in the plan too, after everything in AWS. */
export type LocalStateType = 'kubeconfig-context' | 'local-secrets';
export type TeardownItemType = ResourceType | LocalStateType;

/** One line of the plan: a resource, what is done to it, and what must be gone first. */
export interface TeardownStep {
  /** `type:region:id`, unique in the plan. */
  key: string;
  type: TeardownItemType;
  id: string;
  name: string;
  region: string;
  action: TeardownAction;
  /** Why it is skipped; for other actions a short note (e.g. "kube-up's name, untagged"). */
  reason?: string;
  /**
   * `skip` only: the check that would have decided it could not run (e.g. a region's instances
   * could not be listed for the IAM check). Kept as it is; the run reports it and exits 1.
   */
  unverified?: string;
  /** A data volume (not one kube-tui made): deleted only when asked, per volume or all. */
  dataVolume?: DataVolumeFacts;
  /** Keys of the steps that must finish first (only steps that change something block). */
  blockedBy: string[];
  /** The resource as discovery saw it (absent for local state and a user's bucket prefix). */
  resource?: InventoryResource;
  /** `delete-objects`: the prefix removed, e.g. `kubernetes/`. */
  prefix?: string;
  /**
   * What the plan's scan found in its way that is not the cluster's (a foreign interface, instance,
   * group rule or peering connection): the run tries it once and, if AWS refuses, stops that branch.
   */
  blockers?: Blocker[];
}

/** What a teardown is for: one cluster (its resources and the orphans tied to it), or the orphans. */
export type TeardownTarget = { kind: 'cluster'; cluster: ClusterId } | { kind: 'orphans'; region: string };

/** A user's own staging bucket (AWS_S3_BUCKET / --bucket): only `<C>/` in it is ever deleted. */
export interface UserBucket {
  name: string;
  region: string;
}

export interface TeardownRequest {
  target: TeardownTarget;
  /** `down` with a user's bucket: its `<C>/` prefix is deleted too. */
  bucket?: UserBucket;
  /** Data volumes to delete too: all (`--delete-data-volumes`) or these ids (ticked in the app). */
  deleteDataVolumes?: boolean | readonly string[];
  /** `--force-revoke`: revoke the rules of other groups that reference the groups being deleted. */
  forceRevoke?: boolean;
  signal?: AbortSignal;
}

/** The all-regions view of who uses IAM instance profiles (IAM is global). */
export interface IamUseScan {
  regions: string[];
  /** Regions whose instances, templates or configurations could not be listed. */
  failed: { region: string; message: string }[];
}

export interface TeardownPlan {
  target: TeardownTarget;
  /** The regions discovery scanned for the plan (and the re-scan after the run will scan). */
  regions: string[];
  accountId?: string;
  /** ISO 8601, when discovery ran. */
  scannedAt: string;
  /** In deletion order: a step comes after every step that blocks it. Skips included, with reasons. */
  steps: TeardownStep[];
  /** `--force-revoke`: the run revokes other groups' rules that reference the groups it deletes. */
  forceRevoke?: boolean;
  /** The caller's permissions for the teardown, simulated while planning (missing ones refuse the plan). */
  permissions?: PermissionCheck;
  /** Set when IAM deletions were checked against every region's instances, templates and configurations. */
  iamScan?: IamUseScan;
  /** Other clusters in the scanned region, for "unknown cluster" messages. */
  otherClusters: ClusterId[];
  /**
   * The resources that carry `kube-tui/protect=true`. For a cluster, every step is then a skip: the
   * cluster is refused whole. For orphans, those resources (and what needs them gone first) are kept.
   */
  protectedBy?: ProtectedResource[];
  /**
   * Nothing of the cluster was found, and kube-tui's own teardown of it finished then (ISO 8601):
   * a rerun of a `down` killed after its last deletion, which is done, not an unknown cluster.
   */
  goneSince?: string;
}

/** A resource that carries `kube-tui/protect=true`, with what removing the tag needs. */
export interface ProtectedResource {
  type: ResourceType;
  id: string;
  name: string;
  region: string;
  /** ELBv2 load balancers are untagged by ARN. */
  arn?: string;
}

/** A step as events and reports name it. */
export type TeardownItem = Pick<TeardownStep, 'key' | 'type' | 'id' | 'name' | 'region' | 'action'>;

export type TeardownEvent =
  | { type: 'item-started'; item: TeardownItem; at: number }
  /** Progress: what it waits for, or that AWS still reports a dependency and it is retried later. */
  | { type: 'item-detail'; item: TeardownItem; message: string }
  /** A call of the item is retried or has no answer yet (see CallSignal). */
  | { type: 'item-call'; item: TeardownItem; signal: CallSignal }
  | { type: 'item-succeeded'; item: TeardownItem; elapsedMs: number }
  | { type: 'item-skipped'; item: TeardownItem; reason: string }
  | { type: 'item-failed'; item: TeardownItem; error: ClassifiedError }
  /** The fresh discovery after the run: does anything of the target remain? */
  | { type: 'verify-started'; regions: string[]; at: number }
  | { type: 'verify-finished'; remaining: RemainingResource[]; elapsedMs: number }
  | { type: 'log'; level: 'info' | 'warn'; message: string };

export type TeardownListener = (event: TeardownEvent) => void;

export interface RemovedResource {
  type: TeardownItemType;
  id: string;
  name: string;
}

export interface RemainingResource extends RemovedResource {
  region: string;
  reason: string;
  /** What blocked its removal when AWS refused it, and whose each is. */
  blockers?: Blocker[];
}

export interface TeardownResult {
  /** What this run deleted, released, disassociated, untagged or emptied. */
  deleted: RemovedResource[];
  /**
   * What the fresh discovery still finds of the target that should have gone, or that a check could
   * not decide (or, when cancelled, what was not done).
   */
  remaining: RemainingResource[];
  /** What the fresh discovery finds that the plan kept on purpose, with the reason: not a failure. */
  kept: RemainingResource[];
  elapsedMs: number;
  /** Ctrl+C: in-flight calls were aborted; `remaining` lists what was left, without a re-scan. */
  cancelled: boolean;
  /** The fresh discovery found nothing of the target but what was kept on purpose: the only success. */
  clean: boolean;
  /** The worst error, for the exit code (credentials and permission errors exit 3). */
  worstError?: ClassifiedError;
}

export interface TeardownRunOptions {
  signal?: AbortSignal;
  onEvent?: TeardownListener;
  /** Give up on what still has dependencies after this long (default 15 minutes). */
  timeoutMs?: number;
  /** When each task of the deletion graph ran (the benchmark's critical path). */
  onTaskTiming?: (timing: TaskTiming) => void;
}

export const DEFAULT_TEARDOWN_TIMEOUT_MS = 15 * 60_000;

export const itemOf = (step: TeardownStep): TeardownItem => ({
  key: step.key,
  type: step.type,
  id: step.id,
  name: step.name,
  region: step.region,
  action: step.action,
});

/** Does the step change anything in AWS (or locally)? Skips never block anything. */
export const changes = (step: Pick<TeardownStep, 'action'>) => step.action !== 'skip';

/** What the plan shows of a data volume, so that the user can decide. */
export interface DataVolumeFacts {
  sizeGiB?: number;
  volumeType?: string;
  createdAt?: string;
  /** The instance it is attached to and since when; AWS keeps no time of a past detachment. */
  attachedTo?: { instanceId: string; since?: string };
  monthlyUsd?: number;
}

/** Who uses each instance profile, in every region (the all-regions IAM view). */
export interface IamUse extends IamUseScan {
  /** Profile name -> its live users (instances, launch templates, launch configurations). */
  users: Map<string, Usage[]>;
  /**
   * Key pair name -> its users in every region. kube-up imported one SSH key under one name in
   * every region it ran in: the same `kubernetes-<md5>` in use elsewhere is the same key.
   */
  keyUsers?: Map<string, Usage[]>;
}

/** Local state of the cluster, removed after everything in AWS. */
export interface LocalItem {
  type: 'kubeconfig-context' | 'local-secrets';
  id: string;
  name: string;
  /** Set when it cannot be removed safely (a kubeconfig that cannot be parsed): kept, with what to do. */
  skipReason?: string;
}

export interface PlanInput {
  target: TeardownTarget;
  inventory: Inventory;
  /** Absent: IAM deletions were not checked against every region, so they are skipped. */
  iamUse?: IamUse;
  /** A user's bucket with objects under `<C>/`. */
  userBucket?: UserBucket;
  local?: LocalItem[];
  /** Data volumes to delete too: all, or these ids. Otherwise they are kept. */
  deleteDataVolumes?: boolean | readonly string[];
}

/** A cluster with any resource tagged `kube-tui/protect=true` is refused whole: nothing of it runs. */
export function refusesWholeCluster(plan: Pick<TeardownPlan, 'target' | 'protectedBy'>): boolean {
  return plan.target.kind === 'cluster' && (plan.protectedBy?.length ?? 0) > 0;
}
