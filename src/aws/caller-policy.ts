// The least IAM policy a command needs, from the actions the source calls (called-actions.ts,
// derived by scripts/derive-actions.ts) and AWS's rules: which actions a call also needs (PassRole
// for an instance profile, tagging on create), and which actions take a resource ARN.
import { CALLED_ACTIONS } from './called-actions.js';

export type PolicyCommand = keyof typeof CALLED_ACTIONS;
export const POLICY_COMMANDS = Object.keys(CALLED_ACTIONS) as PolicyCommand[];

/** What AWS also authorizes for a call, beyond its own action (AWS's service authorization reference). */
const IMPLIED_ACTIONS: Readonly<Record<string, readonly string[]>> = {
  // Launching with an instance profile passes its role.
  'ec2:RunInstances': ['iam:PassRole'],
  // A group launches from its template: RunInstances and PassRole on the caller's behalf, and Auto
  // Scaling makes its service-linked role in a new account.
  'autoscaling:CreateAutoScalingGroup': ['ec2:RunInstances', 'iam:PassRole', 'iam:CreateServiceLinkedRole'],
  'autoscaling:UpdateAutoScalingGroup': ['ec2:RunInstances', 'iam:PassRole'],
  // Tags given on create are authorized as tagging.
  'iam:CreateInstanceProfile': ['iam:TagInstanceProfile'],
  'iam:CreateRole': ['iam:TagRole'],
  'logs:CreateLogGroup': ['logs:TagResource'],
};

/** Every action the commands need, with the actions AWS implies, sorted. */
export function actionsFor(commands: readonly PolicyCommand[]): string[] {
  const actions = new Set<string>();
  for (const command of commands) {
    for (const action of CALLED_ACTIONS[command]) {
      actions.add(action);
      for (const implied of IMPLIED_ACTIONS[action] ?? []) actions.add(implied);
    }
  }
  return [...actions].sort();
}

/** Names the policy's ARNs cover: every cluster (`*`), or one. */
export interface PolicyScope {
  cluster?: string;
}

interface Statement {
  Sid: string;
  Effect: 'Allow';
  Action: string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, string>>;
}

/**
 * The resources an action can be limited to, where AWS supports it; undefined: only `*`. kube-tui's
 * roles and profiles are `kubernetes-master-<C>-<region>` / `kubernetes-minion-<C>-<region>`,
 * kube-up's `kubernetes-master` / `kubernetes-minion`; buckets `kubernetes-staging-<hash>`; log
 * groups `/kube-tui/<C>`.
 */
function resourcesOf(action: string, scope: PolicyScope): string[] | undefined {
  const cluster = scope.cluster ?? '*';
  const [service, operation = ''] = action.split(':');
  const names = scope.cluster
    ? [
        `kubernetes-master-${cluster}-*`,
        `kubernetes-minion-${cluster}-*`,
        'kubernetes-master',
        'kubernetes-minion',
      ]
    : ['kubernetes-*'];
  switch (service) {
    case 'iam': {
      // Listing every role or profile names none of ours.
      // (The simulation names the caller, whoever that is.)
      if (['ListRoles', 'ListInstanceProfiles', 'SimulatePrincipalPolicy'].includes(operation))
        return undefined;
      const profile = operation.includes('InstanceProfile') && operation !== 'ListInstanceProfilesForRole';
      return names.map((name) => `arn:aws:iam::*:${profile ? 'instance-profile' : 'role'}/${name}`);
    }
    case 's3':
      if (operation === 'ListAllMyBuckets') return undefined;
      return /Object$/.test(operation)
        ? [`arn:aws:s3:::kubernetes-staging-*/${scope.cluster ? `${cluster}/` : ''}*`]
        : ['arn:aws:s3:::kubernetes-staging-*'];
    case 'logs':
      if (operation === 'DescribeLogGroups') return undefined;
      return [
        `arn:aws:logs:*:*:log-group:/kube-tui/${cluster}`,
        `arn:aws:logs:*:*:log-group:/kube-tui/${cluster}:*`,
      ];
    default:
      return undefined;
  }
}

/** The policy document for the commands: one statement per service and resource set. */
export function callerPolicy(commands: readonly PolicyCommand[], scope: PolicyScope = {}) {
  const groups = new Map<string, Statement>();
  const statements: Statement[] = [];
  for (const action of actionsFor(commands)) {
    if (action === 'iam:CreateServiceLinkedRole') {
      statements.push({
        Sid: 'AutoScalingServiceLinkedRole',
        Effect: 'Allow',
        Action: [action],
        Resource:
          'arn:aws:iam::*:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling',
        Condition: { StringLike: { 'iam:AWSServiceName': 'autoscaling.amazonaws.com' } },
      });
      continue;
    }
    const resources = resourcesOf(action, scope);
    const service = action.split(':')[0]!;
    const key = `${service} ${resources?.join(' ') ?? '*'}`;
    const group = groups.get(key);
    if (group) group.Action.push(action);
    else {
      const sid = `${service.replace(/[^a-z0-9]/gi, '')}${resources ? 'Named' : 'Any'}`;
      const statement: Statement = {
        Sid: sid,
        Effect: 'Allow',
        Action: [action],
        Resource: resources ?? '*',
      };
      groups.set(key, statement);
    }
  }
  // Sids must be unique: number the second and later of a service's named sets.
  const seen = new Map<string, number>();
  for (const statement of groups.values()) {
    const count = (seen.get(statement.Sid) ?? 0) + 1;
    seen.set(statement.Sid, count);
    if (count > 1) statement.Sid = `${statement.Sid}${count}`;
  }
  return { Version: '2012-10-17', Statement: [...groups.values(), ...statements] };
}
