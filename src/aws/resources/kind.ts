// What a resource kind is, kops- and aws-nuke-style: everything kube-tui knows about one AWS type,
// held by that type's module. Discovery, classification, the teardown plan and its run, the cost
// estimate and the teardown order iterate the registry of these (registry.ts); none switches on a
// type string. The words the screens show for a type sit in model/resource-types.ts, beside the type
// itself, because the screens may not import the engine.
import type {
  ClusterId,
  InventoryResource,
  ListedResource,
  Orphan,
  Ownership,
  ResourcePrice,
  Usage,
} from '../../model/inventory.js';
import { RESOURCE_LABELS, type ResourceType } from '../../model/resource-types.js';
import type { PlanInput, TeardownAction } from '../../model/teardown.js';
import type { AwsContext } from '../context.js';
import type { KindTeardown } from './teardown-kind.js';

/** One listing discovery runs: its name (for errors and call accounting) and its lister. */
export interface Listing {
  /** e.g. `classic load balancers`: a failure reads "listing classic load balancers in us-west-2". */
  label: string;
  list(ctx: AwsContext): Promise<ListedResource[]>;
}

/** A cluster's tag on a resource: `owned` (KubernetesCluster or `…=owned`) or `shared`. */
export type Membership = 'owned' | 'shared';

export interface Claim {
  cluster: ClusterId;
  ownership: Ownership;
}

/** A live user of a key pair, profile, role, template or configuration, and the resource it is. */
export interface UserEntry {
  usage: Usage;
  user: ListedResource;
}

/** What classification knows so far, for a kind's claim and orphan rules (inventory-classify.ts). */
export interface ClassifyView {
  scope: { region: string; regions: string[]; allRegions: boolean; accountId?: string };
  /** Every resource being classified: dead instances and a user's IAM are already left out. */
  resources: readonly ListedResource[];
  ofType(type: ResourceType): ListedResource[];
  byId(type: ResourceType, region: string, id: string | undefined): ListedResource | undefined;
  /** The clusters a resource's tags name, and how. */
  membership(resource: ListedResource): ReadonlyMap<string, Membership>;
  isLive(name: string, region: string): boolean;
  /** The live clusters of that name, in any scanned region. */
  liveNamed(name: string): ClusterId[];
  claim(resource: ListedResource, cluster: ClusterId, ownership: Ownership): void;
  claimants(resource: ListedResource | undefined): readonly Claim[];
  unclaimed(resource: ListedResource): boolean;
  /** The resource as a `usedBy` entry names it, with its first cluster. */
  usage(user: ListedResource): Usage;
  /** The users of a key pair (by region and name) and of an instance profile (by name). */
  keyUsers(region: string, keyName: string): UserEntry[];
  profileUsers(profile: string): UserEntry[];
  /** The Auto Scaling groups in the resource's region that a predicate picks. */
  groupsWhere(region: string, uses: (group: ListedResource) => boolean): UserEntry[];
  /** The users the resource's kind lists (none for a kind without `users`). */
  usersOf(resource: ListedResource): UserEntry[];
  /** Its users that are not themselves orphans (orphans are deleted first, by cleanup). */
  liveUsers(resource: ListedResource): UserEntry[];
  /** The gone clusters its tags say own it. */
  goneOwners(resource: ListedResource): string[];
  /** `tagged for cluster a, which has no VPC or instance in us-west-2`; '' for no names. */
  tagClause(names: string[], region: string): string;
  /** `cluster a has no VPC or instance in us-west-2`. */
  gone(cluster: string, region: string): string;
  /** The scanned regions in words: `us-west-2`, `us-east-1 and us-west-2`. */
  scannedWords: string;
  /** The IAM caveat after an orphan's reason when not every region was scanned; '' otherwise. */
  iamCaveat: string;
}

/** Why an unclaimed resource is an orphan: its ownership, the reason in words, the gone cluster. */
export interface OrphanVerdict {
  ownership: Ownership;
  reason: string;
  cluster?: string;
}

/**
 * How a resource joins a live cluster. `byTag`: by `KubernetesCluster` / `kubernetes.io/cluster/<C>`
 * in its own region. `also`: the kind's own rule (kube-up's untagged names and attachments, IAM's
 * global names, a bucket's derived name), run once every kind's tag claims are made, and after the
 * rules of the kinds named in `after`. A kind has at least one of the two.
 */
