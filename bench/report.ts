// The benchmark's JSON document (`npm run bench -- --json`) and how a phase's runs are summed up.

import type { TaskTiming } from '../src/model/engine.js';
import { type CriticalPath, criticalPath } from './critical-path.js';
import type { PhaseResult } from './phase.js';
import { median, medianIndex, round, type Spread, spread } from './stats.js';

/** A performance goal, checked against the medians. `met` is null when it cannot be judged. */
export interface Target {
  name: string;
  goal: string;
  value: number | null;
  met: boolean | null;
}

/** One task of a dependency graph, in milliseconds since the run started. */
export interface TaskRow {
  id: string;
  deps: string[];
  startMs: number;
  endMs: number;
  ok: boolean;
}

export interface AwsRun {
  wallMs: number;
  /** Requests that reached the proxy (retries included). */
  calls: number;
  callsByAction: Record<string, number>;
  /** calls × latency: the same calls made one at a time. */
  serialMs: number;
  /** serialMs / wallMs; null at latency 0. */
  overlap: number | null;
  /**
   * The longest the event loop was blocked (synchronous work such as key generation): every call
   * in flight waits that long for its answer to be read.
   */
  eventLoopMaxMs: number;
  criticalPath?: CriticalPath;
  /** wallMs / criticalPath.lengthMs. */
  wallOverCriticalPath?: number;
  tasks?: TaskRow[];
  notes: string[];
}

export interface AwsPhaseReport {
  kind: 'aws';
  name: string;
  title: string;
  runs: AwsRun[];
  summary: {
    wall: Spread;
    /** Of the run with the median wall time (every run should make the same calls). */
    calls: number;
    serialMs: number;
    overlap: number | null;
    /** Median over the runs of the longest event-loop stall. */
    eventLoopMaxMs: number;
    /** The median run's path, with the median of every run's wall / path. */
    criticalPath?: CriticalPath & { wallOver: number };
  };
  targets: Target[];
}

export interface FailedPhase {
  kind: 'failed';
  name: string;
  title: string;
  error: string;
}

export interface StartupReport {
  kind: 'startup';
  name: 'startup';
  title: string;
  cli: string;
  /** `node -e 0`: what any Node program pays. */
  node: Spread;
  version: Spread;
  help: Spread;
  versionOverNode: number;
  helpOverNode: number;
  /** Until the home screen shows "Create a cluster" in a pseudo-terminal; or why it was not measured. */
  firstFrame: Spread | { skipped: string };
  /** The same pseudo-terminal running `node -e` that prints at once: the floor under firstFrame. */
  ptyNode?: Spread;
  targets: Target[];
}

/** One `kube-tui up --yes` process, timed from outside (bench/cold.ts). */
export interface ColdRun {
  wallMs: number;
  /** From spawning the process to the first request reaching the proxy. */
  firstRequestMs: number;
  calls: number;
  overlap: number | null;
  /** Between the first request and the last answer: time with no request in flight, in all and the longest. */
  idleMs: number;
  largestGapMs: number;
  /** The process's own start-up, its plan and its provisioning graph (KUBE_TUI_TASK_TIMINGS_FILE). */
  criticalPath: CriticalPath;
  /** wallMs / criticalPath.lengthMs. */
  wallOverPath: number;
}

export interface ColdReport {
  kind: 'cold';
  name: 'cold';
  title: string;
  runs: ColdRun[];
  summary: {
    wall: Spread;
    firstRequest: Spread;
    calls: number;
    overlap: number | null;
    idleMs: number;
    largestGapMs: number;
    /** The critical path of the median run, and the median wall over path. */
    criticalPath: CriticalPath & { wallOver: number };
  };
  targets: Target[];
}

export type PhaseReport = AwsPhaseReport | FailedPhase | StartupReport | ColdReport;

export interface BenchReport {
  tool: 'kube-tui bench';
  version: string;
  startedAt: string;
  node: string;
  platform: string;
  cpus: number;
  /** 1-minute load average when the bench started: other work on the machine skews wall times. */
  loadAverage: number;
  latencyMs: number;
  runs: number;
  phases: PhaseReport[];
}

