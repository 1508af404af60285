// Teardown (DESIGN.md section 5): plan from a fresh discovery, then delete as a dependency graph,
// kops-style. Every resource whose blockers are gone is removed at once (a pass is all of those,
// concurrently); one that AWS says is still in use (DependencyViolation, VolumeInUse,
// ResourceInUse, InvalidIPAddress.InUse, DeleteConflict) is retried in a later pass after a
// backoff, until the deadline (15 minutes by default); a not-found answer means it is gone. A
// resource that cannot go blocks only what depends on it. At the end a fresh discovery decides
// whether anything of the target remains; only then is local state removed.

import { setMaxListeners } from 'node:events';
import {
  type Blocker,
  type BlockerFacts,
  blockedForGood,
  blockersLine,
  NO_FACTS,
} from '../model/blockers.js';
import type { ClassifiedError } from '../model/errors.js';
import type { ListedResource } from '../model/inventory.js';
import {
  GLOBAL_REGION,
  type Inventory,
  type InventoryResource,
  type Orphan,
  type Usage,
} from '../model/inventory.js';
import { PROTECT_TAG } from '../model/lifecycle.js';
import { API_PORT } from '../model/network.js';
import {
  changes,
  DEFAULT_TEARDOWN_TIMEOUT_MS,
  itemOf,
  type RemainingResource,
  type RemovedResource,
  refusesWholeCluster,
  type TeardownEvent,
  type TeardownPlan,
  type TeardownRequest,
  type TeardownResult,
  type TeardownRunOptions,
  type TeardownStep,
} from '../model/teardown.js';
import { ownershipOf, scanBlockerFacts, scopeOf } from './blockers.js';
import { reportCallsTo } from './call-scope.js';
import type { AwsContext } from './context.js';
import { classifyError } from './errors.js';
import { type GraphTask, runGraphSettled, type TaskOutcome } from './graph.js';
import { permissionsFor } from './preflight.js';
import { mapLimit } from './resources/common.js';
import { listInstances } from './resources/instance.js';
import { listLaunchConfigurations } from './resources/launch-configuration.js';
import { listLaunchTemplates } from './resources/launch-template.js';
import { kindOf } from './resources/registry.js';
import { hasObjectsUnder } from './resources/s3-bucket.js';
import { inRegionOf, type TeardownContext } from './resources/teardown-kind.js';
import { retryScale, sleep } from './retry.js';
import { buildTeardownPlan, type IamUse, type LocalItem, selectTarget } from './teardown-plan.js';

/** What teardown needs besides the clients: discovery, the region list, and the local state. */
export interface TeardownDeps {
  discover(request: { regions: string[]; signal?: AbortSignal }): Promise<Inventory>;
  listRegions(signal?: AbortSignal): Promise<string[]>;
  local?: {
    /** `servers`: the cluster's API addresses (`https://<Elastic IP>:443`) the fresh scan found. */
    list(cluster: { name: string; region: string }, servers: string[]): Promise<LocalItem[]>;
    remove(item: LocalItem): Promise<void>;
    /** Notes that a fresh scan found nothing of the cluster; read back by a later plan. */
    recordGone(cluster: { name: string; region: string }, at: Date): Promise<void>;
    goneSince(cluster: { name: string; region: string }): Promise<string | undefined>;
  };
}

/** First wait before retrying a resource that is still in use; doubled each time up to the maximum. */
export const RETRY_INITIAL_MS = 2_000;
export const RETRY_MAX_MS = 15_000;
/** Calls in flight at once. */
export const TEARDOWN_CONCURRENCY = 16;
/** Regions listed at once for the all-regions IAM check (three light calls each; AWS throttles per region, so all at once). */
const IAM_SCAN_CONCURRENCY = 40;

const RETRIED_KINDS = new Set(['dependency', 'throttled', 'transient']);

/**
 * Who uses instance profiles in every enabled region: live instances, launch templates and launch
 * configurations (IAM is global; a role in use anywhere must stay). A region that cannot be listed
 * is reported, so that IAM deletions are skipped with the reason rather than guessed.
 */
