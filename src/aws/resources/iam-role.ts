// IAM role + instance profile of one name (`kubernetes-master-<C>-<region>`, `kubernetes-minion-…`),
// the role's inline policy, and the profile holding the role. IAM is global.
import {
  AddRoleToInstanceProfileCommand,
  CreateInstanceProfileCommand,
  CreateRoleCommand,
  DeleteInstanceProfileCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  DetachRolePolicyCommand,
  GetInstanceProfileCommand,
  GetRoleCommand,
  type InstanceProfile,
  ListAttachedRolePoliciesCommand,
  ListInstanceProfilesCommand,
  type ListInstanceProfilesCommandOutput,
  ListInstanceProfilesForRoleCommand,
  ListRolePoliciesCommand,
  ListRolesCommand,
  type ListRolesCommandOutput,
  ListRoleTagsCommand,
  PutRolePolicyCommand,
  RemoveRoleFromInstanceProfileCommand,
  type Role,
  TagRoleCommand,
  UntagInstanceProfileCommand,
  UntagRoleCommand,
  waitUntilInstanceProfileExists,
} from '@aws-sdk/client-iam';
import { type ClusterId, GLOBAL_REGION, type ListedResource, type Usage } from '../../model/inventory.js';
import type { TagMap } from '../../model/resource-types.js';
import { type AwsContext, callOptions } from '../context.js';
import { classifyError } from '../errors.js';
import { EC2_TRUST_POLICY } from '../iam-policies.js';
import {
  clusterNames,
  clusterTagKey,
  fromTagList,
  KUBE_UP_IAM_NAME,
  LEGACY_CLUSTER_TAG,
  toTagList,
} from '../naming.js';
import {
  allPages,
  compact,
  createOnce,
  type Ensured,
  iso,
  mapLimit,
  orUndefinedIfNotFound,
  ownedTagsIn,
} from './common.js';
import type { ClassifyView, OrphanVerdict, PlanView, ResourceKind } from './kind.js';
import { type KindTeardown, removingOf } from './teardown-kind.js';

export const INLINE_POLICY_NAME = 'kube-tui';

export interface RoleWithProfile {
  roleName: string;
  roleArn: string;
  profileName: string;
  profileArn: string;
}

