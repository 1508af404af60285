// What stands in the way of a deletion that AWS refuses (DependencyViolation), and whose it is.
// The facts are what a few EC2 Describe calls say about a VPC's network interfaces, instances,
// groups, subnets and peering connections; each resource kind picks the facts that block it; this
// module decides whose each blocker is and says it in one line. Plain data and pure functions.
import { isProtected } from './lifecycle.js';
import type { TagMap } from './resource-types.js';

/** A network interface, as DescribeNetworkInterfaces gives it. */
export interface InterfaceFact {
  id: string;
  subnetId?: string;
  vpcId?: string;
  groupIds: string[];
  description?: string;
  /** `interface`, `nat_gateway`, `vpc_endpoint`, `lambda`, `network_load_balancer`, … */
  interfaceType?: string;
  /** The instance it is attached to. */
  instanceId?: string;
  status?: string;
  publicIp?: string;
  tags: TagMap;
}

export interface InstanceFact {
  id: string;
  state: string;
  /** When it entered its state, if AWS says (StateTransitionReason), ISO 8601. */
  since?: string;
  subnetId?: string;
  vpcId?: string;
  tags: TagMap;
}

/** A security group, with the groups its ingress and egress rules reference. */
export interface GroupFact {
  id: string;
  name?: string;
  vpcId?: string;
  references: string[];
  tags: TagMap;
}

export interface SubnetFact {
  id: string;
  vpcId?: string;
  tags: TagMap;
}

export interface PeeringFact {
  id: string;
  status: string;
  requesterVpcId?: string;
  accepterVpcId?: string;
  tags: TagMap;
}

/** What one scan of a region found around the resources being removed. */
export interface BlockerFacts {
  interfaces: InterfaceFact[];
  instances: InstanceFact[];
  groups: GroupFact[];
  subnets: SubnetFact[];
  peerings: PeeringFact[];
}

export const NO_FACTS: BlockerFacts = {
  interfaces: [],
  instances: [],
  groups: [],
  subnets: [],
  peerings: [],
};

export type BlockerType =
  | 'network-interface'
  | 'instance'
  | 'security-group'
  | 'subnet'
  | 'vpc-peering-connection';

/** One thing a removal waits on. */
export interface Blocker {
  type: BlockerType;
  id: string;
  /** This cluster's (it is going too, so the removal waits) or not (the branch stops at once). */
  ours: boolean;
  /** What it belongs to, in words: "ELB k8s-elb-a1b2", "NAT gateway", "instance i-…". */
  owner?: string;
  /** Its state: `shutting-down`, `in-use`, `deleting`, `active`, … */
  state?: string;
  /** When it entered that state, ISO 8601. */
  since?: string;
  /** The VPC it is in (a referencing group, a peering connection's other side, a subnet). */
  vpcId?: string;
  /** How it blocks: `uses` (is in or uses the resource), `references` (a group's rule names it), `peers`. */
  relation: 'uses' | 'references' | 'peers';
  /** A referencing rule that --force-revoke revokes first (never in a protected group). */
  revoke?: true;
}

/** Who counts as this cluster's: what the plan removes, and what carries the cluster's tag. */
export interface Ownership {
  /** Ids (and load balancer names) of the resources the plan removes. */
  removing: ReadonlySet<string>;
  /** Whether tags say the cluster's (absent for an orphans teardown). */
  taggedOurs?: (tags: TagMap) => boolean;
  /** --force-revoke: other groups' rules that reference a group being deleted are revoked first. */
  forceRevoke?: boolean;
}

export const isOurs = (ownership: Ownership, id: string, tags: TagMap = {}): boolean =>
  ownership.removing.has(id) || Boolean(ownership.taggedOurs?.(tags));

/** The load balancer an interface belongs to, from AWS's description ("ELB name", "ELB app/name/id"). */
export function loadBalancerNameOf(description: string | undefined): string | undefined {
  const match = /^ELB (?:(?:app|net|gwy)\/([^/]+)\/\S+|(\S+))$/.exec(description ?? '');
  return match ? (match[1] ?? match[2]) : undefined;
}

