// What discovery finds (DESIGN.md sections 4 and 5): every cluster's resources, grouped by tags and
// kube-up's names, and the orphans kube-down left behind. Plain data, no SDK: the screens, the
// plain reporter and teardown all read it.
import type { ResourceRef, ResourceType, TagMap } from './resource-types.js';

/** The `region` of IAM roles and instance profiles, which are global. */
export const GLOBAL_REGION = 'global';

/**
 * How a resource belongs to the cluster it is listed under (for an orphan: to the gone cluster).
 * - `owned`: tagged `KubernetesCluster=<C>` or `kubernetes.io/cluster/<C>=owned`; teardown deletes it
 *   once no other live cluster claims or uses it.
 * - `shared`: tagged `kubernetes.io/cluster/<C>=shared` (a user's VPC, subnet or gateway), or an
 *   untagged gateway attached to such a VPC; teardown removes the cluster's tag, never the resource.
 * - `kube-up-name`: not tagged for the cluster, but kube-up's (or kube-tui's) exact name or
 *   attachment says it is the cluster's: the untagged gateway of its VPC, the Elastic IP named by
 *   the master volume's `kubernetes.io/master-ip` tag, the `<C>-minion-group*` launch
 *   configuration, the `kubernetes-<md5>` key pair or `kubernetes-master`/`-minion` role and profile
 *   its instances use. kube-up's IAM names are shared by every kube-up cluster of the account: check
 *   `usedBy` before deleting.
 * - `associated`: an untagged Elastic IP merely associated with a cluster instance; it may be the
 *   user's own, so teardown disassociates it and never releases it.
 */
export type Ownership = 'owned' | 'shared' | 'kube-up-name' | 'associated';

/** A cluster is identified by (region, name). */
export interface ClusterId {
  name: string;
  region: string;
}

/** Something live that uses a key pair, an instance profile (and so its role), a launch template or configuration. */
export interface Usage {
  type: 'instance' | 'launch-template' | 'launch-configuration' | 'auto-scaling-group';
  id: string;
  region: string;
  /** The live cluster the user is listed under; absent for a resource of no cluster (e.g. a user's instance). */
  cluster?: ClusterId;
}

/**
 * What a resource references and what it is attached to, for teardown's ordering ("X must go before
 * Y") and its in-use checks. Fields are set only where they apply to the type.
 */
export interface ResourceRefs {
  /** The VPC a subnet, route table, group, instance, load balancer or attached gateway is in. */
  vpcId?: string;
  /** Subnets of an instance, an Auto Scaling group or a load balancer; the subnets a route table is associated with. */
  subnetIds?: string[];
  /**
   * Instance, launch template / configuration and load balancer: the groups they use.
   * Security group: the groups its ingress and egress rules reference (revoke those rules first).
   */
  securityGroupIds?: string[];
  /**
   * Volume: instances it is attached to. Elastic IP: the instance it is associated with. Auto
   * Scaling group and classic load balancer: member instances.
   */
  instanceIds?: string[];
  /** Instance, launch template, launch configuration: the key pair they name. */
  keyName?: string;
  /** Instance, launch template, launch configuration: the instance profile (by name). */
  instanceProfile?: string;
  /** Instance profile: the roles it holds. */
  roles?: string[];
  /** Role: the instance profiles that hold it (remove it from them before deleting it). */
  instanceProfiles?: string[];
  /** Role: who its trust policy lets assume it (`ec2.amazonaws.com`, `aws:<arn>`, `*`), sorted. */
  trustedPrincipals?: string[];
  /** Role: its inline policies' names. */
  inlinePolicies?: string[];
  /** Role: the ARNs of the managed policies attached to it. */
  attachedPolicies?: string[];
  /** Instance and Auto Scaling group: the launch template they were made from. */
  launchTemplate?: { id?: string; name?: string; version?: string };
  /** Auto Scaling group: its launch configuration. */
  launchConfiguration?: string;
  /** Instance: the Auto Scaling group that launched it (terminating it alone makes the group replace it). */
  autoScalingGroup?: string;
  /** Volume: its attachments; internet gateway: its VPC attachments. */
  attachments?: {
    id: string;
    state?: string;
    device?: string;
    deleteOnTermination?: boolean;
    attachTime?: string;
  }[];
  /** Elastic IP: the association to remove before releasing it. */
  associationId?: string;
  /** Elastic IP, instance: the public address. Volume: the address its `kubernetes.io/master-ip` tag names. */
  publicIp?: string;
  /** Route table: its associations (main ones go with the VPC). */
  routeTableAssociations?: { id: string; subnetId?: string; main: boolean }[];
  /** VPC: its DHCP option set. */
  dhcpOptionsId?: string;
  /** ELBv2 load balancer: its target groups (delete them after it). */
  targetGroupArns?: string[];
  /** ARN where one exists (roles, profiles, ELBv2 load balancers, log groups). */
  arn?: string;
}

