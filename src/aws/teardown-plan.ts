// The teardown plan (DESIGN.md section 5), pure: from a fresh inventory, what each resource of the
// target gets (delete, release, disassociate, remove-tag, delete-objects or skip with a reason),
// what must be gone before it, and the deletion order. No AWS call: every rule here is unit-tested
// on hand-made inventories.
//
// Ownership is discovery's (`owned`, `shared`, `kube-up-name`, `associated`) and is trusted; on top
// of it a final guard keeps anything another live cluster also claims or uses, and, for IAM (which
// is global), anything an instance, template or configuration in any region uses.
import {
  type ClusterId,
  clusterKey,
  GLOBAL_REGION,
  type Inventory,
  type InventoryResource,
  type Orphan,
  type Ownership,
  resourceKey,
  type Usage,
} from '../model/inventory.js';
import { isProtected, PROTECT_TAG } from '../model/lifecycle.js';
import type { ResourceType } from '../model/resource-types.js';
import {
  changes,
  type PlanInput,
  type ProtectedResource,
  refusesWholeCluster,
  type TeardownAction,
  type TeardownPlan,
  type TeardownStep,
  type TeardownTarget,
} from '../model/teardown.js';
import type { Decision, PlanView } from './resources/kind.js';
import { kindOf, RESOURCE_KINDS, TEARDOWN_ORDER } from './resources/registry.js';
import { clusterTagsOf } from './resources/teardown-kind.js';
import { DATA_VOLUME_DELETED, dataVolumeFacts, isClusterMadeVolume } from './resources/volume.js';

export type { IamUse, LocalItem, PlanInput } from '../model/teardown.js';

/** What a plan step says of a resource that is not simply owned. */
const PLAN_OWNERSHIP_NOTES: Record<Ownership, string | undefined> = {
  owned: undefined,
  shared: "shared: only this cluster's tags are removed",
  'kube-up-name': "kube-up's name, untagged",
  associated: 'only associated with a cluster instance: disassociated and kept',
};

/** The resources a target covers: a cluster's, plus the orphans its tags or names tie to it. */
export function selectTarget(inventory: Inventory, target: TeardownTarget): (InventoryResource | Orphan)[] {
  if (target.kind === 'orphans') return [...inventory.orphans];
  const { name, region } = target.cluster;
  const cluster = inventory.clusters.find((entry) => clusterKey(entry) === clusterKey({ name, region }));
  return [...(cluster?.resources ?? []), ...inventory.orphans.filter((orphan) => orphan.cluster === name)];
}

const describeUse = (use: Usage) =>
  `${use.type} ${use.id}${use.region !== GLOBAL_REGION ? ` in ${use.region}` : ''}${use.cluster ? ` (cluster ${use.cluster.name})` : ''}`;

function clusterOf(target: TeardownTarget, resource: InventoryResource | Orphan): string | undefined {
  return target.kind === 'cluster' ? target.cluster.name : (resource as Orphan).cluster;
}

/** Keeps a resource: its cluster tags removed when it has some and the kind can, else skipped. */
function keep(
  resource: InventoryResource,
  cluster: string | undefined,
  why: string,
): Decision & { reason: string } {
  const canUntag =
    cluster !== undefined &&
    kindOf(resource.type).teardown.removeTags !== undefined &&
    clusterTagsOf(resource.tags, cluster).length > 0;
  return canUntag
    ? { action: 'remove-tag', reason: `${why}: only this cluster's tags are removed` }
    : { action: 'skip', reason: why };
}

interface Decided {
  resource: InventoryResource | Orphan;
  action: TeardownAction;
  reason?: string;
  /** A check that could not run: the resource is kept as it is, and the run cannot succeed. */
  unverified?: string;
}