export async function ensureRoleWithProfile(
  ctx: AwsContext,
  input: { cluster: string; name: string; policyDocument: string; description: string },
): Promise<Ensured<RoleWithProfile>> {
  const iam = ctx.clients.iam();
  const tags = toTagList(ownedTagsIn(ctx, input.cluster, input.name));
  let created = false;

  const findRole = async () =>
    (await orUndefinedIfNotFound(iam.send(new GetRoleCommand({ RoleName: input.name }), callOptions(ctx))))
      ?.Role;
  const roleReady = (async (): Promise<Role> => {
    const found = await findRole();
    if (found) {
      if (!found.Tags?.some((tag) => tag.Key === clusterTagKey(input.cluster)))
        await iam.send(new TagRoleCommand({ RoleName: input.name, Tags: tags }), callOptions(ctx));
      return found;
    }
    created = true;
    return (
      await createOnce(ctx, {
        find: findRole,
        create: async (sending) =>
          (
            await sending.clients
              .withoutRetries()
              .iam()
              .send(
                new CreateRoleCommand({
                  RoleName: input.name,
                  AssumeRolePolicyDocument: EC2_TRUST_POLICY,
                  Description: input.description,
                  Tags: tags,
                }),
                callOptions(sending),
              )
          ).Role!,
      })
    ).value;
  })();
  // Always (re)written, so a rerun brings an older cluster's policy up to date.
  const policyWritten = roleReady.then(() =>
    iam.send(
      new PutRolePolicyCommand({
        RoleName: input.name,
        PolicyName: INLINE_POLICY_NAME,
        PolicyDocument: input.policyDocument,
      }),
      callOptions(ctx),
    ),
  );

  const findProfile = async (): Promise<InstanceProfile | undefined> =>
    (
      await orUndefinedIfNotFound(
        iam.send(new GetInstanceProfileCommand({ InstanceProfileName: input.name }), callOptions(ctx)),
      )
    )?.InstanceProfile;
  // The profile does not need the role to exist: both are looked up, and made, at once.
  let profileMade = false;
  const profileReady = (async (): Promise<InstanceProfile> => {
    const found = await findProfile();
    if (found) return found;
    created = true;
    profileMade = true;
    return (
      await createOnce(ctx, {
        find: findProfile,
        create: async (sending) =>
          (
            await sending.clients
              .withoutRetries()
              .iam()
              .send(
                new CreateInstanceProfileCommand({ InstanceProfileName: input.name, Tags: tags }),
                callOptions(sending),
              )
          ).InstanceProfile!,
      })
    ).value;
  })();
  const roleAdded = Promise.all([roleReady, profileReady]).then(async ([, profile]) => {
    if (profile.Roles?.some((member) => member.RoleName === input.name)) return;
    try {
      await iam.send(
        new AddRoleToInstanceProfileCommand({ InstanceProfileName: input.name, RoleName: input.name }),
        callOptions(ctx),
      );
    } catch (error) {
      // A profile holds one role: LimitExceeded is fine only if a concurrent run added ours.
      const again = await iam.send(
        new GetInstanceProfileCommand({ InstanceProfileName: input.name }),
        callOptions(ctx),
      );
      if (!again.InstanceProfile?.Roles?.some((member) => member.RoleName === input.name)) throw error;
    }
  });
  const [role, profile] = await Promise.all([roleReady, profileReady, policyWritten, roleAdded]);
  // A profile that was found exists; one made just now is awaited until IAM shows it.
  if (profileMade) {
    await waitUntilInstanceProfileExists(
      { client: iam, maxWaitTime: 120, minDelay: 1, maxDelay: 5, abortSignal: ctx.signal },
      { InstanceProfileName: input.name },
    );
  }
  return {
    value: { roleName: input.name, roleArn: role.Arn!, profileName: input.name, profileArn: profile.Arn! },
    created,
  };
}

const CONCURRENT_TAG_CALLS = 8;

/** kube-tui's IAM name `kubernetes-<master|minion>-<C>-<region>`: the cluster and region it names. */
const KUBE_TUI_IAM_NAME = /^kubernetes-(?:master|minion)-(.+)-([a-z]{2}(?:-gov|-iso[a-z]*)?-[a-z]+-\d)$/;

function iamNameCluster(name: string): { cluster: string; region: string } | undefined {
  const match = KUBE_TUI_IAM_NAME.exec(name);
  return match ? { cluster: match[1]!, region: match[2]! } : undefined;
}

/** Names worth a closer look: kube-up's exact `kubernetes-master` / `-minion`, or kube-tui's. */
const isCandidateName = (name: string) => KUBE_UP_IAM_NAME.test(name) || KUBE_TUI_IAM_NAME.test(name);

/** Who a trust policy (ListRoles gives it URL-encoded) lets assume the role, sorted. */
export function trustedPrincipals(document: string | undefined): string[] {
  if (!document) return [];
  let parsed: { Statement?: unknown };
  try {
    parsed = JSON.parse(document.trim().startsWith('{') ? document : decodeURIComponent(document));
  } catch {
    return ['(unreadable trust policy)'];
  }
  const statements = Array.isArray(parsed.Statement) ? parsed.Statement : [parsed.Statement];
  const principals = new Set<string>();
  for (const statement of statements as { Effect?: string; Principal?: unknown }[]) {
    if (!statement || statement.Effect === 'Deny') continue;
    const principal = statement.Principal;
    if (typeof principal === 'string') {
      principals.add(principal);
      continue;
    }
    for (const [kind, values] of Object.entries((principal ?? {}) as Record<string, unknown>)) {
      for (const value of [values].flat()) {
        principals.add(kind === 'Service' ? String(value) : `${kind.toLowerCase()}:${String(value)}`);
      }
    }
  }
  return [...principals].sort();
}

/** The tags that say a kube-tui-named role or profile is `cluster`'s. */
const taggedFor = (tags: TagMap, cluster: string) =>
  clusterTagKey(cluster) in tags || tags[LEGACY_CLUSTER_TAG] === cluster;

