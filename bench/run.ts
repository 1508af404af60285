// The harness: moto, the fault proxy in front of it with a fixed latency per call, then each
// selected phase. It owns the clock and the count, so a phase cannot measure itself kindly.
import { existsSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { AwsEngine } from '../src/aws/engine.js';
import { provisionCluster } from '../test/support/cluster.js';
import { type FaultProxy, startFaultProxy } from '../test/support/fault-proxy.js';
import { ensureMotoPython, type MotoServer, startMoto } from '../test/support/moto.js';
import { measureCold } from './cold.js';
import { benchConfig, forgetClusterSecrets } from './config.js';
import type { AnyPhase, PhaseContext } from './phase.js';
import { AWS_PHASES, PHASE_NAMES } from './phases.js';
import { awsRun, type BenchReport, type PhaseReport, summarize } from './report.js';
import { measureStartup } from './startup.js';

export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_LATENCY_MS = 100;
export const DEFAULT_RUNS = 5;

export interface BenchOptions {
  latencyMs?: number;
  /** Runs of each AWS phase and samples of the first frame (medians are reported). */
  runs?: number;
  /** Phase names, in any order (they run in registry order); default all. */
  phases?: readonly string[];
  /** The built CLI for the start-up phase; default dist/cli.js. */
  cliPath?: string;
  /** A moto server to use (and reset); default: start one and stop it at the end. */
  motoUrl?: string;
  /** Progress lines (stderr in the CLI). */
  log?: (line: string) => void;
}

export function parsePhases(list: string): string[] {
  const names = list
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const unknown = names.filter((name) => !PHASE_NAMES.includes(name));
  if (unknown.length > 0 || names.length === 0) {
    throw new Error(`--phases ${list}: expected a comma-separated list of ${PHASE_NAMES.join(', ')}`);
  }
  return names;
}

async function resetMoto(url: string): Promise<void> {
  const response = await fetch(`${url}/moto-api/reset`, { method: 'POST' });
  if (!response.ok) throw new Error(`moto reset failed: HTTP ${response.status}`);
  await response.arrayBuffer();
}

/**
 * One unmeasured provisioning straight to moto: moto imports each service's backend on first use
 * (about a second in all), and Node compiles the engine's code paths; neither is what a user waits for.
 */
async function warmUp(ctx: PhaseContext): Promise<void> {
  ctx.log('warming up (one unmeasured provisioning)');
  const config = benchConfig({ name: 'bench-warm-up', nodes: 1 });
  await provisionCluster(ctx.setupEndpoint, config);
  await forgetClusterSecrets(config);
  await ctx.resetAws();
}

async function runAwsPhase(
  phase: AnyPhase,
  ctx: PhaseContext,
  proxy: FaultProxy,
  runs: number,
): Promise<PhaseReport> {
  try {
    ctx.log(`${phase.name}: setting up`);
    const state = await phase.setup?.(ctx);
    const measured = [];
    for (let i = 0; i < runs; i++) {
      await phase.beforeEach?.(ctx, state);
      ctx.log(`${phase.name}: run ${i + 1}/${runs}`);
      proxy.resetCounts();
      const loop = monitorEventLoopDelay({ resolution: 10 });
      loop.enable();
      const startedAt = performance.now();
      const result = await phase.run(ctx, state);
      const wallMs = performance.now() - startedAt;
      loop.disable();
      const eventLoopMaxMs = loop.count > 0 ? loop.max / 1e6 : 0;
      measured.push(
        awsRun({ wallMs, startedAt, counts: proxy.counts(), eventLoopMaxMs }, result, ctx.latencyMs),
      );
    }
    return summarize(phase.name, phase.title, measured, ctx.latencyMs);
  } catch (error) {
    return {
      kind: 'failed',
      name: phase.name,
      title: phase.title,
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    };
  }
}

export async function runBench(options: BenchOptions = {}): Promise<BenchReport> {
  const latencyMs = options.latencyMs ?? DEFAULT_LATENCY_MS;
  const runs = options.runs ?? DEFAULT_RUNS;
  const selected = new Set(options.phases ?? PHASE_NAMES);
  const log = options.log ?? (() => {});
  const cliPath = options.cliPath ?? join(projectRoot, 'dist', 'cli.js');
  if (!Number.isFinite(latencyMs) || latencyMs < 0) throw new Error(`latency ${latencyMs}: expected >= 0 ms`);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`runs ${runs}: expected a whole number >= 1`);
  if ((selected.has('startup') || selected.has('cold')) && !existsSync(cliPath)) {
    throw new Error(`${cliPath} does not exist: run npm run build first (npm run bench does)`);
  }

  const pkg = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { version: string };
  const report: BenchReport = {
    tool: 'kube-tui bench',
    version: pkg.version,
    startedAt: new Date().toISOString(),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpus: cpus().length,
    loadAverage: Math.round((loadavg()[0] ?? 0) * 100) / 100,
    latencyMs,
    runs,
    phases: [],
  };

  let moto: MotoServer | undefined;
  let proxy: FaultProxy | undefined;
  try {
    let motoUrl = options.motoUrl;
    if (!motoUrl) {
      log('starting moto');
      moto = await startMoto({ python: ensureMotoPython(log) });
      motoUrl = moto.url;
    }
    const setupEndpoint = motoUrl;
    const measuredProxy = await startFaultProxy({ target: motoUrl, latencyMs });
    proxy = measuredProxy;
    const ctx: PhaseContext = {
      latencyMs,
      setupEndpoint,
      measuredEngine: (region = 'us-west-2') => new AwsEngine({ region, endpoint: measuredProxy.url }),
      resetAws: () => resetMoto(setupEndpoint),
      log,
    };
    const awsPhases = AWS_PHASES.filter((phase) => selected.has(phase.name));
    if (awsPhases.length > 0) await warmUp(ctx);
    for (const phase of awsPhases) report.phases.push(await runAwsPhase(phase, ctx, measuredProxy, runs));
    if (selected.has('cold')) {
      try {
        report.phases.push(
          await measureCold({ cliPath, proxy: measuredProxy, latencyMs, runs, resetAws: ctx.resetAws, log }),
        );
      } catch (error) {
        report.phases.push({
          kind: 'failed',
          name: 'cold',
          title: 'kube-tui up --yes as a new process',
          error: error instanceof Error ? error.message : String(error),
        });
      }
    }
    if (selected.has('startup')) {
      log('startup: measuring');
      report.phases.push(await measureStartup({ cliPath, endpoint: motoUrl, runs, log }));
    }
  } finally {
    await proxy?.stop();
    await moto?.stop();
  }
  return report;
}
