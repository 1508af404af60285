// The Scale screen's state, a pure reducer: the number entry, the plan (the engine reads the node
// group; the screen shows the change, what goes and the price difference), the confirmation, the
// run fed by the engine's events, and how it ended. The adapter (flows/use-scale-flow.ts) runs the
// engine; nothing here knows about Ink or AWS.
import type { ClassifiedError } from '../model/errors.js';
import type { ClusterId } from '../model/inventory.js';
import {
  nodeCountProblem,
  type ScaleEvent,
  type ScalePlan,
  type ScaleResult,
  type ZoneNodes,
} from '../model/scale.js';
import { newRequestId } from './request-id.js';

/** What to scale: from the Inventory's `s`, or `kube-tui scale` on a terminal. */
export interface ScaleLaunch {
  cluster: ClusterId;
  /** The node count to start from: the group's desired count, or the command's --nodes. */
  nodes?: number;
  /** The zone whose node group changes (a cluster with nodes in several zones). */
  zone?: string;
  /** A cluster with a node group per zone: the zones to choose among, each with its count. */
  zones?: ZoneNodes[];
}

export type ScalePhase =
  | { kind: 'entry'; text: string; problem?: string }
  | { kind: 'planning'; nodes: number }
  | { kind: 'plan-failed'; nodes: number; error: ClassifiedError }
  | { kind: 'confirm'; plan: ScalePlan }
  | { kind: 'running'; plan: ScalePlan; events: ScaleEvent[] }
  /** The first Ctrl+C: the calls in flight are being cancelled. */
  | { kind: 'stopping'; plan: ScalePlan; events: ScaleEvent[] }
  | { kind: 'finished'; plan: ScalePlan; events: ScaleEvent[]; result: ScaleResult }
  | { kind: 'failed'; plan?: ScalePlan; events: ScaleEvent[]; error: ClassifiedError };

export interface ScaleState {
  launch: ScaleLaunch;
  /** Where Esc returns; absent when the app was opened for this (then Esc quits). */
  from?: 'inventory';
  /** The plan's or the run's request id (unique in the process): a stale answer is dropped. */
  request: number;
  phase: ScalePhase;
}

export type ScaleAction =
  | { type: 'scale/type'; text: string }
  | { type: 'scale/erase' }
  /** On the number entry of a cluster with nodes in several zones: the next or previous zone. */
  | { type: 'scale/zone'; step: 1 | -1 }
  /** Enter: on the entry, plan the typed count; on the plan, run it. */
  | { type: 'scale/submit' }
  /** Back to the number entry from a plan (or a failed plan). */
  | { type: 'scale/edit' }
  | { type: 'scale/planned'; request: number; plan: ScalePlan }
  | { type: 'scale/plan-failed'; request: number; error: ClassifiedError }
  | { type: 'scale/event'; request: number; event: ScaleEvent }
  | { type: 'scale/finished'; request: number; result: ScaleResult }
  | { type: 'scale/failed'; request: number; error: ClassifiedError }
  | { type: 'scale/interrupt' };

/** The longest count typed: three digits (the most is 100). */
const MAX_DIGITS = 3;

export function initialScaleState(launch: ScaleLaunch, from?: 'inventory'): ScaleState {
  return {
    launch,
    ...(from ? { from } : {}),
    request: newRequestId(),
    phase: { kind: 'entry', text: launch.nodes === undefined ? '' : String(launch.nodes) },
  };
}

/** AWS work is in flight: no leaving, no quitting with `q`. */
export function isScaleBusy(state: ScaleState): boolean {
  return ['planning', 'running', 'stopping'].includes(state.phase.kind);
}

export function scaleReducer(state: ScaleState, action: ScaleAction): ScaleState {
  const { phase } = state;
  switch (action.type) {
    case 'scale/type': {
      if (phase.kind !== 'entry') return state;
      const digits = action.text.replace(/[^0-9]/g, '');
      if (digits === '') return state;
      return { ...state, phase: { kind: 'entry', text: (phase.text + digits).slice(0, MAX_DIGITS) } };
    }
    case 'scale/erase':
      if (phase.kind !== 'entry') return state;
      return { ...state, phase: { kind: 'entry', text: phase.text.slice(0, -1) } };
    case 'scale/zone': {
      const zones = state.launch.zones ?? [];
      if (phase.kind !== 'entry' || zones.length < 2) return state;
      const at = zones.findIndex((entry) => entry.zone === state.launch.zone);
      const next = zones[(at + action.step + zones.length) % zones.length]!;
      // The entry starts again from that zone's own count.
      return {
        ...state,
        launch: { ...state.launch, zone: next.zone },
        phase: { kind: 'entry', text: next.nodes === undefined ? '' : String(next.nodes) },
      };
    }
    case 'scale/submit': {
      if (phase.kind === 'entry') {
        const problem = nodeCountProblem(phase.text);
        if (problem) return { ...state, phase: { ...phase, problem: `expected ${problem}` } };
        return { ...state, request: newRequestId(), phase: { kind: 'planning', nodes: Number(phase.text) } };
      }
      if (phase.kind === 'confirm') {
        return {
          ...state,
          request: newRequestId(),
          phase: { kind: 'running', plan: phase.plan, events: [] },
        };
      }
      return state;
    }
    case 'scale/edit': {
      const nodes =
        phase.kind === 'confirm' || phase.kind === 'finished'
          ? phase.plan.nodes
          : phase.kind === 'plan-failed'
            ? phase.nodes
            : undefined;
      if (nodes === undefined) return state;
      return { ...state, request: newRequestId(), phase: { kind: 'entry', text: String(nodes) } };
    }
    case 'scale/planned':
      if (action.request !== state.request || phase.kind !== 'planning') return state;
      return { ...state, phase: { kind: 'confirm', plan: action.plan } };
    case 'scale/plan-failed':
      if (action.request !== state.request || phase.kind !== 'planning') return state;
      return { ...state, phase: { kind: 'plan-failed', nodes: phase.nodes, error: action.error } };
    case 'scale/event':
      if (action.request !== state.request || (phase.kind !== 'running' && phase.kind !== 'stopping'))
        return state;
      return { ...state, phase: { ...phase, events: [...phase.events, action.event] } };
    case 'scale/finished':
      if (action.request !== state.request || (phase.kind !== 'running' && phase.kind !== 'stopping'))
        return state;
      return {
        ...state,
        phase: { kind: 'finished', plan: phase.plan, events: phase.events, result: action.result },
      };
    case 'scale/failed':
      if (action.request !== state.request || (phase.kind !== 'running' && phase.kind !== 'stopping'))
        return state;
      return {
        ...state,
        phase: { kind: 'failed', plan: phase.plan, events: phase.events, error: action.error },
      };
    case 'scale/interrupt':
      if (phase.kind !== 'running') return state;
      return { ...state, phase: { kind: 'stopping', plan: phase.plan, events: phase.events } };
  }
}