interface ClaimRule {
  byTag: boolean;
  also?(resource: ListedResource, view: ClassifyView): void;
}

/** The first decision of the plan for one resource of the target (teardown-plan.ts). */
export interface Decision {
  action: TeardownAction;
  reason?: string;
}

/** What the teardown plan knows, for a kind's action and in-use guard. */
export interface PlanView {
  input: PlanInput;
  /** The cluster the resource is torn down for (the target, or an orphan's gone cluster). */
  clusterOf(resource: InventoryResource | Orphan): string | undefined;
  /**
   * Kept because another live cluster also claims it or it is shared (`sharedWhy` words the
   * latter): only this cluster's tags removed where the kind can; undefined when neither applies.
   */
  kept(resource: InventoryResource | Orphan, sharedWhy?: string): Decision | undefined;
  /** Deleted, with discovery's note (its orphan reason or its ownership note). */
  deleted(resource: InventoryResource | Orphan): Decision;
  /** The ownership note of a resource (e.g. "kube-up's name, untagged"). */
  ownershipNote(ownership: Ownership): string | undefined;
  /** Is that resource of the target being deleted (so far)? */
  deleting(type: ResourceType, region: string, id: string): boolean;
  /** Overrides the decision for the resource. */
  set(
    resource: InventoryResource | Orphan,
    action: TeardownAction,
    reason?: string,
    unverified?: string,
  ): void;
  /**
   * Keeps the resource when a user that stays uses it, or for `extra` reasons; IAM (`iam`) is kept
   * as it is and `unchecked` makes the run unverified.
   */
  keepIfUsed(
    resource: InventoryResource | Orphan,
    users: Usage[],
    extra?: string[],
    iam?: { unchecked: string[] },
  ): void;
}

/** What one resource costs an hour, given the others of its cluster (or the orphans); undefined: nothing now. */
type PriceRule = (
  resource: InventoryResource,
  among: readonly InventoryResource[],
) => ResourcePrice | undefined;

export interface ResourceKind {
  type: ResourceType;
  /** `region`: listed in every scanned region; `global`: once per discovery (IAM, S3). */
  scope: 'region' | 'global';
  /**
   * kube-down's order of kinds (DESIGN.md section 5), lower first: among the teardown steps free
   * to go next, the lower rank goes first. Spaced by ten so that a new kind fits between two.
   */
  teardownRank: number;
  /**
   * How discovery lists it: its listings, or the kind whose listing returns it too (an instance
   * profile comes with the roles: one pass over ListInstanceProfiles serves both).
   */
  list: readonly Listing[] | { listedWith: ResourceType };
  /**
   * A second round over a region's whole listing, for what one listing cannot tell alone (a spot
   * node is known by its group, and priced by a live price): returns the listing with this kind's
   * resources completed. It calls AWS only when the region has such resources.
   */
  enrich?: (ctx: AwsContext, listed: readonly ListedResource[]) => Promise<ListedResource[]>;
  /**
   * Provisioning's entry points, where kube-tui creates the kind (the module's own exports, with
   * their own arguments). Absent for what kube-tui never creates: kube-up's launch configurations,
   * DHCP option sets, a cloud controller's load balancers; an instance profile is made with its role.
   */
  find?: (ctx: AwsContext, ...args: never[]) => Promise<unknown>;
  ensure?: (ctx: AwsContext, ...args: never[]) => Promise<unknown>;
  /** Dropped before classification: never claimed nor flagged (a terminated instance, a user's IAM role). */
  ignore?(resource: ListedResource, listed: readonly ListedResource[]): boolean;
  /** A resource tagged for a cluster makes that cluster live (VPCs: owned or shared; instances: owned). */
  marksClusterLive?(membership: Membership): boolean;
  /** May predate its cluster (kube-up's shared IAM and key names): its age does not date the cluster. */
  olderThanCluster?: true;
  /**
   * Its users must be looked for in every region before it is deleted (IAM is global; kube-up's
   * untagged key pair has one name in every region): teardown then lists them alongside discovery.
   */
  usedInEveryRegion?(resource: ListedResource): boolean;
  /** It launches instances with a key pair and an instance profile: its refs count as their use. */
  launches?: true;
  /**
   * Kinds whose rules this kind's rules read (claims, orphans, teardown guards): the registry lists
   * them earlier, and each pass runs in the registry's order.
   */
  after?: readonly ResourceType[];
  claim: ClaimRule;
  /**
   * An unclaimed resource's orphan verdict, or undefined (not ours, or still in use). `never` for
   * the kinds whose tagged resource makes its cluster live (VPCs, instances): they cannot be orphans.
   */
  orphan: ((resource: ListedResource, view: ClassifyView) => OrphanVerdict | undefined) | 'never';
  /** Its users, listed on it as `usedBy`: teardown deletes it only when no user that stays remains. */
  users?(resource: ListedResource, view: ClassifyView): UserEntry[];
  /** The plan's first decision; absent: kept when shared or claimed by another cluster, else deleted. */
  action?(resource: InventoryResource | Orphan, plan: PlanView): Decision;
  /** The plan's in-use check after every first decision, for resources about to be deleted. */
  guard?(resource: InventoryResource | Orphan, plan: PlanView): void;
  /** What blocks its removal and how it goes (teardown-kind.ts). */
  teardown: KindTeardown;
  /**
   * Its hourly price from the dated table in model/prices.ts; `free` when AWS bills nothing for it
   * (a VPC, a role, a key pair); `unpriced` when it costs something the table cannot say, which the
   * inventory then shows as unpriced, never as $0.
   */
  price: PriceRule | 'free' | 'unpriced';
}