export function buildTeardownPlan(input: PlanInput): TeardownPlan {
  const { target, inventory } = input;
  const selected = selectTarget(inventory, target);
  const decided = new Map<string, Decided>();
  const set = (
    resource: InventoryResource | Orphan,
    action: TeardownAction,
    reason?: string,
    unverified?: string,
  ) =>
    decided.set(resourceKey(resource), {
      resource,
      action,
      ...(reason ? { reason } : {}),
      ...(unverified ? { unverified } : {}),
    });
  const deleting = (type: ResourceType, region: string, id: string) =>
    decided.get(resourceKey({ type, region, id }))?.action === 'delete';
  const note = (resource: InventoryResource | Orphan) =>
    'reason' in resource ? resource.reason : PLAN_OWNERSHIP_NOTES[resource.ownership];

  const plan: PlanView = {
    input,
    clusterOf: (resource) => clusterOf(target, resource),
    kept: (resource, sharedWhy) => {
      const cluster = clusterOf(target, resource);
      const others = resource.alsoClaimedBy ?? [];
      if (others.length > 0) {
        return keep(
          resource,
          cluster,
          `also claimed by ${others.map((other) => `cluster ${other.name} (${other.region})`).join(' and ')}`,
        );
      }
      if (resource.ownership === 'shared')
        return keep(resource, cluster, sharedWhy ?? 'shared with the cluster, not owned by it');
      return undefined;
    },
    deleted: (resource) => {
      const why = note(resource);
      return { action: 'delete', ...(why ? { reason: why } : {}) };
    },
    ownershipNote: (ownership) => PLAN_OWNERSHIP_NOTES[ownership],
    deleting,
    set,
    // A user that is itself being deleted does not keep the resource.
    keepIfUsed: (resource, users, extra = [], iam) => {
      const cluster = clusterOf(target, resource);
      const foreign = users.filter((use) => !deleting(use.type, use.region, use.id));
      const reasons = [...extra, ...(iam?.unchecked ?? [])];
      if (foreign.length > 0) reasons.push(`used by ${foreign.map(describeUse).join(', ')}`);
      if (reasons.length === 0) return;
      // IAM kept is kept as it is: without its tags a kube-tui role would no longer be recognised.
      if (iam) {
        const unverified = iam.unchecked.length > 0 ? iam.unchecked.join('; ') : undefined;
        set(resource, 'skip', reasons.join('; '), unverified);
        return;
      }
      const kept = keep(resource, cluster, reasons.join('; '));
      set(resource, kept.action, kept.reason);
    },
  };

  // The first decision, the kind's action (by default: kept when shared or claimed by another
  // cluster, else deleted); then the kinds' in-use guards, in the registry's order, where every
  // resource's users (groups, instances, templates, configurations) are decided before it.
  for (const resource of selected) {
    const first =
      kindOf(resource.type).action?.(resource, plan) ?? plan.kept(resource) ?? plan.deleted(resource);
    set(resource, first.action, first.reason);
  }
  for (const kind of RESOURCE_KINDS) {
    if (!kind.guard) continue;
    for (const resource of selected) {
      if (resource.type === kind.type && decided.get(resourceKey(resource))?.action === 'delete')
        kind.guard(resource, plan);
    }
  }

  const protectedBy = protect(selected, target, decided, set);

  // Steps, with what blocks each among the resources being changed.
  const entries = [...decided.values()];
  const changing = entries.filter((entry) => changes(entry));
  const changingResources = changing.map((entry) => entry.resource);
  const blockersOf = (entry: Decided, among: InventoryResource[]) =>
    kindOf(entry.resource.type)
      .teardown.blockedBy(entry.resource, among, entry.action)
      .filter((blocker) => blocker !== entry.resource)
      .map((blocker) => resourceKey(blocker));
  const steps: TeardownStep[] = entries.map((entry) => {
    const { resource } = entry;
    return {
      key: resourceKey(resource),
      type: resource.type,
      id: resource.id,
      name: resource.name,
      region: resource.region,
      action: entry.action,
      ...(entry.reason ? { reason: entry.reason } : {}),
      ...(entry.unverified ? { unverified: entry.unverified } : {}),
      ...(resource.type === 'volume' && !isClusterMadeVolume(resource)
        ? { dataVolume: dataVolumeFacts(resource) }
        : {}),
      blockedBy: changes(entry) ? [...new Set(blockersOf(entry, changingResources))] : [],
      resource,
    };
  });

  const refused =
    target.kind === 'cluster' && protectedBy.length > 0 ? protectedReason(protectedBy) : undefined;
  if (input.userBucket && target.kind === 'cluster') {
    const prefix = `${target.cluster.name}/`;
    steps.push({
      key: `s3-bucket:${input.userBucket.region}:${input.userBucket.name}/${prefix}`,
      type: 's3-bucket',
      id: input.userBucket.name,
      name: `s3://${input.userBucket.name}/${prefix}`,
      region: input.userBucket.region,
      action: refused ? 'skip' : 'delete-objects',
      reason: refused ?? `your bucket (AWS_S3_BUCKET): only ${prefix} is deleted`,
      blockedBy: changingResources
        .filter((resource) => resource.type === 'instance')
        .map((r) => resourceKey(r)),
      prefix,
    });
  }
  const awsChanging = steps.filter(changes).map((step) => step.key);
  for (const item of input.local ?? []) {
    steps.push({
      key: `${item.type}:local:${item.name}:${item.id}`,
      type: item.type,
      id: item.id,
      name: item.name,
      region: 'local',
      action: item.skipReason || refused ? 'skip' : 'delete',
      reason: refused ?? item.skipReason ?? 'removed once a fresh scan finds nothing of the cluster in AWS',
      blockedBy: item.skipReason || refused ? [] : awsChanging,
    });
  }

  // Skipped resources are listed where they would have gone.
  const orderBlockers = new Map(
    entries.map((entry) => [
      resourceKey(entry.resource),
      blockersOf(
        entry,
        entries.map((e) => e.resource),
      ),
    ]),
  );
  const ordered = orderSteps(steps, (step) =>
    changes(step) ? step.blockedBy : (orderBlockers.get(step.key) ?? []),
  );

  const otherClusters: ClusterId[] = inventory.clusters
    .filter((cluster) => target.kind !== 'cluster' || clusterKey(cluster) !== clusterKey(target.cluster))
    .map(({ name, region }) => ({ name, region }));
  return {
    target,
    regions: [...inventory.regions],
    ...(inventory.accountId ? { accountId: inventory.accountId } : {}),
    scannedAt: inventory.scannedAt,
    steps: ordered,
    ...(input.iamUse ? { iamScan: { regions: input.iamUse.regions, failed: input.iamUse.failed } } : {}),
    ...(protectedBy.length > 0 ? { protectedBy } : {}),
    otherClusters,
  };
}