/**
 * Why an IAM role or instance profile is not kube-up's or kube-tui's, or undefined when it is.
 * Only these are ever claimed or flagged (DESIGN.md section 5):
 * - the name is kube-up's exact `kubernetes-master` / `kubernetes-minion`, or kube-tui's
 *   `kubernetes-<master|minion>-<C>-<region>` carrying cluster C's tag;
 * - a role is trusted by `ec2.amazonaws.com` alone, and its policies are kube-up's (an inline policy
 *   named like the role) or kube-tui's (inline `kube-tui`), none attached;
 * - a profile holds no role but one of the same name.
 */
function notOursBecause(resource: ListedResource): string | undefined {
  const named = iamNameCluster(resource.name);
  if (!KUBE_UP_IAM_NAME.test(resource.name) && !named) return 'not a kube-up or kube-tui name';
  if (named && !KUBE_UP_IAM_NAME.test(resource.name) && !taggedFor(resource.tags, named.cluster))
    return `named like kube-tui's but not tagged for cluster ${named.cluster}`;
  if (resource.type === 'iam-instance-profile') {
    const foreign = (resource.refs.roles ?? []).filter((role) => role !== resource.name);
    return foreign.length > 0 ? `holds role ${foreign.join(', ')}` : undefined;
  }
  const trust = resource.refs.trustedPrincipals;
  if (trust?.length !== 1 || trust[0] !== 'ec2.amazonaws.com')
    return `trusted by ${trust?.length ? trust.join(', ') : 'nothing known'}, not by EC2 alone`;
  const foreignInline = (resource.refs.inlinePolicies ?? []).filter(
    (policy) => policy !== resource.name && policy !== INLINE_POLICY_NAME,
  );
  if (foreignInline.length > 0) return `has inline policy ${foreignInline.join(', ')}`;
  if ((resource.refs.attachedPolicies ?? []).length > 0)
    return `has managed policy ${resource.refs.attachedPolicies!.join(', ')} attached`;
  return undefined;
}

/**
 * Roles and instance profiles, listed once for all regions (IAM is global). ListRoles returns no
 * tags and a GetRole per role would cost a call per role in the account, so tags are read
 * (ListRoleTags, GetInstanceProfile), with the roles' policies, only for kube-up's exact names and
 * kube-tui's `kubernetes-<master|minion>-<C>-<region>`; the other roles are left out, and the other
 * profiles are listed without tags only so that a role held by one of them is known to be in use.
 */