const INTERFACE_OWNERS: Record<string, string> = {
  nat_gateway: 'NAT gateway',
  vpc_endpoint: 'VPC endpoint',
  gateway_load_balancer_endpoint: 'Gateway Load Balancer endpoint',
  lambda: 'Lambda function',
  efs: 'EFS mount target',
  transit_gateway: 'transit gateway attachment',
};

/** What an interface belongs to, in words. */
export function interfaceOwner(eni: InterfaceFact): string {
  const balancer = loadBalancerNameOf(eni.description);
  if (balancer) return `ELB ${balancer}`;
  const byType = eni.interfaceType ? INTERFACE_OWNERS[eni.interfaceType] : undefined;
  if (byType) return byType;
  if (eni.description) return eni.description;
  return 'network interface';
}

const ACTIVE_PEERING = new Set(['initiating-request', 'pending-acceptance', 'provisioning', 'active']);

/**
 * The blockers among interfaces: one per instance (its interfaces are the instance's), and one per
 * other interface. An interface of a load balancer the plan removes is ours, and `deleting`.
 */
export function interfaceBlockers(
  interfaces: readonly InterfaceFact[],
  facts: BlockerFacts,
  ownership: Ownership,
): Blocker[] {
  const blockers = new Map<string, Blocker>();
  for (const eni of interfaces) {
    if (eni.instanceId) {
      const instance = facts.instances.find((candidate) => candidate.id === eni.instanceId);
      if (instance?.state === 'terminated') continue;
      blockers.set(eni.instanceId, {
        type: 'instance',
        id: eni.instanceId,
        ours: isOurs(ownership, eni.instanceId, instance?.tags ?? eni.tags),
        relation: 'uses',
        ...(instance ? { state: instance.state } : {}),
        ...(instance?.since ? { since: instance.since } : {}),
        ...(instance?.vpcId ? { vpcId: instance.vpcId } : {}),
      });
      continue;
    }
    const balancer = loadBalancerNameOf(eni.description);
    const oursByBalancer = balancer !== undefined && ownership.removing.has(balancer);
    blockers.set(eni.id, {
      type: 'network-interface',
      id: eni.id,
      ours: oursByBalancer || isOurs(ownership, eni.id, eni.tags),
      owner: interfaceOwner(eni),
      relation: 'uses',
      ...(oursByBalancer ? { state: 'deleting' } : eni.status ? { state: eni.status } : {}),
      ...(eni.vpcId ? { vpcId: eni.vpcId } : {}),
    });
  }
  return [...blockers.values()];
}

/** The live peering connections of a VPC (AWS keeps deleted and rejected ones listed for a while). */
export function peeringBlockers(vpcId: string, facts: BlockerFacts, ownership: Ownership): Blocker[] {
  return facts.peerings
    .filter(
      (peering) =>
        ACTIVE_PEERING.has(peering.status) &&
        (peering.requesterVpcId === vpcId || peering.accepterVpcId === vpcId),
    )
    .map((peering) => {
      const other = peering.requesterVpcId === vpcId ? peering.accepterVpcId : peering.requesterVpcId;
      return {
        type: 'vpc-peering-connection' as const,
        id: peering.id,
        ours: isOurs(ownership, peering.id, peering.tags),
        relation: 'peers' as const,
        state: peering.status,
        ...(other ? { vpcId: other } : {}),
      };
    });
}

/** A rule of another group that names one being deleted: what `--force-revoke` would revoke. */
export const revocable = (blocker: Blocker): boolean =>
  blocker.type === 'security-group' && blocker.relation === 'references' && !blocker.ours && !blocker.revoke;

/** The groups whose rules name `groupId` (itself aside). */
export function referencingGroupBlockers(
  groupId: string,
  facts: BlockerFacts,
  ownership: Ownership,
): Blocker[] {
  return facts.groups
    .filter((group) => group.id !== groupId && group.references.includes(groupId))
    .map((group) => {
      const ours = isOurs(ownership, group.id, group.tags);
      return {
        type: 'security-group' as const,
        id: group.id,
        ours,
        relation: 'references' as const,
        ...(group.vpcId ? { vpcId: group.vpcId } : {}),
        ...(!ours && ownership.forceRevoke && !isProtected(group.tags) ? { revoke: true as const } : {}),
      };
    });
}