/** A plan step's reason when protection refuses the whole cluster. */
function protectedReason(protectedBy: ProtectedResource[]): string {
  const first = protectedBy[0]!;
  const more = protectedBy.length > 1 ? ` and ${protectedBy.length - 1} more` : '';
  return `protected: ${first.type} ${first.id}${more} carries ${PROTECT_TAG}=true; remove the tag to allow teardown`;
}

/**
 * The safety rule of protection, last and over every other decision, so no caller can skip it:
 * a cluster with any resource tagged `kube-tui/protect=true` is kept whole; among orphans, a
 * protected one is kept, and so is whatever would wait for it to go first.
 */
function protect(
  selected: (InventoryResource | Orphan)[],
  target: TeardownTarget,
  decided: Map<string, Decided>,
  set: (resource: InventoryResource | Orphan, action: TeardownAction, reason?: string) => void,
): ProtectedResource[] {
  const protectedResources = selected.filter((resource) => isProtected(resource.tags));
  const protectedBy = protectedResources.map(({ type, id, name, region, refs }) => ({
    type,
    id,
    name,
    region,
    ...(refs.arn ? { arn: refs.arn } : {}),
  }));
  if (protectedResources.length === 0) return protectedBy;
  if (target.kind === 'cluster') {
    const reason = protectedReason(protectedBy);
    for (const resource of selected) set(resource, 'skip', reason);
    return protectedBy;
  }
  const kept = new Set(protectedResources.map((resource) => resourceKey(resource)));
  for (const resource of protectedResources)
    set(resource, 'skip', `protected: carries ${PROTECT_TAG}=true; remove the tag to allow its deletion`);
  // What waits for a kept resource to go would wait forever: kept too, until nothing changes.
  for (let changed = true; changed; ) {
    changed = false;
    const removing = [...decided.values()].filter((entry) => changes(entry)).map((entry) => entry.resource);
    for (const entry of decided.values()) {
      if (!changes(entry) || kept.has(resourceKey(entry.resource))) continue;
      const waitsFor = kindOf(entry.resource.type)
        .teardown.blockedBy(entry.resource, [...removing, ...protectedResources], entry.action)
        .find((blocker) => blocker !== entry.resource && kept.has(resourceKey(blocker)));
      if (!waitsFor) continue;
      kept.add(resourceKey(entry.resource));
      set(entry.resource, 'skip', `kept: ${waitsFor.type} ${waitsFor.id} is kept and would have to go first`);
      changed = true;
    }
  }
  return protectedBy;
}

