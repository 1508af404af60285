import { describe, expect, it } from 'vitest';
import { assertAcyclic } from '../../src/aws/graph.js';
import { PROVISION_TASKS, plannedSteps, tasksFor } from '../../src/aws/provision-tasks.js';
import { type ClusterConfig, DEFAULT_CONFIG } from '../../src/model/config.js';
import { PROVISION_STEPS } from '../../src/model/events.js';
import type { ClusterPlan } from '../../src/model/plan.js';
import { fakePlan } from '../support/fake-engine.js';

// The configurations that change which tasks run or what they plan.
const VARIANTS: [string, Partial<ClusterConfig>][] = [
  ['the defaults', {}],
  ['CloudWatch logging (a log group)', { nodeLogging: true, loggingDestination: 'cloudwatch' }],
  ['your bucket (AWS_S3_BUCKET)', { bucket: 'users-bucket' }],
  ['your VPC (VPC_ID)', { vpcId: 'vpc-0user', subnetCidr: '10.50.3.0/24' }],
  ['your VPC and subnet (SUBNET_ID)', { vpcId: 'vpc-0user', subnetId: 'subnet-0user' }],
];

const planFor = (overrides: Partial<ClusterConfig>): ClusterPlan =>
  fakePlan({ ...DEFAULT_CONFIG, sshKey: '/tmp/kube_aws_rsa', ...overrides });

const needs = new Map(PROVISION_TASKS.map((task) => [task.id as string, [...task.needs] as string[]]));
/** `id` runs only after `other` has ended, through any chain of needs. */
const waitsFor = (id: string, other: string): boolean =>
  (needs.get(id) ?? []).some((need) => need === other || waitsFor(need, other));

describe('the provisioning task table', () => {
  it('has one entry per task, each needing only tasks of the table, without a cycle', () => {
    const ids = PROVISION_TASKS.map((task) => task.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const task of PROVISION_TASKS)
      for (const need of task.needs) expect(ids, `${task.id} needs ${need}`).toContain(need);
    expect(() =>
      assertAcyclic(
        PROVISION_TASKS.map((task) => ({ id: task.id, deps: [...task.needs], run: async () => {} })),
      ),
    ).not.toThrow();
  });

  it('makes what needs no VPC while the VPC is made: the gateway, and all but the instances before its DNS settings', () => {
    expect(waitsFor('internet-gateway', 'vpc')).toBe(false);
    expect(waitsFor('gateway-attach', 'vpc')).toBe(true);
    expect(waitsFor('routes', 'gateway-attach')).toBe(true);
    for (const id of ['subnet', 'route-table', 'security-groups', 'gateway-attach', 'routes'])
      expect(waitsFor(id, 'vpc-dns'), id).toBe(false);
    for (const id of ['master-launch', 'node-group', 'zone-groups'])
      expect(waitsFor(id, 'vpc-dns'), id).toBe(true);
  });

  it("writes the kubeconfig once the master holds its address, without waiting for the nodes (kube-up's order), and attaches the master's disk without waiting for the address", () => {
    expect(waitsFor('kubeconfig', 'master-address')).toBe(true);
    expect(waitsFor('master-address', 'master-running')).toBe(true);
    for (const id of ['node-group', 'nodes-running', 'zone-groups', 'volume-attach'])
      expect(waitsFor('kubeconfig', id), id).toBe(false);
    expect(waitsFor('volume-attach', 'master-running')).toBe(true);
    expect(waitsFor('volume-attach', 'master-address')).toBe(false);
    // Validation still sees everything done.
    for (const id of ['kubeconfig', 'master-address', 'volume-attach', 'nodes-running'])
      expect(waitsFor('validate', id), id).toBe(true);
  });

  it.each(VARIANTS)(
    'with %s, every step shown has a task that runs, and every task plans into its step',
    (_, overrides) => {
      const plan = planFor(overrides);
      const tasks = tasksFor(plan);
      expect(plan.steps.map((step) => step.id)).toEqual(
        PROVISION_STEPS.filter((step) => step !== 'validate'),
      );
      // Every checklist step, validation included, starts and ends with a task of this run.
      for (const step of PROVISION_STEPS)
        expect(
          tasks.filter((task) => task.step === step),
          `tasks of step ${step}`,
        ).not.toHaveLength(0);
      for (const task of tasks) {
        const shown = plan.steps.find((step) => step.id === task.step)?.resources ?? [];
        for (const resource of task.planned?.(plan) ?? [])
          expect(shown, `${task.id}'s ${resource.type} in step ${task.step}`).toContainEqual(resource);
      }
      // Nothing is shown that no task of this run plans.
      const plannedByTasks = tasks.flatMap((task) => task.planned?.(plan) ?? []);
      for (const step of plan.steps)
        for (const resource of step.resources) expect(plannedByTasks).toContainEqual(resource);
    },
  );

  it('leaves out only what the configuration does not make, and shows it', () => {
    const ids = (plan: ClusterPlan) => tasksFor(plan).map((task) => task.id);
    expect(ids(planFor({}))).not.toContain('log-group');
    expect(ids(planFor({ nodeLogging: true, loggingDestination: 'cloudwatch' }))).toContain('log-group');
    expect(ids(planFor({ vpcId: 'vpc-0user', subnetId: 'subnet-0user' }))).not.toContain('routes');
    const shared = planFor({ vpcId: 'vpc-0user', subnetId: 'subnet-0user' });
    expect(plannedSteps(shared).find((step) => step.id === 'route-table')?.resources).toEqual([]);
    expect(plannedSteps(shared).find((step) => step.id === 'vpc')?.resources).toEqual([
      { type: 'vpc', name: 'vpc-0user' },
    ]);
  });
});
