// The Teardown screen's state, a pure reducer: planning (a fresh discovery), the plan with the typed
// confirmation (the cluster's name, or `cleanup`), then the checklist in deletion order fed by the
// engine's events, the re-scan, and how it ended. The app's adapter (use-teardown-flow.ts) runs the
// engine; nothing here knows about Ink or AWS.

import { revocable } from '../model/blockers.js';
import type { ClassifiedError } from '../model/errors.js';
import { UsageError } from '../model/exit.js';
import { bucketNameProblem, OPTIONS } from '../model/option-table.js';
import { permissionsLine } from '../model/permissions.js';
import { isKnownRegion, KNOWN_REGIONS_TEXT } from '../model/region.js';
import {
  changes,
  type RemainingResource,
  refusesWholeCluster,
  type TeardownEvent,
  type TeardownPlan,
  type TeardownResult,
  type TeardownStep,
  type TeardownTarget,
  type UserBucket,
} from '../model/teardown.js';
import { cleanupCommand, downCommand } from '../wording/command-lines.js';
import {
  type FinishedStatus,
  type ItemStatus,
  isFinished,
  printableItems,
  withCall,
  withDetail,
} from './checklist.js';
import { newRequestId } from './request-id.js';

/** What to tear down and how: from `down`/`cleanup` on a terminal, or from the app. */
export interface TeardownLaunch {
  target: TeardownTarget;
  bucket?: UserBucket;
  timeoutMs?: number;
  /** `--force-revoke`: other groups' rules that reference the groups being deleted are revoked. */
  forceRevoke?: boolean;
  /** The plain command that does the same (shown to run it again). */
  rerun: string;
}

/** kube-up's AWS_S3_BUCKET (or --bucket): a user's own bucket, of which `down` removes only `<C>/`. */
export function userBucketFrom(
  options: { bucket?: unknown; bucketRegion?: unknown },
  region: string,
  env: NodeJS.ProcessEnv = process.env,
): UserBucket | undefined {
  // `down`'s --bucket and --bucket-region are `up`'s options, read from the same variables.
  const fromEnv = (key: 'bucket' | 'bucketRegion') => {
    const variable = OPTIONS[key].env.find((name) => env[name]?.trim());
    return variable ? { value: env[variable]!.trim(), note: ` (from ${variable})` } : undefined;
  };
  const flagName = options.bucket as string | undefined;
  const name = flagName ?? fromEnv('bucket')?.value;
  if (name === undefined) return undefined;
  // The same rules as up: a bucket name that is not one never reaches S3.
  const nameProblem = bucketNameProblem(name);
  if (nameProblem) {
    throw new UsageError(
      `${OPTIONS.bucket.flag} ${name || '""'}${flagName === undefined ? fromEnv('bucket')!.note : ''}: expected ${nameProblem}`,
    );
  }
  const regionFlag = options.bucketRegion as string | undefined;
  const bucketRegion = regionFlag ?? fromEnv('bucketRegion')?.value ?? region;
  if (!isKnownRegion(bucketRegion)) {
    const note = regionFlag === undefined ? (fromEnv('bucketRegion')?.note ?? '') : '';
    throw new UsageError(
      `${OPTIONS.bucketRegion.flag} ${bucketRegion || '""'}${note}: expected ${KNOWN_REGIONS_TEXT}`,
    );
  }
  return { name, region: bucketRegion };
}

/** The launch of a cluster's teardown from the app (the Inventory's `d`, a failed provisioning's Roll back). */
export function clusterTeardownLaunch(
  cluster: { name: string; region: string },
  env: NodeJS.ProcessEnv = process.env,
  userBucket?: UserBucket,
): TeardownLaunch {
  const bucket = userBucket ?? userBucketFrom({}, cluster.region, env);
  return {
    target: { kind: 'cluster', cluster: { name: cluster.name, region: cluster.region } },
    ...(bucket ? { bucket } : {}),
    rerun: downCommand({ cluster: cluster.name, region: cluster.region, bucket }),
  };
}

/** The launch with `--force-revoke` on or off, and its plain command saying so. */
export function withForceRevoke(launch: TeardownLaunch, on: boolean): TeardownLaunch {
  const words = launch.rerun.split(' ').filter((word) => word !== '--force-revoke');
  return { ...launch, forceRevoke: on, rerun: (on ? [...words, '--force-revoke'] : words).join(' ') };
}