/** Facts the screen and the cost estimate show; absent where they do not apply. */
export interface ResourceDetail {
  instanceType?: string;
  zone?: string;
  sizeGiB?: number;
  volumeType?: string;
  /** Auto Scaling group: desired capacity. */
  desiredCapacity?: number;
  /** Auto Scaling group: the zones it launches into. */
  zones?: string[];
  /** Auto Scaling group: its nodes are spot capacity; instance: it is a spot instance. */
  market?: 'spot';
  /** Spot instance: its type's spot price in its zone now (USD/hour), when it could be read. */
  spotHourlyUsd?: number;
  /** Load balancer: classic, application, network or gateway. */
  loadBalancerKind?: string;
  /** Instance: its role tag (`<C>-master` / `<C>-minion`). */
  role?: string;
  /** Bucket (every object version) or log group: the bytes it stores, which it is billed by. */
  storedBytes?: number;
  /** The bucket has more objects than were counted: it stores at least `storedBytes`. */
  storedBytesAtLeast?: boolean;
}

/** One resource as a lister saw it, before classification. */
export interface ListedResource {
  type: ResourceType;
  /** The AWS id; key pairs, roles, profiles, buckets, launch configurations, Auto Scaling groups and classic load balancers use their name. */
  id: string;
  name: string;
  /** The region it lives in; `global` for IAM; a bucket's own region. */
  region: string;
  state?: string;
  tags: TagMap;
  /** ISO 8601. */
  createdAt?: string;
  refs: ResourceRefs;
  detail?: ResourceDetail;
}

/**
 * What a resource costs an hour, from the dated table in prices.ts: what is priced, and what the
 * table lacks (an instance type, a volume type), left out. Discovery sets it from the resource's kind.
 */
export interface ResourcePrice {
  hourlyUsd: number;
  /** What has no price in the table (left out of `hourlyUsd`): `x9.huge`, `io2 volume`. */
  unpriced?: string;
  /** `hourlyUsd` is a floor: the resource was only partly measured (a bucket's first objects). */
  atLeast?: boolean;
}

/** A resource listed under a cluster (or as an orphan), with how it belongs. */
export interface InventoryResource extends ListedResource {
  ownership: Ownership;
  /**
   * Key pairs, instance profiles, roles, launch templates and configurations: every live user found
   * in the scanned regions, with the cluster it belongs to. Teardown deletes such a resource only
   * when no user of another cluster (or of none) remains.
   */
  usedBy?: Usage[];
  /** Other live clusters that also list this resource (a key pair or a shared VPC used by two clusters). */
  alsoClaimedBy?: ClusterId[];
  /** Absent: it costs nothing (a VPC, a role, a stopped instance); an unknown price says `unpriced`. */
  price?: ResourcePrice;
}

export interface InventoryCluster extends ClusterId {
  resources: InventoryResource[];
  /** The earliest creation time among its resources (VPCs have none), ISO 8601. */
  createdAt?: string;
  /** The earliest `kube-tui/expires-at` among its resources (RFC 3339): after it, cleanup --expired deletes it. */
  expiresAt?: string;
  /** One of its resources carries `kube-tui/protect=true`: no teardown touches the cluster. */
  protected?: boolean;
}

export interface Orphan extends InventoryResource {
  /** Why it is an orphan and why nothing uses it, in words. */
  reason: string;
  /** The gone cluster it was tied to, when its tags or name say which. */
  cluster?: string;
}

export interface Inventory {
  /** The scanned region, or `all` for `--all-regions`. */
  region: string;
  /** Every region scanned. */
  regions: string[];
  /** True when every enabled region was scanned: only then is the use of global IAM roles known completely. */
  allRegions: boolean;
  accountId?: string;
  /** ISO 8601. */
  scannedAt: string;
  clusters: InventoryCluster[];
  orphans: Orphan[];
}

export const clusterKey = (cluster: ClusterId) => `${cluster.region}/${cluster.name}`;

/** What a scan found of one cluster, as a run lists what exists (a name only where it is not the id). */
export function clusterResourceRefs(inventory: Inventory, cluster: ClusterId): ResourceRef[] {
  const found = inventory.clusters.find((each) => clusterKey(each) === clusterKey(cluster));
  return (found?.resources ?? []).map(({ type, id, name }) => ({
    type,
    id,
    ...(name && name !== id ? { name } : {}),
  }));
}
export const resourceKey = (resource: Pick<ListedResource, 'type' | 'region' | 'id'>) =>
  `${resource.type}:${resource.region}:${resource.id}`;