export async function listRolesAndProfiles(ctx: AwsContext): Promise<ListedResource[]> {
  const iam = ctx.clients.iam();
  const [roles, profiles] = await Promise.all([
    allPages(
      (Marker) => iam.send(new ListRolesCommand({ Marker, MaxItems: 1000 }), callOptions(ctx)),
      (page: ListRolesCommandOutput) => page.Roles,
      (page) => (page.IsTruncated ? page.Marker : undefined),
    ),
    allPages(
      (Marker) => iam.send(new ListInstanceProfilesCommand({ Marker, MaxItems: 1000 }), callOptions(ctx)),
      (page: ListInstanceProfilesCommandOutput) => page.InstanceProfiles,
      (page) => (page.IsTruncated ? page.Marker : undefined),
    ),
  ]);
  const candidateRoles = roles.filter((role) => isCandidateName(role.RoleName ?? ''));
  const candidateProfiles = profiles.filter((profile) => isCandidateName(profile.InstanceProfileName ?? ''));
  const [roleTags, rolePolicies, profileTags] = await Promise.all([
    mapLimit(candidateRoles, CONCURRENT_TAG_CALLS, (role) =>
      readTags((Marker) =>
        iam.send(new ListRoleTagsCommand({ RoleName: role.RoleName, Marker }), callOptions(ctx)),
      ),
    ),
    // Whose policies the role carries: kube-up's, kube-tui's, or a user's (then it is not ours).
    mapLimit(candidateRoles, CONCURRENT_TAG_CALLS, (role) => readPolicies(ctx, role.RoleName!)),
    // GetInstanceProfile rather than ListInstanceProfileTags: same cost, and moto 5.2.1 lacks the latter.
    mapLimit(candidateProfiles, CONCURRENT_TAG_CALLS, (profile) =>
      readTags(async () => {
        const { InstanceProfile } = await iam.send(
          new GetInstanceProfileCommand({ InstanceProfileName: profile.InstanceProfileName }),
          callOptions(ctx),
        );
        return { Tags: InstanceProfile?.Tags ?? [] };
      }),
    ),
  ]);
  const profilesOfRole = new Map<string, string[]>();
  for (const profile of profiles) {
    for (const role of profile.Roles ?? []) {
      if (!role.RoleName) continue;
      profilesOfRole.set(role.RoleName, [
        ...(profilesOfRole.get(role.RoleName) ?? []),
        profile.InstanceProfileName!,
      ]);
    }
  }
  const candidateProfileTags = new Map(
    candidateProfiles.map((profile, index) => [profile.InstanceProfileName!, profileTags[index]!]),
  );
  const gone = new Set(
    candidateProfiles.filter((_, index) => !profileTags[index]).map((p) => p.InstanceProfileName),
  );
  return [
    ...candidateRoles.flatMap((role, index): ListedResource[] => {
      const tags = roleTags[index];
      const policies = rolePolicies[index];
      // Deleted between the listing and the tag call.
      if (!tags || !policies) return [];
      return [
        {
          type: 'iam-role',
          id: role.RoleName!,
          name: role.RoleName!,
          region: GLOBAL_REGION,
          tags,
          ...(role.CreateDate ? { createdAt: iso(role.CreateDate) } : {}),
          refs: compact({
            arn: role.Arn,
            instanceProfiles: [...(profilesOfRole.get(role.RoleName!) ?? [])].sort(),
            trustedPrincipals: trustedPrincipals(role.AssumeRolePolicyDocument),
            inlinePolicies: policies.inline,
            attachedPolicies: policies.attached,
          }),
        },
      ];
    }),
    ...profiles
      .filter((profile) => !gone.has(profile.InstanceProfileName))
      .map(
        (profile): ListedResource => ({
          type: 'iam-instance-profile',
          id: profile.InstanceProfileName!,
          name: profile.InstanceProfileName!,
          region: GLOBAL_REGION,
          tags: candidateProfileTags.get(profile.InstanceProfileName!) ?? {},
          ...(profile.CreateDate ? { createdAt: iso(profile.CreateDate) } : {}),
          refs: compact({
            arn: profile.Arn,
            roles: (profile.Roles ?? [])
              .map((role) => role.RoleName!)
              .filter(Boolean)
              .sort(),
          }),
        }),
      ),
  ];
}

/** A role's inline policy names and attached policy ARNs; undefined when it was deleted after the listing. */
async function readPolicies(
  ctx: AwsContext,
  roleName: string,
): Promise<{ inline: string[]; attached: string[] } | undefined> {
  const iam = ctx.clients.iam();
  try {
    const [inline, attached] = await Promise.all([
      allPages(
        (Marker) => iam.send(new ListRolePoliciesCommand({ RoleName: roleName, Marker }), callOptions(ctx)),
        (page) => page.PolicyNames,
        (page) => (page.IsTruncated ? page.Marker : undefined),
      ),
      allPages(
        (Marker) =>
          iam.send(new ListAttachedRolePoliciesCommand({ RoleName: roleName, Marker }), callOptions(ctx)),
        (page) => page.AttachedPolicies,
        (page) => (page.IsTruncated ? page.Marker : undefined),
      ),
    ]);
    return {
      inline: [...inline].sort(),
      attached: attached.map((policy) => policy.PolicyArn ?? policy.PolicyName ?? '').sort(),
    };
  } catch (error) {
    if (classifyError(error).kind === 'not-found') return undefined;
    throw error;
  }
}

