// IAM role + instance profile of one name (`kubernetes-master-<C>-<region>`, `kubernetes-minion-…`),
// the role's inline policy, and the profile holding the role. IAM is global.
import {
  AddRoleToInstanceProfileCommand,
  CreateInstanceProfileCommand,
  CreateRoleCommand,
  GetInstanceProfileCommand,
  GetRoleCommand,
  type InstanceProfile,
  PutRolePolicyCommand,
  TagRoleCommand,
  waitUntilInstanceProfileExists,
} from '@aws-sdk/client-iam';
import { type AwsContext, callOptions } from '../context.js';
import { EC2_TRUST_POLICY } from '../iam-policies.js';
import { clusterTagKey, ownedTags, toTagList } from '../naming.js';
import { type Ensured, orUndefinedIfNotFound } from './common.js';

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
  const tags = toTagList(ownedTags(input.cluster, input.name));
  let created = false;

  let role = (
    await orUndefinedIfNotFound(iam.send(new GetRoleCommand({ RoleName: input.name }), callOptions(ctx)))
  )?.Role;
  if (!role) {
    created = true;
    role = (
      await iam.send(
        new CreateRoleCommand({
          RoleName: input.name,
          AssumeRolePolicyDocument: EC2_TRUST_POLICY,
          Description: input.description,
          Tags: tags,
        }),
        callOptions(ctx),
      )
    ).Role!;
  } else if (!role.Tags?.some((tag) => tag.Key === clusterTagKey(input.cluster))) {
    await iam.send(new TagRoleCommand({ RoleName: input.name, Tags: tags }), callOptions(ctx));
  }
  // Always (re)written, so a rerun brings an older cluster's policy up to date.
  await iam.send(
    new PutRolePolicyCommand({
      RoleName: input.name,
      PolicyName: INLINE_POLICY_NAME,
      PolicyDocument: input.policyDocument,
    }),
    callOptions(ctx),
  );

  let profile: InstanceProfile | undefined = (
    await orUndefinedIfNotFound(
      iam.send(new GetInstanceProfileCommand({ InstanceProfileName: input.name }), callOptions(ctx)),
    )
  )?.InstanceProfile;
  if (!profile) {
    created = true;
    profile = (
      await iam.send(
        new CreateInstanceProfileCommand({ InstanceProfileName: input.name, Tags: tags }),
        callOptions(ctx),
      )
    ).InstanceProfile!;
  }
  if (!profile.Roles?.some((member) => member.RoleName === input.name)) {
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
  }
  await waitUntilInstanceProfileExists(
    { client: iam, maxWaitTime: 120, minDelay: 1, maxDelay: 5, abortSignal: ctx.signal },
    { InstanceProfileName: input.name },
  );
  return {
    value: { roleName: input.name, roleArn: role.Arn!, profileName: input.name, profileArn: profile.Arn! },
    created,
  };
}