export async function scanIamUse(
  ctx: AwsContext,
  listRegions: (signal?: AbortSignal) => Promise<string[]>,
): Promise<IamUse> {
  let regions: string[];
  try {
    regions = await listRegions(ctx.signal);
  } catch (error) {
    if (ctx.signal?.aborted) throw error;
    return {
      regions: [],
      failed: [{ region: 'every region', message: classifyError(error).message }],
      users: new Map(),
    };
  }
  const failed: IamUse['failed'] = [];
  const listed = await mapLimit(regions, IAM_SCAN_CONCURRENCY, async (region) => {
    const regional = { ...ctx, region };
    try {
      const found = await Promise.all([
        listInstances(regional),
        listLaunchTemplates(regional),
        listLaunchConfigurations(regional),
      ]);
      return found.flat();
    } catch (error) {
      if (ctx.signal?.aborted) throw error;
      failed.push({ region, message: classifyError(error).message });
      return [] as ListedResource[];
    }
  });
  const users = new Map<string, Usage[]>();
  const keyUsers = new Map<string, Usage[]>();
  for (const user of listed.flat()) {
    const use: Usage = { type: user.type as Usage['type'], id: user.id, region: user.region };
    const profile = user.refs.instanceProfile;
    if (profile) users.set(profile, [...(users.get(profile) ?? []), use]);
    const key = user.refs.keyName;
    if (key) keyUsers.set(key, [...(keyUsers.get(key) ?? []), use]);
  }
  return { regions, failed: failed.sort((a, b) => a.region.localeCompare(b.region)), users, keyUsers };
}

/** The plan: a fresh discovery of the target's region, the IAM check when IAM would go, local state. */
export async function planTeardown(
  ctx: AwsContext,
  request: TeardownRequest,
  deps: TeardownDeps,
): Promise<TeardownPlan> {
  const { target } = request;
  const region = target.kind === 'cluster' ? target.cluster.region : target.region;
  const signalled = request.signal ? { ...ctx, signal: request.signal } : ctx;
  // IAM is global: who uses a profile in any region is listed alongside discovery (not after it),
  // and used only if the target has roles or profiles to delete.
  const iamScan = scanIamUse(signalled, deps.listRegions);
  iamScan.catch(() => {});
  // The caller's permissions, simulated beside discovery; they matter only if something changes.
  // `cleanup` needs what `down` needs.
  const permissions = permissionsFor(signalled, ['down'], target.kind === 'orphans' ? 'cleanup' : 'down');
  permissions.catch(() => {});
  const inventory = await deps.discover({
    regions: [region],
    ...(signalled.signal ? { signal: signalled.signal } : {}),
  });
  const selected = selectTarget(inventory, target);
  const servers = selected
    .filter((resource) => resource.type === 'elastic-ip' && resource.refs.publicIp)
    .map((address) => `https://${address.refs.publicIp}:${API_PORT}`);
  // What could block the network's deletion is scanned beside the local state and the IAM check.
  const blockable = selected.filter(
    (resource): resource is InventoryResource =>
      'refs' in resource && kindOf(resource.type).teardown.blockersIn !== undefined,
  );
  const blockerFacts =
    blockable.length > 0
      ? scanBlockerFacts({ ...signalled, region }, scopeOf(blockable)).catch((error: unknown) => {
          if (signalled.signal?.aborted) throw error;
          // The plan only warns with these; the run asks again when AWS refuses a deletion.
          return NO_FACTS;
        })
      : Promise.resolve(NO_FACTS);
  blockerFacts.catch(() => {});
  const local = target.kind === 'cluster' && deps.local ? await deps.local.list(target.cluster, servers) : [];
  // IAM, and kube-up's untagged key pairs (one name in every region), are checked in every region.
  const needsIam = selected.some((resource) => kindOf(resource.type).usedInEveryRegion?.(resource));
  const [iamUse, userBucket] = await Promise.all([
    needsIam ? iamScan : undefined,
    request.bucket && target.kind === 'cluster'
      ? hasObjectsUnder(
          signalled,
          request.bucket.name,
          request.bucket.region,
          `${target.cluster.name}/`,
        ).then(
          (has) => (has ? request.bucket : undefined),
          (error: unknown) => {
            // No such bucket: nothing of the cluster is in it.
            if (classifyError(error).kind === 'not-found') return undefined;
            throw error;
          },
        )
      : undefined,
  ]);
  const built = buildTeardownPlan({
    target,
    inventory,
    ...(request.deleteDataVolumes ? { deleteDataVolumes: request.deleteDataVolumes } : {}),
    ...(iamUse ? { iamUse } : {}),
    ...(userBucket ? { userBucket } : {}),
    local,
  });
  const blocked = withForeignBlockers(
    request.forceRevoke ? { ...built, forceRevoke: true } : built,
    await blockerFacts,
  );
  const plan = blocked.steps.some(changes) ? { ...blocked, permissions: await permissions } : blocked;
  if (plan.steps.length > 0 || target.kind !== 'cluster' || !deps.local) return plan;
  const goneSince = await deps.local.goneSince(target.cluster);
  return goneSince ? { ...plan, goneSince } : plan;
}