/**
 * What a kind lacks, in words; empty when it is complete. Run over the registry by its test, and
 * over a deliberately incomplete kind to see it fail.
 */
export function kindProblems(kind: Partial<ResourceKind>, earlier: readonly ResourceType[] = []): string[] {
  const name = kind.type ?? '(no type)';
  const problems: string[] = [];
  const lack = (piece: string) => problems.push(`${name}: no ${piece}`);
  if (!kind.type) lack('type');
  const labels = kind.type ? RESOURCE_LABELS[kind.type] : undefined;
  if (!labels?.short || !labels.singular || !labels.plural) lack('label (short, singular and plural)');
  if (kind.scope !== 'region' && kind.scope !== 'global') lack('scope');
  if (typeof kind.teardownRank !== 'number' || !Number.isFinite(kind.teardownRank)) lack('teardown rank');
  if (!kind.list || (Array.isArray(kind.list) && kind.list.length === 0)) lack('listing');
  if (!kind.claim || (!kind.claim.byTag && !kind.claim.also)) lack('claim rule');
  if (!kind.orphan) lack("orphan rule (or 'never')");
  if (!kind.teardown?.remove || !kind.teardown.blockedBy) lack('teardown removal (remove and blockedBy)');
  if (kind.price !== 'free' && kind.price !== 'unpriced' && typeof kind.price !== 'function')
    lack("price (or 'free' or 'unpriced')");
  for (const other of kind.after ?? []) {
    if (!earlier.includes(other))
      problems.push(`${name}: reads ${other}, which the registry must list before it`);
  }
  return problems;
}

/**
 * The common orphan rule: tagged owned for a gone cluster. `why` says why nothing uses it; the
 * caller has checked that.
 */
export function taggedOrphan(
  resource: ListedResource,
  view: ClassifyView,
  why?: string,
): OrphanVerdict | undefined {
  const owners = view.goneOwners(resource);
  if (owners.length === 0) return undefined;
  const tagged = view.tagClause(owners, resource.region);
  return {
    ownership: 'owned',
    reason: why ? `${tagged}; ${why}` : tagged,
    ...(owners[0] ? { cluster: owners[0] } : {}),
  };
}

/** The orphan rule of what instances use (subnets, security groups): unless a live instance uses it. */
export const unlessInstancesUse =
  (field: 'subnetIds' | 'securityGroupIds') =>
  (resource: ListedResource, view: ClassifyView): OrphanVerdict | undefined =>
    view.ofType('instance').some((instance) => instance.refs[field]?.includes(resource.id))
      ? undefined
      : taggedOrphan(resource, view, 'no live instance uses it');