/** A role's or profile's tags; undefined when it was deleted after the listing. */
async function readTags(
  fetch: (
    marker: string | undefined,
  ) => Promise<{ Tags?: { Key?: string; Value?: string }[]; IsTruncated?: boolean; Marker?: string }>,
): Promise<TagMap | undefined> {
  try {
    const tags = await allPages(
      fetch,
      (page) => page.Tags,
      (page) => (page.IsTruncated ? page.Marker : undefined),
    );
    return fromTagList(tags);
  } catch (error) {
    if (classifyError(error).kind === 'not-found') return undefined;
    throw error;
  }
}

/**
 * Removes the roles an instance profile holds (read now: moto answers an HTML 500 when asked to
 * remove a role the profile does not hold), then deletes the profile.
 */
export async function deleteInstanceProfile(ctx: AwsContext, name: string): Promise<void> {
  const iam = ctx.clients.iam();
  const { InstanceProfile } = await iam.send(
    new GetInstanceProfileCommand({ InstanceProfileName: name }),
    callOptions(ctx),
  );
  for (const role of InstanceProfile?.Roles ?? []) {
    await orUndefinedIfNotFound(
      iam.send(
        new RemoveRoleFromInstanceProfileCommand({ InstanceProfileName: name, RoleName: role.RoleName }),
        callOptions(ctx),
      ),
    );
  }
  await iam.send(new DeleteInstanceProfileCommand({ InstanceProfileName: name }), callOptions(ctx));
}

/**
 * IAM's order for a role: out of every instance profile, inline policies deleted, managed policies
 * detached, then the role (each step left undone answers DeleteConflict).
 */
export async function deleteRole(ctx: AwsContext, name: string): Promise<void> {
  const iam = ctx.clients.iam();
  const [profiles, inline, attached] = await Promise.all([
    allPages(
      (Marker) =>
        iam.send(new ListInstanceProfilesForRoleCommand({ RoleName: name, Marker }), callOptions(ctx)),
      (page) => page.InstanceProfiles,
      (page) => (page.IsTruncated ? page.Marker : undefined),
    ),
    allPages(
      (Marker) => iam.send(new ListRolePoliciesCommand({ RoleName: name, Marker }), callOptions(ctx)),
      (page) => page.PolicyNames,
      (page) => (page.IsTruncated ? page.Marker : undefined),
    ),
    allPages(
      (Marker) => iam.send(new ListAttachedRolePoliciesCommand({ RoleName: name, Marker }), callOptions(ctx)),
      (page) => page.AttachedPolicies,
      (page) => (page.IsTruncated ? page.Marker : undefined),
    ),
  ]);
  await Promise.all([
    ...profiles.map((profile) =>
      orUndefinedIfNotFound(
        iam.send(
          new RemoveRoleFromInstanceProfileCommand({
            InstanceProfileName: profile.InstanceProfileName,
            RoleName: name,
          }),
          callOptions(ctx),
        ),
      ),
    ),
    ...inline.map((policy) =>
      orUndefinedIfNotFound(
        iam.send(new DeleteRolePolicyCommand({ RoleName: name, PolicyName: policy }), callOptions(ctx)),
      ),
    ),
    ...attached.map((policy) =>
      orUndefinedIfNotFound(
        iam.send(
          new DetachRolePolicyCommand({ RoleName: name, PolicyArn: policy.PolicyArn }),
          callOptions(ctx),
        ),
      ),
    ),
  ]);
  await iam.send(new DeleteRoleCommand({ RoleName: name }), callOptions(ctx));
}

/** IAM tag keys that say a role or profile belongs to `cluster`. */
function iamClusterTagKeys(tags: TagMap, cluster: string): string[] {
  const keys: string[] = [];
  if (clusterTagKey(cluster) in tags) keys.push(clusterTagKey(cluster));
  if (tags[LEGACY_CLUSTER_TAG] === cluster) keys.push(LEGACY_CLUSTER_TAG);
  return keys;
}

