// The benchmark, run as `npm run bench` would run it but at latency 0 and once: the document's shape
// and the invariants that hold whatever the timings (never a timing threshold: the machine is shared).
import { describe, expect, it } from 'vitest';
import { formatReport } from '../../bench/format.js';
import { PLAN_TASK } from '../../bench/provision.js';
import type { AwsPhaseReport, AwsRun, StartupReport } from '../../bench/report.js';
import { parsePhases, runBench } from '../../bench/run.js';
import { hasScript } from '../../bench/startup.js';
import { motoUrl } from '../support/aws.js';

// The default cluster's graph: elasticsearch logging, so no CloudWatch log group task.
const PROVISION_TASKS = [
  PLAN_TASK,
  'elastic-ip',
  'bucket',
  'bundle',
  'upload',
  'master-role',
  'node-role',
  'key-pair',
  'vpc',
  'subnet',
  'internet-gateway',
  'route-table',
  'routes',
  'security-groups',
  'volume',
  'master-launch',
  'master-running',
  'volume-attach',
  'launch-template',
  'node-group',
  'nodes-running',
  'validate',
];

function expectValidCriticalPath(run: AwsRun): void {
  const tasks = new Map(run.tasks!.map((task) => [task.id, task]));
  const path = run.criticalPath!.tasks;
  expect(path[0]).toBe(PLAN_TASK);
  expect(path.at(-1)).toBe('validate');
  // Each step waits for the one before it.
  for (let i = 1; i < path.length; i++) expect(tasks.get(path[i]!)!.deps).toContain(path[i - 1]);
  // Its length is the sum of its tasks' durations (each rounded to 0.1 ms).
  const sum = path.reduce((total, id) => total + tasks.get(id)!.endMs - tasks.get(id)!.startMs, 0);
  expect(Math.abs(sum - run.criticalPath!.lengthMs)).toBeLessThan(0.1 * (path.length + 1));
}

describe('npm run bench', () => {
  it('measures provisioning, inventory and start-up in one JSON document', { timeout: 240_000 }, async () => {
    const report = await runBench({
      latencyMs: 0,
      runs: 1,
      phases: parsePhases('startup,inventory,provision,teardown'),
      motoUrl: motoUrl(),
    });
    // No NaN, Infinity or undefined hiding in it: the JSON is the report.
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
    expect(report).toMatchObject({ tool: 'kube-tui bench', latencyMs: 0, runs: 1 });
    expect(report.cpus).toBeGreaterThan(0);
    // Registry order, whatever order --phases gave.
    expect(report.phases.map((phase) => phase.name)).toEqual([
      'provision',
      'inventory',
      'teardown',
      'startup',
    ]);

    const provision = report.phases[0] as AwsPhaseReport;
    expect(provision.kind).toBe('aws');
    expect(provision.runs).toHaveLength(1);
    const [run] = provision.runs as [AwsRun];
    expect(run.calls).toBeGreaterThan(0);
    expect(Object.values(run.callsByAction).reduce((sum, count) => sum + count, 0)).toBe(run.calls);
    // One create of each thing: a retry or a duplicate would show here.
    expect(run.callsByAction['ec2:RunInstances']).toBe(1);
    expect(run.callsByAction['autoscaling:CreateAutoScalingGroup']).toBe(1);
    expect(run.callsByAction['ec2:CreateVpc']).toBe(1);
    expect(run).toMatchObject({ serialMs: 0, overlap: null });
    expect(provision.summary.calls).toBe(run.calls);

    // Every task of the graph has a timing, each ran after its dependencies, and all succeeded.
    const tasks = new Map(run.tasks!.map((task) => [task.id, task]));
    expect([...tasks.keys()].sort()).toEqual([...PROVISION_TASKS].sort());
    for (const task of tasks.values()) {
      expect(task.ok).toBe(true);
      for (const dep of task.deps) expect(tasks.get(dep)!.endMs).toBeLessThanOrEqual(task.startMs);
    }
    expectValidCriticalPath(run);
    expect(provision.summary.criticalPath?.tasks).toEqual(run.criticalPath!.tasks);
    // The path's tasks ran one after another inside the run.
    expect(run.criticalPath!.lengthMs).toBeLessThanOrEqual(run.wallMs + 0.1);

    // Discovery finds the three clusters the phase made; it runs no graph, so it has no path.
    const inventory = report.phases[1]!;
    expect(inventory.kind).toBe('aws');
    const inventoryRun = (inventory as AwsPhaseReport).runs[0]!;
    expect(inventoryRun.calls).toBeGreaterThan(0);
    expect(inventoryRun.notes).toContain('found 3 clusters, 0 orphans');
    expect(inventoryRun.criticalPath).toBeUndefined();

    // Teardown is reported as not available until the engine has it, then measured like the others.
    const teardown = report.phases[2]!;
    if (teardown.kind === 'unavailable') expect(teardown.reason).toMatch(/teardown/);
    else expect(teardown.kind).toBe('aws');

    const startup = report.phases[3] as StartupReport;
    expect(startup.kind).toBe('startup');
    for (const samples of [startup.node, startup.version, startup.help]) {
      expect(samples.samplesMs).toHaveLength(3);
      expect(samples.minMs).toBeGreaterThan(0);
    }
    expect(startup.targets.map((target) => target.name)).toEqual([
      'startup: --version vs node -e 0',
      'startup: --help vs node -e 0',
    ]);
    if (hasScript()) expect(startup.firstFrame).toMatchObject({ samplesMs: [expect.any(Number)] });
    else expect(startup.firstFrame).toHaveProperty('skipped');

    const table = formatReport(report);
    expect(table).toContain('provision critical path');
    // "plan 0.05 → vpc 0.02 → …": each task of the path with its seconds.
    expect(table).toMatch(new RegExp(run.criticalPath!.tasks.map((id) => `${id} [0-9.]+`).join(' → ')));
    expect(table).toMatch(/^kube-tui --version/m);
  });

  it('names the phases it knows when given one it does not', () => {
    expect(() => parsePhases('provision,benchmarks')).toThrow(
      '--phases provision,benchmarks: expected a comma-separated list of provision, inventory, teardown, startup',
    );
  });
});
