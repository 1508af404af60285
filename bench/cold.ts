// Phase "cold": what a user runs. `kube-tui up --yes` as a new process per run, its wall time taken
// from outside, its calls through the proxy (with the bench's latency) to a moto that has already
// served one run. From the proxy's record of when each request arrived and was answered: how long
// after the process started the first request left, and how long nothing was in flight between
// the first request and the last answer (CPU work, module loading, or a wait on the critical path).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TaskTiming } from '../src/model/engine.js';
import type { FaultProxy, ProxyRecord } from '../test/support/fault-proxy.js';
import { BENCH_CIDR, benchConfig, forgetClusterSecrets } from './config.js';
import { criticalPath } from './critical-path.js';
import {
  COLD_FIRST_REQUEST_TARGET_MS,
  type ColdReport,
  type ColdRun,
  CRITICAL_PATH_TARGET,
  OVERLAP_TARGET,
  OVERLAP_TARGET_LATENCY_MS,
} from './report.js';
import { median, round, spread } from './stats.js';

export interface ColdOptions {
  cliPath: string;
  proxy: FaultProxy;
  latencyMs: number;
  runs: number;
  resetAws: () => Promise<void>;
  log?: (line: string) => void;
}

/**
 * The child's environment: the bench's (its throwaway HOME and fake keys), nothing that changes
 * Node's start, and where `up` writes its task timings.
 */
function childEnv(timingsFile: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, KUBE_TUI_TASK_TIMINGS_FILE: timingsFile };
  for (const name of ['NODE_OPTIONS', 'TRACE_IMPORTS_FILE', 'AWS_ENDPOINT_URL']) delete env[name];
  return env;
}

/** Runs the CLI once; resolves with when it started and how long it took (performance.now() clock). */
function runCli(
  args: string[],
  timingsFile: string,
): Promise<{ startedAt: number; wallMs: number; code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const startedAt = performance.now();
    const child = spawn(process.execPath, args, {
      env: childEnv(timingsFile),
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.on('error', reject);
    child.on('exit', (code) => resolve({ startedAt, wallMs: performance.now() - startedAt, code, stderr }));
  });
}

/**
 * The time between `from` and the last answer with no request in flight, and the longest such
 * stretch: what neither the network nor AWS was doing.
 */
export function idleStretches(records: readonly ProxyRecord[]): { idleMs: number; largestGapMs: number } {
  const sorted = [...records].sort((a, b) => a.arrivedAt - b.arrivedAt);
  let idleMs = 0;
  let largestGapMs = 0;
  let busyUntil = sorted[0]?.arrivedAt ?? 0;
  for (const record of sorted) {
    if (record.arrivedAt > busyUntil) {
      const gap = record.arrivedAt - busyUntil;
      idleMs += gap;
      largestGapMs = Math.max(largestGapMs, gap);
    }
    busyUntil = Math.max(busyUntil, record.answeredAt ?? record.arrivedAt);
  }
  return { idleMs: round(idleMs), largestGapMs: round(largestGapMs) };
}

const upArgs = (cliPath: string, endpoint: string) => {
  const config = benchConfig();
  return [
    cliPath,
    'up',
    '--yes',
    '--endpoint',
    endpoint,
    '--cluster',
    config.name,
    '--zone',
    config.zone,
    '--nodes',
    String(config.nodes),
    '--ssh-cidr',
    BENCH_CIDR,
    '--api-cidr',
    BENCH_CIDR,
  ];
};

async function coldRun(options: ColdOptions): Promise<ColdRun> {
  await options.resetAws();
  await forgetClusterSecrets(benchConfig());
  options.proxy.resetCounts();
  const dir = mkdtempSync(join(tmpdir(), 'kube-tui-bench-cold-'));
  const timingsFile = join(dir, 'timings.json');
  const run = await runCli(upArgs(options.cliPath, options.proxy.url), timingsFile);
  if (run.code !== 0) throw new Error(`kube-tui up --yes exited with ${run.code}:\n${run.stderr}`);
  // The start-up, the plan and every task, on the child's clock: what no runner could shorten.
  const path = criticalPath(JSON.parse(readFileSync(timingsFile, 'utf8')) as TaskTiming[]);
  rmSync(dir, { recursive: true, force: true });
  const records = options.proxy.records();
  const first = Math.min(...records.map((record) => record.arrivedAt));
  const calls = records.length;
  const serialMs = calls * options.latencyMs;
  return {
    wallMs: round(run.wallMs),
    firstRequestMs: round(first - run.startedAt),
    calls,
    overlap: options.latencyMs > 0 ? round(serialMs / run.wallMs, 2) : null,
    ...idleStretches(records),
    criticalPath: { tasks: path.tasks, lengthMs: round(path.lengthMs) },
    wallOverPath: round(run.wallMs / path.lengthMs, 2),
  };
}

export async function measureCold(options: ColdOptions): Promise<ColdReport> {
  // Unmeasured: moto's backends load and the disk cache fills, as on a machine that has run it once.
  options.log?.('cold: one unmeasured run');
  await coldRun(options);
  const runs: ColdRun[] = [];
  for (let i = 0; i < options.runs; i++) {
    options.log?.(`cold: run ${i + 1}/${options.runs}`);
    runs.push(await coldRun(options));
  }
  const overlaps = runs.flatMap((run) => (run.overlap === null ? [] : [run.overlap]));
  const overlap = overlaps.length > 0 ? round(median(overlaps), 2) : null;
  const firstRequest = spread(runs.map((run) => run.firstRequestMs));
  const wallOver = round(median(runs.map((run) => run.wallOverPath)), 2);
  // The path of the run whose wall time is the median's (or nearest it).
  const wall = spread(runs.map((run) => run.wallMs));
  const typical = [...runs].sort(
    (a, b) => Math.abs(a.wallMs - wall.medianMs) - Math.abs(b.wallMs - wall.medianMs),
  )[0]!;
  return {
    kind: 'cold',
    name: 'cold',
    title: 'kube-tui up --yes as a new process, timed from outside',
    runs,
    summary: {
      wall,
      firstRequest,
      calls: runs[0]?.calls ?? 0,
      overlap,
      idleMs: round(median(runs.map((run) => run.idleMs))),
      largestGapMs: round(median(runs.map((run) => run.largestGapMs))),
      criticalPath: { ...typical.criticalPath, wallOver },
    },
    targets: [
      {
        name: 'cold: first AWS request after process start',
        goal: `<= ${COLD_FIRST_REQUEST_TARGET_MS} ms`,
        value: firstRequest.medianMs,
        met: firstRequest.medianMs <= COLD_FIRST_REQUEST_TARGET_MS,
      },
      {
        name: 'cold: overlap vs one call at a time',
        goal: `>= ${OVERLAP_TARGET}x at ${OVERLAP_TARGET_LATENCY_MS} ms per call`,
        value: overlap,
        met:
          overlap === null || options.latencyMs !== OVERLAP_TARGET_LATENCY_MS
            ? null
            : overlap >= OVERLAP_TARGET,
      },
      {
        name: 'cold: wall time vs critical path (start-up, plan, provisioning)',
        goal: `<= ${CRITICAL_PATH_TARGET}x`,
        value: wallOver,
        met: options.latencyMs > 0 ? wallOver <= CRITICAL_PATH_TARGET : null,
      },
    ],
  };
}
