// Turns what the listers saw into clusters and orphans (DESIGN.md section 5). Pure: no AWS call,
// so every rule here is unit-tested on hand-made listings.
//
// A cluster is (region, name) and exists while it has a VPC tagged for it (owned or shared) or a
// live instance tagged for it. Resources join a live cluster by their tags, or by kube-up's exact
// names and attachments (DESIGN.md section 2; `Ownership` in model/inventory.ts). Whatever carries a
// gone cluster's tag, or kube-up's exact name, and that nothing live uses, is an orphan with a reason.
// Nothing without one of our tags or kube-up's exact naming is ever claimed or flagged.
import {
  type ClusterId,
  clusterKey,
  GLOBAL_REGION,
  type Inventory,
  type InventoryCluster,
  type InventoryResource,
  type ListedResource,
  type Orphan,
  type Ownership,
  resourceKey,
  type Usage,
} from '../model/inventory.js';
import { RESOURCE_TYPES, type ResourceType } from '../model/resource-types.js';
import {
  clusterMemberships,
  clusterNames,
  KUBE_UP_IAM_NAME,
  KUBE_UP_KEY_PAIR,
  stagingBucketName,
} from './naming.js';
import { iamNameCluster, notOursBecause } from './resources/iam-role.js';
import { LIVE_INSTANCE_STATES } from './resources/instance.js';
import { kubeUpConfigurationCluster } from './resources/launch-configuration.js';
import { logGroupCluster } from './resources/log-group.js';

export interface ClassifyScope {
  /** The scanned region, or `all`. */
  region: string;
  regions: string[];
  allRegions: boolean;
  accountId?: string;
  scannedAt: string;
}

type Membership = 'owned' | 'shared';

/**
 * Regions a derived bucket name is checked against, so that a single-region scan recognises the
 * bucket of a cluster in another region and leaves it alone. A region missing here only means its
 * buckets are judged by the bucket's own region.
 */
const KNOWN_REGIONS = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'ca-central-1',
  'ca-west-1',
  'mx-central-1',
  'sa-east-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-central-1',
  'eu-central-2',
  'eu-north-1',
  'eu-south-1',
  'eu-south-2',
  'il-central-1',
  'me-south-1',
  'me-central-1',
  'af-south-1',
  'ap-east-1',
  'ap-east-2',
  'ap-south-1',
  'ap-south-2',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-southeast-5',
  'ap-southeast-7',
  'us-gov-west-1',
  'us-gov-east-1',
];

interface Claim {
  cluster: ClusterId;
  ownership: Ownership;
}

const TYPE_ORDER = new Map<ResourceType, number>(RESOURCE_TYPES.map((type, index) => [type, index]));
const NOT_CLUSTER_AGE: ReadonlySet<ResourceType> = new Set(['iam-role', 'iam-instance-profile', 'key-pair']);
/** The types whose users are listed (`usedBy`): teardown deletes them only when no other user remains. */
const USED_BY_TYPES: ReadonlySet<ResourceType> = new Set([
  'key-pair',
  'iam-role',
  'iam-instance-profile',
  'launch-template',
  'launch-configuration',
]);

export function isLiveInstance(resource: ListedResource): boolean {
  return resource.type === 'instance' && LIVE_INSTANCE_STATES.includes(resource.state ?? '');
}

const gone = (cluster: string, region: string) => `cluster ${cluster} has no VPC or instance in ${region}`;
const list = (items: string[]) =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;

/**
 * IAM roles and profiles that are a user's by name, trust, tags or policies (notOursBecause), and
 * profiles holding such a role: never claimed, never flagged.
 */
function iamNotOurs(listed: ListedResource[]): Set<ListedResource> {
  const isIam = (r: ListedResource) => r.type === 'iam-role' || r.type === 'iam-instance-profile';
  const foreign = new Set(listed.filter((r) => isIam(r) && notOursBecause(r) !== undefined));
  const foreignRoles = new Set([...foreign].filter((r) => r.type === 'iam-role').map((r) => r.id));
  for (const profile of listed) {
    if (
      profile.type === 'iam-instance-profile' &&
      (profile.refs.roles ?? []).some((r) => foreignRoles.has(r))
    )
      foreign.add(profile);
  }
  return foreign;
}