/** The launch of the orphans' cleanup from the app (Home's Cleanup, the Inventory's `c`). */
export function cleanupLaunch(region: string): TeardownLaunch {
  return { target: { kind: 'orphans', region }, rerun: cleanupCommand({ region }) };
}

/** The screens a teardown is opened from: Home's Cleanup, the Inventory, a failed provisioning's Roll back. */
export type TeardownOrigin = 'home' | 'inventory' | 'provision';

export type TeardownPhase =
  | { kind: 'planning' }
  | { kind: 'plan-failed'; error: ClassifiedError }
  /** Nothing of the target was found. */
  | { kind: 'nothing'; plan: TeardownPlan }
  /** The cluster carries kube-tui/protect=true: nothing to confirm, since nothing of it would run. */
  | { kind: 'protected'; plan: TeardownPlan }
  | {
      kind: 'confirm';
      plan: TeardownPlan;
      typed: string;
      refusal?: string;
      scroll: number;
      /** Where keys go: the typed name, or the list of data volumes (Tab switches). */
      focus: ConfirmFocus;
      /** The highlighted data volume, an index into dataVolumeSteps(plan). */
      cursor: number;
      /** The ids of the data volumes ticked for deletion; the rest are kept. */
      ticked: string[];
    }
  /** `dataVolumes`: the ids ticked; the plan becomes the one with them deleted once the engine is loaded. */
  | { kind: 'running'; plan: TeardownPlan; dataVolumes: string[] }
  /** The first Ctrl+C: in-flight calls are being cancelled. */
  | { kind: 'stopping'; plan: TeardownPlan }
  | { kind: 'stopped'; plan: TeardownPlan; result: TeardownResult }
  | { kind: 'finished'; plan: TeardownPlan; result: TeardownResult }
  | { kind: 'failed'; plan: TeardownPlan; error: ClassifiedError };

export type ConfirmFocus = 'name' | 'volumes';

/** A finished item printed once, in the plan's order. */
export interface TeardownLine {
  key: string;
  status: FinishedStatus;
}

export interface TeardownState {
  launch: TeardownLaunch;
  /** Where Esc returns to; absent when the app was opened for this teardown (then Esc quits). */
  from?: TeardownOrigin;
  /** The planning request's id (unique in the process), so a stale answer is ignored. */
  request: number;
  phase: TeardownPhase;
  items: Record<string, ItemStatus>;
  lines: TeardownLine[];
  /** The fresh scan after the run. */
  verify?: { startedAt: number; remaining?: RemainingResource[] };
  /** When the run's first item started: the progress line's elapsed time. */
  runStartedAt?: number;
  /** What the run said beside its items (permissions not checked, a scan that failed), in order. */
  notes: { level: 'info' | 'warn'; message: string }[];
}

export type TeardownAction =
  | { type: 'teardown/planned'; request: number; plan: TeardownPlan }
  | { type: 'teardown/plan-failed'; request: number; error: ClassifiedError }
  | { type: 'teardown/replan' }
  /** Ctrl+R: plan again with `--force-revoke` turned on (or off again). */
  | { type: 'teardown/force-revoke' }
  | { type: 'teardown/type'; text: string }
  | { type: 'teardown/erase' }
  | { type: 'teardown/submit' }
  /** `limit`: the furthest the plan scrolls in this terminal (teardownScrollLimit). */
  | { type: 'teardown/scroll'; by: number; limit: number }
  /** Tab: between the typed name and the data volumes (when the plan has any). */
  | { type: 'teardown/focus' }
  | { type: 'teardown/move'; by: number }
  /** Space on a data volume: delete it too, or keep it again. */
  | { type: 'teardown/tick' }
  /** The plan the engine runs: the confirmed one with the ticked data volumes deleted. */
  | { type: 'teardown/chosen'; plan: TeardownPlan }
  | { type: 'teardown/event'; event: TeardownEvent }
  | { type: 'teardown/finished'; result: TeardownResult }
  | { type: 'teardown/failed'; error: ClassifiedError }
  | { type: 'teardown/interrupt' };

export function initialTeardownState(launch: TeardownLaunch, from?: TeardownState['from']): TeardownState {
  return {
    launch,
    ...(from ? { from } : {}),
    request: newRequestId(),
    phase: { kind: 'planning' },
    items: {},
    lines: [],
    notes: [],
  };
}

/** What the user types to confirm: the cluster's name, or `cleanup` for the orphans. */
export function confirmationWord(target: TeardownTarget): string {
  return target.kind === 'cluster' ? target.cluster.name : 'cleanup';
}

