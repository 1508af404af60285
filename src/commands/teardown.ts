// The plain side of `down` and `cleanup`: --dry-run prints the plan, --yes runs it with one line
// per event, --json prints one document. The typed confirmation lives in the Teardown screen.

import type { AwsEngine } from '../aws/engine.js';
import { EXIT, type ExitCode, UsageError } from '../model/exit.js';
import { exitCodeOf, teardownOutcome } from '../model/outcome.js';
import { permissionsLine, permissionsNote } from '../model/permissions.js';
import type {
  RemainingResource,
  TeardownPlan,
  TeardownResult,
  TeardownTarget,
  UserBucket,
} from '../model/teardown.js';
import { changes, DEFAULT_TEARDOWN_TIMEOUT_MS, refusesWholeCluster } from '../model/teardown.js';
import { untagProtectionCommand } from '../wording/command-lines.js';
import { describeResource, formatDuration } from '../wording/format.js';
import {
  foundElsewhereSentences,
  goneSentence,
  keptHeading,
  nothingFoundSentences,
  RERUN_AFTER_FIX,
  RERUN_TO_FINISH,
  remainSentence,
  stoppedSentence,
  teardownSubject,
} from '../wording/outcome.js';
import type { GlobalOptions } from './global-options.js';
import { formatDataVolumes, formatProtection, formatTeardownEvent, formatTeardownPlan } from './lines.js';
import { interruptible, openEngine } from './session.js';

export { userBucketFrom } from '../state/teardown-screen.js';

export interface TeardownCommandOptions {
  globals: GlobalOptions;
  target: TeardownTarget;
  bucket?: UserBucket;
  /** `--delete-data-volumes`: data volumes go too. */
  deleteDataVolumes?: boolean;
  /** `--force-revoke`: other groups' rules that reference the groups being deleted are revoked. */
  forceRevoke?: boolean;
  timeoutMs: number;
  dryRun?: boolean;
  json?: boolean;
  /** The command that finishes the job when run again. */
  rerun: string;
  /** A cluster this region lacks is looked for in every other enabled region: the command there. */
  commandIn?: (region: string) => string;
}

const out = (line: string) => process.stdout.write(`${line}\n`);
const err = (line: string) => process.stderr.write(`${line}\n`);

/** `--timeout` in minutes (fractions allowed), default 15. */
export function parseTimeout(value: unknown): number {
  if (value === undefined) return DEFAULT_TEARDOWN_TIMEOUT_MS;
  // Plain decimals only: Number() would also take 1e3, 0x10 and surrounding blanks.
  const minutes = /^\d+(\.\d+)?$/.test(String(value)) ? Number(value) : Number.NaN;
  if (!Number.isFinite(minutes) || minutes <= 0 || minutes > 24 * 60) {
    throw new UsageError(`--timeout ${String(value)}: expected minutes, a number above 0 (default 15)`);
  }
  return Math.round(minutes * 60_000);
}

/** The dry run's document: the plan in deletion order. */
export function planDocument(plan: TeardownPlan) {
  return {
    cluster: plan.target.kind === 'cluster' ? plan.target.cluster.name : null,
    region: plan.target.kind === 'cluster' ? plan.target.cluster.region : plan.target.region,
    protected: (plan.protectedBy ?? []).map((resource) => ({
      type: resource.type,
      id: resource.id,
      name: resource.name,
      region: resource.region,
      untag: untagProtectionCommand(resource),
    })),
    plan: plan.steps.map((step) => ({
      type: step.type,
      id: step.id,
      name: step.name,
      region: step.region,
      action: step.action,
      reason: step.reason ?? null,
      ...(step.blockers ? { blockers: step.blockers } : {}),
    })),
    permissions: plan.permissions ?? null,
  };
}

/** The `down --json` / `cleanup --json` document of DESIGN.md section 4, exactly. */
export function resultDocument(
  result: Pick<TeardownResult, 'deleted' | 'remaining' | 'elapsedMs'> & { kept?: TeardownResult['kept'] },
) {
  return {
    deleted: result.deleted.map(({ type, id, name }) => ({ type, id, name })),
    remaining: result.remaining.map(({ type, id, name, reason, blockers }) => ({
      type,
      id,
      name,
      reason,
      ...(blockers ? { blockers } : {}),
    })),
    kept: (result.kept ?? []).map(({ type, id, name, reason }) => ({ type, id, name, reason })),
    elapsedMs: result.elapsedMs,
  };
}

function printRemaining(remaining: RemainingResource[], log: (line: string) => void): void {
  for (const resource of remaining) {
    log(`  ${describeResource(resource)}${resource.region === 'global' ? ' (global)' : ''}`);
    log(`      ↳ ${resource.reason}`);
  }
}

export async function runTeardownCommand(options: TeardownCommandOptions): Promise<void> {
  const { globals, target } = options;
  const region = target.kind === 'cluster' ? target.cluster.region : target.region;
  const engine = await openEngine(globals, region);
  const controller = interruptible(err);
  try {
    const ended = await teardownWith(engine, controller.signal, options);
    if (options.json) out(JSON.stringify(ended.document, null, 2));
    if (ended.exitCode !== EXIT.ok) process.exitCode = ended.exitCode;
  } finally {
    controller.dispose();
    engine.close();
  }
}

