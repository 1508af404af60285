// The benchmark, run as `npm run bench` would run it but at latency 0 and once: the document's shape
// and the invariants that hold whatever the timings (never a timing threshold: the machine is shared).
import { describe, expect, it } from 'vitest';
import { formatReport } from '../../bench/format.js';
import { PLAN_TASK } from '../../bench/provision.js';
import type { AwsPhaseReport, AwsRun, ColdReport, ColdRun, StartupReport } from '../../bench/report.js';
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
  'vpc-dns',
  'subnet',
  'internet-gateway',
  'gateway-attach',
  'zone-subnets',
  'zone-groups',
  'route-table',
  'routes',
  'security-groups',
  'volume',
  'master-launch',
  'master-running',
  'master-address',
  'kubeconfig',
  'volume-attach',
  'launch-template',
  'node-group',
  'nodes-running',
  'validate',
];

/** Every task of the run's graph succeeded, each after its dependencies ended. */
function expectGraphRan(run: AwsRun): void {
  for (const task of run.tasks!) {
    expect(task.ok).toBe(true);
    for (const dep of task.deps) {
      expect(run.tasks!.find((other) => other.id === dep)!.endMs).toBeLessThanOrEqual(task.startMs);
    }
  }
}

/** The run's critical path goes from `first` to `last` through dependencies, its length their sum. */
function expectValidCriticalPath(run: AwsRun, first: string, last: string): void {
  const tasks = new Map(run.tasks!.map((task) => [task.id, task]));
  const path = run.criticalPath!.tasks;
  expect(path[0]).toBe(first);
  expect(path.at(-1)).toBe(last);
  // Each step waits for the one before it.
  for (let i = 1; i < path.length; i++) expect(tasks.get(path[i]!)!.deps).toContain(path[i - 1]);
  // Its length is the sum of its tasks' durations (each rounded to 0.1 ms).
  const sum = path.reduce((total, id) => total + tasks.get(id)!.endMs - tasks.get(id)!.startMs, 0);
  expect(Math.abs(sum - run.criticalPath!.lengthMs)).toBeLessThan(0.1 * (path.length + 1));
  // The path's tasks ran one after another inside the run.
  expect(run.criticalPath!.lengthMs).toBeLessThanOrEqual(run.wallMs + 0.1);
}

describe('npm run bench', () => {
  it('measures provisioning, inventory and start-up in one JSON document', { timeout: 240_000 }, async () => {
    const report = await runBench({
      latencyMs: 0,
      runs: 1,
      phases: parsePhases('startup,cold,inventory,provision,teardown'),
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
      'cold',
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
    expect(run.tasks!.map((task) => task.id).sort()).toEqual([...PROVISION_TASKS].sort());
    expectGraphRan(run);
    expectValidCriticalPath(run, PLAN_TASK, 'validate');
    expect(provision.summary.criticalPath?.tasks).toEqual(run.criticalPath!.tasks);

    // Discovery finds the three clusters the phase made; it runs no graph, so it has no path.
    const inventory = report.phases[1]!;
    expect(inventory.kind).toBe('aws');
    const inventoryRun = (inventory as AwsPhaseReport).runs[0]!;
    expect(inventoryRun.calls).toBeGreaterThan(0);
    expect(inventoryRun.notes).toContain('found 3 clusters, 0 orphans');
    expect(inventoryRun.criticalPath).toBeUndefined();

    // Teardown: the plan (a discovery), the deletion graph, then the re-scan that proves it clean.
    const teardown = report.phases[2] as AwsPhaseReport;
    expect(teardown.kind).toBe('aws');
    expect(teardown.runs).toHaveLength(1);
    const [teardownRun] = teardown.runs as [AwsRun];
    expect(Object.values(teardownRun.callsByAction).reduce((sum, count) => sum + count, 0)).toBe(
      teardownRun.calls,
    );
    // It deletes the cluster's instances, group, network and roles, and makes nothing.
    for (const action of [
      'autoscaling:DeleteAutoScalingGroup',
      'ec2:TerminateInstances',
      'ec2:DeleteSubnet',
      'ec2:DeleteVpc',
      'iam:DeleteRole',
    ]) {
      expect(teardownRun.callsByAction[action], action).toBeGreaterThan(0);
    }
    expect(Object.keys(teardownRun.callsByAction).filter((action) => /:(Create|Run)/.test(action))).toEqual(
      [],
    );
    const teardownTasks = teardownRun.tasks!.map((task) => task.id);
    expect(teardownTasks).toEqual(expect.arrayContaining([PLAN_TASK, 're-scan']));
    // The deletion graph's own tasks lie between the two.
    expect(teardownTasks.length).toBeGreaterThan(2);
    expectGraphRan(teardownRun);
    expectValidCriticalPath(teardownRun, PLAN_TASK, 're-scan');
    expect(teardown.summary.criticalPath?.tasks).toEqual(teardownRun.criticalPath!.tasks);
    expect(formatReport(report)).toContain('teardown critical path');

    // Cold: `up --yes` as a new process, timed from outside; its figures come from the proxy's record.
    const cold = report.phases[3] as ColdReport;
    expect(cold.kind, JSON.stringify(cold)).toBe('cold');
    expect(cold.runs).toHaveLength(1);
    const [coldRun] = cold.runs as [ColdRun];
    expect(coldRun.calls).toBeGreaterThan(0);
    expect(coldRun.firstRequestMs).toBeGreaterThan(0);
    expect(coldRun.firstRequestMs).toBeLessThan(coldRun.wallMs);
    expect(coldRun.idleMs).toBeGreaterThanOrEqual(coldRun.largestGapMs);
    expect(coldRun.overlap).toBeNull();
    expect(cold.summary.calls).toBe(coldRun.calls);
    // The process's own timings: its start-up, then the plan, then the provisioning graph's tasks.
    expect(coldRun.criticalPath.tasks.slice(0, 2)).toEqual(['start', 'plan']);
    expect(coldRun.criticalPath.tasks.at(-1)).toBe('validate');
    expect(coldRun.criticalPath.lengthMs).toBeGreaterThan(0);
    expect(coldRun.criticalPath.lengthMs).toBeLessThanOrEqual(coldRun.wallMs);
    expect(cold.targets.map((target) => target.name)).toEqual([
      'cold: first AWS request after process start',
      'cold: overlap vs one call at a time',
      'cold: wall time vs critical path (start-up, plan, provisioning)',
    ]);
    expect(formatReport(report)).toMatch(/^first AWS request after start +\d+\.\d\d s/m);
    expect(formatReport(report)).toMatch(/^wall time vs critical path +\d+\.\d\dx/m);

    const startup = report.phases[4] as StartupReport;
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
      '--phases provision,benchmarks: expected a comma-separated list of provision, inventory, teardown, cold, startup',
    );
  });
});