/** The groups and subnets of a VPC that are not the cluster's (a VPC's own `default` group goes with it). */
export function foreignMembersOf(vpcId: string, facts: BlockerFacts, ownership: Ownership): Blocker[] {
  const groups = facts.groups
    .filter(
      (group) =>
        group.vpcId === vpcId && group.name !== 'default' && !isOurs(ownership, group.id, group.tags),
    )
    .map((group) => ({
      type: 'security-group' as const,
      id: group.id,
      ours: false,
      relation: 'uses' as const,
      vpcId,
    }));
  const subnets = facts.subnets
    .filter((subnet) => subnet.vpcId === vpcId && !isOurs(ownership, subnet.id, subnet.tags))
    .map((subnet) => ({
      type: 'subnet' as const,
      id: subnet.id,
      ours: false,
      relation: 'uses' as const,
      vpcId,
    }));
  return [...groups, ...subnets];
}

/** How long ago, in whole seconds or minutes. */
function age(since: string | undefined, now: number): string | undefined {
  if (!since) return undefined;
  const seconds = Math.max(0, Math.round((now - Date.parse(since)) / 1000));
  if (!Number.isFinite(seconds)) return undefined;
  return seconds < 120 ? `${seconds} s` : `${Math.round(seconds / 60)} min`;
}

const AGAIN = 'then run the teardown again';

/** One blocker in one line: "waiting: …" when it is ours, "blocked: … — what to do" when it is not. */
export function blockerLine(
  subject: { type: string; id: string },
  blocker: Blocker,
  now = Date.now(),
): string {
  const since = age(blocker.since, now);
  if (blocker.ours) {
    switch (blocker.type) {
      case 'instance':
        return `waiting: instance ${blocker.id} ${[blocker.state ?? 'still there', since].filter(Boolean).join(', ')}`;
      case 'security-group':
        return `waiting: ${subject.id} is referenced by ${blocker.id} of this cluster (its rules are revoked first)`;
      default:
        return `waiting: ${blocker.id} (${[blocker.owner ? `${blocker.owner} of this cluster` : 'this cluster’s', blocker.state].filter(Boolean).join(', ')})`;
    }
  }
  const where = blocker.vpcId ? ` of VPC ${blocker.vpcId}` : '';
  switch (blocker.type) {
    case 'security-group':
      if (blocker.revoke)
        return `force-revoke: the rule of ${blocker.id}${where} (not this cluster's) that references ${subject.id} is revoked first`;
      return blocker.relation === 'references'
        ? `blocked: ${subject.id} is referenced by ${blocker.id}${where} (not this cluster's) — remove that rule or use --force-revoke`
        : `blocked: security group ${blocker.id} (not this cluster's) is in ${subject.id} — delete it, ${AGAIN}`;
    case 'vpc-peering-connection':
      return `blocked: ${subject.id} has VPC peering connection ${blocker.id}${blocker.vpcId ? ` to ${blocker.vpcId}` : ''} (not this cluster's) — delete it, ${AGAIN}`;
    case 'instance':
      return `blocked: instance ${blocker.id} (${blocker.state ?? 'running'}, not this cluster's) is in ${subject.id} — terminate it or move it out, ${AGAIN}`;
    case 'subnet':
      return `blocked: subnet ${blocker.id} (not this cluster's) is in ${subject.id} — delete it, ${AGAIN}`;
    case 'network-interface':
      return `blocked: ${blocker.id} (${blocker.owner ?? 'network interface'}, not this cluster's) is in ${subject.id} — delete it, ${AGAIN}`;
  }
}

/** Everything in one line: the foreign blockers when there are any (they decide), else what it waits for. */
export function blockersLine(
  subject: { type: string; id: string },
  blockers: readonly Blocker[],
  now = Date.now(),
): string {
  const foreign = blockers.filter((blocker) => !blocker.ours);
  return (foreign.length > 0 ? foreign : blockers)
    .map((blocker) => blockerLine(subject, blocker, now))
    .join('; ');
}

/** Is the removal blocked by something that is not the cluster's, so that waiting cannot help? */
export const blockedForGood = (blockers: readonly Blocker[]): boolean =>
  blockers.some((blocker) => !blocker.ours && !blocker.revoke);
