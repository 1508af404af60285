// What an AWS phase of the benchmark is. The harness (run.ts) owns the emulator, the proxy, the
// clock and the call count; a phase only prepares its world and does the work being measured.
// A new phase is one Phase object in phases.ts.
import type { AwsEngine } from '../src/aws/engine.js';
import type { TaskTiming } from '../src/model/engine.js';

export interface PhaseContext {
  /** The latency the proxy adds to each measured call. */
  readonly latencyMs: number;
  /** An engine whose calls go through the proxy: counted, and delayed by `latencyMs`. */
  measuredEngine(region?: string): AwsEngine;
  /** moto's own URL, for setup (e.g. `provisionCluster(ctx.setupEndpoint, …)`): not counted, no added latency. */
  readonly setupEndpoint: string;
  /** Wipes the emulator (every account and region). */
  resetAws(): Promise<void>;
  log(line: string): void;
}

export interface PhaseResult {
  /**
   * The timings of the dependency graph the phase ran, if it ran one (`onTaskTiming`). The harness
   * computes the critical path from them; without them it reports none.
   */
  timings?: TaskTiming[];
  /** One-line facts worth printing, e.g. "3 clusters, 0 orphans". */
  notes?: string[];
}

export interface Phase<State = void> {
  readonly name: string;
  /** What the phase measures, one line. */
  readonly title: string;
  /** Once per phase, before the first run (not timed, not counted). */
  setup?(ctx: PhaseContext): Promise<State>;
  /** Before every run (not timed, not counted): e.g. a fresh emulator, a cluster to delete. */
  beforeEach?(ctx: PhaseContext, state: State): Promise<void>;
  /** The measured work. Wall time and API calls are taken around it by the harness. */
  run(ctx: PhaseContext, state: State): Promise<PhaseResult>;
}

/** A Phase of any state type, for the registry. */
// biome-ignore lint/suspicious/noExplicitAny: each phase keeps its own state type; the harness only passes it back.
export type AnyPhase = Phase<any>;