/** The resources the plan changes, and the cluster whose tags make something ours (none for orphans). */
function ownershipIn(plan: TeardownPlan) {
  const removing = plan.steps
    .filter(changes)
    .map((step) => step.resource)
    .filter((resource): resource is InventoryResource => resource !== undefined);
  return ownershipOf(
    removing,
    plan.target.kind === 'cluster' ? plan.target.cluster.name : undefined,
    plan.forceRevoke,
  );
}

/** Marks each step that something not the cluster's stands in the way of, from the plan's scan. */
function withForeignBlockers(plan: TeardownPlan, facts: BlockerFacts): TeardownPlan {
  if (facts === NO_FACTS) return plan;
  const ownership = ownershipIn(plan);
  const steps = plan.steps.map((step) => {
    const blockersIn = step.resource ? kindOf(step.resource.type).teardown.blockersIn : undefined;
    if (step.action !== 'delete' || !blockersIn || !step.resource) return step;
    const foreign = blockersIn(step.resource, facts, ownership).filter((blocker) => !blocker.ours);
    return foreign.length > 0 ? { ...step, blockers: foreign } : step;
  });
  return { ...plan, steps };
}

/** A removal that waiting cannot help: something that is not the cluster's uses the resource. */
class BlockedError extends Error {
  override name = 'BlockedError';
}

/** What a fresh inventory still holds of the plan's target. */
export function remainingOf(plan: TeardownPlan, inventory: Inventory): (InventoryResource | Orphan)[] {
  return selectTarget(inventory, plan.target);
}

/** "15 min", or "30 s" for a timeout under a minute. */
const timeoutText = (timeoutMs: number) =>
  timeoutMs >= 60_000
    ? `${Math.round(timeoutMs / 60_000)} min`
    : `${Math.max(1, Math.round(timeoutMs / 1000))} s`;

const timeoutError = (timeoutMs: number, last: unknown) =>
  Object.assign(
    new Error(
      `gave up after the ${timeoutText(timeoutMs)} timeout${last instanceof Error ? `: ${classifyError(last).message}` : ''}`,
    ),
    { name: 'TimeoutError' },
  );

/**
 * Runs the plan. Resolves (never rejects for an AWS error) with what was removed and what the fresh
 * discovery still finds; rejects only when the plan itself is unusable.
 */
