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
  resourceKey,
  type Usage,
} from '../model/inventory.js';
import type { ResourceType } from '../model/resource-types.js';
import {
  changes,
  type IamUseScan,
  type TeardownAction,
  type TeardownPlan,
  type TeardownStep,
  type TeardownTarget,
  type UserBucket,
} from '../model/teardown.js';
import { clusterMemberships } from './naming.js';
import { TEARDOWN_KINDS, TEARDOWN_ORDER } from './resources/registry.js';
import { isMainRouteTable } from './resources/route-table.js';
import { clusterTagsOf } from './resources/teardown-kind.js';
import { dataVolumeFacts, isClusterMadeVolume } from './resources/volume.js';

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

const DATA_VOLUME_KEPT = (volume: { id: string; region: string }) =>
  `data volume (a PersistentVolume or your own): kept; to delete it pass --delete-data-volumes, or run: aws ec2 delete-volume --region ${volume.region} --volume-id ${volume.id}`;
const DATA_VOLUME_DELETED = 'data volume (a PersistentVolume or your own): deleted, as asked';

/** Is this data volume to be deleted? */
const dataVolumeChosen = (choice: PlanInput['deleteDataVolumes'], id: string) =>
  choice === true || (Array.isArray(choice) && choice.includes(id));

const OWNERSHIP_NOTES = {
  owned: undefined,
  shared: "shared: only this cluster's tags are removed",
  'kube-up-name': "kube-up's name, untagged",
  associated: 'only associated with a cluster instance: disassociated and kept',
} as const;

const USER_TYPES: ReadonlySet<ResourceType> = new Set([
  'instance',
  'launch-template',
  'launch-configuration',
  'auto-scaling-group',
]);

/** The resources a target covers: a cluster's, plus the orphans its tags or names tie to it. */
export function selectTarget(inventory: Inventory, target: TeardownTarget): (InventoryResource | Orphan)[] {
  if (target.kind === 'orphans') return [...inventory.orphans];
  const { name, region } = target.cluster;
  const cluster = inventory.clusters.find((entry) => clusterKey(entry) === clusterKey({ name, region }));
  return [...(cluster?.resources ?? []), ...inventory.orphans.filter((orphan) => orphan.cluster === name)];
}

const describeUse = (use: Usage) =>
  `${use.type} ${use.id}${use.region !== GLOBAL_REGION ? ` in ${use.region}` : ''}${use.cluster ? ` (cluster ${use.cluster.name})` : ''}`;

const otherClusterKeys = (resource: InventoryResource, cluster: string) =>
  [...clusterMemberships(resource.tags).keys()].filter((name) => name !== cluster);

function clusterOf(target: TeardownTarget, resource: InventoryResource | Orphan): string | undefined {
  return target.kind === 'cluster' ? target.cluster.name : (resource as Orphan).cluster;
}