/** The plan's data volumes (PersistentVolumes, a user's own), kept unless ticked, in the plan's order. */
export function dataVolumeSteps(plan: TeardownPlan): TeardownStep[] {
  return plan.steps.filter((step) => step.dataVolume);
}

/** The plan of the current phase, once there is one. */
export function planOf(state: TeardownState): TeardownPlan | undefined {
  return 'plan' in state.phase ? state.phase.plan : undefined;
}

// What of the plan fits on screen, for the view and for the scroll keys alike: one computation, so
// the screen shows exactly the window the keys move.

/** Lines a step takes in the plan: its row, then its reason and its blockers each on a line of its own. */
const linesOf = (step: TeardownStep) => 1 + (step.reason ? 1 : 0) + (step.blockers ? 1 : 0);

/** Data volumes shown at once when the terminal's height is known (two lines each). */
const VOLUMES_SHOWN = 3;

/** The plan's steps but its data volumes, which are listed under their own heading. */
export const planSteps = (plan: TeardownPlan) => plan.steps.filter((step) => !step.dataVolume);

/**
 * The data volumes on screen: with the terminal's height known, a window of a few that follows the
 * highlighted one (`cursor`); `below` of them are under it.
 */
export function volumesWindow(
  plan: TeardownPlan,
  cursor: number,
  rows: number | undefined,
): { volumes: TeardownStep[]; shown: TeardownStep[]; below: number } {
  const volumes = dataVolumeSteps(plan);
  const size = rows ? Math.min(volumes.length, VOLUMES_SHOWN) : volumes.length;
  const top = Math.min(Math.max(0, cursor - size + 1), volumes.length - size);
  return { volumes, shown: volumes.slice(top, top + size), below: volumes.length - top - size };
}

/** Lines the data volumes take: heading, markers, two per volume shown. */
function volumesHeight(plan: TeardownPlan, rows: number | undefined): number {
  const { volumes, shown, below } = volumesWindow(plan, 0, rows);
  if (volumes.length === 0) return 0;
  return 2 + 2 * shown.length + (below > 0 ? 1 : 0);
}

/**
 * Lines of the plan shown at once: header 2, headline 1, markers 2, warning 2, prompt 2, refusal 1,
 * footer 2, and the data volumes.
 */
const planHeight = (plan: TeardownPlan, rows: number | undefined) =>
  rows ? Math.max(4, rows - 13 - volumesHeight(plan, rows)) : Number.POSITIVE_INFINITY;

/** How far the plan scrolls: the first step shown when the last one is at the bottom. */
export function teardownScrollLimit(state: TeardownState, rows: number | undefined): number {
  const plan = planOf(state);
  if (!plan) return 0;
  const steps = planSteps(plan);
  const height = planHeight(plan, rows);
  let top = steps.length;
  let used = 0;
  while (top > 0 && used + linesOf(steps[top - 1]!) <= height) {
    top -= 1;
    used += linesOf(steps[top]!);
  }
  return Math.min(top, Math.max(0, steps.length - 1));
}

/**
 * The plan's steps on screen, scrolled to `scroll`: the first shown (`top`), those that fit, and how
 * many are below them.
 */
export function planWindow(
  plan: TeardownPlan,
  scroll: number,
  rows: number | undefined,
): { steps: TeardownStep[]; top: number; shown: TeardownStep[]; below: number } {
  const steps = planSteps(plan);
  const height = planHeight(plan, rows);
  const top = Math.min(scroll, Math.max(0, steps.length - 1));
  const shown: TeardownStep[] = [];
  let used = 0;
  for (const step of steps.slice(top)) {
    if (shown.length > 0 && used + linesOf(step) > height) break;
    shown.push(step);
    used += linesOf(step);
  }
  return { steps, top, shown, below: steps.length - top - shown.length };
}

function flush(state: TeardownState, runOver = false): TeardownState {
  const plan = planOf(state);
  if (!plan) return state;
  const printed = new Set(state.lines.map((line) => line.key));
  const ready = printableItems(
    plan.steps.map((step) => step.key),
    (key) => state.items[key] ?? { kind: 'pending' },
    printed,
    runOver,
  );
  if (ready.length === 0) return state;
  return {
    ...state,
    lines: [...state.lines, ...ready.map((key) => ({ key, status: state.items[key] as FinishedStatus }))],
  };
}

function setItem(state: TeardownState, key: string, status: ItemStatus): TeardownState {
  return flush({ ...state, items: { ...state.items, [key]: status } });
}

