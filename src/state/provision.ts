// The live checklist of a provisioning run as a pure reducer over the engine's events. Finished
// lines are only ever appended (the screen prints them once, in Ink's <Static>), and a step is
// appended only once every step before it has finished, so the checklist keeps the seed's order
// although the engine runs steps concurrently; the steps not yet printed are the live part.
import type { InstanceBootStatus } from '../model/boot-status.js';
import type { ProvisionResult } from '../model/engine.js';
import type { ClassifiedError } from '../model/errors.js';
import { PROVISION_STEPS, type ProvisionEvent, type StepId } from '../model/events.js';
import type { ResourceRef } from '../model/resource-types.js';
import {
  type FinishedStatus,
  type ItemStatus,
  isFinished,
  printableItems,
  withCall,
  withDetail,
} from './checklist.js';
import { newRequestId } from './request-id.js';

/** A step's status: the shared checklist's item status. */
export type StepStatus = ItemStatus;
export type { FinishedStatus };

/** A line printed once and never redrawn. */
export type FinishedLine =
  | { key: string; kind: 'step'; step: StepId; status: FinishedStatus }
  | { key: string; kind: 'log'; level: 'info' | 'warn'; message: string }
  | { key: string; kind: 'attempt'; attempt: number };

export type ProvisionPhase =
  | { kind: 'running' }
  /** The first Ctrl+C: in-flight calls are being cancelled. */
  | { kind: 'stopping'; existing: ResourceRef[] }
  /**
   * Stopped: `existing` is what the run knew of; `scan` is the fresh discovery made once the
   * calls in flight settled, the exact list.
   */
  | { kind: 'stopped'; existing: ResourceRef[]; scan?: StopScan }
  | { kind: 'failed'; step?: StepId; error: ClassifiedError; existing: ResourceRef[] }
  | { kind: 'succeeded'; result: ProvisionResult };

export type StopScan =
  | { status: 'scanning' }
  | { status: 'done'; resources: ResourceRef[] }
  | { status: 'failed'; message: string };

export interface ProvisionState {
  /** 1 for the first run, +1 for each Retry: what the checklist shows. */
  attempt: number;
  /** The run's request id (unique in the process): events of any other run are ignored. */
  run: number;
  steps: Record<StepId, StepStatus>;
  lines: FinishedLine[];
  phase: ProvisionPhase;
  /** Validate cluster on real AWS: each instance's latest boot status, in the order first seen. */
  boot: InstanceBootStatus[];
  /** When this run's first step started: the progress line's elapsed time. */
  startedAt?: number;
}

/** A failed run as the adapter hands it over (a ProvisionError, or any error classified). */
export interface ProvisionFailure {
  step?: StepId;
  error: ClassifiedError;
  existing?: ResourceRef[];
}

export type ProvisionAction =
  | { type: 'provision/start' }
  | { type: 'provision/event'; run: number; event: ProvisionEvent }
  | { type: 'provision/succeeded'; run: number; result: ProvisionResult }
  | { type: 'provision/failed'; run: number; failure: ProvisionFailure }
  | { type: 'provision/interrupt' }
  /** The fresh discovery after a stop. */
  | { type: 'provision/stop-scan'; run: number; scan: StopScan };

const pendingSteps = (): Record<StepId, StepStatus> =>
  Object.fromEntries(PROVISION_STEPS.map((step) => [step, { kind: 'pending' }])) as Record<
    StepId,
    StepStatus
  >;

export function initialProvisionState(): ProvisionState {
  return {
    attempt: 1,
    run: newRequestId(),
    steps: pendingSteps(),
    lines: [],
    phase: { kind: 'running' },
    boot: [],
  };
}

function sameResource(a: ResourceRef, b: ResourceRef): boolean {
  return a.type === b.type && a.id === b.id;
}

function addResource(list: ResourceRef[], resource: ResourceRef): ResourceRef[] {
  return list.some((known) => sameResource(known, resource)) ? list : [...list, resource];
}

/** Everything the steps reported, for "what exists now" when the engine did not say. */
export function knownResources(state: ProvisionState): ResourceRef[] {
  let all: ResourceRef[] = [];
  for (const step of PROVISION_STEPS) {
    const status = state.steps[step];
    if (status.kind === 'pending') continue;
    for (const resource of status.resources) all = addResource(all, resource);
  }
  return all;
}

function printedSteps(state: ProvisionState): Set<StepId> {
  const prefix = `${state.attempt}-`;
  return new Set(
    state.lines.flatMap((line) => (line.kind === 'step' && line.key.startsWith(prefix) ? [line.step] : [])),
  );
}

/**
 * Appends the finished steps that may be printed: in the seed's order up to the first unfinished
 * step, or (when the run is over) every finished step, still in order.
 */
function flush(state: ProvisionState, runOver = false): ProvisionState {
  const ready = printableItems(PROVISION_STEPS, (step) => state.steps[step], printedSteps(state), runOver);
  if (ready.length === 0) return state;
  return {
    ...state,
    lines: [
      ...state.lines,
      ...ready.map((step) => ({
        key: `${state.attempt}-${step}`,
        kind: 'step' as const,
        step,
        status: state.steps[step] as FinishedStatus,
      })),
    ],
  };
}