/** Keeps a resource: its cluster tags removed when it has some and the kind can, else skipped. */
function keep(
  resource: InventoryResource,
  cluster: string | undefined,
  why: string,
): { action: TeardownAction; reason: string } {
  const canUntag =
    cluster !== undefined &&
    TEARDOWN_KINDS[resource.type].removeTags !== undefined &&
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
    'reason' in resource ? resource.reason : OWNERSHIP_NOTES[resource.ownership];

  // The first decision, from ownership alone, then the guards in an order where every resource's
  // users (groups, instances, templates, configurations) are decided before the resource.
  const firstDecision = (resource: InventoryResource | Orphan): Decided => {
    const cluster = clusterOf(target, resource);
    if (resource.type === 'volume' && !isClusterMadeVolume(resource)) {
      return dataVolumeChosen(input.deleteDataVolumes, resource.id)
        ? { resource, action: 'delete', reason: DATA_VOLUME_DELETED }
        : { resource, action: 'skip', reason: DATA_VOLUME_KEPT(resource) };
    }
    const others = resource.alsoClaimedBy ?? [];
    if (others.length > 0) {
      return {
        resource,
        ...keep(
          resource,
          cluster,
          `also claimed by ${others.map((other) => `cluster ${other.name} (${other.region})`).join(' and ')}`,
        ),
      };
    }
    if (resource.ownership === 'shared') {
      return {
        resource,
        ...keep(
          resource,
          cluster,
          resource.type === 'internet-gateway'
            ? "the gateway of a VPC that is not the cluster's"
            : 'shared with the cluster, not owned by it',
        ),
      };
    }
    if (resource.type === 'elastic-ip') {
      return resource.ownership === 'associated'
        ? { resource, action: 'disassociate', reason: OWNERSHIP_NOTES.associated }
        : { resource, action: 'release', ...(note(resource) ? { reason: note(resource) } : {}) };
    }
    if (resource.type === 'route-table' && isMainRouteTable(resource)) {
      return { resource, action: 'skip', reason: "the VPC's main route table: it goes with the VPC" };
    }
    return { resource, action: 'delete', ...(note(resource) ? { reason: note(resource) } : {}) };
  };
  for (const resource of selected) {
    const first = firstDecision(resource);
    set(resource, first.action, first.reason);
  }

  const unusedOrKept = (
    resource: InventoryResource | Orphan,
    users: Usage[],
    extra: string[] = [],
    iam?: { unchecked: string[] },
  ) => {
    const cluster = clusterOf(target, resource);
    const foreign = users.filter(
      (use) => !(USER_TYPES.has(use.type) && deleting(use.type, use.region, use.id)),
    );
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
  };

  // Templates and configurations: kept while a group that stays uses them.
  for (const resource of selected) {
    if (decided.get(resourceKey(resource))?.action !== 'delete') continue;
    if (resource.type === 'launch-template' || resource.type === 'launch-configuration')
      unusedOrKept(resource, resource.usedBy ?? []);
  }
  // Key pairs: kept while another cluster's tag remains on them or something that stays uses them;
  // kube-up's untagged `kubernetes-<md5>` also while the same name is used in another region.
  for (const resource of selected) {
    if (resource.type !== 'key-pair' || decided.get(resourceKey(resource))?.action !== 'delete') continue;
    const cluster = clusterOf(target, resource);
    const tagged = otherClusterKeys(resource, cluster ?? '');
    const untagged = clusterMemberships(resource.tags).size === 0;
    const elsewhere = untagged
      ? (input.iamUse?.keyUsers?.get(resource.name) ?? []).filter((use) => use.region !== resource.region)
      : [];
    const unchecked =
      untagged && (!input.iamUse?.keyUsers || input.iamUse.failed.length > 0)
        ? [
            `the same key name may be in use in another region, and ${input.iamUse?.keyUsers ? input.iamUse.failed.map((failure) => `${failure.region} could not be checked (${failure.message})`).join(', ') : 'the other regions were not checked'}`,
          ]
        : [];
    if (unchecked.length > 0) {
      set(resource, 'skip', unchecked.join('; '), unchecked.join('; '));
      continue;
    }
    unusedOrKept(
      resource,
      [...(resource.usedBy ?? []), ...elsewhere],
      [
        ...(tagged.length > 0
          ? [`also tagged for ${tagged.map((name) => `cluster ${name}`).join(' and ')}`]
          : []),
      ],
    );
  }
  // IAM: instance profiles first (a role goes only with every profile that holds it).
  const iamUsers = (profile: string) => input.iamUse?.users.get(profile) ?? [];
  const iamCaveat = (): string[] => {
    if (!input.iamUse)
      return ['IAM is global and the other regions were not checked for instances that use it'];
    if (input.iamUse.failed.length === 0) return [];
    return [
      `IAM is global and ${input.iamUse.failed.map((failure) => `${failure.region} could not be checked for instances that use it (${failure.message})`).join(', ')}`,
    ];
  };
  const dedupe = (uses: Usage[]) => [
    ...new Map(uses.map((use) => [`${use.type}:${use.region}:${use.id}`, use])).values(),
  ];
  for (const resource of selected) {
    if (resource.type !== 'iam-instance-profile' || decided.get(resourceKey(resource))?.action !== 'delete')
      continue;
    unusedOrKept(resource, dedupe([...(resource.usedBy ?? []), ...iamUsers(resource.id)]), [], {
      unchecked: iamCaveat(),
    });
  }
  for (const resource of selected) {
    if (resource.type !== 'iam-role' || decided.get(resourceKey(resource))?.action !== 'delete') continue;
    const profiles = resource.refs.instanceProfiles ?? [];
    const staying = profiles.filter((profile) => !deleting('iam-instance-profile', GLOBAL_REGION, profile));
    unusedOrKept(
      resource,
      dedupe([...(resource.usedBy ?? []), ...profiles.flatMap(iamUsers)]),
      staying.length > 0 ? [`held by instance profile ${staying.join(', ')}, which stays`] : [],
      { unchecked: iamCaveat() },
    );
  }

  // Steps, with what blocks each among the resources being changed.
  const entries = [...decided.values()];
  const changing = entries.filter((entry) => changes(entry));
  const changingResources = changing.map((entry) => entry.resource);
  const blockersOf = (entry: Decided, among: InventoryResource[]) =>
    TEARDOWN_KINDS[entry.resource.type]
      .blockedBy(entry.resource, among, entry.action)
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

  if (input.userBucket && target.kind === 'cluster') {
    const prefix = `${target.cluster.name}/`;
    steps.push({
      key: `s3-bucket:${input.userBucket.region}:${input.userBucket.name}/${prefix}`,
      type: 's3-bucket',
      id: input.userBucket.name,
      name: `s3://${input.userBucket.name}/${prefix}`,
      region: input.userBucket.region,
      action: 'delete-objects',
      reason: `your bucket (AWS_S3_BUCKET): only ${prefix} is deleted`,
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
      action: item.skipReason ? 'skip' : 'delete',
      reason: item.skipReason ?? 'removed once a fresh scan finds nothing of the cluster in AWS',
      blockedBy: item.skipReason ? [] : awsChanging,
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
    otherClusters,
  };
}

/**
 * The plan with these data volumes ticked for deletion (the app's per-volume choice): each becomes a
 * `delete` after whatever of the plan blocks it; the order stays valid, since a skipped step is
 * already listed where it would have gone.
 */
export function withDataVolumes(plan: TeardownPlan, volumeIds: readonly string[]): TeardownPlan {
  const chosen = new Set(volumeIds);
  const removing = plan.steps
    .filter((step) => changes(step) || (step.dataVolume && chosen.has(step.id)))
    .map((step) => step.resource)
    .filter((resource): resource is InventoryResource => resource !== undefined);
  return {
    ...plan,
    steps: plan.steps.map((step) => {
      if (!step.dataVolume || !step.resource || !chosen.has(step.id) || step.action === 'delete') return step;
      const blockedBy = TEARDOWN_KINDS.volume
        .blockedBy(step.resource, removing, 'delete')
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