/** How one teardown ended: its exit code and its JSON document (the plan for a dry run, else the result). */
export interface TeardownEnded {
  exitCode: ExitCode;
  document: ReturnType<typeof planDocument> | ReturnType<typeof resultDocument>;
  plan: TeardownPlan;
}

/**
 * One teardown on an open engine: the plan, then (unless a dry run) the run with one line per
 * event and the re-scan. Prints lines, never the JSON document (the caller does). `down` and
 * `cleanup --orphans` run one; `cleanup --expired` runs one per expired cluster.
 */
export async function teardownWith(
  engine: AwsEngine,
  signal: AbortSignal,
  options: Omit<TeardownCommandOptions, 'globals'> & {
    absentIsDone?: boolean;
  },
): Promise<TeardownEnded> {
  const { target } = options;
  const log = options.json ? err : out;
  const plan = await engine.planTeardown({
    target,
    ...(options.bucket ? { bucket: options.bucket } : {}),
    ...(options.deleteDataVolumes ? { deleteDataVolumes: true } : {}),
    ...(options.forceRevoke ? { forceRevoke: true } : {}),
    signal,
  });
  const nothingCode = options.absentIsDone
    ? EXIT.ok
    : exitCodeOf(teardownOutcome({ nothingIn: plan }), 'teardown');
  // "C is in eu-west-1: kube-tui down --cluster C --region eu-west-1", after the sentences that say
  // nothing of it is here.
  const elsewhere = async (say: (line: string) => void) => {
    if (plan.steps.length > 0 || plan.goneSince || target.kind !== 'cluster' || !options.commandIn) return;
    const located = await engine.locateElsewhere(target.cluster.region, target.cluster.name, signal);
    for (const line of foundElsewhereSentences(target.cluster.name, located, options.commandIn)) say(line);
  };
  if (options.dryRun) {
    if (!options.json) {
      if (plan.steps.length === 0) {
        out(nothingFoundSentences(plan).join(' '));
        await elsewhere(out);
      } else {
        const count = plan.steps.filter(changes).length;
        out(`Plan for ${teardownSubject(target)}: ${count} to remove, in this order:`);
        for (const line of formatTeardownPlan(plan)) out(line);
        for (const line of formatDataVolumes(plan)) out(line);
        for (const line of formatProtection(plan)) out(line);
        if (plan.permissions) out(permissionsLine(plan.permissions));
      }
      out('Dry run: nothing was deleted.');
    }
    if (options.json && plan.steps.length === 0) await elsewhere(err);
    // An unknown cluster fails the dry run as it fails the real one.
    return { exitCode: plan.steps.length === 0 ? nothingCode : EXIT.ok, document: planDocument(plan), plan };
  }
  if (plan.steps.length === 0) {
    (plan.goneSince || options.absentIsDone ? log : err)(nothingFoundSentences(plan).join(' '));
    await elsewhere(err);
    return {
      exitCode: nothingCode,
      document: resultDocument({ deleted: [], remaining: [], kept: [], elapsedMs: 0 }),
      plan,
    };
  }
  // A protected cluster is refused (the engine runs nothing of it); protected orphans are kept.
  const refused = refusesWholeCluster(plan);
  for (const line of formatProtection(plan)) (target.kind === 'cluster' ? err : log)(line);
  if (!refused)
    log(
      `Deleting ${teardownSubject(target)}: ${plan.steps.filter(changes).length} to remove, ${plan.steps.filter((step) => !changes(step)).length} kept`,
    );
  for (const line of formatDataVolumes(plan)) log(line);
  const note = permissionsNote(plan.permissions);
  if (note && !refused) log(note);
  const result = await engine.runTeardown(plan, {
    signal,
    timeoutMs: options.timeoutMs,
    onEvent: (event) => {
      const line = formatTeardownEvent(event, plan);
      if (line) log(line);
    },
  });
  if (result.cancelled) {
    err(stoppedSentence(result.elapsedMs, result.remaining.length));
    printRemaining(result.remaining, err);
    err(`${RERUN_TO_FINISH}${options.rerun}`);
  } else if (result.clean) {
    log(`✔ ${goneSentence(target, result.kept.length > 0)} (${formatDuration(result.elapsedMs)})`);
    if (result.kept.length > 0) {
      log(keptHeading(result.kept.length));
      printRemaining(result.kept, log);
    }
  } else if (refused) {
    err(
      `✖ Nothing of ${teardownSubject(target)} was deleted: it is protected. Once the tag is removed: ${options.rerun}`,
    );
  } else {
    err(`✖ ${remainSentence(result.remaining.length)}:`);
    printRemaining(result.remaining, err);
    if (result.kept.length > 0) {
      err(keptHeading(result.kept.length));
      printRemaining(result.kept, err);
    }
    err(`${RERUN_AFTER_FIX}${options.rerun}`);
  }
  return {
    exitCode: exitCodeOf(teardownOutcome({ ran: result }), 'teardown'),
    document: resultDocument(result),
    plan,
  };
}