function finish(state: ProvisionState, step: StepId, status: FinishedStatus): ProvisionState {
  return flush({ ...state, steps: { ...state.steps, [step]: status } });
}

function applyEvent(state: ProvisionState, event: ProvisionEvent): ProvisionState {
  switch (event.type) {
    case 'step-started':
      return {
        ...state,
        startedAt: state.startedAt ?? event.at,
        steps: { ...state.steps, [event.step]: { kind: 'running', startedAt: event.at, resources: [] } },
      };
    case 'step-detail': {
      const current = state.steps[event.step];
      if (isFinished(current)) return state;
      return {
        ...state,
        steps: { ...state.steps, [event.step]: withDetail(current, event.message, event.resource) },
      };
    }
    case 'step-call': {
      const current = state.steps[event.step];
      if (isFinished(current)) return state;
      return { ...state, steps: { ...state.steps, [event.step]: withCall(current, event.signal) } };
    }
    case 'step-succeeded':
      return finish(state, event.step, {
        kind: 'done',
        resources: event.resources,
        elapsedMs: event.elapsedMs,
      });
    case 'step-skipped':
      return finish(state, event.step, { kind: 'skipped', reason: event.reason, resources: event.resources });
    case 'step-failed': {
      const current = state.steps[event.step];
      const resources = current.kind === 'running' ? current.resources : [];
      return finish(state, event.step, {
        kind: 'failed',
        error: event.error,
        retryable: event.error.retryable,
        resources,
      });
    }
    case 'instance-boot': {
      const { status } = event;
      const known = state.boot.some((entry) => entry.instanceId === status.instanceId);
      return {
        ...state,
        boot: known
          ? state.boot.map((entry) => (entry.instanceId === status.instanceId ? status : entry))
          : [...state.boot, status],
      };
    }
    case 'log':
      return {
        ...state,
        lines: [
          ...state.lines,
          {
            key: `${state.attempt}-log-${state.lines.length}`,
            kind: 'log',
            level: event.level,
            message: event.message,
          },
        ],
      };
  }
}

export function provisionReducer(state: ProvisionState, action: ProvisionAction): ProvisionState {
  switch (action.type) {
    case 'provision/start': {
      const attempt = state.attempt + 1;
      return {
        attempt,
        run: newRequestId(),
        steps: pendingSteps(),
        lines: [...state.lines, { key: `${attempt}-attempt`, kind: 'attempt', attempt }],
        phase: { kind: 'running' },
        boot: [],
      };
    }
    case 'provision/event':
      if (action.run !== state.run) return state;
      return applyEvent(state, action.event);
    case 'provision/succeeded':
      if (action.run !== state.run) return state;
      return flush({ ...state, phase: { kind: 'succeeded', result: action.result } }, true);
    case 'provision/failed': {
      if (action.run !== state.run) return state;
      const existing = action.failure.existing ?? knownResources(state);
      if (state.phase.kind === 'stopping' || action.failure.error.kind === 'aborted') {
        // The steps cut short show as stopped, in their place, rather than spin on.
        const steps = { ...state.steps };
        for (const step of PROVISION_STEPS) {
          const status = steps[step];
          if (status.kind === 'running')
            steps[step] = { kind: 'skipped', reason: 'stopped', resources: status.resources };
        }
        return flush(
          { ...state, steps, phase: { kind: 'stopped', existing, scan: { status: 'scanning' } } },
          true,
        );
      }
      return flush(
        {
          ...state,
          phase: {
            kind: 'failed',
            step: action.failure.step,
            error: action.failure.error,
            existing,
          },
        },
        true,
      );
    }
    case 'provision/stop-scan':
      if (action.run !== state.run || state.phase.kind !== 'stopped') return state;
      return {
        ...state,
        phase: {
          ...state.phase,
          scan: action.scan,
          ...(action.scan.status === 'done' ? { existing: action.scan.resources } : {}),
        },
      };
    case 'provision/interrupt':
      if (state.phase.kind !== 'running') return state;
      return { ...state, phase: { kind: 'stopping', existing: knownResources(state) } };
  }
}

/** The steps not printed yet, in the seed's order: pending, running, or finished after a step still running. */
export function liveSteps(state: ProvisionState): { step: StepId; status: StepStatus }[] {
  const printed = printedSteps(state);
  return PROVISION_STEPS.filter((step) => !printed.has(step)).map((step) => ({
    step,
    status: state.steps[step],
  }));
}

/** The progress line: finished steps of all, and since when the run works. */
export function provisionProgress(state: ProvisionState): {
  done: number;
  total: number;
  startedAt?: number;
} {
  return {
    done: PROVISION_STEPS.filter((step) => isFinished(state.steps[step])).length,
    total: PROVISION_STEPS.length,
    ...(state.startedAt !== undefined ? { startedAt: state.startedAt } : {}),
  };
}
