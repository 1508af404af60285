// Permissions checked before anything is made or deleted: the caller's identity (STS) is simulated
// against every action the command needs (iam:SimulatePrincipalPolicy), so that a user learns what
// is missing before the first write, and can no longer build a cluster they cannot delete. A caller
// that may not simulate, or an endpoint that cannot, is said in one line, and the command goes on.
import {
  SimulatePrincipalPolicyCommand,
  type SimulatePrincipalPolicyCommandOutput,
} from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { PermissionCheck } from '../model/permissions.js';
import { actionsFor, type PolicyCommand } from './caller-policy.js';
import { type AwsContext, callOptions } from './context.js';
import { classifyError } from './errors.js';

export type PreflightResult =
  /** Every action is allowed. */
  | { status: 'allowed'; checked: number }
  /** These actions are denied (implicitly or explicitly). */
  | { status: 'missing'; principal: string; missing: string[] }
  /** Not checked, and why: the command goes on. */
  | { status: 'unchecked'; reason: string };

/** A policy simulation takes a user or role, not an STS session: the role behind an assumed one. */
export function principalOf(callerArn: string): string | undefined {
  const assumed = /^arn:(aws[\w-]*):sts::(\d{12}):assumed-role\/([^/]+)\/.+$/.exec(callerArn);
  if (assumed) return `arn:${assumed[1]}:iam::${assumed[2]}:role/${assumed[3]}`;
  if (/^arn:aws[\w-]*:iam::\d{12}:(user|role)\/.+$/.test(callerArn)) return callerArn;
  return undefined;
}

/** Batches of actions per call: the answer is paged beyond a hundred or so results anyway. */
const BATCH = 50;

export async function checkPermissions(
  ctx: AwsContext,
  command: PolicyCommand | readonly PolicyCommand[],
  knownCallerArn?: string,
): Promise<PreflightResult> {
  const actions = actionsFor(typeof command === 'string' ? [command] : command);
  // Single attempts: an endpoint without the call answers 500, which must not be retried for a minute.
  const clients = ctx.clients.withoutRetries();
  try {
    const callerArn =
      knownCallerArn ??
      (await clients.sts().send(new GetCallerIdentityCommand({}), callOptions(ctx))).Arn ??
      '';
    if (/:root$/.test(callerArn)) return { status: 'allowed', checked: actions.length };
    const principal = principalOf(callerArn);
    if (!principal)
      return {
        status: 'unchecked',
        reason: `${callerArn || 'the caller'} cannot be simulated`,
      };
    const decisions = new Map<string, string>();
    const batches: string[][] = [];
    for (let start = 0; start < actions.length; start += BATCH)
      batches.push(actions.slice(start, start + BATCH));
    // The batches are asked at once: the plan's other checks are in flight beside them.
    await Promise.all(
      batches.map(async (batch) => {
        let marker: string | undefined;
        do {
          const page: SimulatePrincipalPolicyCommandOutput = await clients.iam().send(
            new SimulatePrincipalPolicyCommand({
              PolicySourceArn: principal,
              ActionNames: batch,
              ...(marker ? { Marker: marker } : {}),
            }),
            callOptions(ctx),
          );
          for (const result of page.EvaluationResults ?? [])
            if (result.EvalActionName)
              decisions.set(result.EvalActionName, result.EvalDecision ?? 'implicitDeny');
          marker = page.IsTruncated ? page.Marker : undefined;
        } while (marker);
      }),
    );
    const missing = actions.filter((action) => decisions.get(action) !== 'allowed');
    return missing.length > 0
      ? { status: 'missing', principal, missing }
      : { status: 'allowed', checked: actions.length };
  } catch (error) {
    if (ctx.signal?.aborted) throw error;
    const classified = classifyError(error);
    const why =
      classified.kind === 'access-denied'
        ? 'these credentials may not call iam:SimulatePrincipalPolicy'
        : /deserializ|parse/i.test(classified.message)
          ? 'the endpoint does not answer iam:SimulatePrincipalPolicy'
          : classified.message;
    return { status: 'unchecked', reason: why };
  }
}

/** Refuses a command whose caller lacks actions: exit 3, nothing made or deleted. */
export class MissingPermissionsError extends Error {
  override readonly name = 'MissingPermissionsError';
  constructor(
    readonly principal: string,
    readonly missing: string[],
    command: string,
  ) {
    super(
      `Nothing was changed: ${principal} lacks ${missing.length} ${missing.length === 1 ? 'action' : 'actions'} that ${command} needs: ${missing.join(', ')}. kube-tui policy --for ${command} prints the policy to grant.`,
    );
  }
}

/**
 * The check a plan carries: the commands' actions simulated for the caller. Throws
 * MissingPermissionsError (exit 3) when some are denied, so no plan that would fail half-way exists.
 */
export async function permissionsFor(
  ctx: AwsContext,
  commands: readonly PolicyCommand[],
  command: string,
  knownCallerArn?: string,
): Promise<PermissionCheck> {
  const result = await checkPermissions(ctx, commands, knownCallerArn);
  if (result.status === 'missing')
    throw new MissingPermissionsError(result.principal, result.missing, command);
  return result;
}