function applyEvent(state: TeardownState, event: TeardownEvent): TeardownState {
  switch (event.type) {
    case 'item-started': {
      const current = state.items[event.item.key];
      if (current && current.kind !== 'pending') return state;
      return setItem({ ...state, runStartedAt: state.runStartedAt ?? event.at }, event.item.key, {
        kind: 'running',
        startedAt: event.at,
        resources: [],
      });
    }
    case 'item-detail': {
      const current = state.items[event.item.key] ?? { kind: 'pending' };
      if (isFinished(current)) return state;
      return setItem(state, event.item.key, withDetail(current, event.message));
    }
    case 'item-call': {
      const current = state.items[event.item.key] ?? { kind: 'pending' };
      if (isFinished(current)) return state;
      return setItem(state, event.item.key, withCall(current, event.signal));
    }
    case 'item-succeeded':
      return setItem(state, event.item.key, { kind: 'done', resources: [], elapsedMs: event.elapsedMs });
    case 'item-skipped':
      return setItem(state, event.item.key, { kind: 'skipped', reason: event.reason, resources: [] });
    case 'item-failed':
      return setItem(state, event.item.key, {
        kind: 'failed',
        error: event.error,
        retryable: event.error.retryable,
        resources: [],
      });
    case 'verify-started':
      return { ...state, verify: { startedAt: event.at } };
    case 'verify-finished':
      return { ...state, verify: { startedAt: state.verify?.startedAt ?? 0, remaining: event.remaining } };
    case 'log':
      return { ...state, notes: [...state.notes, { level: event.level, message: event.message }] };
  }
}

export function teardownReducer(state: TeardownState, action: TeardownAction): TeardownState {
  const phase = state.phase;
  switch (action.type) {
    case 'teardown/planned':
      if (action.request !== state.request || phase.kind !== 'planning') return state;
      return {
        ...state,
        phase:
          action.plan.steps.length === 0
            ? { kind: 'nothing', plan: action.plan }
            : refusesWholeCluster(action.plan)
              ? { kind: 'protected', plan: action.plan }
              : {
                  kind: 'confirm',
                  plan: action.plan,
                  typed: '',
                  scroll: 0,
                  focus: 'name',
                  cursor: 0,
                  ticked: [],
                },
      };
    case 'teardown/plan-failed':
      if (action.request !== state.request || phase.kind !== 'planning') return state;
      return { ...state, phase: { kind: 'plan-failed', error: action.error } };
    case 'teardown/replan':
      if (phase.kind !== 'plan-failed' && phase.kind !== 'finished' && phase.kind !== 'stopped') return state;
      return initialTeardownState(state.launch, state.from);
    case 'teardown/force-revoke':
      if (!offersForceRevoke(state)) return state;
      return initialTeardownState(withForceRevoke(state.launch, !state.launch.forceRevoke), state.from);
    case 'teardown/type':
      if (phase.kind !== 'confirm' || phase.focus !== 'name') return state;
      return { ...state, phase: { ...phase, typed: phase.typed + action.text } };
    case 'teardown/erase':
      if (phase.kind !== 'confirm' || phase.focus !== 'name') return state;
      return { ...state, phase: { ...phase, typed: phase.typed.slice(0, -1) } };
    case 'teardown/scroll': {
      if (phase.kind !== 'confirm') return state;
      const limit = Math.max(0, action.limit);
      return {
        ...state,
        phase: { ...phase, scroll: Math.min(limit, Math.max(0, phase.scroll + action.by)) },
      };
    }
    case 'teardown/focus': {
      if (phase.kind !== 'confirm' || dataVolumeSteps(phase.plan).length === 0) return state;
      return { ...state, phase: { ...phase, focus: phase.focus === 'name' ? 'volumes' : 'name' } };
    }
    case 'teardown/move': {
      if (phase.kind !== 'confirm' || phase.focus !== 'volumes') return state;
      const last = dataVolumeSteps(phase.plan).length - 1;
      return { ...state, phase: { ...phase, cursor: Math.min(last, Math.max(0, phase.cursor + action.by)) } };
    }
    case 'teardown/tick': {
      if (phase.kind !== 'confirm' || phase.focus !== 'volumes') return state;
      const volume = dataVolumeSteps(phase.plan)[phase.cursor];
      // A data volume the plan already deletes (--delete-data-volumes) has nothing to choose.
      if (!volume || volume.action === 'delete') return state;
      const ticked = phase.ticked.includes(volume.id)
        ? phase.ticked.filter((id) => id !== volume.id)
        : [...phase.ticked, volume.id];
      return { ...state, phase: { ...phase, ticked } };
    }
    case 'teardown/chosen':
      if (phase.kind !== 'running' && phase.kind !== 'stopping') return state;
      return { ...state, phase: { ...phase, plan: action.plan } };
    case 'teardown/submit': {
      if (phase.kind !== 'confirm') return state;
      const expected = confirmationWord(state.launch.target);
      const typed = phase.typed.trim();
      if (typed !== expected) {
        const refusal =
          typed === ''
            ? `Type ${expected} to confirm, or press Esc to cancel. Nothing was deleted.`
            : `"${typed}" is not ${expected}: nothing was deleted. Type ${expected} exactly, or press Esc to cancel.`;
        return { ...state, phase: { ...phase, refusal } };
      }
      const items = Object.fromEntries(
        phase.plan.steps.map((step) => [step.key, { kind: 'pending' } as ItemStatus]),
      );
      // As the plain command prints it before the first deletion: permissions that were not checked.
      const unchecked = phase.plan.permissions?.status === 'unchecked' ? phase.plan.permissions : undefined;
      return {
        ...state,
        phase: { kind: 'running', plan: phase.plan, dataVolumes: phase.ticked },
        items,
        lines: [],
        notes: unchecked ? [{ level: 'info', message: permissionsLine(unchecked) }] : [],
      };
    }
    case 'teardown/event':
      if (phase.kind !== 'running' && phase.kind !== 'stopping') return state;
      return applyEvent(state, action.event);
    case 'teardown/finished':
      if (phase.kind !== 'running' && phase.kind !== 'stopping') return state;
      return flush(
        {
          ...state,
          phase: action.result.cancelled
            ? { kind: 'stopped', plan: phase.plan, result: action.result }
            : { kind: 'finished', plan: phase.plan, result: action.result },
        },
        true,
      );
    case 'teardown/failed':
      if (phase.kind !== 'running' && phase.kind !== 'stopping') return state;
      return flush({ ...state, phase: { kind: 'failed', plan: phase.plan, error: action.error } }, true);
    case 'teardown/interrupt':
      if (phase.kind !== 'running') return state;
      return { ...state, phase: { kind: 'stopping', plan: phase.plan } };
  }
}