export async function runTeardown(
  ctx: AwsContext,
  plan: TeardownPlan,
  options: TeardownRunOptions,
  deps: TeardownDeps,
): Promise<TeardownResult> {
  // A protected cluster is refused whole: nothing runs, not even the local clean-up after a re-scan.
  if (refusesWholeCluster(plan)) {
    const remaining = (plan.protectedBy ?? []).map(({ type, id, name, region }) => ({
      type,
      id,
      name,
      region,
      reason: `protected: carries ${PROTECT_TAG}=true; remove the tag to allow teardown`,
    }));
    return { deleted: [], remaining, kept: [], elapsedMs: 0, cancelled: false, clean: false };
  }
  const started = Date.now();
  const timeoutMs = options.timeoutMs ?? DEFAULT_TEARDOWN_TIMEOUT_MS;
  const deadline = started + timeoutMs;
  const emit = (event: TeardownEvent) => options.onEvent?.(event);
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  let timedOut = false;
  let worstError: ClassifiedError | undefined;
  const onAbort = () => controller.abort(options.signal?.reason);
  if (options.signal?.aborted) onAbort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const cancelled = () => Boolean(options.signal?.aborted);

  const aws = plan.steps.filter((step) => step.region !== 'local');
  const local = plan.steps.filter((step) => step.region === 'local');
  const stepByKey = new Map(plan.steps.map((step) => [step.key, step]));
  const keptVpcIds = new Set(
    aws.filter((step) => step.type === 'vpc' && step.action !== 'delete').map((step) => step.id),
  );
  const startedAt = new Map<string, number>();
  /** Keeps the worst error for the exit code: credentials and permission errors first. */
  const record = (error: unknown): ClassifiedError => {
    const classified = classifyError(error);
    if (classified.kind === 'aborted') return classified;
    if (!worstError || (classified.exitCode === 3 && worstError.exitCode !== 3)) worstError = classified;
    return classified;
  };

  const contextFor = (step: TeardownStep): TeardownContext =>
    inRegionOf(
      {
        clients: ctx.clients,
        region: ctx.region,
        signal: controller.signal,
        detail: (message: string) => emit({ type: 'item-detail', item: itemOf(step), message }),
        remainingMs: () => Math.max(0, deadline - Date.now()),
        keptVpcIds,
        forceRevoke: Boolean(plan.forceRevoke),
      },
      step.region === GLOBAL_REGION ? ctx.region : step.region,
    );

  const ownership = ownershipIn(plan);
  const blockersByKey = new Map<string, Blocker[]>();
  /**
   * What AWS's "still in use" is about, asked again each time: nothing found says nothing; the
   * cluster's own blockers are waited for; anything else stops this branch now, with the reason.
   */
  const explainDependency = async (step: TeardownStep, stepContext: TeardownContext) => {
    const resource = step.resource;
    const blockersIn = resource ? kindOf(resource.type).teardown.blockersIn : undefined;
    if (!resource || !blockersIn) return undefined;
    let blockers: Blocker[];
    try {
      blockers = blockersIn(resource, await scanBlockerFacts(stepContext, scopeOf([resource])), ownership);
    } catch {
      // Unknown, or the run was stopped meanwhile (the caller says which): the plain retry line.
      return undefined;
    }
    if (blockers.length === 0) return undefined;
    blockersByKey.set(step.key, blockers);
    const line = blockersLine(step, blockers);
    if (blockedForGood(blockers)) throw new BlockedError(line);
    return line;
  };

  /** One operation on a step, retried while AWS says it still has dependencies, until the deadline. */
  const attempt = async (step: TeardownStep, operation: (ctx: TeardownContext) => Promise<unknown>) => {
    // Runs as a task of the graph: its calls' retries and silent waits are this item's.
    reportCallsTo((signal) => emit({ type: 'item-call', item: itemOf(step), signal }));
    const stepContext = contextFor(step);
    let delay = RETRY_INITIAL_MS * retryScale();
    for (let tries = 1; ; tries++) {
      try {
        await operation(stepContext);
        return;
      } catch (error) {
        if (controller.signal.aborted)
          throw timedOut && !cancelled() ? timeoutError(timeoutMs, error) : error;
        const classified = classifyError(error);
        if (classified.kind === 'not-found') return;
        if (classified.kind === 'credentials') {
          // Nothing else can succeed with these credentials: stop now.
          record(error);
          controller.abort();
          throw error;
        }
        if (!RETRIED_KINDS.has(classified.kind)) throw error;
        const waitingFor =
          classified.kind === 'dependency' ? await explainDependency(step, stepContext) : undefined;
        if (controller.signal.aborted)
          throw timedOut && !cancelled() ? timeoutError(timeoutMs, error) : error;
        if (Date.now() + delay > deadline) throw timeoutError(timeoutMs, error);
        const why =
          waitingFor ??
          (classified.kind === 'dependency' ? `still in use (${classified.code})` : classified.code);
        stepContext.detail(
          `${why}; retrying in ${Math.max(1, Math.round(delay / 1000))} s (attempt ${tries + 1})`,
        );
        await sleep(delay, controller.signal).catch(() => {
          throw timedOut && !cancelled() ? timeoutError(timeoutMs, error) : error;
        });
        delay = Math.min(delay * 2, RETRY_MAX_MS * retryScale());
      }
    }
  };

  // The graph: each changing step is a task; a security group's rule revocation is a task of its own
  // that the groups it references wait for.
  const prepareKey = (key: string) => `prepare:${key}`;
  const changing = aws.filter(changes);
  const removing = changing
    .map((step) => step.resource)
    .filter((r): r is InventoryResource => r !== undefined);
  const tasks: GraphTask[] = [];
  const prepared = new Set<string>();
  for (const step of changing) {
    const kind = step.resource ? kindOf(step.resource.type).teardown : undefined;
    if (step.action === 'delete' && kind?.prepare && step.resource) {
      prepared.add(step.key);
      tasks.push({
        id: prepareKey(step.key),
        deps: step.blockedBy,
        run: () => attempt(step, (stepContext) => kind.prepare!(stepContext, step)),
      });
    }
  }
  for (const step of changing) {
    const resource = step.resource;
    const kind = kindOf(step.type as InventoryResource['type']).teardown;
    const waitsFor =
      step.action === 'delete' && resource && kind.waitsForPrepareOf
        ? kind
            .waitsForPrepareOf(resource, removing)
            .map((other) => `${other.type}:${other.region}:${other.id}`)
            .filter((key) => prepared.has(key))
            .map(prepareKey)
        : [];
    const cluster =
      plan.target.kind === 'cluster' ? plan.target.cluster.name : (resource as Orphan | undefined)?.cluster;
    tasks.push({
      id: step.key,
      deps: [...new Set([...step.blockedBy, ...waitsFor])],
      run: () =>
        attempt(step, (stepContext) =>
          step.action === 'remove-tag'
            ? resource && cluster && kind.removeTags
              ? kind.removeTags(stepContext, resource, cluster)
              : Promise.resolve()
            : kind.remove(stepContext, step),
        ),
    });
  }

  for (const step of plan.steps) {
    if (!changes(step)) emit({ type: 'item-skipped', item: itemOf(step), reason: step.reason ?? 'kept' });
  }
  const stepOf = (taskId: string) => stepByKey.get(taskId.startsWith('prepare:') ? taskId.slice(8) : taskId)!;
  // Each step's end is reported as soon as it is known: done when its task is; failed when its
  // task or its preparation failed; skipped when something it waits for could not be removed.
  const deleted: RemovedResource[] = [];
  const reasons = new Map<string, string>();
  const ended = new Set<string>();
  const onOutcome = (taskId: string, outcome: TaskOutcome) => {
    const step = stepOf(taskId);
    if (ended.has(step.key)) return;
    if (outcome.status === 'done') {
      if (taskId !== step.key) return;
      ended.add(step.key);
      deleted.push({ type: step.type, id: step.id, name: step.name });
      emit({
        type: 'item-succeeded',
        item: itemOf(step),
        elapsedMs: Date.now() - (startedAt.get(step.key) ?? Date.now()),
      });
    } else if (outcome.status === 'failed') {
      ended.add(step.key);
      const error = record(outcome.error);
      reasons.set(step.key, error.kind === 'aborted' ? 'cancelled before it finished' : error.message);
      emit({ type: 'item-failed', item: itemOf(step), error });
    } else if (outcome.status === 'blocked') {
      ended.add(step.key);
      const by = [...new Set(outcome.by.map((id) => stepOf(id)))]
        .map((blocker) => `${blocker.type} ${blocker.id}`)
        .join(', ');
      const reason = `not tried: ${by} could not be removed first`;
      reasons.set(step.key, reason);
      emit({ type: 'item-skipped', item: itemOf(step), reason });
    }
  };
  let outcomes: Map<string, TaskOutcome>;
  try {
    outcomes = await runGraphSettled(tasks, {
      signal: controller.signal,
      concurrency: TEARDOWN_CONCURRENCY,
      ...(options.onTaskTiming ? { onTiming: options.onTaskTiming } : {}),
      onStart: (taskId) => {
        const step = stepOf(taskId);
        if (startedAt.has(step.key)) return;
        startedAt.set(step.key, Date.now());
        emit({ type: 'item-started', item: itemOf(step), at: Date.now() });
      },
      onOutcome,
    });
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
  }
  // What never started: cancelled, or the deadline came first.
  for (const step of changing) {
    if (ended.has(step.key)) continue;
    const reason = cancelled()
      ? 'not tried: cancelled'
      : timedOut
        ? `not tried before the ${timeoutText(timeoutMs)} timeout`
        : 'not tried';
    reasons.set(step.key, reason);
    if (!cancelled()) emit({ type: 'item-skipped', item: itemOf(step), reason });
  }

  let kept: RemainingResource[] = [];
  const result = (remaining: RemainingResource[], clean: boolean, wasCancelled = false): TeardownResult => ({
    deleted,
    remaining,
    kept,
    elapsedMs: Date.now() - started,
    cancelled: wasCancelled,
    clean,
    ...(worstError ? { worstError } : {}),
  });
  const blockersOf = (key: string) => {
    const blockers = blockersByKey.get(key);
    return blockers && outcomes.get(key)?.status !== 'done' ? { blockers } : {};
  };
  const notDone = (steps: TeardownStep[]) =>
    steps
      .filter((step) => changes(step) && outcomes.get(step.key)?.status !== 'done')
      .map((step) => ({
        type: step.type,
        id: step.id,
        name: step.name,
        region: step.region,
        reason: reasons.get(step.key) ?? 'not removed',
        ...blockersOf(step.key),
      }));

  if (cancelled()) return result([...notDone(aws), ...notDone(local)], false, true);

  // The fresh discovery: exit 0 only when it finds nothing of the target.
  const verifyStarted = Date.now();
  emit({ type: 'verify-started', regions: plan.regions, at: verifyStarted });
  let remaining: RemainingResource[];
  try {
    const inventory = await deps.discover({
      regions: plan.regions,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const found = remainingOf(plan, inventory).map((resource) => {
      const key = `${resource.type}:${resource.region}:${resource.id}`;
      const step = stepByKey.get(key);
      // Kept on purpose, with a reason, is not a failure; kept because a check could not run is.
      const onPurpose = step !== undefined && !changes(step) && !step.unverified;
      const reason = !step
        ? 'found by the fresh scan; it was not in the plan (made after the plan, or it joined the cluster since)'
        : step.unverified
          ? `not checked, so kept: ${step.unverified}`
          : !changes(step)
            ? (step.reason ?? 'kept')
            : (reasons.get(key) ??
              (outcomes.get(key)?.status === 'done'
                ? 'removed, but AWS still lists it: run the command again in a moment'
                : 'not removed'));
      return {
        onPurpose,
        entry: {
          type: resource.type,
          id: resource.id,
          name: resource.name,
          region: resource.region,
          reason,
          ...blockersOf(key),
        },
      };
    });
    remaining = found.filter((item) => !item.onPurpose).map((item) => item.entry);
    kept = found.filter((item) => item.onPurpose).map((item) => item.entry);
    // A check that could not run leaves the run unfinished even if the scan no longer finds it.
    for (const step of aws) {
      if (!step.unverified || remaining.some((entry) => entry.id === step.id && entry.type === step.type))
        continue;
      remaining.push({
        type: step.type,
        id: step.id,
        name: step.name,
        region: step.region,
        reason: `not checked, so kept: ${step.unverified}`,
      });
    }
    for (const step of aws.filter((candidate) => candidate.action === 'delete-objects')) {
      const left = await hasObjectsUnder(contextFor(step), step.id, step.region, step.prefix ?? '');
      if (left) {
        remaining.push({
          type: step.type,
          id: step.id,
          name: step.name,
          region: step.region,
          reason: reasons.get(step.key) ?? `objects remain under ${step.prefix}`,
        });
      }
    }
  } catch (error) {
    if (cancelled()) return result([...notDone(aws), ...notDone(local)], false, true);
    const classified = record(error);
    emit({
      type: 'log',
      level: 'warn',
      message: `the fresh scan failed, so nothing is known to be gone: ${classified.message}`,
    });
    remaining = notDone(aws);
    emit({ type: 'verify-finished', remaining, elapsedMs: Date.now() - verifyStarted });
    for (const step of local)
      emit({ type: 'item-skipped', item: itemOf(step), reason: 'kept: the fresh scan failed' });
    return result([...remaining, ...notDone(local)], false);
  }
  emit({ type: 'verify-finished', remaining, elapsedMs: Date.now() - verifyStarted });

  // Local state goes only when AWS holds nothing of the cluster any more; the record that the
  // teardown finished is written first, so a kill from here on leaves a rerun that says so.
  const clean = remaining.length === 0;
  if (clean && plan.target.kind === 'cluster' && deps.local) {
    try {
      await deps.local.recordGone(plan.target.cluster, new Date());
    } catch (error) {
      emit({
        type: 'log',
        level: 'warn',
        message: `could not note locally that the teardown finished: ${classifyError(error).message}`,
      });
    }
  }
  for (const step of local.filter(changes)) {
    if (!clean) {
      emit({
        type: 'item-skipped',
        item: itemOf(step),
        reason: 'kept while the cluster has resources in AWS',
      });
      continue;
    }
    const at = Date.now();
    emit({ type: 'item-started', item: itemOf(step), at });
    try {
      await deps.local?.remove({ type: step.type as LocalItem['type'], id: step.id, name: step.name });
      deleted.push({ type: step.type, id: step.id, name: step.name });
      emit({ type: 'item-succeeded', item: itemOf(step), elapsedMs: Date.now() - at });
    } catch (error) {
      const classified = classifyError(error);
      emit({ type: 'item-failed', item: itemOf(step), error: classified });
      remaining.push({
        type: step.type,
        id: step.id,
        name: step.name,
        region: 'local',
        reason: classified.message,
      });
    }
  }
  return result(remaining, remaining.length === 0);
}
