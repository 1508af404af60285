// `kube-tui policy [--for up|down|inventory|scale|all] [--cluster C]`: prints the least IAM policy
// the command needs, derived from the source (src/aws/caller-policy.ts). No AWS call.
import { callerPolicy, POLICY_COMMANDS, type PolicyCommand } from '../aws/caller-policy.js';
import { UsageError } from '../model/exit.js';
import { validClusterName } from '../model/options.js';

export interface PolicyOptions extends Record<string, unknown> {
  for?: string;
  cluster?: string;
}

/** `cleanup` needs what `down` needs; `all`, every command. */
export function policyCommands(value: string | undefined): PolicyCommand[] {
  const wanted = (value ?? 'all').trim();
  if (wanted === 'all') return POLICY_COMMANDS;
  if (wanted === 'cleanup') return ['down'];
  if ((POLICY_COMMANDS as string[]).includes(wanted)) return [wanted as PolicyCommand];
  throw new UsageError(
    `--for ${wanted}: expected one of ${[...POLICY_COMMANDS, 'cleanup', 'all'].join(', ')}`,
  );
}

export function runPolicy({ options }: { options: PolicyOptions }): void {
  const commands = policyCommands(options.for);
  const cluster = options.cluster === undefined ? undefined : validClusterName(options.cluster);
  const policy = callerPolicy(commands, cluster ? { cluster } : {});
  process.stdout.write(`${JSON.stringify(policy, null, 2)}\n`);
}