export function classify(listed: ListedResource[], scope: ClassifyScope): Inventory {
  const foreignIam = iamNotOurs(listed);
  const resources = listed.filter(
    (resource) => (resource.type !== 'instance' || isLiveInstance(resource)) && !foreignIam.has(resource),
  );
  const memberships = new Map<ListedResource, Map<string, Membership>>(
    resources.map((resource) => [resource, clusterMemberships(resource.tags)]),
  );
  const ofType = (type: ResourceType) => resources.filter((resource) => resource.type === type);

  // 1. Which clusters exist: a VPC tagged for them (owned or shared), or a live instance tagged owned.
  const clusters = new Map<string, { id: ClusterId; entries: Map<string, InventoryResource> }>();
  const addCluster = (name: string, region: string) => {
    const id = { name, region };
    if (!clusters.has(clusterKey(id))) clusters.set(clusterKey(id), { id, entries: new Map() });
  };
  for (const vpc of ofType('vpc'))
    for (const name of memberships.get(vpc)!.keys()) addCluster(name, vpc.region);
  for (const instance of ofType('instance')) {
    for (const [name, how] of memberships.get(instance)!)
      if (how === 'owned') addCluster(name, instance.region);
  }
  const isLive = (name: string, region: string) => clusters.has(clusterKey({ name, region }));
  const liveNamed = (name: string) =>
    [...clusters.values()].filter((cluster) => cluster.id.name === name).map((c) => c.id);

  // 2. Claims. A resource may be claimed by several clusters (a key pair two clusters use).
  const claims = new Map<ListedResource, Claim[]>();
  const claim = (resource: ListedResource, cluster: ClusterId, ownership: Ownership) => {
    const existing = claims.get(resource) ?? [];
    if (existing.some((entry) => clusterKey(entry.cluster) === clusterKey(cluster))) return;
    claims.set(resource, [...existing, { cluster, ownership }]);
  };
  const claimants = (resource: ListedResource | undefined) => (resource ? (claims.get(resource) ?? []) : []);
  const byId = (type: ResourceType, region: string, id: string | undefined) =>
    id === undefined
      ? undefined
      : resources.find((r) => r.type === type && r.region === region && r.id === id);

  // 2a. By tag, for regional resources (IAM, buckets and log groups have rules of their own below).
  const tagClaimed: ResourceType[] = RESOURCE_TYPES.filter(
    (type) => !['iam-role', 'iam-instance-profile', 's3-bucket', 'log-group'].includes(type),
  );
  for (const resource of resources) {
    if (!tagClaimed.includes(resource.type)) continue;
    for (const [name, how] of memberships.get(resource)!) {
      if (isLive(name, resource.region)) claim(resource, { name, region: resource.region }, how);
    }
  }

  // 2b. kube-up's untagged gateway: the one attached to a cluster's VPC, shared if the VPC is.
  for (const gateway of ofType('internet-gateway')) {
    for (const attachment of gateway.refs.attachments ?? []) {
      for (const entry of claimants(byId('vpc', gateway.region, attachment.id))) {
        claim(gateway, entry.cluster, entry.ownership === 'shared' ? 'shared' : 'kube-up-name');
      }
    }
  }

  // 2c. Untagged Elastic IPs: kube-up's, named by a cluster volume's kubernetes.io/master-ip tag
  // (released with the cluster); or merely associated with a cluster instance (disassociated only).
  for (const address of ofType('elastic-ip')) {
    if (memberships.get(address)!.size > 0) continue;
    const masterVolume = resources.find(
      (volume) =>
        volume.type === 'volume' &&
        volume.region === address.region &&
        volume.refs.publicIp !== undefined &&
        volume.refs.publicIp === address.refs.publicIp,
    );
    for (const entry of claimants(masterVolume)) {
      if (entry.ownership === 'owned') claim(address, entry.cluster, 'kube-up-name');
    }
    if (claimants(address).length > 0) continue;
    for (const entry of claimants(byId('instance', address.region, address.refs.instanceIds?.[0]))) {
      claim(address, entry.cluster, 'associated');
    }
  }

  // 2d. Launch configurations cannot be tagged: the cluster's group uses one, or kube-up's name
  // `<C>-minion-group-<zone>` names a live cluster (the longest matching name wins).
  const groups = ofType('auto-scaling-group');
  for (const configuration of ofType('launch-configuration')) {
    for (const group of groups) {
      if (group.region !== configuration.region || group.refs.launchConfiguration !== configuration.id)
        continue;
      for (const entry of claimants(group)) claim(configuration, entry.cluster, 'kube-up-name');
    }
    if (claimants(configuration).length > 0) continue;
    const name = kubeUpConfigurationCluster(configuration);
    if (name && isLive(name, configuration.region))
      claim(configuration, { name, region: configuration.region }, 'kube-up-name');
  }

  // 3. Who uses key pairs, instance profiles, launch templates and configurations.
  const firstCluster = (resource: ListedResource) => claimants(resource)[0]?.cluster;
  const usage = (user: ListedResource): Usage => {
    const cluster = firstCluster(user);
    return {
      type: user.type as Usage['type'],
      id: user.id,
      region: user.region,
      ...(cluster ? { cluster } : {}),
    };
  };
  const keyUsers = new Map<string, { usage: Usage; user: ListedResource }[]>();
  const profileUsers = new Map<string, { usage: Usage; user: ListedResource }[]>();
  const push = <K>(map: Map<K, { usage: Usage; user: ListedResource }[]>, key: K, user: ListedResource) =>
    map.set(key, [...(map.get(key) ?? []), { usage: usage(user), user }]);
  for (const user of resources) {
    if (!['instance', 'launch-template', 'launch-configuration'].includes(user.type)) continue;
    if (user.refs.keyName) push(keyUsers, `${user.region}:${user.refs.keyName}`, user);
    if (user.refs.instanceProfile) push(profileUsers, user.refs.instanceProfile, user);
  }
  const groupUsers = (template: ListedResource) =>
    groups.filter(
      (group) =>
        group.region === template.region &&
        (template.type === 'launch-configuration'
          ? group.refs.launchConfiguration === template.id
          : group.refs.launchTemplate?.id === template.id ||
            group.refs.launchTemplate?.name === template.name),
    );
  const usersOf = (resource: ListedResource): { usage: Usage; user: ListedResource }[] => {
    switch (resource.type) {
      case 'key-pair':
        return keyUsers.get(`${resource.region}:${resource.id}`) ?? [];
      case 'iam-instance-profile':
        return profileUsers.get(resource.id) ?? [];
      case 'iam-role':
        return (resource.refs.instanceProfiles ?? []).flatMap((profile) => profileUsers.get(profile) ?? []);
      case 'launch-template':
      case 'launch-configuration':
        return groupUsers(resource).map((group) => ({ usage: usage(group), user: group }));
      default:
        return [];
    }
  };

  // 3a. Key pairs: tagged for the cluster (2a), or kube-up's `kubernetes-<md5>` its instances,
  // templates or configurations use.
  for (const key of ofType('key-pair')) {
    if (!KUBE_UP_KEY_PAIR.test(key.name)) continue;
    for (const { usage: use } of usersOf(key)) if (use.cluster) claim(key, use.cluster, 'kube-up-name');
  }

  // 3b. IAM (global): a profile the cluster's instances, templates or configurations use, if it is
  // tagged for the cluster or named like kube-up's; its roles likewise; roles and profiles tagged
  // for a live cluster; kube-tui's exact `kubernetes-<master|minion>-<C>-<region>` of a live cluster.
  const iamClaim = (resource: ListedResource, cluster: ClusterId) => {
    const how = memberships.get(resource)!.get(cluster.name);
    if (how) claim(resource, cluster, how);
    else if (KUBE_UP_IAM_NAME.test(resource.name)) claim(resource, cluster, 'kube-up-name');
  };
  for (const resource of [...ofType('iam-instance-profile'), ...ofType('iam-role')]) {
    for (const { usage: use } of usersOf(resource)) if (use.cluster) iamClaim(resource, use.cluster);
    const named = iamNameCluster(resource.name);
    for (const [name, how] of memberships.get(resource)!) {
      const where = named && named.cluster === name ? [{ name, region: named.region }] : liveNamed(name);
      for (const cluster of where) if (isLive(cluster.name, cluster.region)) claim(resource, cluster, how);
    }
    if (named && isLive(named.cluster, named.region)) {
      const names = clusterNames(named.cluster, named.region);
      if (resource.name === names.masterRole || resource.name === names.nodeRole) {
        iamClaim(resource, { name: named.cluster, region: named.region });
      }
    }
  }

  // 3c. Staging buckets (global, listed once): tagged for the cluster. The name kube-tui derives
  // from (account, region, cluster) says which region's cluster; else the bucket's own region, else
  // the cluster of that name wherever it lives.
  const nameRegions = [...new Set([...scope.regions, ...KNOWN_REGIONS])];
  const bucketRegionOf = (bucket: ListedResource, name: string): string | undefined => {
    if (!scope.accountId) return undefined;
    return nameRegions.find((region) => stagingBucketName(scope.accountId!, region, name) === bucket.name);
  };
  for (const bucket of ofType('s3-bucket')) {
    for (const [name, how] of memberships.get(bucket)!) {
      const tied = bucketRegionOf(bucket, name);
      if (tied) {
        if (isLive(name, tied)) claim(bucket, { name, region: tied }, how);
        continue;
      }
      if (isLive(name, bucket.region)) claim(bucket, { name, region: bucket.region }, how);
      else for (const cluster of liveNamed(name)) claim(bucket, cluster, how);
    }
  }

  // 3d. Log groups: kube-tui's own `/kube-tui/<C>` in the cluster's region.
  for (const group of ofType('log-group')) {
    const name = logGroupCluster(group.name);
    if (name && isLive(name, group.region)) claim(group, { name, region: group.region }, 'owned');
  }

  // 4. Orphans: unclaimed, tied to a gone cluster by tag or to kube-up by exact name, used by nothing.
  const orphans: Orphan[] = [];
  const scanned = list(scope.regions);
  const iamCaveat = scope.allRegions
    ? ''
    : ` (IAM is global and only ${scanned} ${scope.regions.length === 1 ? 'was' : 'were'} scanned: run with --all-regions before deleting it)`;
  const goneOwners = (resource: ListedResource) =>
    [...memberships.get(resource)!].filter(([, how]) => how === 'owned').map(([name]) => name);
  const tagClause = (names: string[], region: string) =>
    names.length === 0
      ? ''
      : `tagged for ${names.map((name) => `cluster ${name}`).join(' and ')}, which ${names.length === 1 ? 'has' : 'have'} no VPC or instance in ${region}`;

  // Orphan templates and configurations are deleted with the other orphans, so their use of a key
  // pair or role does not keep it (cleanup deletes them first: `usedBy` says so).
  const orphanUsers = new Set<ListedResource>();
  const addOrphan = (resource: ListedResource, ownership: Ownership, reason: string, cluster?: string) => {
    orphans.push({
      ...resource,
      ownership,
      reason,
      ...(cluster ? { cluster } : {}),
      ...(USED_BY_TYPES.has(resource.type) ? { usedBy: usersOf(resource).map(({ usage: use }) => use) } : {}),
    });
    orphanUsers.add(resource);
  };
  const unclaimed = (resource: ListedResource) => claimants(resource).length === 0;
  const liveUsers = (resource: ListedResource) =>
    usersOf(resource).filter(({ user }) => !orphanUsers.has(user));
  const liveInstances = ofType('instance');

  // Groups, templates and configurations first: whether they are orphans decides the rest.
  for (const group of groups.filter(unclaimed)) {
    const owners = goneOwners(group);
    if (owners.length === 0 || (group.refs.instanceIds?.length ?? 0) > 0) continue;
    addOrphan(group, 'owned', `${tagClause(owners, group.region)}; the group has no instances`, owners[0]);
  }
  for (const template of ofType('launch-template').filter(unclaimed)) {
    const owners = goneOwners(template);
    if (owners.length === 0 || liveUsers(template).length > 0) continue;
    addOrphan(
      template,
      'owned',
      `${tagClause(owners, template.region)}; no Auto Scaling group uses it`,
      owners[0],
    );
  }
  for (const configuration of ofType('launch-configuration').filter(unclaimed)) {
    const name = kubeUpConfigurationCluster(configuration);
    if (!name || liveUsers(configuration).length > 0) continue;
    addOrphan(
      configuration,
      'kube-up-name',
      `kube-up's node launch configuration name (${name}-minion-group-<zone>); no Auto Scaling group uses it and ${gone(name, configuration.region)}`,
      name,
    );
  }

  for (const key of ofType('key-pair').filter(unclaimed)) {
    const owners = goneOwners(key);
    const kubeUpName = KUBE_UP_KEY_PAIR.test(key.name);
    if ((!kubeUpName && owners.length === 0) || liveUsers(key).length > 0) continue;
    const what = kubeUpName
      ? "kube-up's key pair name (kubernetes-<md5 of the SSH key>)"
      : tagClause(owners, key.region);
    const tagged = kubeUpName && owners.length > 0 ? `, ${tagClause(owners, key.region)}` : '';
    addOrphan(
      key,
      owners.length > 0 ? 'owned' : 'kube-up-name',
      `${what}${tagged}; no live instance, launch template or launch configuration in ${key.region} uses it`,
      owners[0],
    );
  }

  for (const type of ['iam-instance-profile', 'iam-role'] as const) {
    for (const resource of ofType(type).filter(unclaimed)) {
      const owners = goneOwners(resource);
      const kubeUpName = KUBE_UP_IAM_NAME.test(resource.name);
      if ((!kubeUpName && owners.length === 0) || liveUsers(resource).length > 0) continue;
      const named = iamNameCluster(resource.name);
      const noun = type === 'iam-role' ? 'role' : 'instance profile';
      const unused =
        type === 'iam-role'
          ? `none of its instance profiles is used by an instance, launch template or launch configuration in ${scanned}`
          : `no instance, launch template or launch configuration in ${scanned} uses it`;
      if (named) {
        // kube-tui's name carries the region: judge it only when that region was scanned.
        if (!scope.regions.includes(named.region)) continue;
        addOrphan(
          resource,
          owners.length > 0 ? 'owned' : 'kube-up-name',
          `kube-tui's ${noun} name for cluster ${named.cluster} in ${named.region}; ${gone(named.cluster, named.region)}, and ${unused}`,
          named.cluster,
        );
        continue;
      }
      const why = kubeUpName
        ? `named like kube-up's ${noun} (kubernetes-master / kubernetes-minion)${owners.length > 0 ? `, tagged for ${owners.map((o) => `cluster ${o}`).join(' and ')}` : ''}`
        : `tagged for ${owners.map((o) => `cluster ${o}`).join(' and ')}, live in no scanned region`;
      addOrphan(
        resource,
        owners.length > 0 ? 'owned' : 'kube-up-name',
        `${why}; ${unused}${iamCaveat}`,
        owners[0],
      );
    }
  }

  for (const resource of resources.filter(unclaimed)) {
    const owners = goneOwners(resource);
    const region = resource.region;
    const tagged = tagClause(owners, region);
    switch (resource.type) {
      case 'volume': {
        if (
          owners.length === 0 ||
          (resource.refs.instanceIds?.length ?? 0) > 0 ||
          resource.state === 'in-use'
        )
          break;
        const master = owners.find((name) => resource.name === clusterNames(name, region).masterVolume);
        addOrphan(
          resource,
          'owned',
          `${master ? `master volume ${resource.name} ` : ''}${tagged}; attached to nothing`,
          master ?? owners[0],
        );
        break;
      }
      case 'elastic-ip': {
        if (resource.refs.associationId || (resource.refs.instanceIds?.length ?? 0) > 0) break;
        if (owners.length > 0) {
          addOrphan(resource, 'owned', `${tagged}; associated with nothing`, owners[0]);
          break;
        }
        if (memberships.get(resource)!.size > 0) break;
        const volume = resources.find(
          (candidate) =>
            candidate.type === 'volume' &&
            candidate.region === region &&
            candidate.refs.publicIp === resource.refs.publicIp &&
            unclaimed(candidate) &&
            goneOwners(candidate).length > 0,
        );
        if (!volume || resource.refs.publicIp === undefined) break;
        const cluster = goneOwners(volume)[0]!;
        addOrphan(
          resource,
          'kube-up-name',
          `kube-up's master Elastic IP: named by the kubernetes.io/master-ip tag of volume ${volume.id} of cluster ${cluster}, which has no VPC or instance in ${region}; associated with nothing`,
          cluster,
        );
        break;
      }
      case 's3-bucket': {
        if (owners.length === 0) break;
        const named = owners.map((name) => bucketRegionOf(resource, name)).find(Boolean);
        const tiedRegion = named ?? region;
        if (!scope.regions.includes(tiedRegion)) break;
        const caveat =
          named || scope.allRegions
            ? ''
            : ` (judged by the bucket's region; the cluster may live in a region that was not scanned)`;
        addOrphan(resource, 'owned', `staging bucket ${tagClause(owners, tiedRegion)}${caveat}`, owners[0]);
        break;
      }
      case 'dhcp-options': {
        if (owners.length === 0) break;
        if (ofType('vpc').some((vpc) => vpc.region === region && vpc.refs.dhcpOptionsId === resource.id))
          break;
        addOrphan(resource, 'owned', `${tagged}; no VPC uses it`, owners[0]);
        break;
      }
      case 'log-group': {
        const name = logGroupCluster(resource.name);
        if (!name) break;
        addOrphan(resource, 'owned', `kube-tui's log group name; ${gone(name, region)}`, name);
        break;
      }
      case 'subnet':
      case 'security-group': {
        if (owners.length === 0) break;
        const field = resource.type === 'subnet' ? 'subnetIds' : 'securityGroupIds';
        const users = liveInstances.filter((instance) => instance.refs[field]?.includes(resource.id));
        if (users.length > 0) break;
        addOrphan(resource, 'owned', `${tagged}; no live instance uses it`, owners[0]);
        break;
      }
      case 'internet-gateway': {
        if (owners.length === 0 || (resource.refs.attachments?.length ?? 0) > 0) break;
        addOrphan(resource, 'owned', `${tagged}; attached to no VPC`, owners[0]);
        break;
      }
      case 'route-table':
      case 'load-balancer': {
        if (owners.length === 0) break;
        addOrphan(resource, 'owned', tagged, owners[0]);
        break;
      }
      default:
        // Instances and VPCs make their cluster live; groups, templates, configurations, key pairs
        // and IAM were judged above.
        break;
    }
  }

  // 5. Assemble, in a stable order.
  for (const resource of resources) {
    for (const entry of claimants(resource)) {
      const cluster = clusters.get(clusterKey(entry.cluster))!;
      const others = claimants(resource)
        .filter((other) => clusterKey(other.cluster) !== clusterKey(entry.cluster))
        .map((other) => other.cluster);
      cluster.entries.set(resourceKey(resource), {
        ...resource,
        ownership: entry.ownership,
        ...(USED_BY_TYPES.has(resource.type)
          ? { usedBy: usersOf(resource).map(({ usage: use }) => use) }
          : {}),
        ...(others.length > 0 ? { alsoClaimedBy: others } : {}),
      });
    }
  }
  const inventoryClusters: InventoryCluster[] = [...clusters.values()]
    .map(({ id, entries }) => {
      const members = [...entries.values()].sort(byTypeThenName);
      const created = members
        .filter((member) => !NOT_CLUSTER_AGE.has(member.type) && member.createdAt)
        .map((member) => member.createdAt!)
        .sort()[0];
      return { ...id, resources: members, ...(created ? { createdAt: created } : {}) };
    })
    .sort((a, b) => a.region.localeCompare(b.region) || a.name.localeCompare(b.name));
  orphans.sort((a, b) => regionOrder(a.region).localeCompare(regionOrder(b.region)) || byTypeThenName(a, b));
  return {
    region: scope.region,
    regions: [...scope.regions],
    allRegions: scope.allRegions,
    ...(scope.accountId ? { accountId: scope.accountId } : {}),
    scannedAt: scope.scannedAt,
    clusters: inventoryClusters,
    orphans,
  };
}

// Global (IAM) resources sort after the regions' own.
const regionOrder = (region: string) => (region === GLOBAL_REGION ? '~' : region);

function byTypeThenName(a: ListedResource, b: ListedResource): number {
  return (
    (TYPE_ORDER.get(a.type) ?? 99) - (TYPE_ORDER.get(b.type) ?? 99) ||
    a.name.localeCompare(b.name) ||
    a.id.localeCompare(b.id)
  );
}
