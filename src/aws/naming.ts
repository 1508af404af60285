// Names and tags of DESIGN.md section 2. With the default cluster name "kubernetes" the network,
// group, volume and instance names are kube-up's own.
import { createHash } from 'node:crypto';
import type { TagMap } from '../model/resource-types.js';

/** The legacy tag kube-up, kops and the AWS cloud provider read: a bare value means "owned". */
export const LEGACY_CLUSTER_TAG = 'KubernetesCluster';
export const clusterTagKey = (cluster: string) => `kubernetes.io/cluster/${cluster}`;
export const CLUSTER_TAG_PREFIX = 'kubernetes.io/cluster/';
/** kube-up stored the Elastic IP on the master volume, because EIPs were not taggable then. */
export const MASTER_IP_TAG = 'kubernetes.io/master-ip';

export interface ClusterNames {
  vpc: string;
  subnet: string;
  internetGateway: string;
  routeTable: string;
  masterSecurityGroup: string;
  nodeSecurityGroup: string;
  masterVolume: string;
  masterInstance: string;
  masterElasticIp: string;
  masterRole: string;
  nodeRole: string;
  launchTemplate: string;
  autoScalingGroup: string;
  nodeInstance: string;
  logGroup: string;
  kubeconfigContext: string;
}

export function clusterNames(cluster: string, region: string): ClusterNames {
  return {
    vpc: `${cluster}-vpc`,
    subnet: `${cluster}-subnet`,
    internetGateway: `${cluster}-igw`,
    routeTable: `${cluster}-rt`,
    masterSecurityGroup: `kubernetes-master-${cluster}`,
    nodeSecurityGroup: `kubernetes-minion-${cluster}`,
    masterVolume: `${cluster}-master-pd`,
    masterInstance: `${cluster}-master`,
    masterElasticIp: `${cluster}-master-ip`,
    // IAM is global: the region keeps two clusters of one name in two regions apart.
    masterRole: `kubernetes-master-${cluster}-${region}`,
    nodeRole: `kubernetes-minion-${cluster}-${region}`,
    launchTemplate: `${cluster}-minion-group`,
    autoScalingGroup: `${cluster}-minion-group`,
    nodeInstance: `${cluster}-minion`,
    logGroup: `/kube-tui/${cluster}`,
    kubeconfigContext: `aws_${cluster}`,
  };
}

/** kube-up's `kubernetes-staging-<md5>` bucket, made unique per account, region and cluster. */
export function stagingBucketName(accountId: string, region: string, cluster: string): string {
  const hash = createHash('md5').update(`${accountId} ${region} ${cluster}`).digest('hex');
  return `kubernetes-staging-${hash.slice(0, 12)}`;
}

/** kube-up's key pair name: `kubernetes-` + the OpenSSH MD5 fingerprint without colons. */
export function keyPairName(md5FingerprintHex: string): string {
  return `kubernetes-${md5FingerprintHex.replaceAll(':', '').toLowerCase()}`;
}

export const KUBE_UP_KEY_PAIR = /^kubernetes-[0-9a-f]{32}$/;
/** kube-up's shared IAM names (up to v1.4), exactly: anything merely starting so is a user's. */
export const KUBE_UP_IAM_NAME = /^kubernetes-(master|minion)$/;

/** Tags of a resource the cluster owns alone. */
export function ownedTags(cluster: string, name: string, extra: TagMap = {}): TagMap {
  return { [LEGACY_CLUSTER_TAG]: cluster, [clusterTagKey(cluster)]: 'owned', Name: name, ...extra };
}

/** Tags of a resource several clusters may use (key pair): only the per-cluster key, never KubernetesCluster. */
export function sharedUseTags(cluster: string, value: 'owned' | 'shared'): TagMap {
  return { [clusterTagKey(cluster)]: value };
}

export function toTagList(tags: TagMap): { Key: string; Value: string }[] {
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}

export function fromTagList(tags: { Key?: string; Value?: string }[] | undefined): TagMap {
  const map: TagMap = {};
  for (const tag of tags ?? []) if (tag.Key !== undefined) map[tag.Key] = tag.Value ?? '';
  return map;
}

/**
 * The clusters a resource's tags say it belongs to, with how: `KubernetesCluster` alone or
 * `kubernetes.io/cluster/<C>=owned` mean owned; `shared` means used but not owned.
 */
export function clusterMemberships(tags: TagMap): Map<string, 'owned' | 'shared'> {
  const memberships = new Map<string, 'owned' | 'shared'>();
  const legacy = tags[LEGACY_CLUSTER_TAG];
  if (legacy) memberships.set(legacy, 'owned');
  for (const [key, value] of Object.entries(tags)) {
    if (!key.startsWith(CLUSTER_TAG_PREFIX)) continue;
    const cluster = key.slice(CLUSTER_TAG_PREFIX.length);
    if (!cluster) continue;
    memberships.set(cluster, value === 'shared' ? 'shared' : 'owned');
  }
  return memberships;
}