/**
 * Whether Ctrl+R is offered: where nothing runs, and either `--force-revoke` is on (to turn it off)
 * or another group's rule blocks a deletion, in the plan or in what the run left.
 */
export function offersForceRevoke(state: TeardownState): boolean {
  const { phase } = state;
  if (!['confirm', 'finished', 'stopped'].includes(phase.kind)) return false;
  if (state.launch.forceRevoke) return true;
  const blockers = [
    ...(planOf(state)?.steps ?? []).flatMap((step) => step.blockers ?? []),
    ...('result' in phase ? phase.result.remaining.flatMap((resource) => resource.blockers ?? []) : []),
  ];
  return blockers.some(revocable);
}

/** The items not printed yet, in the plan's order. */
export function liveItems(state: TeardownState): { key: string; status: ItemStatus }[] {
  const plan = planOf(state);
  if (!plan) return [];
  const printed = new Set(state.lines.map((line) => line.key));
  return plan.steps
    .filter((step) => !printed.has(step.key))
    .map((step) => ({ key: step.key, status: state.items[step.key] ?? { kind: 'pending' } }));
}

/** Counts for the plan's headline: what changes and what is kept. */
export function planCounts(
  plan: TeardownPlan,
  ticked: readonly string[] = [],
): { remove: number; keep: number } {
  const chosen = new Set(ticked);
  const remove = plan.steps.filter(
    (step) => changes(step) || (step.dataVolume && chosen.has(step.id)),
  ).length;
  return { remove, keep: plan.steps.length - remove };
}

/** Whether the run is over (so `q` and Esc may leave). */
export function isTeardownBusy(state: TeardownState): boolean {
  return state.phase.kind === 'running' || state.phase.kind === 'stopping';
}

/** The progress line: the plan's items finished (done, failed or skipped) of all of them. */
export function teardownProgress(state: TeardownState): { done: number; total: number; startedAt?: number } {
  const plan = planOf(state);
  const steps = plan?.steps ?? [];
  return {
    done: steps.filter((step) => isFinished(state.items[step.key] ?? { kind: 'pending' })).length,
    total: steps.length,
    ...(state.runStartedAt !== undefined ? { startedAt: state.runStartedAt } : {}),
  };
}