/**
 * The plan with these data volumes ticked for deletion (the app's per-volume choice): each becomes a
 * `delete` after whatever of the plan blocks it; the order stays valid, since a skipped step is
 * already listed where it would have gone.
 */
export function withDataVolumes(plan: TeardownPlan, volumeIds: readonly string[]): TeardownPlan {
  // Protection holds here too: a protected cluster stays whole, a protected volume stays.
  if (refusesWholeCluster(plan)) return plan;
  const kept = new Set((plan.protectedBy ?? []).map((resource) => resource.id));
  const chosen = new Set(volumeIds.filter((id) => !kept.has(id)));
  const removing = plan.steps
    .filter((step) => changes(step) || (step.dataVolume && chosen.has(step.id)))
    .map((step) => step.resource)
    .filter((resource): resource is InventoryResource => resource !== undefined);
  return {
    ...plan,
    steps: plan.steps.map((step) => {
      if (!step.dataVolume || !step.resource || !chosen.has(step.id) || step.action === 'delete') return step;
      const blockedBy = kindOf('volume')
        .teardown.blockedBy(step.resource, removing, 'delete')
        .filter((blocker) => blocker !== step.resource)
        .map((blocker) => resourceKey(blocker));
      return {
        ...step,
        action: 'delete' as const,
        reason: DATA_VOLUME_DELETED,
        blockedBy: [...new Set(blockedBy)],
      };
    }),
  };
}

const LOCAL_ORDER: readonly TeardownStep['type'][] = ['kubeconfig-context', 'local-secrets'];
const rank = (type: TeardownStep['type']) => {
  const index = TEARDOWN_ORDER.indexOf(type as ResourceType);
  return index === -1 ? TEARDOWN_ORDER.length + LOCAL_ORDER.indexOf(type) : index;
};

/**
 * Deletion order: a topological order of the graph (a step comes after everything that blocks it)
 * that, among the steps free to go next, takes kube-down's order of kinds, then names: AWS first,
 * local state last.
 */
export function orderSteps(
  steps: TeardownStep[],
  blockers: (step: TeardownStep) => string[],
): TeardownStep[] {
  const byKey = new Map(steps.map((step) => [step.key, step]));
  const waiting = new Map(
    steps.map((step) => [
      step.key,
      new Set(blockers(step).filter((key) => byKey.has(key) && key !== step.key)),
    ]),
  );
  const before = (a: TeardownStep, b: TeardownStep) =>
    (a.region === 'local' ? 1 : 0) - (b.region === 'local' ? 1 : 0) ||
    rank(a.type) - rank(b.type) ||
    a.name.localeCompare(b.name) ||
    a.id.localeCompare(b.id);
  const ordered: TeardownStep[] = [];
  const placed = new Set<string>();
  while (ordered.length < steps.length) {
    const ready = steps.filter(
      (step) => !placed.has(step.key) && [...waiting.get(step.key)!].every((key) => placed.has(key)),
    );
    if (ready.length === 0) {
      const stuck = steps.filter((step) => !placed.has(step.key)).map((step) => step.key);
      throw new Error(`teardown dependency cycle among ${stuck.join(', ')}`);
    }
    const next = ready.sort(before)[0]!;
    placed.add(next.key);
    ordered.push(next);
  }
  return ordered;
}