export const OVERLAP_TARGET = 3;
export const OVERLAP_TARGET_LATENCY_MS = 100;
export const CRITICAL_PATH_TARGET = 1.3;
export const STARTUP_TARGET = 2;
export const COLD_FIRST_REQUEST_TARGET_MS = 350;

/** One measured run of an AWS phase, from what the harness saw and what the phase returned. */
export function awsRun(
  measured: { wallMs: number; startedAt: number; counts: Record<string, number>; eventLoopMaxMs: number },
  result: PhaseResult,
  latencyMs: number,
): AwsRun {
  const calls = Object.values(measured.counts).reduce((sum, count) => sum + count, 0);
  const serialMs = calls * latencyMs;
  const run: AwsRun = {
    wallMs: round(measured.wallMs),
    calls,
    callsByAction: sortedCounts(measured.counts),
    serialMs,
    overlap: latencyMs > 0 ? round(serialMs / measured.wallMs, 2) : null,
    eventLoopMaxMs: round(measured.eventLoopMaxMs),
    notes: result.notes ?? [],
  };
  if (result.timings && result.timings.length > 0) {
    const path = criticalPath(result.timings);
    run.criticalPath = { tasks: path.tasks, lengthMs: round(path.lengthMs) };
    run.wallOverCriticalPath = round(measured.wallMs / path.lengthMs, 2);
    run.tasks = taskRows(result.timings, measured.startedAt);
  }
  return run;
}

export function summarize(name: string, title: string, runs: AwsRun[], latencyMs: number): AwsPhaseReport {
  const typical = runs[medianIndex(runs.map((run) => run.wallMs))]!;
  const overlaps = runs.flatMap((run) => (run.overlap === null ? [] : [run.overlap]));
  const overlap = overlaps.length > 0 ? round(median(overlaps), 2) : null;
  const pathRatios = runs.flatMap((run) =>
    run.wallOverCriticalPath === undefined ? [] : [run.wallOverCriticalPath],
  );
  const wallOver = pathRatios.length > 0 ? round(median(pathRatios), 2) : undefined;
  const report: AwsPhaseReport = {
    kind: 'aws',
    name,
    title,
    runs,
    summary: {
      wall: spread(runs.map((run) => run.wallMs)),
      calls: typical.calls,
      serialMs: typical.serialMs,
      overlap,
      eventLoopMaxMs: round(median(runs.map((run) => run.eventLoopMaxMs))),
      ...(typical.criticalPath && wallOver !== undefined
        ? { criticalPath: { ...typical.criticalPath, wallOver } }
        : {}),
    },
    targets: [],
  };
  report.targets.push({
    name: `${name}: overlap vs one call at a time`,
    goal: `>= ${OVERLAP_TARGET}x at ${OVERLAP_TARGET_LATENCY_MS} ms per call`,
    value: overlap,
    // Judged only at the latency the target is set for (OVERLAP_TARGET_LATENCY_MS): more latency
    // makes overlap easier, less makes it moot.
    met: overlap === null || latencyMs !== OVERLAP_TARGET_LATENCY_MS ? null : overlap >= OVERLAP_TARGET,
  });
  if (wallOver !== undefined) {
    report.targets.push({
      name: `${name}: wall time vs critical path`,
      goal: `<= ${CRITICAL_PATH_TARGET}x`,
      value: wallOver,
      // At latency 0 the path is a few milliseconds of CPU, and the ratio says nothing.
      met: latencyMs > 0 ? wallOver <= CRITICAL_PATH_TARGET : null,
    });
  }
  return report;
}

function taskRows(timings: readonly TaskTiming[], origin: number): TaskRow[] {
  return [...timings]
    .sort((a, b) => a.startedAt - b.startedAt)
    .map((timing) => ({
      id: timing.id,
      deps: [...timing.deps],
      startMs: round(timing.startedAt - origin),
      endMs: round(timing.endedAt - origin),
      ok: timing.ok,
    }));
}

function sortedCounts(counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
}