/** A profile goes once nothing being removed uses it: instances anywhere (IAM is global), templates, configurations. */
export const instanceProfileTeardown: KindTeardown = {
  blockedBy: (profile, removing) => [
    ...removingOf(removing, 'instance'),
    ...[...removingOf(removing, 'launch-template'), ...removingOf(removing, 'launch-configuration')].filter(
      (user) => user.refs.instanceProfile === profile.id,
    ),
  ],
  remove: (ctx, step) => deleteInstanceProfile(ctx, step.id),
  removeTags: async (ctx, profile, cluster) => {
    const TagKeys = iamClusterTagKeys(profile.tags, cluster);
    if (TagKeys.length === 0) return;
    await ctx.clients
      .iam()
      .send(new UntagInstanceProfileCommand({ InstanceProfileName: profile.id, TagKeys }), callOptions(ctx));
  },
};

/** A role goes after the profiles that hold it (which take it out first). */
export const roleTeardown: KindTeardown = {
  blockedBy: (role, removing) => [
    ...removingOf(removing, 'instance'),
    ...removingOf(removing, 'iam-instance-profile').filter(
      (profile) =>
        (profile.refs.roles ?? []).includes(role.id) ||
        (role.refs.instanceProfiles ?? []).includes(profile.id),
    ),
  ],
  remove: (ctx, step) => deleteRole(ctx, step.id),
  removeTags: async (ctx, role, cluster) => {
    const TagKeys = iamClusterTagKeys(role.tags, cluster);
    if (TagKeys.length === 0) return;
    await ctx.clients.iam().send(new UntagRoleCommand({ RoleName: role.id, TagKeys }), callOptions(ctx));
  },
};

/**
 * Claims an IAM role or profile (global) for live clusters: one the cluster's instances, templates
 * or configurations use, if tagged for the cluster or named like kube-up's; one tagged for a live
 * cluster; kube-tui's exact `kubernetes-<master|minion>-<C>-<region>` of a live cluster.
 */
function claimIam(resource: ListedResource, view: ClassifyView): void {
  const claimFor = (cluster: ClusterId) => {
    const how = view.membership(resource).get(cluster.name);
    if (how) view.claim(resource, cluster, how);
    else if (KUBE_UP_IAM_NAME.test(resource.name)) view.claim(resource, cluster, 'kube-up-name');
  };
  for (const { usage } of view.usersOf(resource)) if (usage.cluster) claimFor(usage.cluster);
  const named = iamNameCluster(resource.name);
  for (const [name, how] of view.membership(resource)) {
    const where = named && named.cluster === name ? [{ name, region: named.region }] : view.liveNamed(name);
    for (const cluster of where)
      if (view.isLive(cluster.name, cluster.region)) view.claim(resource, cluster, how);
  }
  if (named && view.isLive(named.cluster, named.region)) {
    const names = clusterNames(named.cluster, named.region);
    if (resource.name === names.masterRole || resource.name === names.nodeRole) {
      claimFor({ name: named.cluster, region: named.region });
    }
  }
}

/** An unclaimed role or profile named like kube-up's or kube-tui's, or tagged for a gone cluster, that nothing uses. */
function iamOrphan(resource: ListedResource, view: ClassifyView): OrphanVerdict | undefined {
  const owners = view.goneOwners(resource);
  const kubeUpName = KUBE_UP_IAM_NAME.test(resource.name);
  if ((!kubeUpName && owners.length === 0) || view.liveUsers(resource).length > 0) return undefined;
  const named = iamNameCluster(resource.name);
  const noun = resource.type === 'iam-role' ? 'role' : 'instance profile';
  const unused =
    resource.type === 'iam-role'
      ? `none of its instance profiles is used by an instance, launch template or launch configuration in ${view.scannedWords}`
      : `no instance, launch template or launch configuration in ${view.scannedWords} uses it`;
  const ownership = owners.length > 0 ? 'owned' : 'kube-up-name';
  if (named) {
    // kube-tui's name carries the region: judge it only when that region was scanned.
    if (!view.scope.regions.includes(named.region)) return undefined;
    return {
      ownership,
      reason: `kube-tui's ${noun} name for cluster ${named.cluster} in ${named.region}; ${view.gone(named.cluster, named.region)}, and ${unused}`,
      cluster: named.cluster,
    };
  }
  const why = kubeUpName
    ? `named like kube-up's ${noun} (kubernetes-master / kubernetes-minion)${owners.length > 0 ? `, tagged for ${owners.map((o) => `cluster ${o}`).join(' and ')}` : ''}`
    : `tagged for ${owners.map((o) => `cluster ${o}`).join(' and ')}, live in no scanned region`;
  return {
    ownership,
    reason: `${why}; ${unused}${view.iamCaveat}`,
    ...(owners[0] ? { cluster: owners[0] } : {}),
  };
}

/** The users of a profile in every region (the all-regions IAM view), when it was scanned. */
const iamUsers = (plan: PlanView, profile: string) => plan.input.iamUse?.users.get(profile) ?? [];

/** Why IAM cannot be judged: the other regions were not checked, or some could not be. */
function iamUnchecked(plan: PlanView): string[] {
  const iamUse = plan.input.iamUse;
  if (!iamUse) return ['IAM is global and the other regions were not checked for instances that use it'];
  if (iamUse.failed.length === 0) return [];
  return [
    `IAM is global and ${iamUse.failed.map((failure) => `${failure.region} could not be checked for instances that use it (${failure.message})`).join(', ')}`,
  ];
}

const dedupe = (uses: Usage[]) => [
  ...new Map(uses.map((use) => [`${use.type}:${use.region}:${use.id}`, use])).values(),
];

/** The roles a user's IAM holds by name, trust, tags or policies (notOursBecause): never claimed nor flagged. */
const isForeignRole = (resource: ListedResource) =>
  resource.type === 'iam-role' && notOursBecause(resource) !== undefined;

/**
 * The instance profile of a role kube-tui makes (listed with the roles). IAM is free. Kept as it is
 * while anything in any region uses it: without its tags a kube-tui profile would not be recognised.
 */
export const instanceProfileKind: ResourceKind = {
  type: 'iam-instance-profile',
  scope: 'global',
  teardownRank: 140,
  list: { listedWith: 'iam-role' },
  olderThanCluster: true,
  usedInEveryRegion: () => true,
  after: ['instance', 'launch-template', 'launch-configuration'],
  ignore: (profile, listed) =>
    notOursBecause(profile) !== undefined ||
    (profile.refs.roles ?? []).some((role) =>
      listed.some((other) => other.id === role && isForeignRole(other)),
    ),
  claim: { byTag: false, also: claimIam },
  users: (profile, view) => view.profileUsers(profile.id),
  orphan: iamOrphan,
  guard: (profile, plan) =>
    plan.keepIfUsed(profile, dedupe([...(profile.usedBy ?? []), ...iamUsers(plan, profile.id)]), [], {
      unchecked: iamUnchecked(plan),
    }),
  teardown: instanceProfileTeardown,
  price: 'free',
};

/** A role goes only with every profile that holds it, once nothing in any region uses them. */
export const roleKind: ResourceKind = {
  type: 'iam-role',
  scope: 'global',
  teardownRank: 150,
  list: [{ label: 'IAM roles and instance profiles', list: listRolesAndProfiles }],
  ensure: ensureRoleWithProfile,
  olderThanCluster: true,
  usedInEveryRegion: () => true,
  after: ['instance', 'launch-template', 'launch-configuration', 'iam-instance-profile'],
  ignore: isForeignRole,
  claim: { byTag: false, also: claimIam },
  users: (role, view) => (role.refs.instanceProfiles ?? []).flatMap((profile) => view.profileUsers(profile)),
  orphan: iamOrphan,
  guard: (role, plan) => {
    const profiles = role.refs.instanceProfiles ?? [];
    const staying = profiles.filter(
      (profile) => !plan.deleting('iam-instance-profile', GLOBAL_REGION, profile),
    );
    plan.keepIfUsed(
      role,
      dedupe([...(role.usedBy ?? []), ...profiles.flatMap((profile) => iamUsers(plan, profile))]),
      staying.length > 0 ? [`held by instance profile ${staying.join(', ')}, which stays`] : [],
      { unchecked: iamUnchecked(plan) },
    );
  },
  teardown: roleTeardown,
  price: 'free',
};
